import pytest

from cms.demo.content import load_site


@pytest.fixture
def site_pages(transactional_db):
    """The demo pages (no staff accounts) for tests that drive the live server."""
    load_site()
