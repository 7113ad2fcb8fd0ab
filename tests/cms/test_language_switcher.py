import re

import pytest

pytestmark = pytest.mark.django_db


def switcher_links(html: str) -> dict[str, str]:
    nav = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return {lang: href for href, lang in re.findall(r'href="([^"]+)" hreflang="([\w-]+)"', nav)}


def test_the_root_sends_visitors_to_their_language(client, site_pages):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="vi")["Location"] == "/vi/"


def test_the_home_page_links_to_every_translation(client, site_pages, settings):
    html = client.get("/vi/").content.decode()
    links = switcher_links(html)
    assert set(links) == {c for c, _ in settings.LANGUAGES} - {"vi"}
    assert links["en"] == "/en/"
    assert client.get(links["en"]).status_code == 200
    assert 'aria-current="true" lang="vi"' in html


def test_a_page_links_to_its_translations_and_else_to_the_home_page(client, site_pages):
    # The French seed article has a Vietnamese summary (its translation), and no English version.
    html = client.get("/fr/actualites/local-diplomacy-emulation-cluster-2/").content.decode()
    links = switcher_links(html)
    assert links["vi"] == "/vi/tin-tuc/local-diplomacy-emulation-cluster-2/"
    assert links["en"] == "/en/"


def test_hreflang_lists_only_existing_translations(client, site_pages):
    home = client.get("/vi/").content.decode()
    assert len(re.findall(r'<link rel="alternate" hreflang=', home)) == 7
    article = client.get("/fr/actualites/local-diplomacy-emulation-cluster-2/").content.decode()
    assert re.findall(r'<link rel="alternate" hreflang="([\w-]+)"', article) == ["fr", "vi"]


def test_other_pages_switch_to_the_same_address_in_the_other_language(client, site_pages):
    links = switcher_links(client.get("/vi/accounts/signup/").content.decode())
    assert links["en"] == "/en/accounts/signup/"
    assert client.get(links["en"]).status_code == 200


def test_the_interface_follows_the_language(client, site_pages):
    assert "Sign up" in client.get("/en/").content.decode()
    assert "Đăng ký" in client.get("/vi/").content.decode()
