"""Merging two records of one person (issue 13, finding 1): the officer sees every field of both,
chooses each, the person's own data first; a merge never creates or moves a consent, so it can
never make contact details visible that the person did not agree to show; every value either
record held stays in the merge history. Also the duplicates list and the merged-away address."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from accounts.models import User
from registry.models import AuditEntry, Consent, Member, MergeRecord
from registry.services.merges import merge_members
from tests.conftest import make_member, make_user, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _officer_reads_english(registry_officer):
    """The admin in English for these tests (its Vietnamese is checked in the browser test)."""
    profile = UserProfile.get_for_user(registry_officer)
    profile.preferred_language = "en"
    profile.save()


class FormInputs(HTMLParser):
    """What a browser would send with the merge page's form as it opens: hidden inputs and the
    radio buttons checked."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.in_form = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form" and attributes.get("method") == "post":
            self.in_form = True
        if not self.in_form or tag != "input" or "name" not in attributes:
            return
        kind = attributes.get("type", "text")
        if kind in ("radio", "checkbox") and "checked" not in attributes:
            return
        if kind == "submit":
            return
        self.data.setdefault(attributes["name"], []).append(attributes.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False


def merge_page(client, keep: Member, other: Member) -> str:
    response = client.get(reverse("registry_merge", args=[keep.pk, other.pk]))
    assert response.status_code == 200
    return response.content.decode()


def merge(client, keep: Member, other: Member, **choices: str):
    """Open the merge page and send its form with the choices it offers (changed by `choices`)."""
    inputs = FormInputs()
    inputs.feed(merge_page(client, keep, other))
    data = {**inputs.data, **{name: [value] for name, value in choices.items()}}
    data.pop("csrfmiddlewaretoken", None)
    return client.post(reverse("registry_merge", args=[keep.pk, other.pk]), data)


def staff_page(client, member: Member) -> str:
    return client.get(reverse("registry_member", args=[member.pk])).content.decode()


def exported(client, member: Member) -> str:
    response = client.post(reverse("registry_export"), {"member": [member.pk]})
    return response.content.decode("utf-8-sig")


def own_download(client, user: User) -> dict:
    client.force_login(user)
    return json.loads(client.get(reverse("registry:download_json")).content)


def visible_forms(phone: str) -> list[str]:
    """A phone number as stored and as people write it (+36 30 111 2222)."""
    from phonenumber_field.phonenumber import PhoneNumber

    number = PhoneNumber.from_string(phone)
    return [phone, number.as_international, number.as_national]


# --- Scenario 1: a sign-up record (own contacts, consent) and an association's list -------------


@pytest.fixture
def imported(member_record):
    """The same person as `member_record`, imported from an association's list with the
    association's idea of her email and phone, and no consent at all."""
    return make_member(
        "Nguyen Thi Hong Nhung",
        source=Member.Source.IMPORT,
        consents=(),
        birth_year=1990,
        email="hoi.hungary@example.org",
        phone="+36301112222",
        occupation="Kế toán",
    )


def test_merging_the_sign_up_into_the_imported_record_shows_no_contact_it_was_not_given_for(
    client, registry_officer, member_record, imported
):
    """The direction of the report: the imported record kept, the sign-up merged into it."""
    person = member_record.user
    client.force_login(registry_officer)
    assert merge(client, imported, member_record).status_code == 302
    imported.refresh_from_db()
    # The person's own contact details are the default; the association's are in the history.
    assert imported.email == "alice@example.org"
    assert str(imported.phone) == "+36201234567"
    history = MergeRecord.objects.get(member=imported)
    assert history.kept_before["email"] == "hoi.hungary@example.org"
    assert history.kept_before["phone"] == "+36301112222"
    # The kept record had no consent: it has none now, and staff see no contact at all.
    assert not Consent.objects.filter(member=imported).exists()
    assert not imported.consented_purposes.exists()
    secrets = ["alice@example.org", "hoi.hungary@example.org"]
    secrets += visible_forms("+36201234567") + visible_forms("+36301112222")
    page, csv_file = staff_page(client, imported), exported(client, imported)
    assert "Nguyễn Thị Hồng Nhung" in page and "Nguyễn Thị Hồng Nhung" in csv_file
    for secret in secrets:
        assert secret not in page
        assert secret not in csv_file
    # The person's own download (their login came with them) shows no decision they never took.
    data = own_download(client, person)
    assert data["id"] == imported.pk
    assert data["consents"] == []
    assert data["consent_history"] == []
    # What her record held before, the list's email among it, is in her download too.
    [merged] = data["merged_records"]
    assert merged["this_record_before"]["email"] == "hoi.hungary@example.org"
    assert merged["choices"]["email"] == "merged"


def test_keeping_the_sign_up_record_keeps_its_consent_on_its_own_contacts(
    client, registry_officer, member_record, imported
):
    """The direction the duplicates list suggests: the person's own record kept."""
    decisions = list(member_record.consents.values_list("pk", flat=True))
    client.force_login(registry_officer)
    assert merge(client, member_record, imported).status_code == 302
    member_record.refresh_from_db()
    assert member_record.email == "alice@example.org"
    assert member_record.occupation == "Kế toán"  # a blank filled from the list
    assert list(member_record.consents.values_list("pk", flat=True)) == decisions
    assert member_record.contacts_covered == {"email": "alice@example.org", "phone": "+36201234567"}
    page, csv_file = staff_page(client, member_record), exported(client, member_record)
    assert "alice@example.org" in page and "alice@example.org" in csv_file
    assert "+36 20 123 4567" in page
    assert any(shown in csv_file for shown in visible_forms("+36201234567"))
    for secret in ["hoi.hungary@example.org", *visible_forms("+36301112222")]:
        assert secret not in page
        assert secret not in csv_file


def test_choosing_the_lists_phone_does_not_show_it_to_staff(
    client, registry_officer, member_record, imported
):
    """The consent covers the phone it was given for, not whatever phone the record holds."""
    client.force_login(registry_officer)
    merge(client, member_record, imported, phone="merged")
    member_record.refresh_from_db()
    assert str(member_record.phone) == "+36301112222"
    page, csv_file = staff_page(client, member_record), exported(client, member_record)
    assert "alice@example.org" in page  # still the one she agreed to show
    for secret in visible_forms("+36301112222"):
        assert secret not in page
        assert secret not in csv_file


# --- Scenario 2: a record with a staff-contact consent into one that refused ---------------------


def test_merging_a_consenting_record_into_one_that_refused_creates_no_consent(
    client, registry_officer, private_record
):
    """A throwaway sign-up (agreeing to staff contact) merged into a member who refused."""
    throwaway_login = make_user("throwaway@example.org")
    throwaway = make_member(
        "Tran Van Binh",
        user=throwaway_login,
        email="throwaway@example.org",
        phone="+81398765432",
        messaging="Zalo 0901234567",
        birth_year=1978,
        country="JP",
        city_name="Osaka",
        consents=("registry", "staff-contact"),
    )
    private_record.messaging = "Viber binh.tran"
    private_record.save()
    decisions = list(private_record.consents.values_list("pk", "granted"))
    client.force_login(registry_officer)
    assert merge(client, private_record, throwaway).status_code == 302
    private_record.refresh_from_db()
    assert list(private_record.consents.values_list("pk", "granted")) == decisions
    assert sorted(p.slug for p in private_record.consented_purposes.all()) == ["registry"]
    assert private_record.contacts_covered == {}
    secrets = ["bob@example.org", "throwaway@example.org", "Viber binh.tran", "Zalo 0901234567"]
    secrets += visible_forms("+81312345678") + visible_forms("+81398765432")
    page, csv_file = staff_page(client, private_record), exported(client, private_record)
    assert "Trần Văn Bình" in page and "Trần Văn Bình" in csv_file
    for secret in secrets:
        assert secret not in page
        assert secret not in csv_file
    data = own_download(client, private_record.user)
    assert data["consents"] == ["registry"]
    assert [(c["purpose"], c["granted"]) for c in data["consent_history"]] == [("registry", True)]
    # The throwaway record's decisions are in the merge history, as that record's.
    [merged] = data["merged_records"]
    assert {c["purpose"] for c in merged["record"]["consent_history"]} == {
        "registry",
        "staff-contact",
    }
    # Both had a login: the kept record's stays; the other is deleted, with its address.
    assert private_record.user.email == "bob@example.org"
    assert not User.objects.filter(pk=throwaway_login.pk).exists()


def test_when_both_records_have_a_login_the_officer_chooses_and_the_other_is_deleted(
    client, registry_officer, member_record, private_record
):
    """Two logins, one record: the one chosen opens the kept record; the other, an address with
    no record left, is deleted (tests/security/test_findings.py: and signed out)."""
    kept_login, other_login = private_record.user, member_record.user
    client.force_login(registry_officer)
    page = merge_page(client, private_record, member_record)
    assert "alice@example.org, never used" in page and "bob@example.org, never used" in page
    merge(client, private_record, member_record, login="merged")
    private_record.refresh_from_db()
    assert private_record.user == other_login
    assert not User.objects.filter(pk=kept_login.pk).exists()
    history = MergeRecord.objects.get(member=private_record)
    assert history.kept_before["account"] == kept_login.pk
    assert history.snapshot["account"] == other_login.pk
    assert history.choices["login"] == "merged"


# --- The compare page ------------------------------------------------------------------------


def test_the_compare_page_shows_every_field_of_both_records_to_the_merging_officer(
    client, registry_officer, member_record, imported
):
    client.force_login(registry_officer)
    page = merge_page(client, member_record, imported)
    for value in [
        "Nguyễn Thị Hồng Nhung",
        "Nguyen Thi Hong Nhung",
        "alice@example.org",
        "hoi.hungary@example.org",  # no consent: shown to the officer merging, to choose
        "+36 30 111 2222",
        "Kế toán",
        "Signed up on the site",
        "Imported from a list",
    ]:
        assert value in page, value
    # Which contact details staff will see after the merge, and why.
    assert "Shown to staff after the merge" in page
    assert "Hidden from staff after the merge" in page


def test_the_compare_page_is_audited_as_a_view_of_both_records(
    client, registry_officer, member_record, imported
):
    client.force_login(registry_officer)
    merge_page(client, member_record, imported)
    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW)
    assert {s.member_id for s in entry.subjects.all()} == {member_record.pk, imported.pk}
    assert "hoi.hungary" not in json.dumps(entry.detail)


