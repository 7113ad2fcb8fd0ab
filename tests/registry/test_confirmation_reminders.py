"""The yearly "is this still right?" email (issue 17): once a record's confirmation is a year
old, its member is written to once, in their language, with a link to their record; not again
until they confirm and another year passes, or a year later if they do not answer."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus

from registry import reminders
from registry.models import Member
from registry.services.records import confirm_details
from registry.tasks import send_confirmation_reminders
from tests.conftest import make_member, make_user
from tests.search_engine import free_port

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def confirmed_ago(member: Member, days: int) -> Member:
    when = timezone.now() - days * DAY
    Member.objects.filter(pk=member.pk).update(profile_completed_at=when, last_confirmed_at=when)
    member.refresh_from_db()
    return member


def test_it_emails_a_member_whose_record_waits_for_its_yearly_confirmation_once(member_record):
    confirmed_ago(member_record, 400)
    send_confirmation_reminders.enqueue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "http://127.0.0.1:8000/vi/profile/" in message.body  # in the member's language
    assert "Nguyễn" not in message.body + message.subject  # names nobody
    member_record.refresh_from_db()
    assert member_record.confirmation_reminded_at is not None

    send_confirmation_reminders.enqueue()
    assert len(mail.outbox) == 1  # once per wait, however often the job runs


def test_it_writes_in_the_language_the_member_chose_for_messages(member_record):
    confirmed_ago(member_record, 400)
    Member.objects.filter(pk=member_record.pk).update(preferred_language="en")
    send_confirmation_reminders.enqueue()
    (message,) = mail.outbox
    assert message.subject == "Is your record in Quê Hương Hà Tĩnh still right?"
    assert "Once a year we ask the people in our registry to check their record." in message.body
    assert "http://127.0.0.1:8000/en/profile/" in message.body


def test_it_leaves_alone_members_not_due_or_who_cannot_log_in(member, other_member):
    confirmed_ago(make_member("Chưa Đến Hạn", user=member, email=member.email), 300)
    unverified = make_user("carol@example.org")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    confirmed_ago(make_member("Chưa Xác Minh", user=unverified, email=unverified.email), 400)
    confirmed_ago(make_member("Không Tài Khoản", email="dan@example.org"), 400)  # imported
    inactive = make_member("Bị Khoá", user=other_member, email=other_member.email)
    other_member.is_active = False
    other_member.save()
    confirmed_ago(inactive, 400)
    unfinished = Member.objects.create(
        full_name="Đang Đăng Ký", user=make_user("erin@example.org"), last_confirmed_at=None
    )
    Member.objects.filter(pk=unfinished.pk).update(created_at=timezone.now() - 400 * DAY)

    assert send_confirmation_reminders.enqueue().return_value == 0
    assert mail.outbox == []


def test_it_asks_again_a_year_after_the_member_confirmed_or_a_year_after_an_unanswered_email(
    member_record, other_member
):
    confirmed_ago(member_record, 400)
    silent = confirmed_ago(make_member("Im Lặng", user=other_member, email=other_member.email), 400)
    now = timezone.now()
    assert reminders.send_confirmation_reminders(now) == 2
    confirm_details(member_record)  # Alice answered; the other did not

    assert reminders.send_confirmation_reminders(now + 200 * DAY) == 0
    # A year on: Alice's confirmation is a year old, the other's email went unanswered a year.
    assert reminders.send_confirmation_reminders(now + 370 * DAY) == 2
    assert sorted(m.to[0] for m in mail.outbox[2:]) == ["alice@example.org", silent.user.email]


def test_it_works_through_many_members_a_chunk_at_a_time(monkeypatch):
    monkeypatch.setattr(reminders, "CHUNK", 2)
    for n in range(5):
        user = make_user(f"member{n}@example.org")
        confirmed_ago(make_member(f"Thành Viên {n}", user=user, email=user.email), 400)
    assert send_confirmation_reminders.enqueue().return_value == 5
    assert sorted(m.to[0] for m in mail.outbox) == [f"member{n}@example.org" for n in range(5)]


def test_when_the_mail_server_is_down_nobody_is_marked_reminded(member_record, settings):
    """The job fails (the queue tries it again later); the member is written to then."""
    confirmed_ago(member_record, 400)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 2
    result = send_confirmation_reminders.enqueue()
    assert result.status == TaskResultStatus.FAILED
    assert mail.outbox == []
    member_record.refresh_from_db()
    assert member_record.confirmation_reminded_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_confirmation_reminders.enqueue()
    assert len(mail.outbox) == 1
