import pytest

pytestmark = pytest.mark.django_db


def test_larger_text_is_remembered_without_javascript(client, site_pages):
    response = client.get("/vi/display/", {"action": "larger", "next": "/vi/tin-tuc/"})
    assert response.status_code == 302
    assert response["Location"] == "/vi/tin-tuc/"
    assert response.cookies["display"].value == "1:0"
    assert 'class="text-large"' in client.get("/vi/tin-tuc/").content.decode()


def test_high_contrast_toggles(client, site_pages):
    client.get("/vi/display/", {"action": "contrast", "next": "/vi/"})
    html = client.get("/vi/").content.decode()
    assert "high-contrast" in html.split("<html", 1)[1].split(">", 1)[0]
    client.get("/vi/display/", {"action": "contrast", "next": "/vi/"})
    assert "high-contrast" not in client.get("/vi/").content.decode().split(">", 2)[1]


def test_text_size_has_bounds(client, site_pages):
    for _ in range(5):
        client.get("/vi/display/", {"action": "larger", "next": "/vi/"})
    assert client.cookies["display"].value == "2:0"
    for _ in range(5):
        client.get("/vi/display/", {"action": "smaller", "next": "/vi/"})
    assert client.cookies["display"].value == "-1:0"


def test_it_never_redirects_off_site(client, site_pages):
    response = client.get("/vi/display/", {"action": "larger", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_tampered_cookie_is_ignored(client, site_pages):
    client.cookies["display"] = "<script>:9"
    response = client.get("/vi/")
    assert response.status_code == 200
    assert 'class="text-normal"' in response.content.decode()


def test_every_page_has_a_skip_link_and_the_controls(client, site_pages):
    for url in ["/vi/", "/en/news/", "/vi/accounts/login/", "/en/accounts/signup/"]:
        html = client.get(url).content.decode()
        assert 'href="#main"' in html, url
        assert 'data-display-action="larger"' in html, url
        assert 'class="language-switcher"' in html, url
