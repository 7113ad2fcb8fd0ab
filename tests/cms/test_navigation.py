"""The way around the site: menu, breadcrumbs, footer, site map; every public page within two
clicks of its language's home page, every internal link answering."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from wagtail.models import Page

from cms.models import HomePage, NewsArticlePage, NewsIndexPage, StandardPage
from tests.conftest import queries_for

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
NOT_FOR_VISITORS = ("/admin/", "/documents/", "/static/", "/media/", "/accounts/logout/")


def internal_links(html: str) -> set[str]:
    found = set()
    for href in re.findall(r'<a [^>]*href="([^"#]+)', html):
        href = href.replace("&amp;", "&")
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue
        if href.startswith(NOT_FOR_VISITORS) or "/feeds/" in href:
            continue
        found.add(href)
    return found


def menu(html: str) -> list[tuple[str, str, str]]:
    nav = html.split('class="main-menu"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)"(?: aria-current="(\w+)")?>([^<]+)</a>', nav)


def test_every_public_page_is_two_clicks_from_its_home_page_and_every_link_answers(site_pages):
    client = Client()
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own response
    listed = {
        urlsplit(loc.text or "").path
        for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    assert len(listed) > 7 * 5
    answered: dict[str, int] = {}
    for language in LANGUAGES:
        home = f"/{language}/"
        within: dict[str, int] = {home: 0}  # address → clicks from the home page
        queue = deque([home])
        while queue:
            url = queue.popleft()
            response = client.get(url, follow=True)
            answered[url] = response.status_code
            if response["Content-Type"].startswith("text/calendar"):  # an event's .ics file
                continue
            html = response.content.decode()
            assert 'class="main-menu"' in html, f"no menu on {url}"
            if within[url] == 2:
                continue
            for link in internal_links(html):
                if link not in within:
                    within[link] = within[url] + 1
                    queue.append(link)
        unreachable = {p for p in listed if p.startswith(home)} - set(within)
        assert not unreachable, f"more than two clicks from {home}: {sorted(unreachable)}"
    broken = {url: status for url, status in answered.items() if status != 200}
    assert not broken


def test_the_menu_is_the_home_pages_sections_in_tree_order_then_the_associations(
    client, site_pages
):
    html = client.get("/vi/").content.decode()
    home = HomePage.objects.get(locale__language_code="vi")
    sections = home.get_children().live().in_menu()
    assert [title for _url, _current, title in menu(html)] == [
        *(page.title for page in sections),
        "Hội đoàn",
    ]
    english = [title for _url, _current, title in menu(client.get("/en/").content.decode())]
    assert english[0] == "News" and english[-1] == "Associations"


def test_the_menu_marks_the_section_the_reader_is_in(client, site_pages):
    index = NewsIndexPage.objects.get(locale__language_code="vi")
    article = NewsArticlePage.objects.child_of(index).live().first()
    on_index = {
        url: current for url, current, _title in menu(client.get(index.url).content.decode())
    }
    assert on_index[index.url] == "page"
    on_article = menu(client.get(article.url).content.decode())
    assert {url: current for url, current, _ in on_article}[index.url] == "true"
    assert [current for _url, current, _ in on_article].count("") == len(on_article) - 1
    directory = menu(client.get("/vi/associations/").content.decode())
    assert directory[-1] == ("/vi/associations/", "page", "Hội đoàn")


def test_the_menu_works_without_javascript(client, site_pages):
    html = client.get("/vi/").content.decode()
    nav = html.split('class="main-menu"', 1)[1].split("</nav>", 1)[0]
    # The folding button is hidden until the script shows it; the list is plain links.
    assert re.search(r"<button[^>]*\bhidden\b[^>]*data-menu-toggle", nav)
    assert 'aria-controls="main-menu-list"' in nav and 'id="main-menu-list"' in nav


def test_breadcrumbs_lead_from_home_through_the_section(client, site_pages):
    index = NewsIndexPage.objects.get(locale__language_code="en")
    article = NewsArticlePage.objects.child_of(index).live().first()
    html = client.get(article.url).content.decode()
    trail = html.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', trail) == [
        ("/en/", "Home"),
        (index.url, index.title),
    ]
    assert f'<span aria-current="page">{article.title}</span>' in trail
    assert 'class="breadcrumbs"' not in client.get("/en/").content.decode()


def test_the_footer_links_contact_privacy_associations_sign_up_and_site_map(client, site_pages):
    html = client.get("/en/").content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]
    found = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', footer)
    links = {title: url for url, title in found}
    assert {"Contact", "Privacy notice", "Associations", "Sign up", "Site map"} <= set(links)
    assert links["Privacy notice"] == "/en/privacy-notice/"
    for url in links.values():
        assert client.get(url).status_code == 200
    vietnamese = client.get("/vi/").content.decode().split('<footer class="site-footer">', 1)[1]
    assert 'href="/vi/bao-ve-du-lieu-ca-nhan/">Bảo vệ dữ liệu cá nhân</a>' in vietnamese


def test_the_site_map_lists_every_page_of_the_language(client, site_pages):
    html = client.get("/en/site-map/").content.decode()
    home = HomePage.objects.get(locale__language_code="en")
    for page in Page.objects.live().public().descendant_of(home):
        assert f'href="{page.url}"' in html


def test_a_page_costs_no_query_for_the_menu_once_it_is_read(client, site_pages):
    first = queries_for(client, "/vi/tin-tuc/")
    again = queries_for(client, "/vi/tin-tuc/")
    assert again <= first - 4


def test_a_new_section_shows_in_the_menu_as_soon_as_it_is_published(client, site_pages):
    assert "Người Hà Tĩnh ở nước ngoài" not in client.get("/vi/").content.decode()
    home = HomePage.objects.get(locale__language_code="vi")
    section = StandardPage(title="Người Hà Tĩnh ở nước ngoài", show_in_menus=True)
    home.add_child(instance=section)
    section.save_revision().publish()
    titles = [title for _url, _current, title in menu(client.get("/vi/").content.decode())]
    assert "Người Hà Tĩnh ở nước ngoài" in titles
    section.unpublish()
    titles = [title for _url, _current, title in menu(client.get("/vi/").content.decode())]
    assert "Người Hà Tĩnh ở nước ngoài" not in titles
