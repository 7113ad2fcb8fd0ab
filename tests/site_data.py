"""The demo site for tests whose data must be committed (browser tests, the production stack,
the restore drill): transactional tests flush the database, data migrations' rows included."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.conf import settings
from wagtail.models import Collection

from cms.demo.content import load_site
from registry.admin_units import load_admin_units
from tests.browser.snapshots import loaded

# Data migrations seed the reference lists and consent texts; transactional tests flush them.
SEEDS = [
    "registry.migrations.0003_seed_reference_lists",
    "registry.migrations.0006_seed_consent_purposes",
    "registry.migrations.0018_member_languages_relation",
    "registry.migrations.0024_consent_purpose_programmes",
]


def load_site_pages() -> None:
    """The seeded lists first (demo pages refer to them: an investment project's sector), the
    root collection (Wagtail's migration made it; demo images need one), the demo site and the
    province's wards."""
    for module in SEEDS:
        import_module(module).seed(apps, None)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    load_site()
    load_admin_units(settings.PROVINCE_CODE)


def committed_site_pages() -> None:
    """Loaded once, then restored from a snapshot (tests/browser/snapshots.py)."""
    loaded("site_pages", load_site_pages)
