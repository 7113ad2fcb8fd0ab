"""The Wagtail admin speaks the language each staff member chose, else Vietnamese.

Staff choose the admin's language in Account → Preferences (Wagtail's UserProfile, among
WAGTAILADMIN_PERMITTED_LANGUAGES). Without a choice Wagtail fell back to the request's language:
the browser's, or the public site's language cookie, so a staff member who had just read the
English site, or whose browser is set to English, got the admin in English. Worse, Wagtail writes
its workflow emails in each recipient's `get_preferred_language()` during the sender's request: a
chief editor who never chose was written to in the language of whoever submitted the page.

Without a choice it is now the site's language, Vietnamese, whatever the request: what the
preferences form itself promises ("Use server language: Tiếng Việt"). Wagtail asks the profile
only if there is one (it makes them lazily), so every staff member gets one on signing in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from wagtail.users.models import UserProfile


def chosen_or_site_language(profile: UserProfile) -> str:
    """Instead of UserProfile.get_preferred_language: the staff member's choice, else the site's
    language (never the request's)."""
    return profile.preferred_language or str(settings.LANGUAGE_CODE)


def default_to_site_language() -> None:
    setattr(UserProfile, "get_preferred_language", chosen_or_site_language)  # noqa: B010


def give_staff_a_profile(sender: Any, user: Any, **kwargs: Any) -> None:
    """On signing in (user_logged_in): a staff member without a Wagtail profile gets one, so that
    the admin asks it for their language rather than taking the request's."""
    if getattr(user, "is_staff_member", False):
        UserProfile.get_for_user(user)