def test_the_compare_page_suggests_keeping_the_persons_own_record(
    client, registry_officer, member_record, imported
):
    client.force_login(registry_officer)
    page = merge_page(client, imported, member_record)
    assert reverse("registry_merge", args=[member_record.pk, imported.pk]) in page
    assert f"Record #{member_record.pk} is the person's own record" in page
    assert f"the consents of record #{member_record.pk} are not carried over" in page


def test_each_field_is_chosen_and_every_discarded_value_stays_in_the_history(
    client, registry_officer, member_record, imported
):
    member_record.occupation = "Kỹ sư"
    member_record.save()
    client.force_login(registry_officer)
    merge(client, member_record, imported, occupation="merged", full_name="kept")
    member_record.refresh_from_db()
    assert member_record.occupation == "Kế toán"
    assert member_record.full_name == "Nguyễn Thị Hồng Nhung"
    history = MergeRecord.objects.get(member=member_record)
    assert history.choices["occupation"] == "merged"
    assert history.choices["email"] == "kept"
    assert history.kept_before["occupation"] == "Kỹ sư"
    assert history.snapshot["email"] == "hoi.hungary@example.org"
    assert history.snapshot["phone"] == "+36301112222"
    assert history.snapshot["source"] == "import"


def test_the_merge_is_audited_naming_both_records(
    client, registry_officer, member_record, imported
):
    client.force_login(registry_officer)
    merge(client, member_record, imported, occupation="merged")
    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.MERGE)
    assert entry.member_id == member_record.pk
    assert {s.member_id for s in entry.subjects.all()} == {member_record.pk, imported.pk}
    assert entry.detail["merged"] == imported.pk
    assert "occupation" in entry.detail["from_merged"]
    text = json.dumps(entry.detail, ensure_ascii=False)
    assert "Kế toán" not in text and "hoi.hungary" not in text


