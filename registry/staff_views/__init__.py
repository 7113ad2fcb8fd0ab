"""The staff registry in the Wagtail admin: list, profile, edit, verify, duplicates, merge,
export, delete, statistics and the audit log, one module per concern (`records`, `consents`,
`merges`, `reports`).

Every view checks a permission (403 otherwise, `registry.permissions`) and reaches records only
through `Member.objects.in_registry()` (404 otherwise). Contact details appear only to staff
allowed to see them and only for members who agreed to be contacted (`can_see_contact`). Each
staff action on personal data writes one audit entry.
"""
