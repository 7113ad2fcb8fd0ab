from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.forms import Form
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language

from accounts.models import User
from registry import steps


class AccountAdapter(DefaultAccountAdapter):
    """allauth, told who we are and whom it writes to.

    Without django.contrib.sites allauth would greet people with the bare host name; the emails
    carry the site's own name instead. Every email is written in the language of the person it
    goes to (`language_for`), its links too, whatever page sent it: someone else may have typed
    their address on a Vietnamese page. After logging in or out people stay in the language they
    were reading, instead of being sent to `/` and their browser's language; a member whose
    registry profile is unfinished is taken back to it.
    """

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Members who have not finished their registry profile continue where they stopped."""
        user = request.user
        if user.is_authenticated and not user.is_staff_member:
            member = getattr(user, "member", None)
            if member is None or member.profile_completed_at is None:
                return reverse("registry:profile")
            # Back to what they were doing when asked to sign in (an event's registration).
            back = steps.take_return(request.session)
            if back:
                return back
        return f"/{get_language()}/"

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        """A new member, logged in by confirming the address, goes on to the profile."""
        return self.get_login_redirect_url(request)

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        return f"/{get_language()}/"

    def save_user(
        self, request: HttpRequest, user: AbstractBaseUser, form: Form, commit: bool = True
    ) -> AbstractBaseUser:
        """Remember the language of the sign-up page: it is the person's until they choose."""
        user.language = get_language() or settings.LANGUAGE_CODE  # type: ignore[attr-defined]
        return super().save_user(request, user, form, commit)

    def language_for(self, email: str) -> str:
        """The language to write to `email` in: the account's (User.preferred_language), or for
        an address with no account, the language of the page the request came from."""
        address = (
            EmailAddress.objects.filter(email__iexact=email)
            .select_related("user")
            .order_by("-verified", "-primary")
            .first()
        )
        user = address.user if address else User.objects.filter(email__iexact=email).first()
        known = user.preferred_language if isinstance(user, User) else None
        return known or get_language() or settings.LANGUAGE_CODE

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render the email in the recipient's language; the links allauth built for the page
        (`activate_url`, `password_reset_url`, `signup_url`…) move to that language's prefix."""
        language = self.language_for(email)
        # The signature's link ("Thank you for using …") is the home page in that language.
        home = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/{language}/"
        links = {
            key: translate_url(value, language)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str)
        }
        context = {
            **context,
            **links,
            "current_site": SimpleNamespace(name=settings.SITE_NAME, domain=home),
        }
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