def test_a_merge_sent_twice_merges_once(client, registry_officer, member_record, imported):
    client.force_login(registry_officer)
    first = merge(client, member_record, imported)
    again = client.post(reverse("registry_merge", args=[member_record.pk, imported.pk]), {})
    assert first.status_code == again.status_code == 302
    assert again["Location"] == reverse("registry_member", args=[member_record.pk])
    assert MergeRecord.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.MERGE).count() == 1


def test_a_record_changed_since_the_page_was_opened_is_not_merged(
    client, registry_officer, member_record, imported
):
    client.force_login(registry_officer)
    inputs = FormInputs()
    inputs.feed(merge_page(client, member_record, imported))
    Member.objects.filter(pk=imported.pk).update(version=imported.version + 1, occupation="Thợ may")
    url = reverse("registry_merge", args=[member_record.pk, imported.pk])
    response = client.post(url, {**inputs.data, "occupation": "kept"})
    assert response.status_code == 200
    assert Member.objects.filter(pk=imported.pk).exists()
    page = response.content.decode()
    assert "changed one of these records" in page and "Thợ may" in page
    # Shown as they are now, with the officer's own choice kept; sent again, it merges.
    again = FormInputs()
    again.feed(page)
    assert again.data["occupation"] == ["kept"]
    assert client.post(url, again.data).status_code == 302
    assert not Member.objects.filter(pk=imported.pk).exists()


