"""The member's fields are said once (`registry.member_fields`): the merge page, the officer's
form, the spreadsheet's columns, the snapshots and the import read their lists from there, and
each list is what it was when they were written by hand."""

import pytest
from django.utils import translation

from registry import exports, merging
from registry.forms.staff import StaffMemberForm
from registry.forms.steps import WorkForm
from registry.importing.columns import COLUMNS
from registry.languages import LANGUAGE_CHOICES
from registry.member_fields import (
    FIELDS,
    contact_fields,
    export_columns,
    import_columns,
    staff_form_fields,
)
from registry.models import Member
from registry.services import snapshots


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def test_the_import_writes_the_fields_it_listed_by_hand():
    """The import's column map, once written out in the import, now derived: the same."""
    listed = {
        "full_name": "full_name",
        "other_names": "other_names",
        "village": "hometown_village",
        "city": "city_name",
        "email": "email",
        "occupation": "occupation",
        "organisation": "organisation",
    }
    assert list(import_columns().items()) == list(listed.items())
    assert COLUMNS == listed


def test_the_officer_edits_the_fields_the_form_listed_by_hand():
    listed = [
        "full_name",
        "other_names",
        "birth_year",
        "gender",
        "hometown_ward",
        "hometown_legacy",
        "hometown_village",
        "country",
        "city_name",
        "email",
        "phone",
        "messaging",
        "occupation",
        "sector",
        "skills",
        "organisation",
        "interests",
        "associations",
        "preferred_language",
    ]
    assert staff_form_fields() == listed
    assert list(StaffMemberForm.base_fields) == [*listed, "version", "languages"]


def test_the_spreadsheet_keeps_its_columns_labels_and_widths():
    expected = {
        "number": ("Number", 9, False),
        "full_name": ("Full name", 26, False),
        "other_names": ("Other names", 18, True),
        "birth_year": ("Year of birth", 9, False),
        "gender": ("Gender", 9, True),
        "hometown": ("Hometown", 30, False),
        "country": ("Country", 18, False),
        "city": ("City", 18, False),
        "sector": ("Sector", 18, False),
        "occupation": ("Occupation", 24, False),
        "organisation": ("Organisation", 24, False),
        "skills": ("Skills", 30, True),
        "interests": ("Interests", 24, False),
        "languages": ("Languages", 24, False),
        "associations": ("Associations", 24, True),
        "verified": ("Verified", 18, False),
        "email": ("Email", 26, False),
        "phone": ("Phone", 18, False),
        "messaging": ("Messaging apps", 18, False),
    }
    columns = export_columns()
    assert exports.COLUMNS == columns
    assert {
        key: (str(column.label), column.width, column.optional) for key, column in columns.items()
    } == expected
    assert list(columns) == list(expected)
    assert {key: c.contact for key, c in columns.items() if c.contact} == {
        name: name for name in Member.CONTACT_FIELDS
    }


def test_the_merge_page_compares_every_field_in_its_order():
    assert merging.FIELDS is FIELDS
    assert [(f.key, str(f.label)) for f in FIELDS] == [
        ("full_name", "Full name"),
        ("other_names", "Other names"),
        ("birth_year", "Year of birth"),
        ("gender", "Gender"),
        ("hometown", "Hometown"),
        ("residence", "Lives in"),
        ("email", "Email"),
        ("phone", "Phone"),
        ("messaging", "Messaging apps"),
        ("occupation", "Occupation"),
        ("sector", "Sector"),
        ("skills", "Skills and expertise"),
        ("organisation", "Organisation or business"),
        ("languages", "Languages"),
        ("interests", "Interests"),
        ("associations", "Associations"),
        ("preferred_language", "Language for messages"),
        ("verification", "Verification"),
    ]


def test_the_contact_details_are_the_records_own():
    assert contact_fields() == Member.CONTACT_FIELDS


def test_a_snapshot_copies_the_columns_it_listed_by_hand():
    listed = [
        "other_names",
        "birth_year",
        "gender",
        "hometown_ward",
        "hometown_legacy",
        "hometown_village",
        "country",
        "city_name",
        "city_geonameid",
        "latitude",
        "longitude",
        "email",
        "phone",
        "messaging",
        "occupation",
        "sector",
        "skills",
        "organisation",
        "verified_at",
        "verified_by",
        "verification_method",
        "last_confirmed_at",
        "profile_completed_at",
    ]
    attnames = [f.attname for f in Member._meta.concrete_fields if f.name in listed]
    assert snapshots.MERGE_ATTNAMES == attnames


def choices(field: object) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in field.choices]  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_the_languages_field_is_declared_once_for_members_and_officers():
    work, staff = WorkForm.base_fields["languages"], StaffMemberForm.base_fields["languages"]
    assert type(work) is type(staff)
    listed = [(code, str(name)) for code, name in LANGUAGE_CHOICES]
    assert choices(work) == choices(staff) == listed  # the list's order and names
    assert str(WorkForm(instance=Member()).fields["languages"].label) == "Languages you speak"
    form = StaffMemberForm(instance=Member(), show_contact=frozenset())
    assert str(form.fields["languages"].label) == "Languages"
