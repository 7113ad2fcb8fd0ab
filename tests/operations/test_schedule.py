"""The scheduler: each periodic job is enqueued once per slot, however many schedulers run."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from operations import schedule

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 30, 7, 0, 5, tzinfo=datetime.UTC)


def entry(name: str) -> schedule.Entry:
    return {e.name: e for e in schedule.entries()}[name]


def test_two_schedulers_firing_the_same_slot_enqueue_the_job_once(database_queue):
    alerts = entry("search_alerts")
    assert schedule.fire(alerts, NOW)
    assert not schedule.fire(alerts, NOW + datetime.timedelta(seconds=20))  # the other server
    assert schedule.fire(alerts, NOW + datetime.timedelta(days=1))  # tomorrow's
    assert DBTaskResult.objects.filter(task_path="search.tasks.send_alerts").count() == 2


def test_an_interval_job_has_one_slot_per_interval(database_queue, settings):
    settings.SCHEDULE = "publish_scheduled=10s"
    publish = entry("publish_scheduled")
    start = NOW.replace(second=0)
    fired = [schedule.fire(publish, start + datetime.timedelta(seconds=s)) for s in (0, 4, 9, 10)]
    assert fired == [True, False, False, True]


def test_the_setting_changes_when_a_job_runs(settings):
    settings.SCHEDULE = "search_alerts=0 6 * * 1-5; publish_scheduled=90s"
    assert entry("search_alerts").when == "0 6 * * 1-5"
    assert entry("publish_scheduled").when == "90s"
    assert entry("expire_imports").when == "15 * * * *"  # the others keep their defaults


@pytest.mark.parametrize(
    "value", ["no_such_job=5m", "search_alerts=", "search_alerts=every day", "publish_scheduled=0s"]
)
def test_a_wrong_setting_refuses_to_start(settings, value):
    settings.SCHEDULE = value
    with pytest.raises(ImproperlyConfigured):
        schedule.entries()


def test_every_job_names_a_task_that_exists():
    for each in schedule.entries():
        assert hasattr(schedule.import_string(each.task), "enqueue"), each.task


def test_the_command_lists_the_jobs_and_runs_one_now(database_queue, capsys):
    call_command("scheduler", "--list")
    listed = capsys.readouterr().out
    assert "publish_scheduled" in listed and "search_alerts" in listed

    call_command("scheduler", "--run", "expire_imports")
    assert DBTaskResult.objects.filter(task_path="registry.tasks.expire_imports").exists()
