"""A trip's list built from searches, invitations in each person's language through signed,
expiring links, answers, reminders, commitments, and what happens when a person is erased."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from engagement import services as engagement_services
from engagement.models import Engagement
from registry import merging
from registry.models import AuditEntry, Member
from registry.services.records import erase_member
from registry.services.snapshots import member_export
from tests.conftest import queries_for
from tests.trips.conftest import city, placed
from trips import invitations, services
from trips.models import InvitationText, LineEvent, Shortlisted, Trip

pytestmark = pytest.mark.django_db
Status = Shortlisted.Status


def add_from_search(client, trip, query, **extra):
    return client.post(
        reverse("trips_admin:add_from_search"),
        {"trip": trip.pk, "query": query, "scope": "all", **extra},
    )


def near(country, name, km=100):
    return f"country={country}&place={city(country, name).geonameid}:{km}&interest=investment"


def test_two_searches_make_one_list_with_the_search_as_the_reason(
    client, registry_officer, trip, people
):
    client.force_login(registry_officer)
    response = add_from_search(client, trip, near("JP", "Tokyo"))
    assert response.status_code == 302
    add_from_search(client, trip, near("KR", "Seoul"))
    listed = {line.member.full_name: line for line in trip.people.select_related("member")}
    # Osaka is 400 km from Tokyo: not on the list.
    assert set(listed) == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"}
    assert all(line.status == Status.PROPOSED for line in listed.values())
    assert "Tokyo" in listed["Trần Thị Bình"].reason
    assert "Seoul" in listed["Lê Văn Cường"].reason
    assert listed["Nguyễn Văn An"].added_by == registry_officer
    # The same search again adds nobody twice, and says so.
    response = add_from_search(client, trip, near("JP", "Tokyo"))
    assert trip.people.count() == 4
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.SHORTLIST)
    assert entries.count() == 2
    assert LineEvent.objects.filter(action=LineEvent.Action.ADDED).count() == 4
    # The trip's page lists them with how they fit and who added them.
    page = client.get(reverse("trips_admin:trip", args=[trip.pk])).content.decode()
    assert "Trần Thị Bình" in page and "Tokyo" in page


def test_the_chosen_members_only(client, registry_officer, trip, people):
    client.force_login(registry_officer)
    add_from_search(client, trip, near("JP", "Tokyo"), scope="chosen", member=[people["binh"].pk])
    assert [line.member for line in trip.people.all()] == [people["binh"]]


def test_a_bad_search_or_no_trip_adds_nobody(client, registry_officer, trip, people):
    client.force_login(registry_officer)
    add_from_search(client, trip, "age=abc&place=xyz")
    client.post(reverse("trips_admin:add_from_search"), {"trip": "999999", "query": "country=JP"})
    client.post(reverse("trips_admin:add_from_search"), {"trip": "x", "query": "country=JP"})
    assert not trip.people.exists()


def approved(trip, *members):
    lines = []
    for member in members:
        line = Shortlisted.objects.create(trip=trip, member=member, status=Status.APPROVED)
        lines.append(line)
    return lines


def link_in(message) -> str:
    return re.search(r"https?://\S+/trips/reply/\S+/", message.body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_invitations_go_to_those_who_agreed_in_their_language(
    client, registry_officer, trip, people
):
    lines = approved(trip, people["an"], people["binh"], people["cuong"], people["dung"])
    InvitationText.objects.filter(trip=trip).delete()
    mail.outbox.clear()
    client.force_login(registry_officer)
    response = client.post(reverse("trips_admin:invite", args=[trip.pk]))
    assert response.status_code == 302
    by_address = {message.to[0]: message for message in mail.outbox}
    # Dung never agreed to staff contact: not emailed, and the officer is told.
    assert set(by_address) == {"an@example.org", "binh@example.org", "cuong@example.org"}
    assert "Kính gửi Nguyễn Văn An" in by_address["an@example.org"].body
    assert "Dear Trần Thị Bình" in by_address["binh@example.org"].body
    assert "/ko/trips/reply/" in by_address["cuong@example.org"].body
    assert "Tokyo" in by_address["binh@example.org"].body
    for line in lines:
        line.refresh_from_db()
    assert [line.status for line in lines] == [Status.INVITED] * 3 + [Status.APPROVED]
    trip.refresh_from_db()
    assert trip.state == Trip.State.INVITING
    assert AuditEntry.objects.filter(action=AuditEntry.Action.TRIP_INVITE).count() == 1


def test_a_language_without_its_text_is_sent_in_vietnamese(registry_officer, trip, people):
    (line,) = approved(trip, people["cuong"])
    invitations.texts(trip)
    InvitationText.objects.filter(trip=trip, language="ko").update(body="")
    mail.outbox.clear()
    invitations.send_invitations(trip, [line], actor=registry_officer)
    (message,) = mail.outbox
    assert "Kính gửi Lê Văn Cường" in message.body
    assert "/vi/trips/reply/" in message.body


def invited(trip, member, officer):
    (line,) = approved(trip, member)
    mail.outbox.clear()
    invitations.send_invitations(trip, [line], actor=officer)
    line.refresh_from_db()
    return line, path_of(link_in(mail.outbox[-1]))


def test_the_link_answers_without_logging_in_and_the_answer_can_change(
    client, registry_officer, trip, people
):
    line, link = invited(trip, people["binh"], registry_officer)
    page = client.get(link)
    assert page.status_code == 200
    assert "Dear Trần Thị Bình" in page.content.decode()
    # A mistake first: nothing chosen, 11 guests.
    wrong = client.post(link, {"answer": "", "guests": "11"})
    assert wrong.status_code == 400
    assert "Choose whether you can come." in wrong.content.decode()
    line.refresh_from_db()
    assert line.status == Status.INVITED
    done = client.post(link, {"answer": "accept", "guests": "2", "message": "Rất vui"})
    assert done.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.guests, line.reply_message) == (Status.ACCEPTED, 2, "Rất vui")
    client.post(link, {"answer": "decline", "guests": "0"})
    line.refresh_from_db()
    assert line.status == Status.DECLINED
    assert [event.action for event in line.history.all()][-2:] == ["replied", "replied"]


def test_a_link_opens_one_answer_and_no_other(client, registry_officer, trip, people):
    mine, my_link = invited(trip, people["an"], registry_officer)
    theirs, _their_link = invited(trip, people["binh"], registry_officer)
    token = my_link.rstrip("/").rsplit("/", 1)[1]
    # Pointing my token at their line breaks its signature.
    payload = signing.loads(token, salt=invitations.SALT)
    forged = signing.dumps([theirs.pk, *payload[1:]], salt="another salt")
    response = client.post(my_link.replace(token, forged), {"answer": "decline", "guests": "0"})
    assert response.status_code == 404
    assert (
        "This link does not work" in response.content.decode()
        or "không" in response.content.decode()
    )
    altered = client.get(my_link.replace(token, token[:-3] + "abc"))
    assert altered.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.INVITED
    # My own link shows my name, never theirs.
    page = client.get(my_link).content.decode()
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" not in page


def test_an_expired_or_replaced_link_says_so_in_the_persons_language(
    client, registry_officer, trip, people
):
    line, link = invited(trip, people["binh"], registry_officer)  # English
    trip.reply_by = timezone.localdate() - datetime.timedelta(days=1)
    trip.save()
    expired = client.get(link)  # the trip's date moved: the link it sent stops
    assert expired.status_code == 410
    assert "The time to answer the invitation" in expired.content.decode()
    # Invited again: the first link stops working.
    Shortlisted.objects.filter(pk=line.pk).update(status=Status.APPROVED)
    trip.reply_by = None
    trip.save()
    line.refresh_from_db()
    invitations.send_invitations(trip, [line], actor=registry_officer)
    replaced = client.get(link)
    assert replaced.status_code == 410
    assert "A newer invitation" in replaced.content.decode()
    fresh = client.get(path_of(link_in(mail.outbox[-1])))
    assert fresh.status_code == 200


def test_reminders_go_to_those_who_have_not_answered_once_a_day(
    client, registry_officer, trip, people
):
    an, _ = invited(trip, people["an"], registry_officer)
    binh, binh_link = invited(trip, people["binh"], registry_officer)
    client.post(binh_link, {"answer": "accept", "guests": "0"})
    mail.outbox.clear()
    client.force_login(registry_officer)
    client.post(reverse("trips_admin:remind", args=[trip.pk]))
    assert [message.to for message in mail.outbox] == [["an@example.org"]]
    assert "Nhắc lại" in mail.outbox[0].subject or "Reminder" in mail.outbox[0].subject
    client.post(reverse("trips_admin:remind", args=[trip.pk]))
    assert len(mail.outbox) == 1
    an.refresh_from_db()
    assert an.reminded_at is not None


def test_statuses_roles_and_notes_for_the_people_ticked(client, registry_officer, trip, people):
    lines = [
        Shortlisted.objects.create(trip=trip, member=member)
        for member in (people["an"], people["binh"])
    ]
    client.force_login(registry_officer)
    client.post(
        reverse("trips_admin:people", args=[trip.pk]),
        {"line": [lines[0].pk], "status": "approved", "role": "speaker", "note": "Diễn giả"},
    )
    lines[0].refresh_from_db()
    assert (lines[0].status, lines[0].role) == (Status.APPROVED, "speaker")
    assert "Diễn giả" in lines[0].notes
    # Nothing chosen to change: nothing changes.
    client.post(reverse("trips_admin:people", args=[trip.pk]), {"line": [lines[1].pk]})
    lines[1].refresh_from_db()
    assert lines[1].status == Status.PROPOSED


def test_a_commitment_is_the_engagement_record_it_is(
    client, registry_officer, trip, people, programme
):
    trip.pages.add(programme)
    line = Shortlisted.objects.create(trip=trip, member=people["an"], status=Status.ATTENDED)
    client.force_login(registry_officer)
    response = client.post(
        reverse("trips_admin:line", args=[trip.pk, line.pk]),
        {"kind": "pledge", "page": programme.pk, "amount": "20000000", "currency": "vnd"},
    )
    assert response.status_code == 302
    engagement = Engagement.objects.get(member=people["an"])
    assert (engagement.kind, engagement.amount, engagement.currency) == (
        "pledge",
        Decimal("20000000"),
        "VND",
    )
    assert engagement.status == Engagement.Status.CONFIRMED
    assert services.commitments(trip)[0].engagement == engagement


def test_a_registration_for_the_trips_event_puts_the_person_on_its_list(trip, people, event):
    trip.pages.add(event)
    engagement_services.register(
        people["em"], event, guests=1, dietary="", accessibility="", message=""
    )
    line = trip.people.get(member=people["em"])
    assert line.status == Status.ACCEPTED
    assert event.title in line.reason


def test_an_erased_person_stays_a_line_without_them(client, registry_officer, trip, people):
    line = Shortlisted.objects.create(
        trip=trip, member=people["an"], reason="Chủ doanh nghiệp", notes="Số điện thoại riêng"
    )
    erase_member(people["an"], actor=registry_officer, by_member=False)
    line.refresh_from_db()
    assert line.member is None and line.notes == "" and line.reason == ""
    client.force_login(registry_officer)
    page = client.get(reverse("trips_admin:trip", args=[trip.pk])).content.decode()
    assert "Nguyễn Văn An" not in page
    assert "Người đã được xóa theo yêu cầu của họ" in page  # (in Vietnamese, the admin's)


def test_viewers_see_counts_and_no_list(client, registry_viewer, trip, people):
    Shortlisted.objects.create(trip=trip, member=people["an"])
    client.force_login(registry_viewer)
    index = client.get(reverse("trips_admin:index"))
    assert index.status_code == 200
    assert "Nguyễn Văn An" not in index.content.decode()
    assert client.get(reverse("trips_admin:trip", args=[trip.pk])).status_code == 403


def test_the_lists_cost_the_same_queries_for_5_and_40_people(client, registry_officer, trip):
    client.force_login(registry_officer)
    for n in range(5):
        placed(f"Người {n}", "JP", "Tokyo", consents=("registry", "matching"))
    services.add_people(
        trip, list(trip_members()), actor=registry_officer, reason="test", source="test"
    )
    url = reverse("trips_admin:trip", args=[trip.pk])
    few = queries_for(client, url)
    few_index = queries_for(client, reverse("trips_admin:index"))
    for n in range(35):
        placed(f"Người khác {n}", "KR", "Seoul", consents=("registry", "matching"))
    services.add_people(
        trip, list(trip_members()), actor=registry_officer, reason="test", source="test"
    )
    assert trip.people.count() == 40
    assert queries_for(client, url) == few
    assert queries_for(client, reverse("trips_admin:index")) == few_index


def trip_members():
    return Member.objects.values_list("pk", flat=True)


def test_a_merged_record_brings_its_lines_once(trip, people, registry_officer):
    kept, merged = people["an"], people["em"]
    other = Trip.objects.create(title="Chuyến khác")
    Shortlisted.objects.create(trip=trip, member=kept, status=Status.ACCEPTED)
    Shortlisted.objects.create(trip=trip, member=merged, status=Status.PROPOSED)
    Shortlisted.objects.create(trip=other, member=merged, status=Status.INVITED)
    merging.move_trip_lines(kept, merged)
    assert list(trip.people.values_list("member", "status")) == [(kept.pk, Status.ACCEPTED)]
    assert list(other.people.values_list("member", flat=True)) == [kept.pk]


def test_the_members_own_data_holds_their_trips(trip, people):
    Shortlisted.objects.create(
        trip=trip, member=people["an"], status=Status.ACCEPTED, reply_message="Sẽ đến"
    )
    (listed,) = member_export(people["an"])["leadership_trips"]
    assert listed["trip"] == trip.title
    assert (listed["status"], listed["message"]) == ("accepted", "Sẽ đến")
