"""Fixtures of the translation workflow's tests (`test_translation_workflow.py`,
`test_translation_screen.py`)."""

import pytest

from cms.localisation import ensure_locale_synchronisation
from tests.cms.translating import speaks


@pytest.fixture
def synced(site_pages):
    ensure_locale_synchronisation()


@pytest.fixture
def translator(editor):
    return speaks(editor, "en")
