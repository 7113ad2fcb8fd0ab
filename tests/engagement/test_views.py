"""Taking part through the site: a visitor is sent to sign in and comes back; a member fills the
form (bad input changes nothing and says why, in their language), sees it on the page and under
"My engagements", and withdraws; an event's calendar file; and the staff's lists, exports and
check-in, each for whom the roles allow, at a constant number of queries."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement import services
from engagement.models import Engagement
from registry import steps
from registry.models import AuditEntry, ConsentPurpose, Member
from registry.services.consents import record_consents
from tests.engagement.conftest import taking_part

pytestmark = pytest.mark.django_db
Status = Engagement.Status


def take_part_url(page, language="vi"):
    return f"/{language}/take-part/{page.pk}/"


def test_a_visitor_is_sent_to_sign_in_and_the_way_back_is_kept(client, event):
    response = client.get(take_part_url(event))
    assert response.status_code == 302
    assert response["Location"].startswith("/vi/accounts/login/?next=/vi/take-part/")
    assert client.session[steps.RETURN_TO] == take_part_url(event)


def test_a_member_yet_to_finish_joining_finishes_first_then_comes_back(client, member, event):
    client.force_login(member)  # a login without a finished record
    response = client.get(take_part_url(event))
    assert response["Location"] == "/vi/profile/"
    assert client.session[steps.RETURN_TO] == take_part_url(event)


def test_a_member_registers_and_sees_it_on_the_page_and_in_my_engagements(client, event):
    an = taking_part("an@example.org", "Nguyễn Văn An", consented=False)
    client.force_login(an.user)
    form = client.get(take_part_url(event))
    assert form.status_code == 200
    assert "programmes" not in form.content.decode()  # the consent's text, not its slug
    # The consent is asked for here, and required.
    refused = client.post(take_part_url(event), {"guests": "2"})
    assert refused.status_code == 400
    assert "Để tham gia, hãy đồng ý" in refused.content.decode()
    assert not Engagement.objects.exists()
    # Bad numbers of guests change nothing either.
    for guests in ("-1", "11", "hai", ""):
        response = client.post(take_part_url(event), {"guests": guests, "consent": "on"})
        assert response.status_code == 400
    assert not Engagement.objects.exists()

    done = client.post(
        take_part_url(event), {"guests": "2", "dietary": "Ăn chay", "consent": "on"}, follow=True
    )
    (registration,) = Engagement.objects.all()
    assert (registration.guests, registration.dietary) == (2, "Ăn chay")
    assert an.consented_purposes.filter(slug="programmes").exists()
    page = done.content.decode()
    assert "Bạn đã đăng ký, cùng 2 khách." in page
    assert "Hủy đăng ký của tôi" in page
    mine = client.get(reverse("engagement:mine")).content.decode()
    assert "Gặp mặt kiều bào tại Tokyo" in mine
    # Sent twice (Back, then send again): one registration.
    client.post(take_part_url(event), {"guests": "2", "consent": "on"})
    assert Engagement.objects.count() == 1


def test_a_member_withdraws_their_own_and_never_anyone_elses(client, event):
    an = taking_part("an@example.org", "Nguyễn Văn An")
    binh = taking_part("binh@example.org", "Trần Thị Bình")
    theirs = services.register(binh, event, guests=0, dietary="", accessibility="", message="")
    client.force_login(an.user)
    assert client.post(reverse("engagement:withdraw", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("engagement:withdraw", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.CONFIRMED
    client.force_login(binh.user)
    confirm = client.get(reverse("engagement:withdraw", args=[theirs.pk])).content.decode()
    assert "Có, hủy đăng ký của tôi" in confirm  # asked first: the place goes to the next
    theirs.refresh_from_db()
    assert theirs.status == Status.CONFIRMED
    client.post(reverse("engagement:withdraw", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.status == Status.WITHDRAWN


def test_a_pledge_form_says_what_is_missing(client, programme):
    an = taking_part("an@example.org", "Nguyễn Văn An")
    client.force_login(an.user)
    page = client.get(take_part_url(programme)).content.decode()
    assert "STK 0123456789" in page  # how to transfer, before pledging
    response = client.post(take_part_url(programme), {"gift": "money", "amount": ""})
    assert response.status_code == 400
    assert "Hãy cho biết số tiền" in response.content.decode()
    response = client.post(take_part_url(programme), {"gift": "in-kind"})
    assert "Hãy cho biết bạn sẽ tặng gì" in response.content.decode()
    client.post(take_part_url(programme), {"gift": "money", "amount": "50.000.000"})
    (pledge,) = Engagement.objects.all()
    assert pledge.amount == 50_000_000  # typed with Vietnamese grouping


def test_the_calendar_file_is_public_and_in_utc(client, event):
    response = client.get(reverse("engagement:calendar", args=[event.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and body.endswith("END:VCALENDAR\r\n")
    assert f"DTSTART:{event.start_at.astimezone(tz=None).strftime('%Y')}" in body
    assert "Z\r\n" in body  # times in UTC
    assert "Tokyo" in body


# --- Staff ---------------------------------------------------------------------------------------


@pytest.fixture
def registrations(event):
    """Three members registered for the event: two agreed to be contacted, one withdrew it."""
    people = [
        taking_part("an@example.org", "Nguyễn Văn An"),
        taking_part("binh@example.org", "Trần Thị Bình"),
        taking_part("cuong@example.org", "Lê Văn Cường"),
    ]
    for person in people:
        services.register(person, event, guests=0, dietary="", accessibility="", message="")
    record_consents(people[2], {"programmes": False}, channel="web")
    return people


def test_an_officer_reads_the_list_with_contacts_only_where_agreed(
    client, registry_officer, event, registrations
):
    client.force_login(registry_officer)
    key = event.translation_key
    page = client.get(reverse("engagement_admin:page", args=[key])).content.decode()
    assert "Nguyễn Văn An" in page and "an@example.org" in page
    assert "Lê Văn Cường" in page and "cuong@example.org" not in page
    assert AuditEntry.objects.filter(action="view", detail__page="engagement").count() == 1
    for file_format in ("csv", "xlsx"):
        response = client.post(reverse("engagement_admin:export", args=[key, file_format]))
        assert response.status_code == 200
        if file_format == "csv":
            rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        else:
            book = openpyxl.load_workbook(io.BytesIO(response.content))
            rows = [[c or "" for c in row] for row in book.active.iter_rows(values_only=True)]
        emails = {row[4] for row in rows[1:]}
        assert emails == {"an@example.org", "binh@example.org", ""}
    assert AuditEntry.objects.filter(action="export").count() == 2


def test_an_officer_changes_statuses_in_bulk_and_checks_people_in(
    client, registry_officer, event, registrations
):
    client.force_login(registry_officer)
    key = event.translation_key
    ids = list(Engagement.objects.order_by("pk").values_list("pk", flat=True))
    response = client.post(
        reverse("engagement_admin:page", args=[key]),
        {"engagement": ids[:2], "status": "attended", "note": "Đã gọi"},
    )
    assert response.status_code == 302
    assert Engagement.objects.filter(status=Status.ATTENDED).count() == 2
    # Nothing ticked: said, nothing changed.
    response = client.post(reverse("engagement_admin:page", args=[key]), {"status": "withdrawn"})
    assert response.status_code == 400
    assert Engagement.objects.filter(status=Status.WITHDRAWN).count() == 0
    client.post(reverse("engagement_admin:check_in", args=[key]), {"engagement": ids[2]})
    assert Engagement.objects.filter(status=Status.ATTENDED).count() == 3
    client.post(
        reverse("engagement_admin:check_in", args=[key]), {"engagement": ids[2], "undo": "1"}
    )
    assert Engagement.objects.get(pk=ids[2]).status == Status.CONFIRMED


def test_a_viewer_sees_counts_only(client, registry_viewer, event, registrations):
    client.force_login(registry_viewer)
    overview = client.get(reverse("engagement_admin:overview"))
    assert overview.status_code == 200
    assert "Gặp mặt kiều bào tại Tokyo" in overview.content.decode()
    assert "Nguyễn Văn An" not in overview.content.decode()
    key = event.translation_key
    assert client.get(reverse("engagement_admin:page", args=[key])).status_code == 403
    assert client.post(reverse("engagement_admin:export", args=[key, "csv"])).status_code == 403


def test_the_staff_list_costs_the_same_queries_for_10_and_500_registrations(
    client, registry_officer, event
):
    event.capacity = None
    event.save()
    client.force_login(registry_officer)
    url = reverse("engagement_admin:page", args=[event.translation_key])

    def add(count: int, start: int) -> None:
        members = Member.objects.bulk_create(
            Member(
                full_name=f"Nguyễn Văn {n}",
                email=f"m{n}@example.org",
                country="JP",
                profile_completed_at=timezone.now(),
            )
            for n in range(start, start + count)
        )
        purpose = ConsentPurpose.objects.get(slug="programmes")
        for member in members:
            member.consented_purposes.add(purpose)
        Engagement.objects.bulk_create(
            Engagement(
                member=member, kind="registration", page=event, page_key=event.translation_key,
                title=event.title, status=Status.CONFIRMED,
            )
            for member in members
        )  # fmt: skip

    def reads() -> int:
        """Queries of one view of the list, the audit's rows left out: its subjects are written
        in batches (499 rows a statement on SQLite), one row per member listed."""
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return sum('INSERT INTO "registry_auditsubject"' not in q["sql"] for q in captured)

    add(10, 0)
    reads()  # the first view of the admin reads the staff member's settings
    few = reads()
    add(490, 10)
    assert Member.objects.count() >= 500
    assert reads() == few


def test_the_people_of_a_deleted_page_stay_listed_under_its_title(
    client, registry_officer, event, registrations
):
    key, title = event.translation_key, event.title
    event.delete()
    assert Engagement.objects.filter(page_key=key, page=None).count() == 3
    client.force_login(registry_officer)
    listing = client.get(reverse("engagement_admin:page", args=[key])).content.decode()
    assert title in listing and "Nguyễn Văn An" in listing
    mine = Client()
    mine.force_login(registrations[0].user)
    assert title in mine.get(reverse("engagement:mine")).content.decode()
