import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from operations import heartbeats
from operations.models import Heartbeat
from tests.operations import jobs_for_tests


@pytest.mark.django_db
def test_it_reports_every_dependency(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    report = response.json()
    assert {key: report[key] for key in ("status", "database", "cache", "search")} == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "search": {"engine": "database", "status": "ok"},
    }
    assert report["worker"]["status"] == report["scheduler"]["status"] == "never"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_reports_the_workers_heartbeats_and_the_oldest_waiting_task(client, database_queue):
    heartbeats.beat("worker:a", Heartbeat.Role.WORKER)
    Heartbeat.objects.create(
        name="scheduler:old",
        role=Heartbeat.Role.SCHEDULER,
        seen_at=timezone.now() - datetime.timedelta(minutes=10),
    )
    jobs_for_tests.record.enqueue(1)
    jobs_for_tests.record.enqueue(2)
    DBTaskResult.objects.filter(args_kwargs__args=[1]).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=3)
    )

    report = client.get("/healthz").json()

    assert report["status"] == "ok"  # the web server itself is fine: monitoring alerts on these
    assert report["worker"]["status"] == "ok" and report["worker"]["age_seconds"] < 60
    assert report["scheduler"]["status"] == "stale" and report["scheduler"]["age_seconds"] >= 600
    assert report["tasks"]["waiting"] == 2
    assert 180 <= report["tasks"]["oldest_waiting_seconds"] < 240


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
