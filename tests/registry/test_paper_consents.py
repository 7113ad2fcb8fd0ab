"""Consents a person gave on paper or by phone, entered by an officer.

The rule that protects people: what an officer types is never shown to staff by itself; only a
consent to staff contact covering it does. The scan of a signed form is personal data: only
staff who may record consents open it, through an audited view, never from /media/.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from registry.forms import staff_consents
from registry.models import AuditEntry, Consent, ConsentText, Member
from registry.services.consents import record_consents, record_staff_consents
from registry.services.records import save_member
from tests.registry.consent_forms import PDF, PNG, consent_form, post_consent, record_page, scan

# The scans go to a folder of the test's own (`private_storage_dir`, in conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage_dir")]


# --- Recording a consent given on paper or by phone ----------------------------------------------


def test_it_records_a_paper_consent_with_its_date_officer_note_and_scan(
    officer, registry_officer, imported, private_storage_dir
):
    response = officer.post(
        reverse("registry_member_consent", args=[imported.pk]),
        consent_form(imported, evidence=scan()),
    )
    assert response.status_code == 302, response.content.decode()
    consent = Consent.objects.get(member=imported)
    assert consent.granted and consent.purpose.slug == "newsletter"
    assert consent.channel == Consent.Channel.PAPER
    assert consent.given_on == timezone.localdate()
    assert consent.recorded_by == registry_officer
    assert consent.note.startswith("Phiếu ký")
    # Stored in private storage under a name that says nothing about the person.
    assert "phieu" not in consent.evidence.name and consent.evidence.name.endswith(".pdf")
    stored = Path(consent.evidence.path)
    assert stored.is_relative_to(private_storage_dir) and stored.read_bytes() == PDF
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert imported.has_consented("newsletter")

    entry = AuditEntry.objects.get(action="consent")
    assert entry.member_id == imported.pk and entry.actor == registry_officer
    assert entry.detail["decisions"] == {"newsletter": True}
    assert entry.detail["channel"] == "paper" and entry.detail["scan"] is True
    assert "Phiếu" not in str(entry.detail)  # the note stays on the record

    page = record_page(officer, imported)
    assert "Given on" in page and "Entered by" in page
    assert reverse("registry_consent_scan", args=[imported.pk, consent.pk]) in page


def test_a_phone_consent_to_staff_contact_writes_and_covers_the_details_given(officer, imported):
    Member.objects.filter(pk=imported.pk).update(email="old@example.jp")
    response = post_consent(
        officer,
        imported,
        purposes=["staff-contact"],
        channel="phone",
        email="thuha@example.jp",
        messaging="Zalo: Thu Hà",
    )
    assert response.status_code == 302, response.content.decode()
    imported.refresh_from_db()
    assert imported.email == "thuha@example.jp"
    assert imported.consented_contacts() == {"email", "messaging"}
    consent = Consent.objects.get(member=imported)
    assert consent.covers == {"email": "thuha@example.jp", "messaging": "Zalo: Thu Hà"}
    page = record_page(officer, imported)
    assert "thuha@example.jp" in page and "Zalo: Thu Hà" in page


def test_a_new_grant_for_another_detail_keeps_what_the_standing_one_covers(officer, member_record):
    response = post_consent(
        officer, member_record, purposes=["staff-contact"], channel="phone", messaging="Viber"
    )
    assert response.status_code == 302, response.content.decode()
    member_record.refresh_from_db()
    assert member_record.consented_contacts() == {"email", "phone", "messaging"}


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"purposes": None}, "Choose at least one purpose"),
        ({"decision": None}, "Choose whether they agreed or withdrew"),
        ({"channel": None}, "Choose how they gave it"),
        ({"channel": "web"}, "Select a valid choice"),
        ({"given_on": None}, "Enter the date they gave it"),
        ({"given_on": "31/02/2025"}, "Enter a real date"),
        ({"note": ""}, "Add a note, a scan, or both"),
        ({"note": "x" * 1001}, "1000"),
        ({"purposes": ["staff-contact"]}, "at least one of email, phone and messaging apps"),
        ({"email": "thuha@example.jp"}, "Contact details go only with an agreement"),
        ({"purposes": ["registry"], "decision": "withdraw"}, "cannot be withdrawn here"),
    ],
)
def test_an_incomplete_or_wrong_form_records_nothing(officer, imported, fields, error):
    response = post_consent(officer, imported, **fields)
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page.replace("&#x27;", "'").replace("1,000", "1000")
    assert 'class="help-block help-critical registry-error-summary"' in page
    assert "<title>Error: " in page or "Error: " in page
    assert not Consent.objects.filter(member=imported).exists()
    assert not AuditEntry.objects.filter(action="consent").exists()


def test_the_date_is_neither_in_the_future_nor_before_the_wording_or_a_later_decision(
    officer, member_record
):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    future = post_consent(officer, member_record, given_on=tomorrow)
    assert "cannot be in the future" in future.content.decode()

    ConsentText.objects.filter(purpose__slug="newsletter").update(
        published_at=timezone.now() - datetime.timedelta(days=400)
    )
    before_wording = post_consent(officer, member_record, given_on="2020-01-01")
    assert "has its present wording since" in before_wording.content.decode()

    # The member withdrew staff contact on the site yesterday: a paper grant from the day before
    # cannot overrule it.
    ConsentText.objects.update(published_at=timezone.now() - datetime.timedelta(days=400))
    record_consents(member_record, {"staff-contact": False}, channel="web")
    Consent.objects.filter(member=member_record, granted=False).update(
        recorded_at=timezone.now() - datetime.timedelta(days=1)
    )
    two_days_ago = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    older = post_consent(
        officer,
        member_record,
        purposes=["staff-contact"],
        given_on=two_days_ago,
        email=member_record.email,
    )
    assert "one given before it cannot be recorded after it" in older.content.decode()
    assert not member_record.has_consented("staff-contact")


def test_a_decision_that_changes_nothing_is_refused_not_dropped(officer, member_record):
    response = post_consent(officer, member_record, purposes=["registry"])
    assert "is already agreed to: untick it" in response.content.decode()
    assert not Consent.objects.filter(member=member_record, channel="paper").exists()


def test_a_double_submit_records_once(officer, imported):
    first = post_consent(officer, imported)
    second = post_consent(officer, imported)
    assert first.status_code == 302
    assert second.status_code == 200 and "already agreed" in second.content.decode()
    assert Consent.objects.filter(member=imported).count() == 1


def test_nothing_is_chosen_for_the_officer(officer, imported):
    form = officer.get(reverse("registry_member_consent", args=[imported.pk])).content.decode()
    assert " checked" not in form
    assert 'name="given_on"' in form and 'value="20' not in form.split('name="given_on"')[1][:80]


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (lambda: scan("form.exe", PDF, "application/pdf"), "must be a PDF, JPEG or PNG"),
        (lambda: scan("form.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"), "not the PDF"),
        (lambda: scan("form.png", PDF, "image/png"), "not the PDF"),
        (lambda: scan("form.pdf", PDF, "text/html"), "not the PDF"),
        (lambda: scan("form.pdf", b"", "application/pdf"), "empty"),
    ],
)
def test_a_scan_must_be_what_it_says(officer, imported, private_storage_dir, upload, error):
    response = post_consent(officer, imported, evidence=upload())
    assert error in response.content.decode()
    assert not Consent.objects.exists()
    assert not any(private_storage_dir.rglob("*.*"))


def test_a_scan_has_a_size_limit(officer, imported, monkeypatch):
    monkeypatch.setattr(staff_consents, "EVIDENCE_MAX_SIZE", 100)
    response = post_consent(
        officer, imported, evidence=scan("form.png", PNG + b"\0" * 100, "image/png")
    )
    assert "larger than 5 MB" in response.content.decode()


def test_a_scan_chosen_on_a_page_with_errors_is_asked_for_again(officer, imported):
    response = post_consent(officer, imported, channel=None, evidence=scan())
    assert "Choose the scan again" in response.content.decode()


def test_a_conflicting_edit_meanwhile_records_nothing(officer, imported, registry_officer):
    opened = Member.objects.get(pk=imported.pk).version
    save_member(Member.objects.get(pk=imported.pk), expected_version=opened, actor=registry_officer)
    response = post_consent(
        officer, imported, purposes=["staff-contact"], email="thuha@example.jp", version=opened
    )
    assert "Someone else changed this record" in response.content.decode()
    assert not Consent.objects.filter(member=imported).exists()
    assert Member.objects.get(pk=imported.pk).email == ""


# --- The scan ------------------------------------------------------------------------------------


@pytest.fixture
def scanned(imported, registry_officer) -> Consent:
    record_staff_consents(
        imported,
        {"newsletter": True},
        channel="paper",
        actor=registry_officer,
        given_on=timezone.localdate(),
        expected_version=imported.version,
        evidence=io.BytesIO(PDF),
        evidence_extension=".pdf",
    )
    return Consent.objects.get(member=imported)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("editor", 403),
        ("chief_editor", 403),
        ("registry_viewer", 403),
        ("registry_officer", 200),
        ("administrator", 200),
    ],
)
def test_the_scan_opens_only_for_staff_who_record_consents(
    client, request, scanned, persona, status
):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("registry_consent_scan", args=[scanned.member_id, scanned.pk]))
    assert response.status_code == status
    views = AuditEntry.objects.filter(action="view", detail__scan=scanned.pk)
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
        assert views.count() == 1
    else:
        assert PDF not in response.content
        assert not views.exists()


def test_the_scan_is_not_under_media(client, scanned, registry_officer):
    assert not Path(scanned.evidence.path).is_relative_to(Path(settings.MEDIA_ROOT))
    client.force_login(registry_officer)
    response = client.get(f"{settings.MEDIA_URL}{scanned.evidence.name}", follow=True)
    assert response.status_code == 404


def test_a_scan_is_reached_only_through_its_own_record(
    client, scanned, registry_officer, member_record
):
    client.force_login(registry_officer)
    response = client.get(
        reverse("registry_consent_scan", args=[member_record.pk, scanned.pk]), follow=True
    )
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["editor", "registry_viewer"])
def test_viewers_and_editors_cannot_record_a_consent(client, request, imported, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("registry_member_consent", args=[imported.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, consent_form(imported, evidence=scan())).status_code == 403
    assert not Consent.objects.exists()


def test_the_member_sees_the_paper_decision_in_their_own_data(
    client, member_record, registry_officer
):
    record_staff_consents(
        member_record,
        {"newsletter": True},
        channel="phone",
        actor=registry_officer,
        given_on=timezone.localdate(),
        expected_version=member_record.version,
        note="Gọi điện ngày hội chợ",
        evidence=io.BytesIO(PNG),
        evidence_extension=".png",
    )
    client.force_login(member_record.user)
    page = client.get("/en/profile/download/").content.decode()
    assert "By phone, entered by staff" in page
    assert "Gọi điện ngày hội chợ" in page
    assert "Kept by the Department" in page
    assert "/scan/" not in page
