"""What registry officers do in the admin, and the audit trail it leaves."""

import pytest
from django.urls import reverse

from registry.models import AuditEntry, Consent, Member, MergeRecord
from registry.services import audit_digest
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def audit_entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def test_filters_find_people_by_old_district_and_folded_name(client, registry_officer):
    from registry.models import LegacyCommune

    thach_dai = LegacyCommune.objects.get(name="Xã Thạch Đài")
    by_old_name = make_member(
        "Đặng Văn Đức", hometown_ward=thach_dai.ward, hometown_legacy=thach_dai
    )
    by_new_ward = make_member("Hồ Thị Mai", hometown_ward=thach_dai.ward)
    elsewhere = make_member("Võ Văn Tâm", country="JP")
    client.force_login(registry_officer)
    page = client.get(
        reverse("registry_search"), {"district": thach_dai.district_code}
    ).content.decode()
    assert by_old_name.full_name in page
    assert by_new_ward.full_name in page
    assert elsewhere.full_name not in page
    page = client.get(reverse("registry_search"), {"q": "dang van duc"}).content.decode()
    assert by_old_name.full_name in page
    assert by_new_ward.full_name not in page


def test_viewing_a_profile_writes_one_audit_entry(client, registry_officer, member_record):
    client.force_login(registry_officer)
    client.get(reverse("registry_member", args=[member_record.pk]))
    [entry] = audit_entries("view")
    assert entry.actor == registry_officer
    assert entry.member_id == member_record.pk


def test_a_search_is_audited_with_its_query(client, registry_officer):
    client.force_login(registry_officer)
    client.get(reverse("registry_search"), {"q": "nguyen", "country": "HU"})
    [entry] = audit_entries("search")
    # The criteria as chosen; the words typed only as a digest that the same words give again.
    assert entry.detail["query"] == {"q": [f"digest:{audit_digest('Nguyễn')}"], "country": ["HU"]}
    assert "nguyen" not in str(entry.detail)


def test_exporting_writes_one_audit_entry_with_the_records(
    client, registry_officer, member_record, private_record
):
    client.force_login(registry_officer)
    response = client.post(reverse("registry_export"), {"member": [member_record.pk]})
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8-sig")
    assert member_record.full_name in content
    assert private_record.full_name not in content
    [entry] = audit_entries("export")
    assert entry.detail == {"count": 1}
    assert [s.member_id for s in entry.subjects.all()] == [member_record.pk]


def test_verifying_writes_one_audit_entry(client, registry_officer, member_record):
    client.force_login(registry_officer)
    client.post(reverse("registry_member_verify", args=[member_record.pk]), {"method": "call"})
    member_record.refresh_from_db()
    assert member_record.verified_by == registry_officer
    assert member_record.verification_method == "call"
    assert len(audit_entries("verify")) == 1


def test_merging_keeps_history_and_writes_one_audit_entry(client, registry_officer, member_record):
    duplicate = make_member(
        "Nguyen Thi Hong Nhung",
        birth_year=1990,
        occupation="Kế toán",
        consents=("registry", "newsletter"),
    )
    client.force_login(registry_officer)
    response = client.get(reverse("registry_duplicates"))
    assert duplicate.full_name in response.content.decode()
    versions = {"kept_version": member_record.version, "merged_version": duplicate.version}
    client.post(reverse("registry_merge", args=[member_record.pk, duplicate.pk]), versions)
    assert not Member.objects.filter(pk=duplicate.pk).exists()
    member_record.refresh_from_db()
    assert member_record.occupation == "Kế toán"
    # A merge never moves a consent (issue 13): the other record's decisions stay in the history.
    assert not member_record.has_consented("newsletter")
    assert not Consent.objects.filter(member=member_record, purpose__slug="newsletter").exists()
    merge = MergeRecord.objects.get(member=member_record)
    assert merge.merged_member_id == duplicate.pk
    assert merge.snapshot["full_name"] == "Nguyen Thi Hong Nhung"
    assert {c["purpose"] for c in merge.snapshot["consent_history"]} == {"registry", "newsletter"}
    [entry] = audit_entries("merge")
    assert entry.detail == {"merged": duplicate.pk, "from_merged": ["occupation"]}


def test_deleting_erases_the_record_and_writes_one_audit_entry(
    client, administrator, private_record
):
    client.force_login(administrator)
    pk = private_record.pk
    client.post(reverse("registry_member_delete", args=[pk]))
    assert not Member.objects.filter(pk=pk).exists()
    assert not Consent.objects.filter(member_id=pk).exists()
    [entry] = audit_entries("delete")
    assert entry.member_id == pk
    assert "Trần" not in str(entry.detail)


def test_an_officer_edit_is_audited_with_field_names_only(client, registry_officer, member_record):
    client.force_login(registry_officer)
    url = reverse("registry_member_edit", args=[member_record.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "full_name": "Nguyễn Thị Hồng Nhung",
            "occupation": "Bác sĩ",
            "version": member_record.version,
            "interests": [],
            "associations": [],
            "languages": [],
            "phone": "+36201234567",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    member_record.refresh_from_db()
    assert member_record.occupation == "Bác sĩ"
    [entry] = audit_entries("edit")
    assert "occupation" in entry.detail["fields"]
    assert "Bác sĩ" not in str(entry.detail)


def test_an_officer_and_the_member_editing_at_once_do_not_overwrite_each_other(
    client, registry_officer, member_record
):
    officer_version = member_record.version
    # The member saves first, from their own profile.
    member_client = client.__class__()
    member_client.force_login(member_record.user)
    response = member_client.post(
        "/vi/profile/step/work/", {"occupation": "Kỹ sư", "version": member_record.version}
    )
    assert response.status_code == 302
    client.force_login(registry_officer)
    response = client.post(
        reverse("registry_member_edit", args=[member_record.pk]),
        {
            "full_name": member_record.full_name,
            "occupation": "Giáo viên",
            "preferred_language": "vi",
            "version": officer_version,
        },
    )
    assert response.status_code == 200
    assert (
        "Nothing was saved" in response.content.decode()
        or "Chưa có gì" in response.content.decode()
    )
    member_record.refresh_from_db()
    assert member_record.occupation == "Kỹ sư"
    assert not audit_entries("edit")


def test_the_audit_log_cannot_be_changed(registry_officer):
    from registry import services

    entry = services.audit(registry_officer, "view", 1)
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_administrators_read_the_audit_log(client, administrator, registry_officer, member_record):
    from registry import services

    services.audit(registry_officer, "view", member_record.pk)
    client.force_login(administrator)
    page = client.get(reverse("registry_audit")).content.decode()
    assert registry_officer.email in page
