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


def test_one_members_trail_lists_each_thing_done_once_to_the_second_with_no_personal_value(
    client, administrator, member_record
):
    """Acceptance 4 of issue 13: view, edit form, merge comparison, export, an import that
    matched her and the merge itself, each once in her trail, and nothing of hers in the log."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from registry.models import ImportBatch, Member
    from tests.conftest import make_member
    from tests.registry.conftest import choose
    from tests.registry.test_merge import merge

    her = member_record
    listed = make_member(
        "Nguyen Thi Hong Nhung",
        source=Member.Source.IMPORT,
        consents=(),
        birth_year=1990,
        email="hoi.hungary@example.org",
        phone="+36301112222",
    )
    client.force_login(administrator)
    assert client.get(reverse("registry_member", args=[her.pk])).status_code == 200
    assert client.get(reverse("registry_member_edit", args=[her.pk])).status_code == 200
    assert client.post(reverse("registry_export"), {"member": [her.pk]}).status_code == 200
    ward = her.hometown_ward.name
    text = f"Họ và tên;Năm sinh;Quê quán\n{her.full_name};1990;{ward}\n".encode()
    upload = client.post(reverse("registry_import"), {"file": SimpleUploadedFile("l.csv", text)})
    batch = ImportBatch.objects.get()
    assert her.pk in importing_matches(batch)
    # Both records match the row: the officer says it is her (#1, listed first), and imports.
    choose(client, upload["Location"], {2: "same:0"})
    assert merge(client, her, listed).status_code == 302  # compares, then merges

    trail = [
        (entry.action, entry.detail.get("step") or entry.detail.get("page") or "", entry.at)
        for entry in AuditEntry.objects.filter(subjects__member_id=her.pk).order_by("at", "pk")
    ]
    steps = [(action, step) for action, step, _at in trail]
    assert steps == [
        ("view", ""),
        ("view", "edit"),
        ("export", ""),
        ("import", "upload"),
        ("import", "preview"),
        ("import", "commit"),
        ("view", "merge"),
        ("merge", ""),
    ]
    # The administrator's page lists the same entries, to the second.
    page = client.get(reverse("registry_audit"), {"member": her.pk}).content.decode()
    times = re.findall(r"<tr>\s*<td><time[^>]*>([^<]+)</time>", page)
    assert len(times) == len(trail)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", when) for when in times)
    # Nothing personal anywhere in the audit tables: not her name, email or phone, in any form.
    her.refresh_from_db()
    personal = {
        her.full_name,
        "Nguyen Thi Hong Nhung",
        str(her.email),
        "hoi.hungary@example.org",
        "+36201234567",
        "201234567",
        "+36301112222",
        "301112222",
    }
    stored = str(list(AuditEntry.objects.values_list("detail", "actor_label", "member_id")))
    assert not [value for value in personal if value.lower() in stored.lower()]


def importing_matches(batch) -> set[int]:
    from registry.importing.results import results_of

    return {pk for result in results_of(batch) for pk in result.matches}


def test_the_log_lists_the_newest_entry_first_on_every_page(client, administrator):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    for minutes in (30, 10, 50, 20, 40):
        entry = audit(administrator, AuditEntry.Action.SEARCH, minutes=minutes)
        AuditEntry.objects.filter(pk=entry.pk).update(at=now - datetime.timedelta(minutes=minutes))
    page = client_page(client, administrator)
    shown = [int(m) for m in re.findall(r"<dt>minutes</dt><dd>(\d+)</dd>", page)]
    assert shown == [10, 20, 30, 40, 50]


def client_page(client, administrator) -> str:
    client.force_login(administrator)
    return client.get(reverse("registry_audit"), {"action": "search"}).content.decode()
