from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    """allauth, told who we are.

    Without django.contrib.sites allauth would greet people with the bare host name; the emails
    carry the site's own name instead. They are rendered in the language of the page that sent
    them, which is the language the visitor was reading. After logging in or out people stay in
    that language too, instead of being sent to `/` and their browser's language; a member whose
    registry profile is unfinished is taken back to it.
    """

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Members who have not finished their registry profile continue where they stopped."""
        user = request.user
        if user.is_authenticated and not user.is_staff_member:
            member = getattr(user, "member", None)
            if member is None or member.profile_completed_at is None:
                return reverse("registry:profile")
        return f"/{get_language()}/"

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        return f"/{get_language()}/"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        site = context.get("current_site")
        domain = getattr(site, "domain", "") or settings.WAGTAILADMIN_BASE_URL
        context = {
            **context,
            "current_site": SimpleNamespace(name=settings.SITE_NAME, domain=domain),
        }
        super().send_mail(template_prefix, email, context)
