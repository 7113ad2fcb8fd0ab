"""allauth's sign-up form, made safe against the same sign-up sent twice at once."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django.db import IntegrityError, transaction
from django.http import HttpRequest


class SignupForm(AllauthSignupForm):
    """A double tap on "Sign up" sends the form twice; both pass the "address already taken"
    check before either has saved. The second save then meets the unique address: instead of an
    error page, that request answers as the first did ("check your email"), sending nothing more.
    """

    def try_save(self, request: HttpRequest) -> tuple[Any, Any]:
        try:
            with transaction.atomic():
                return super().try_save(request)
        except IntegrityError:
            return None, get_adapter().respond_email_verification_sent(request, None)
