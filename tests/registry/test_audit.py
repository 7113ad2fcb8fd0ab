"""The audit answers "who saw or touched this person's data, when, and how", and holds no
personal value: each staff action once, every record it touched findable, to the second."""

import re

import pytest
from django.urls import reverse

from registry.models import AuditEntry, AuditSubject
from registry.services import audit, audit_digest, scrubbed

pytestmark = pytest.mark.django_db


def test_words_typed_are_kept_as_a_digest_and_contacts_masked():
    detail = scrubbed(
        {
            "query": {"q": ["Nguyễn Văn An"], "country": ["JP"]},
            "note": "an@example.org or +81 90 1234 5678, on 2024-03-05",
        }
    )
    assert detail["query"] == {"q": [f"digest:{audit_digest('nguyen van an')}"], "country": ["JP"]}
    assert detail["note"] == "[email] or [phone], on 2024-03-05"


def test_a_viewers_query_with_an_email_keeps_no_email(client, registry_viewer):
    client.force_login(registry_viewer)
    client.get(reverse("registry_search"), {"q": "an@example.org", "country": "HU"})
    rows = list(AuditEntry.objects.values_list("detail", flat=True))
    assert rows and "example.org" not in str(rows)


def test_saving_a_search_does_not_log_the_search_again(client, registry_officer):
    client.force_login(registry_officer)
    client.get(reverse("registry_search"), {"country": "HU"})
    response = client.post(
        reverse("registry_search_save"), {"name": "Hungary", "query": "country=HU"}, follow=True
    )
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action=AuditEntry.Action.SEARCH).count() == 1
    # Opening the saved search later is a search of its own.
    client.get(reverse("registry_search"), {"country": "HU"})
    assert AuditEntry.objects.filter(action=AuditEntry.Action.SEARCH).count() == 2


def test_a_records_trail_lists_the_exports_that_included_it_to_the_second(
    client, administrator, member_record, private_record
):
    client.force_login(administrator)
    client.get(reverse("registry_member", args=[member_record.pk]))
    client.post(reverse("registry_export"), {"member": [member_record.pk, private_record.pk]})
    audit(administrator, AuditEntry.Action.EXPORT, subjects=[private_record.pk])
    page = client.get(reverse("registry_audit"), {"member": member_record.pk}).content.decode()
    rows = re.findall(r"<tr>\s*<td><time[^>]*>([^<]+)</time>", page)
    assert len(rows) == 2  # the view and the export that included her; not the other export
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", when) for when in rows)
    assert AuditSubject.objects.filter(member_id=member_record.pk).count() == 2