def test_records_outside_the_registry_cannot_be_merged(client, registry_officer, member_record):
    unfinished = Member.objects.create(full_name="Nguyễn Thị Hồng Nhung", birth_year=1990)
    client.force_login(registry_officer)
    url = reverse("registry_merge", args=[member_record.pk, unfinished.pk])
    assert client.get(url, follow=True).status_code == 404
    assert client.post(url, follow=True).status_code == 404


# --- The merged-away record's address ---------------------------------------------------------


def test_a_merged_away_record_leads_to_the_kept_one_through_every_merge(
    client, registry_officer, member_record, imported
):
    third = make_member("Nguyễn Hồng Nhung", birth_year=1990, source=Member.Source.STAFF)
    gone = [third.pk, imported.pk]
    merge_members(imported, third, actor=registry_officer)
    merge_members(member_record, imported, actor=registry_officer)
    client.force_login(registry_officer)
    for pk in gone:
        for name in ("registry_member", "registry_member_edit"):  # the edit form's bookmark too
            response = client.get(reverse(name, args=[pk]), follow=True)
            kept = reverse("registry_member", args=[member_record.pk])
            assert response.redirect_chain[-1][0] == kept
            assert f"Record #{pk} was merged into this record on" in response.content.decode()
    assert client.get(reverse("registry_member", args=[999999]), follow=True).status_code == 404


# --- The duplicates list -----------------------------------------------------------------------


def test_the_duplicates_list_pairs_only_records_in_the_registry(
    client, registry_officer, member_record
):
    Member.objects.create(full_name="Nguyễn Thị Hồng Nhung", birth_year=1990, email="x@example.org")
    Member.objects.create(
        full_name="Nguyễn Thị Hồng Nhung",
        birth_year=1990,
        hometown_ward=member_record.hometown_ward,
        email=member_record.email,
        phone=member_record.phone,
    )
    client.force_login(registry_officer)
    page = client.get(reverse("registry_duplicates")).content.decode()
    assert "No probable duplicates." in page


def test_the_duplicates_list_tells_the_two_records_apart(
    client, registry_officer, member_record, imported, private_record
):
    client.force_login(registry_officer)
    page = client.get(reverse("registry_duplicates")).content.decode()
    for fact in [
        f"#{member_record.pk}",
        f"#{imported.pk}",
        "Signed up on the site",
        "Imported from a list",
        "Budapest",
        "Has a login",
        "Email",
    ]:
        assert fact in page, fact
    # Whether a record has contact details, never their values.
    for secret in ["alice@example.org", "hoi.hungary@example.org", "+36 30 111 2222"]:
        assert secret not in page
    # The person's own record is the one the merge link keeps.
    assert reverse("registry_merge", args=[member_record.pk, imported.pk]) in page
    assert private_record.full_name not in page


def test_the_duplicates_list_costs_the_same_queries_for_2_and_40_pairs(client, registry_officer):
    def pair(n: int) -> None:
        for source in (Member.Source.SIGN_UP, Member.Source.IMPORT):
            make_member(f"Lê Văn {n}", birth_year=1970 + n, source=source, consents=())

    client.force_login(registry_officer)
    for n in range(2):
        pair(n)
    few = queries_for(client, reverse("registry_duplicates"))
    for n in range(2, 40):
        pair(n)
    assert queries_for(client, reverse("registry_duplicates")) == few
