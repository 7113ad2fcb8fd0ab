import pytest


@pytest.mark.django_db
def test_it_reports_every_dependency(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "search": {"engine": "database", "status": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_reports_a_reachable_elasticsearch(client, settings, elasticsearch_url):
    settings.ELASTICSEARCH_URL = elasticsearch_url
    assert client.get("/healthz").json()["search"] == {"engine": "elasticsearch", "status": "ok"}


@pytest.mark.django_db
def test_an_unreachable_search_engine_is_reported_but_the_site_stays_up(client, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["search"] == {"engine": "elasticsearch", "status": "error"}
