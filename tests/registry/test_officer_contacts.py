"""Contact details an officer enters: the rule that protects people is that what an officer
types is never shown to staff by itself; only a consent to staff contact covering it does.
(Consents given on paper or by phone, and their scans: `test_paper_consents.py`.)
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from registry.models import AuditEntry
from tests.registry.consent_forms import PHONE, PHONE_WRITTEN, edit_form, post_consent, record_page

# The scans go to a folder of the test's own (`private_storage_dir`, in conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage_dir")]


def test_contacts_an_officer_types_stay_hidden_until_a_covering_consent_is_recorded(
    officer, imported
):
    edit = reverse("registry_member_edit", args=[imported.pk])
    form = officer.get(edit).content.decode()
    assert "does not let staff see it" in form  # the form says so plainly
    response = officer.post(
        edit,
        edit_form(imported, email="thuha@example.jp", phone=PHONE),
        follow=True,
    )
    assert response.status_code == 200
    imported.refresh_from_db()
    assert imported.email == "thuha@example.jp" and str(imported.phone) == PHONE
    page = record_page(officer, imported)
    assert "thuha@example.jp" not in page and PHONE_WRITTEN not in page
    assert "stay hidden from staff" in response.content.decode()
    edit_entry = AuditEntry.objects.filter(action="edit", member_id=imported.pk).get()
    assert edit_entry.detail["fields"] == ["email", "phone"]

    # The person agrees on the phone to be called at that number: the number shows, not the email.
    response = post_consent(
        officer, imported, purposes=["staff-contact"], channel="phone", phone=PHONE
    )
    assert response.status_code == 302, response.content.decode()
    page = record_page(officer, imported)
    assert PHONE_WRITTEN in page
    assert "thuha@example.jp" not in page


def test_the_edit_form_never_shows_a_hidden_contact_and_keeps_it_when_left_empty(
    officer, private_record
):
    edit = reverse("registry_member_edit", args=[private_record.pk])
    form = officer.get(edit).content.decode()
    assert private_record.email not in form
    assert "One is on record, hidden from staff" in form
    response = officer.post(
        edit,
        edit_form(private_record, occupation="Kỹ sư"),
    )
    assert response.status_code == 302
    private_record.refresh_from_db()
    assert private_record.email == "bob@example.org"
    assert str(private_record.phone) == "+81312345678"
    assert private_record.occupation == "Kỹ sư"


def test_an_officer_can_remove_a_hidden_contact_without_seeing_it(officer, private_record):
    edit = reverse("registry_member_edit", args=[private_record.pk])
    data = edit_form(private_record, remove_phone="on")
    both = officer.post(edit, {**data, "phone": "+81311112222"})
    assert "not both" in both.content.decode()
    assert officer.post(edit, data).status_code == 302
    private_record.refresh_from_db()
    assert private_record.phone == "" and private_record.email == "bob@example.org"
    entry = AuditEntry.objects.filter(action="edit", member_id=private_record.pk).get()
    assert entry.detail["fields"] == ["phone"]


def test_an_officers_change_to_a_visible_contact_hides_it(officer, member_record):
    assert "+36 20 123 4567" in record_page(officer, member_record)
    edit = reverse("registry_member_edit", args=[member_record.pk])
    response = officer.post(
        edit,
        edit_form(member_record, email=member_record.email, phone="+36209999999"),
    )
    assert response.status_code == 302
    page = record_page(officer, member_record)
    assert "+36 20 999 9999" not in page
    assert member_record.email in page  # unchanged, still covered


def test_an_administrator_without_contacts_in_view_still_gets_the_contact_section(
    client, administrator, imported
):
    client.force_login(administrator)
    form = client.get(reverse("registry_member_edit", args=[imported.pk])).content.decode()
    assert 'name="email"' in form and 'name="phone"' in form
