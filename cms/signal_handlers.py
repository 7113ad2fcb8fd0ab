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


def setup_editorial(sender: Any, **kwargs: Any) -> None:
    """Permissions, the approval workflow and synchronised language trees after each `migrate`
    (cms.workflow.ensure_editorial_setup)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    # Wagtail's apps come after this one: their permissions may not exist yet on a fresh database.
    for label in ("wagtailcore", "wagtailimages", "wagtaildocs", "wagtail_localize"):
        create_permissions(apps.get_app_config(label), verbosity=0)

    from cms.workflow import ensure_editorial_setup

    ensure_editorial_setup()
