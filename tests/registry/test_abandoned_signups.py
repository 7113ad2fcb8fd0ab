"""Sign-ups abandoned before the consents step (issue 17): after ABANDONED_SIGNUP_DAYS without a
touch, the partial record and its login are deleted, audited without personal values, the search
index told; finished sign-ups, records staff entered, staff logins and anyone who came back are
left alone."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from registry.models import AuditEntry, Consent, Member
from registry.services.consents import record_consents
from registry.services.signup import consents_step_done
from registry.tasks import purge_abandoned_signups
from search.models import IndexTask
from tests.conftest import make_member, make_user

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def draft(email: str, *, days: int, steps=("about", "hometown"), touched: int | None = None):
    """A sign-up started `days` ago and last saved `touched` days ago (the same, by default)."""
    user = make_user(email)
    started = timezone.now() - days * DAY
    User.objects.filter(pk=user.pk).update(date_joined=started)
    member = Member.objects.create(
        user=user, email=email, full_name="Người Bỏ Dở", signup_steps=list(steps)
    )
    saved = timezone.now() - (days if touched is None else touched) * DAY
    Member.objects.filter(pk=member.pk).update(created_at=started, updated_at=saved)
    return member


def test_it_deletes_a_sign_up_stopped_before_consents_with_its_login(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # the outbox records what the index hears
    stopped = draft("carol@example.org", days=31)
    user_id = stopped.user_id

    assert purge_abandoned_signups.enqueue().return_value == {"records": 1, "logins": 0}

    assert not Member.objects.filter(pk=stopped.pk).exists()
    assert not User.objects.filter(pk=user_id).exists()
    assert not EmailAddress.objects.filter(email="carol@example.org").exists()
    assert IndexTask.objects.filter(member_id=stopped.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PURGE)
    assert entry.member_id == stopped.pk and entry.actor is None
    assert entry.detail == {"days": 30, "steps_saved": 2}
    assert "carol" not in str(entry.detail) + entry.actor_label


def test_it_deletes_a_login_that_never_got_as_far_as_a_record():
    user = make_user("dan@example.org")
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - 45 * DAY)
    assert purge_abandoned_signups.enqueue().return_value == {"records": 0, "logins": 1}
    assert not User.objects.filter(pk=user.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PURGE)
    assert entry.member_id is None and entry.detail == {"days": 30, "record": False}


def test_it_leaves_whatever_is_not_an_abandoned_sign_up(
    member_record, registry_officer, administrator
):
    old = timezone.now() - 400 * DAY
    Member.objects.filter(pk=member_record.pk).update(created_at=old, updated_at=old)
    recent = draft("recent@example.org", days=10)
    came_back = draft("back@example.org", days=60, touched=2)
    logged_in = draft("login@example.org", days=60)
    User.objects.filter(pk=logged_in.user_id).update(last_login=timezone.now() - 3 * DAY)
    at_check = draft("check@example.org", days=60, steps=("about", "hometown", "consents"))
    record_consents(at_check, {"registry": True}, channel=Consent.Channel.WEB)
    imported = make_member("Nhập Từ Danh Sách", source=Member.Source.IMPORT)
    Member.objects.filter(pk=imported.pk).update(
        profile_completed_at=None, created_at=old, updated_at=old
    )
    staff_draft = Member.objects.create(user=registry_officer, full_name="Cán Bộ Thử")
    Member.objects.filter(pk=staff_draft.pk).update(created_at=old, updated_at=old)
    User.objects.filter(pk__in=[registry_officer.pk, administrator.pk]).update(date_joined=old)
    before = set(Member.objects.values_list("pk", flat=True))
    logins = set(User.objects.values_list("pk", flat=True))

    assert purge_abandoned_signups.enqueue().return_value == {"records": 0, "logins": 0}
    assert set(Member.objects.values_list("pk", flat=True)) == before
    assert set(User.objects.values_list("pk", flat=True)) == logins
    assert {recent.pk, came_back.pk, logged_in.pk, at_check.pk} <= before
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PURGE).exists()


def test_a_sign_up_that_saved_its_consents_is_kept(settings):
    kept = draft("erin@example.org", days=90, steps=("about", "hometown", "residence"))
    consents_step_done(kept, {"registry": True})
    Member.objects.filter(pk=kept.pk).update(updated_at=timezone.now() - 90 * DAY)
    purge_abandoned_signups.enqueue()
    assert Member.objects.filter(pk=kept.pk).exists()


def test_the_wait_is_a_setting(settings):
    settings.ABANDONED_SIGNUP_DAYS = 60
    stopped = draft("fred@example.org", days=45)
    purge_abandoned_signups.enqueue()
    assert Member.objects.filter(pk=stopped.pk).exists()
    settings.ABANDONED_SIGNUP_DAYS = 40
    purge_abandoned_signups.enqueue()
    assert not Member.objects.filter(pk=stopped.pk).exists()
    assert AuditEntry.objects.get(action=AuditEntry.Action.PURGE).detail["days"] == 40


def test_it_works_through_many_a_chunk_at_a_time(monkeypatch):
    monkeypatch.setattr("registry.services.signup.PURGE_CHUNK", 2)
    for n in range(5):
        draft(f"gone{n}@example.org", days=40)
    assert purge_abandoned_signups.enqueue().return_value == {"records": 5, "logins": 0}
    assert not Member.objects.exists()
