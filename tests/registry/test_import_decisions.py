"""Importing a list, decided: shared contacts and changes, undo, the registry's boundary, lengths
and expiry (issue 13)."""

import json
import re

import pytest
from django.urls import reverse

from registry.importing.results import results_of
from registry.models import (
    AuditEntry,
    ImportBatch,
    Member,
)
from registry.services.records import save_member
from registry.services.snapshots import member_snapshot
from tests.conftest import make_member
from tests.registry.conftest import (
    MESSY_CSV,
    SHARED_ROWS,
    choose,
    hometown,
    inputs,
    row_html,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hanh():
    """Imported earlier from another list, without a country or city."""
    return make_member(
        "Võ Thị Hạnh",
        birth_year=1995,
        hometown_ward=hometown("Thạch Đài")[0],
        country="",
        city_name="",
        source=Member.Source.IMPORT,
        consents=(),
    )


@pytest.fixture
def tam():
    """Signed up himself: Szeged is what he told us."""
    return make_member(
        "Lê Văn Tám", birth_year=1970, hometown_ward=hometown("Thạch Đài")[0], city_name="Szeged"
    )


def test_the_messy_file_with_shared_contacts_and_new_data_is_decided_committed_and_undone(
    client, english_officer, association, existing, hanh, tam, member_record
):
    """Acceptance 3 of issue 13. Nhung (who agreed to staff contact) has the phone number row 2
    gives Nguyễn Văn Hùng; Bình (who did not) has the phone row 10 gives Phạm Thị Thu."""
    client.force_login(english_officer)
    response = upload(client, "hoi.csv", (MESSY_CSV + SHARED_ROWS).encode(), association)
    url = response["Location"]
    batch = ImportBatch.objects.get()
    before = {m.pk: member_snapshot(m) for m in (existing, hanh, tam, member_record)}
    page = client.get(url).content.decode()

    # What the list says, as the registry will store it.
    hung = row_html(page, 2)
    assert "+36 20 123 4567" in hung  # the normalised phone
    assert "Xã Thạch Đài" in hung and "Phường Hà Huy Tập" in hung  # the ward it resolved to
    assert "Hungary" in hung and "Budapest" in hung
    # Row 2 shares a phone with Nhung, whose contacts the officer may see: named, to decide.
    assert "Nguyễn Thị Hồng Nhung" in hung
    assert "Decide" in hung
    # Row 9 shares row 2's email: a different person, perhaps; the officer decides.
    assert "row 2" in row_html(page, 9) and "Decide" in row_html(page, 9)
    # Row 10 has the phone of a record whose contacts the officer may not see: not named.
    thu = row_html(page, 10)
    assert "may not see" in thu and "Hoàng Văn Bình" not in thu
    assert reverse("registry_member", args=[existing.pk]) not in thu
    assert "Decide" in thu
    # Rows matched by name show what the list would change, old and new, to accept or not.
    assert "Pécs" in row_html(page, 8)
    assert "Szeged" in row_html(page, 11) and "Budapest" in row_html(page, 11)
    assert "binh.existing@example.org" not in page and "+36309998877" not in page

    # Committing before deciding imports nothing and names the rows to decide.
    response = choose(client, url)
    assert response.status_code == 302
    assert not Member.objects.filter(full_name="Đặng Thu Hà").exists()
    assert re.search(r"\b2, 9,? and 10\b|\b2, 9, 10\b", client.get(url).content.decode())

    response = choose(client, url, {2: "new", 9: "new", 10: "new"}, accept={8: ["residence"]})
    assert response.status_code == 302
    imported = Member.objects.filter(source=Member.Source.IMPORT).exclude(pk=hanh.pk)
    assert sorted(m.full_name for m in imported) == sorted(
        ["Nguyễn Văn Hùng", "Trần Thị Lan", "Đặng Thu Hà", "Phạm Thị Thu"]
    )
    assert imported.get(full_name="Đặng Thu Hà").email == "hung@example.org"
    assert imported.get(full_name="Nguyễn Văn Hùng").email == "hung@example.org"
    assert str(imported.get(full_name="Phạm Thị Thu").phone) == "+36309998877"
    hanh.refresh_from_db()
    assert (hanh.country.code, hanh.city_name) == ("HU", "Pécs") and hanh.latitude is not None
    tam.refresh_from_db()
    assert tam.city_name == "Szeged"  # not accepted: his own answer stays
    for record in (existing, tam, member_record):
        record.refresh_from_db()
        assert member_snapshot(record) == {
            **before[record.pk],
            "associations": sorted([association.name] if record.pk != member_record.pk else []),
        }

    # After the commit: the records created and updated, each a link to its profile.
    result = client.get(url).content.decode()
    for created in imported:
        assert reverse("registry_member", args=[created.pk]) in result
    assert reverse("registry_member", args=[hanh.pk]) in result
    assert "Undo" in result
    batch.refresh_from_db()
    assert sorted(batch.changes["created"]) == sorted(m.pk for m in imported)
    assert set(batch.changes["updated"]) == {str(hanh.pk)}

    # Undo: created records deleted, updated ones as before, links to the association removed.
    undo = reverse("registry_import_undo", args=[batch.pk])
    assert "4" in client.get(undo).content.decode()
    assert client.post(undo).status_code == 302
    assert not Member.objects.filter(pk__in=[m.pk for m in imported]).exists()
    for record in (existing, hanh, tam, member_record):
        record.refresh_from_db()
        assert member_snapshot(record) == before[record.pk]
    batch.refresh_from_db()
    assert batch.undone_at is not None
    assert client.post(undo).status_code == 302  # twice: nothing more happens
    assert AuditEntry.objects.filter(action="import", detail__step="undo").count() == 1


def test_only_the_changes_the_officer_accepts_are_written(client, registry_officer, hanh):
    client.force_login(registry_officer)
    text = "Họ và tên;Năm sinh;Quê quán;Quốc gia;Thành phố;Nghề nghiệp;Đơn vị\n"
    text += "Võ Thị Hạnh;1995;Thạch Đài;Hungary;Pécs;Kỹ sư;Công ty Bánh Mì\n"
    url = upload(client, "l.csv", text.encode())["Location"]
    form = inputs(client.get(url).content.decode())
    # The hometown too: the list names the commune before 2025, the record only today's ward.
    assert {v.split(":")[1] for v in form.offered["accept-2"]} == {
        "hometown",
        "residence",
        "occupation",
        "organisation",
    }
    choose(client, url, accept={2: ["occupation"]})
    hanh.refresh_from_db()
    assert (hanh.occupation, hanh.organisation, hanh.city_name) == ("Kỹ sư", "", "")


def test_taking_a_lists_phone_over_one_the_person_shares_says_what_it_does(
    client, registry_officer, member_record
):
    client.force_login(registry_officer)
    ward = member_record.hometown_ward.name
    text = f"Họ và tên;Năm sinh;Quê quán;Điện thoại\n{member_record.full_name};1990;{ward};"
    text += "+36 30 999 0000\n"
    url = upload(client, "l.csv", text.encode())["Location"]
    row = row_html(client.get(url).content.decode(), 2)
    assert "+36 30 999 0000" in row
    assert "cán bộ sẽ không thấy thông tin mới" in row
    form = inputs(row)
    assert [v for v in form.offered["accept-2"] if v.endswith(":phone")]
    assert not [v for _name, v in form.sent if v.endswith(":phone")]  # not ticked for her


def test_a_change_is_not_written_over_an_edit_made_after_the_officer_looked(
    client, registry_officer, hanh
):
    client.force_login(registry_officer)
    text = "Họ và tên;Năm sinh;Quê quán;Nghề nghiệp\nVõ Thị Hạnh;1995;Thạch Đài;Kỹ sư\n"
    url = upload(client, "l.csv", text.encode())["Location"]
    opened = client.get(url).content.decode()
    hanh.occupation = "Bác sĩ"  # she filled it in herself while the page was open
    save_member(hanh, expected_version=hanh.version, actor=None)
    # Reopened, the page shows her answer, and nothing ticked over it.
    row = row_html(client.get(url).content.decode(), 2)
    assert "Bác sĩ" in row and not [
        name for name, value in inputs(row).sent if value.endswith(":occupation")
    ]
    # The page opened before her change cannot write over it.
    choose(client, url, accept={2: ["occupation"]}, page=opened)
    hanh.refresh_from_db()
    assert hanh.occupation == "Bác sĩ"
    result = client.get(url).content.decode()
    assert "đã bị sửa sau khi bạn xem" in result
    assert reverse("registry_member", args=[hanh.pk]) in result


def test_a_match_by_a_contact_the_officer_may_not_see_names_nobody(
    client, english_officer, association, private_record
):
    """Trần Văn Bình refused staff contact: a list with his email or phone under another name
    must not tell the officer whose they are, nor change his record."""
    client.force_login(english_officer)
    text = "Họ và tên;Năm sinh;Email;Điện thoại\n"
    text += "Ngô Thị Khách;1960;bob@example.org;\nNgô Văn Lạ;1961;;+81 3 1234 5678\n"
    url = upload(client, "l.csv", text.encode(), association)["Location"]
    before = member_snapshot(private_record)
    page = client.get(url).content.decode()
    for row in (2, 3):
        assert "may not see" in row_html(page, row)
    assert private_record.full_name not in page
    assert reverse("registry_member", args=[private_record.pk]) not in page
    assert "Osaka" not in page and "1978" not in page
    assert "+81312345678" not in page and "bob@example.org" not in page  # not even echoed

    choose(client, url, {2: "same", 3: "new"})
    private_record.refresh_from_db()
    assert member_snapshot(private_record) == before  # no association, no data
    assert list(
        Member.objects.filter(source=Member.Source.IMPORT).values_list("full_name", flat=True)
    ) == ["Ngô Văn Lạ"]
    result = client.get(url).content.decode()
    assert private_record.full_name not in result
    assert reverse("registry_member", args=[private_record.pk]) not in result


@pytest.mark.parametrize(
    ("email", "phone"),
    [("bob@example.org", "+81312345678"), ("other@example.org", "+81 3 9999 0000")],
)
def test_a_named_match_never_tells_whether_a_contact_it_hides_differs(
    client, english_officer, private_record, email, phone
):
    client.force_login(english_officer)
    ward = private_record.hometown_ward.name
    text = "Họ và tên;Năm sinh;Quê quán;Email;Điện thoại\n"
    text += f"Trần Văn Bình;1978;{ward};{email};{phone}\n"
    url = upload(client, "l.csv", text.encode())["Location"]
    row = row_html(client.get(url).content.decode(), 2)
    assert "Already in the registry" in row and "not used" in row
    offered = inputs(row).offered.get("accept-2", [])
    assert not [v for v in offered if v.endswith((":email", ":phone"))]
    # Beyond the row's own values (the officer's file), nothing of his contacts, the same words
    # whether the list's match his or not.
    verdict = re.sub(r'<dl class="import-row__facts">.*?</dl>', "", row, flags=re.DOTALL)
    assert "bob@example.org" not in verdict and "+81" not in verdict and "1234" not in verdict
    assert "other@example.org" not in verdict and "9999" not in verdict


def test_sign_ups_that_never_reached_the_registry_are_not_matched(client, english_officer, member):
    unfinished = Member.objects.create(
        full_name="Lê Văn Chưa Xong", user=member, birth_year=1980, email="alice@example.org"
    )
    client.force_login(english_officer)
    text = "Họ và tên;Năm sinh;Email\nLê Văn Chưa Xong;1980;alice@example.org\n"
    url = upload(client, "l.csv", text.encode())["Location"]
    assert results_of(ImportBatch.objects.get())[0].matches == []
    page = client.get(url).content.decode()
    assert "Already in the registry" not in page and "may not see" not in page
    choose(client, url)
    assert Member.objects.filter(full_name="Lê Văn Chưa Xong").count() == 2
    unfinished.refresh_from_db()
    assert unfinished.source == Member.Source.SIGN_UP and unfinished.profile_completed_at is None


def test_every_step_of_an_import_is_audited_without_personal_values(
    client, registry_officer, association, existing
):
    client.force_login(registry_officer)
    text = "Họ và tên;Năm sinh;Quê quán;Email;Điện thoại;Đơn vị\n"
    text += "Hoàng Văn Bình;1979;Hà Huy Tập;binh.existing@example.org;;Nhà hàng Phở Bình\n"
    text += "Lý Thị Quyên;1999;Thạch Đài;quyen@example.org;+36 70 555 1234;\n"

    def steps() -> list[str]:
        return list(
            AuditEntry.objects.filter(action="import")
            .order_by("pk")
            .values_list("detail__step", flat=True)
        )

    url = upload(client, "Danh sách Lý Thị Quyên.csv", text.encode(), association)["Location"]
    assert steps() == ["upload"]
    upload_entry = AuditEntry.objects.get(detail__step="upload")
    assert existing.pk in {s.member_id for s in upload_entry.subjects.all()}  # the match
    client.get(url)
    assert steps() == ["upload", "preview"]
    client.post(url, {"discard": "1"})
    assert steps() == ["upload", "preview", "discard"]

    url = upload(client, "Danh sách Lý Thị Quyên.csv", text.encode(), association)["Location"]
    choose(client, url)
    batch = ImportBatch.objects.get()
    client.post(reverse("registry_import_undo", args=[batch.pk]))
    assert steps()[-2:] == ["commit", "undo"]
    assert all(e.actor == registry_officer for e in AuditEntry.objects.filter(action="import"))
    # No name, email, phone or file name anywhere in the audit.
    everything = json.dumps(list(AuditEntry.objects.values_list("detail", flat=True)))
    everything = everything.encode().decode("unicode_escape")
    for personal in (
        "Hoàng Văn Bình",
        "Lý Thị Quyên",
        "binh.existing@example.org",
        "quyen@example.org",
        "+36705551234",
        "70 555 1234",
        "Phở Bình",
        "Danh sách",
    ):
        assert personal not in everything


# Columns of a list and the record's fields they are written to: each value is checked against
# the field's own limit, read from the model.


def test_undo_is_refused_while_a_record_it_touched_has_changed_since(client, english_officer, hanh):
    client.force_login(english_officer)
    text = "Họ và tên;Năm sinh;Quê quán;Nghề nghiệp\n"
    text += "Võ Thị Hạnh;1995;Thạch Đài;Kỹ sư\nMai Văn Mới;1990;Thạch Đài;Thợ mộc\n"
    url = upload(client, "l.csv", text.encode())["Location"]
    choose(client, url, accept={2: ["occupation"]})
    new = Member.objects.get(full_name="Mai Văn Mới")
    new.occupation = "Thợ điện"  # an officer corrected the new record
    save_member(new, expected_version=new.version, actor=english_officer, staff=True)
    batch = ImportBatch.objects.get()
    undo = reverse("registry_import_undo", args=[batch.pk])
    page = client.get(undo).content.decode()
    assert "Mai Văn Mới" in page and "changed since" in page
    client.post(undo)
    batch.refresh_from_db()
    hanh.refresh_from_db()
    assert batch.undone_at is None
    assert Member.objects.filter(pk=new.pk).exists() and hanh.occupation == "Kỹ sư"
    assert not AuditEntry.objects.filter(detail__step="undo").exists()
