from __future__ import annotations

from typing import Any

from django.conf import settings


def ensure_locales(sender: Any, **kwargs: Any) -> None:
    """Every language in settings.LANGUAGES gets a Wagtail locale after each `migrate`.

    Adding a language is then a settings change, not a hand-made admin step.
    """
    from wagtail.models import Locale

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
