"""The registry's forms, one module per concern: what the member's and the officer's forms share
(`base`), the sign-up's steps (`steps`), the member's decisions about their record
(`account`), and the staff registry's forms (`staff`, `staff_consents`).
"""
