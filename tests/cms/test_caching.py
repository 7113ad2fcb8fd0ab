import datetime

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from wagtail.models import PageViewRestriction

from cms.models import NewsArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def assert_public(response, max_age: int = 300) -> None:
    assert response.status_code == 200
    assert directives(response) == {"public", f"max-age={max_age}"}
    assert "cookie" in vary(response)
    assert not response.cookies


def assert_private(response) -> None:
    assert "private" in directives(response)
    assert "public" not in directives(response)
    assert not any(d.startswith("s-maxage") for d in directives(response))
    assert {"no-cache", "no-store"} & directives(response)


def assert_not_stored(response) -> None:
    assert_private(response)
    assert "no-store" in directives(response)


@pytest.fixture
def article(site_pages) -> NewsArticlePage:
    index = NewsIndexPage.objects.get(locale__language_code="vi")
    page = NewsArticlePage(title="Tin", slug="tin-cache", date=datetime.date(2026, 11, 1))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.parametrize(
    "url",
    [
        "/vi/",
        "/en/",
        "/vi/tin-tuc/",
        "/vi/tin-tuc/?page=2",
        "/vi/tin-tuc/tin-cache/",
        "/vi/search/?q=kieu",
        "/vi/feeds/news.rss",
        "/vi/associations/",
    ],
)
def test_public_pages_are_cacheable_for_anonymous_visitors(anonymous, article, url):
    assert_public(anonymous.get(url))


def test_unprefixed_addresses_also_vary_by_language(anonymous, site_pages):
    response = anonymous.get("/sitemap.xml")
    assert_public(response)
    assert "accept-language" in vary(response)


def test_prefixed_addresses_do_not_vary_by_language(anonymous, site_pages):
    assert "accept-language" not in vary(anonymous.get("/vi/"))


def test_the_public_lifetime_is_a_setting(anonymous, site_pages, settings):
    settings.PUBLIC_CACHE_MAX_AGE = 60
    assert_public(anonymous.get("/vi/"), max_age=60)


def test_signed_in_members_get_private_pages(client, member, article):
    client.force_login(member)
    for url in ("/vi/", "/vi/tin-tuc/tin-cache/", "/vi/feeds/news.rss"):
        response = client.get(url)
        assert response.status_code == 200
        assert_private(response)
        assert "no-cache" in directives(response)


def test_a_members_own_pages_are_never_stored(client, member, member_record):
    client.force_login(member)
    for url in (
        "/vi/profile/",
        "/vi/profile/consents/",
        "/vi/profile/download.json",
        "/vi/accounts/email/",
    ):
        assert_not_stored(client.get(url))


def test_the_admin_is_never_stored(client, administrator, anonymous):
    assert_not_stored(anonymous.get("/admin/"))
    client.force_login(administrator)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_not_stored(response)


@pytest.mark.parametrize("url", ["/vi/accounts/login/", "/vi/accounts/signup/"])
def test_sign_in_and_sign_up_forms_are_not_public(anonymous, site_pages, url):
    response = anonymous.get(url)
    assert response.status_code == 200
    assert_private(response)


def test_a_visitor_with_a_session_gets_a_private_page(anonymous, article):
    """Someone who typed a page's password, or has a message waiting, has a session."""
    session = anonymous.session
    session["anything"] = True
    session.save()
    assert_private(anonymous.get("/vi/tin-tuc/tin-cache/"))


def test_a_page_that_shows_a_message_is_private(anonymous, site_pages, rf):
    storage = CookieStorage(rf.get("/"))
    anonymous.cookies["messages"] = storage._encode([Message(messages.INFO, "Đã lưu")])
    response = anonymous.get("/vi/")
    assert "Đã lưu" in response.content.decode()
    assert_private(response)


def test_a_password_protected_page_is_never_public(anonymous, article):
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="bí mật"
    )
    response = anonymous.get("/vi/tin-tuc/tin-cache/")
    assert "public" not in directives(response)


def test_errors_and_redirects_are_not_public(anonymous, site_pages):
    assert_private(anonymous.get("/vi/khong-co-trang-nay/"))
    assert_private(anonymous.get("/", HTTP_ACCEPT_LANGUAGE="en"))


def test_a_view_that_forbids_caching_keeps_its_header(anonymous, site_pages):
    response = anonymous.get("/healthz")
    assert "public" not in directives(response)
    assert "no-store" in directives(response)
