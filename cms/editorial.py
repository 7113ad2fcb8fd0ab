"""The editorial set-up, in one place: what editors need, wherever it is missing.

A locale per language, page, media and snippet permissions (cms.permissions), the chief
editors' approval workflow and the right to start translations (cms.workflow), and every
language's tree synchronised from the Vietnamese one (cms.localisation). Run after every
`migrate` (connected once, in CmsConfig.ready), by `load_demo` and by `manage.py
setup_editorial`; idempotent.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from wagtail.models import Locale

from cms.localisation import SOURCE_LANGUAGE, ensure_locale_synchronisation
from cms.models import HomePage
from cms.permissions import ensure_editorial_permissions

# Wagtail's apps come after this one: their permissions may not exist yet on a fresh database.
PERMISSIONS_FROM = ("wagtailcore", "wagtailimages", "wagtaildocs", "wagtail_localize")


def ensure_locales() -> None:
    """Every language in settings.WAGTAIL_CONTENT_LANGUAGES gets a Wagtail locale.

    Adding a language is then a settings change, not a hand-made admin step.
    """
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def ensure_editorial_setup() -> None:
    """Locales, page permissions, the approval workflow and, once the site's Vietnamese tree
    exists, the synchronisation of every other language from it."""
    ensure_locales()
    ensure_editorial_permissions()  # also the workflow and the translation permission
    # Before `load_demo` builds the site, the only page is Wagtail's placeholder: mirroring it
    # into every language would leave stray trees behind when it is replaced.
    if HomePage.objects.filter(locale__language_code=SOURCE_LANGUAGE).exists():
        ensure_locale_synchronisation()


def after_migrate(sender: Any, **kwargs: Any) -> None:
    """The `post_migrate` receiver: the permissions Wagtail's apps declare, then the set-up."""
    for label in PERMISSIONS_FROM:
        create_permissions(apps.get_app_config(label), verbosity=0)
    ensure_editorial_setup()
