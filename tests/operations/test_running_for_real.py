"""The site run as production runs it — gunicorn, the worker and the scheduler as processes of
their own on PostgreSQL and Redis — tried through real HTTP, SMTP and Elasticsearch (stand-in)."""

import datetime
import uuid

import pytest
from django.test import override_settings
from django.utils import timezone

from cms.models import NewsArticlePage, NewsIndexPage
from registry.models import Member
from search import elastic
from search.engine import elasticsearch_client
from search.query import RegistryQuery
from search.services import search_members
from tests.conftest import make_member
from tests.operations.stack import wait_until
from tests.workers import DATABASE_QUEUE


@pytest.fixture
def search_index(settings, elasticsearch_url):
    """The registry's index on the (stand-in) Elasticsearch, read by this process and the stack."""
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_INDEX = f"stack-{uuid.uuid4().hex[:8]}"
    elastic.rebuild(elasticsearch_client())
    return {"ELASTICSEARCH_URL": elasticsearch_url, "SEARCH_INDEX": settings.SEARCH_INDEX}


def scheduled_article(seconds: float) -> NewsArticlePage:
    article = NewsArticlePage(
        title="Hội nghị kiều bào toàn cầu",
        slug=f"hoi-nghi-{uuid.uuid4().hex[:8]}",
        date=datetime.date(2026, 12, 1),
        live=False,
        go_live_at=timezone.now() + datetime.timedelta(seconds=seconds),
    )
    NewsIndexPage.objects.get(locale__language_code="vi").add_child(instance=article)
    article.save_revision().publish()
    return article


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_scheduler_publishes_and_the_worker_indexes(stack_factory, live_site, search_index):
    stack = stack_factory(SCHEDULE="publish_scheduled=2s; search_outbox=2s", **search_index)
    stack.start("web", "worker", "scheduler")
    article = scheduled_article(seconds=5)
    visitor = stack.visitor()
    assert visitor.get(stack.base_url + article.url).status_code == 404  # not yet

    # A member's change reaches the index through the worker, not through this process.
    member = make_member("Nguyễn Thị Hạnh", country="JP", city_name="Osaka")
    Member.objects.filter(pk=member.pk).update(occupation="Kỹ sư")
    wait_until(
        lambda: search_members(RegistryQuery(text="hanh")).ids == [member.pk],
        30,
        "the new member in the search index",
    )
    assert search_members(RegistryQuery(text="hanh")).engine == "elasticsearch"

    wait_until(
        lambda: visitor.get(stack.base_url + article.url).status_code == 200,
        60,
        "the scheduled article to go live",
    )
    article.refresh_from_db()
    assert article.live
    assert "Hội nghị kiều bào toàn cầu" in visitor.get(stack.base_url + article.url).text
    health = visitor.get(stack.base_url + "/healthz").json()
    assert health["worker"]["status"] == health["scheduler"]["status"] == "ok"
