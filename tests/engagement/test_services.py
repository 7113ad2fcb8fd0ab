"""Taking part, as the services do it: places and the waiting list, withdrawing, pledges and
the programme's progress, interests and their officer, the consent each needs, and what happens
to it all when members are merged, download their data or delete their account."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from cms.models import CharityProgrammePage
from engagement import reminders, services
from engagement.models import Engagement
from engagement.staff_views import contact_allowed
from registry.services.consents import record_consents
from registry.services.merges import merge_members
from registry.services.records import erase_member
from registry.services.snapshots import member_export
from tests.engagement.conftest import taking_part

pytestmark = pytest.mark.django_db
Status = Engagement.Status


def register(member, event, guests=0):
    return services.register(member, event, guests=guests, dietary="", accessibility="", message="")


def test_places_go_in_order_then_the_waiting_list_moves_up_first_come_first_served(event):
    an = taking_part("an@example.org", "Nguyễn Văn An")
    binh = taking_part("binh@example.org", "Trần Thị Bình", language="en")
    cuong = taking_part("cuong@example.org", "Lê Văn Cường", language="ja")
    dung = taking_part("dung@example.org", "Phạm Thị Dung")
    first = register(an, event, guests=2)  # 3 of 5 places
    assert first.status == Status.CONFIRMED
    second = register(binh, event, guests=2)  # 3 more: does not fit
    assert second.status == Status.WAITING
    third = register(cuong, event)  # 1 would fit, but Bình asked first: waits too
    assert third.status == Status.WAITING
    assert services.places(event) == services.Places(capacity=5, taken=3, waiting=2)
    mail.outbox.clear()

    services.withdraw(first, member=an)
    for engagement in (first, second, third):
        engagement.refresh_from_db()
    assert first.status == Status.WITHDRAWN
    assert (second.status, third.status) == (Status.CONFIRMED, Status.CONFIRMED)
    assert services.places(event).taken == 4
    # An cancelled (in Vietnamese); Bình (English) and Cường (Japanese) each moved up, told in
    # their own language, with the calendar file.
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"an@example.org", "binh@example.org", "cuong@example.org"}
    assert by_address["binh@example.org"].subject == "A place is yours: Gặp mặt kiều bào tại Tokyo"
    assert by_address["cuong@example.org"].attachments[0][0] == "event.ics"
    assert "Hủy đăng ký" in by_address["an@example.org"].subject
    # Dũng asks now: one place left, nobody waiting.
    assert register(dung, event).status == Status.CONFIRMED


def test_one_open_registration_per_person_and_none_without_the_consent(event):
    an = taking_part("an@example.org", "Nguyễn Văn An")
    register(an, event)
    with pytest.raises(services.Refused):
        register(an, event)
    shy = taking_part("shy@example.org", "Võ Thị Hà", consented=False)
    with pytest.raises(services.Refused):
        register(shy, event)
    assert not shy.engagements.exists()


def test_a_closed_or_past_event_takes_no_registration(event):
    an = taking_part("an@example.org", "Nguyễn Văn An")
    event.registration_open = False
    with pytest.raises(services.Refused):
        register(an, event)
    event.registration_open = True
    event.start_at = timezone.now() - datetime.timedelta(days=2)
    event.end_at = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(services.Refused):
        register(an, event)


def test_a_pledge_counts_once_an_officer_marks_it_received(programme, registry_officer):
    an = taking_part("an@example.org", "Nguyễn Văn An")
    assert programme.pledged_total == Decimal("50000000")  # given outside the website
    pledge = services.pledge(
        an,
        programme,
        gift=Engagement.Gift.MONEY,
        amount=Decimal("50000000"),
        description="",
        anonymous=True,
        message="",
    )
    (received,) = mail.outbox
    assert "năm mươi triệu đồng" in received.body  # the amount in words
    assert "STK 0123456789" in received.body  # how to transfer it
    assert services.received_total(programme) == 0
    services.follow_up([pledge], Status.RECEIVED, actor=registry_officer)
    assert services.received_total(programme) == Decimal("50000000")
    again = CharityProgrammePage.objects.get(pk=programme.pk)
    assert again.pledged_total == Decimal("100000000")
    assert again.progress_percent == 50
    assert "đã được nhận" in mail.outbox[-1].subject


def test_an_interest_tells_the_projects_officer_without_naming_the_member(project):
    an = taking_part("an@example.org", "Nguyễn Văn An")
    services.express_interest(
        an, project, role=Engagement.Role.INVESTOR, message="Tôi muốn đầu tư 2 triệu USD"
    )
    officer = next(m for m in mail.outbox if m.to == ["xuctien@example.gov.vn"])
    assert "Nhà đầu tư" in officer.body
    assert "Nguyễn" not in officer.body + officer.subject
    assert "2 triệu USD" not in officer.body  # the message is in the staff list, not the mailbox


def test_staff_withdrawing_a_place_moves_the_waiting_list_up(event, registry_officer):
    an = taking_part("an@example.org", "Nguyễn Văn An")
    binh = taking_part("binh@example.org", "Trần Thị Bình")
    first = register(an, event, guests=4)
    waiting = register(binh, event)
    assert waiting.status == Status.WAITING
    services.follow_up([first], Status.WITHDRAWN, actor=registry_officer, note="Gọi điện: bận")
    waiting.refresh_from_db()
    first.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert first.staff_note.endswith("Gọi điện: bận")


def test_the_day_before_each_confirmed_member_is_reminded_once(event):
    an = taking_part("an@example.org", "Nguyễn Văn An", language="en")
    binh = taking_part("binh@example.org", "Trần Thị Bình")
    register(an, event)
    cancelled = register(binh, event)
    services.withdraw(cancelled, member=binh)
    mail.outbox.clear()
    assert reminders.send_event_reminders() == 0  # a month ahead
    later = event.start_at - datetime.timedelta(hours=20)
    assert reminders.send_event_reminders(later) == 1
    assert mail.outbox[0].to == ["an@example.org"]
    assert mail.outbox[0].subject == "Tomorrow: Gặp mặt kiều bào tại Tokyo"
    assert reminders.send_event_reminders(later) == 0


def test_engagements_are_in_the_download_move_with_a_merge_and_go_with_the_account(
    event, programme, registry_officer
):
    an = taking_part("an@example.org", "Nguyễn Văn An")
    twin = taking_part("an2@example.org", "Nguyễn Văn An")
    register(an, event)
    register(twin, event)
    services.pledge(
        twin, programme, gift="volunteering", amount=None, description="Dạy tiếng Anh",
        anonymous=False, message="",
    )  # fmt: skip
    exported = member_export(twin)
    assert [e["kind"] for e in exported["engagements"]] == ["registration", "pledge"]
    merge_members(keep=an, other=twin, actor=registry_officer, choices={})
    kinds = sorted(an.engagements.open().values_list("kind", flat=True))
    assert kinds == ["pledge", "registration"]  # the same event counted once
    assert services.places(event).taken == 1
    erase_member(an, actor=registry_officer, by_member=True)
    assert not Engagement.objects.exists()


def test_withdrawing_the_consent_hides_the_contact_from_staff_lists(event, registry_officer):
    an = taking_part("an@example.org", "Nguyễn Văn An")
    registration = register(an, event)
    assert contact_allowed(registry_officer, registration) == {"email": "an@example.org"}
    record_consents(an, {"programmes": False}, channel="web")
    registration.refresh_from_db()
    assert contact_allowed(registry_officer, registration) == {}
