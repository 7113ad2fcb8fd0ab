"""Each field of a member's record as staff see it, said once: its label, the model columns that
move together, whether it is a contact detail, and what each screen that lists members needs of
it (the merge page's choice, the staff form's fields, the spreadsheet's columns, the import's
column map).

The merge page (`registry.merging`), the officer's edit form (`registry.forms.staff`), the
export (`registry.exports`) and the import read their lists from here, so a field added to the
record is added in one place and reaches all of them, or deliberately none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.timezone import localtime
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from registry.languages import language_name
from registry.models import Member


@dataclass(frozen=True)
class Column:
    """One column of the members' spreadsheet (`registry.exports`)."""

    label: Any  # lazy text
    value: Callable[[Member], str | int | None]
    contact: str = ""  # the contact detail it shows: only where the member's consent covers it
    width: int = 18  # characters, in Excel
    optional: bool = False  # not among the columns offered ticked


@dataclass(frozen=True)
class MemberField:
    """One field of the record: the columns that move together (a hometown is its ward, its
    pre-2025 commune and its village), how a record's value reads, how two records compare."""

    key: str
    label: Promise
    columns: tuple[str, ...] = ()
    show: Callable[[Member], str] | None = None
    # The columns that say whether two records differ (a city's coordinates follow its name).
    compared: tuple[str, ...] = ()
    many: bool = False  # a list (languages, interests…): either record's, or both combined
    contact: bool = False  # shown to staff only where the member's consent covers it
    own: bool = True  # False: not the person's data (the department's verification)
    # The model fields an officer edits on the staff form (by default the columns' fields).
    edited: tuple[str, ...] | None = None
    # The spreadsheet's columns showing this field, by key (`EXPORT_ORDER` orders them).
    exported: Mapping[str, Column] = field(default_factory=dict)
    # An import file's columns written to this field: (column key, model field).
    imported: tuple[tuple[str, str], ...] = ()

    def value(self, member: Member) -> Any:
        if self.many:
            return frozenset(item.pk for item in getattr(member, self.key).all())
        return tuple(_raw(member, column) for column in self.compared or self.columns)

    def is_empty(self, member: Member) -> bool:
        value = self.value(member)
        return not value if self.many else all(part in (None, "") for part in value)

    def text(self, member: Member) -> str:
        if self.many:
            return ", ".join(str(item) for item in getattr(member, self.key).all())
        if self.show is not None:
            return self.show(member)
        return str(getattr(member, self.columns[0]) or "")

    @property
    def form_fields(self) -> tuple[str, ...]:
        """The model fields the staff form shows for this field."""
        if self.edited is not None:
            return self.edited
        if self.many:
            return (self.key,)
        return tuple(Member._meta.get_field(column).name for column in self.columns)


def _raw(member: Member, column: str) -> Any:
    value = getattr(member, column)
    return value if value is None or isinstance(value, int | float) else str(value)


def _joined(items: Iterable[Any]) -> str:
    return ", ".join(str(item) for item in items)


def _hometown(member: Member) -> str:
    village = f" · {member.hometown_village}" if member.hometown_village else ""
    return f"{member.hometown_label}{village}" if member.hometown_ward_id or village else ""


def _residence(member: Member) -> str:
    country = str(member.country.name) if member.country else ""
    return ", ".join(part for part in (member.city_name, country) if part)


def _verification(member: Member) -> str:
    if member.verified_at is None:
        return _("Not verified")
    return _("Verified on %(date)s (%(how)s)") % {
        "date": date_format(localtime(member.verified_at), "DATE_FORMAT"),
        "how": member.get_verification_method_display() or "—",
    }


def _phone(member: Member) -> str:
    return member.phone.as_international if member.phone else ""


def _field(key: str, label: Promise, **options: Any) -> MemberField:
    options.setdefault("columns", (key,))
    return MemberField(key, label, **options)


# In the order the merge page and the staff form show them.
FIELDS: tuple[MemberField, ...] = (
    _field(
        "full_name",
        gettext_lazy("Full name"),
        exported={"full_name": Column(gettext_lazy("Full name"), lambda m: m.full_name, width=26)},
        imported=(("full_name", "full_name"),),
    ),
    _field(
        "other_names",
        gettext_lazy("Other names"),
        exported={
            "other_names": Column(
                gettext_lazy("Other names"), lambda m: m.other_names, optional=True
            )
        },
        imported=(("other_names", "other_names"),),
    ),
    _field(
        "birth_year",
        gettext_lazy("Year of birth"),
        exported={
            "birth_year": Column(gettext_lazy("Year of birth"), lambda m: m.birth_year, width=9)
        },
    ),
    _field(
        "gender",
        gettext_lazy("Gender"),
        show=lambda m: str(m.get_gender_display()),
        exported={
            "gender": Column(
                gettext_lazy("Gender"), lambda m: m.get_gender_display(), optional=True, width=9
            )
        },
    ),
    _field(
        "hometown",
        gettext_lazy("Hometown"),
        columns=("hometown_ward_id", "hometown_legacy_id", "hometown_village"),
        show=_hometown,
        exported={
            "hometown": Column(gettext_lazy("Hometown"), lambda m: m.hometown_label, width=30)
        },
        imported=(("village", "hometown_village"),),
    ),
    _field(
        "residence",
        gettext_lazy("Lives in"),
        columns=("country", "city_name", "city_geonameid", "latitude", "longitude"),
        compared=("country", "city_name"),
        show=_residence,
        edited=("country", "city_name"),
        exported={
            "country": Column(
                gettext_lazy("Country"), lambda m: str(m.country.name) if m.country else ""
            ),
            "city": Column(gettext_lazy("City"), lambda m: m.city_name),
        },
        imported=(("city", "city_name"),),
    ),
    _field(
        "email",
        gettext_lazy("Email"),
        contact=True,
        exported={
            "email": Column(gettext_lazy("Email"), lambda m: m.email, contact="email", width=26)
        },
        imported=(("email", "email"),),
    ),
    _field(
        "phone",
        gettext_lazy("Phone"),
        contact=True,
        show=_phone,
        exported={"phone": Column(gettext_lazy("Phone"), _phone, contact="phone")},
    ),
    _field(
        "messaging",
        gettext_lazy("Messaging apps"),
        contact=True,
        exported={
            "messaging": Column(
                gettext_lazy("Messaging apps"), lambda m: m.messaging, contact="messaging"
            )
        },
    ),
    _field(
        "occupation",
        gettext_lazy("Occupation"),
        exported={
            "occupation": Column(gettext_lazy("Occupation"), lambda m: m.occupation, width=24)
        },
        imported=(("occupation", "occupation"),),
    ),
    _field(
        "sector",
        gettext_lazy("Sector"),
        columns=("sector_id",),
        show=lambda m: str(m.sector or ""),
        exported={
            "sector": Column(
                gettext_lazy("Sector"), lambda m: str(m.sector) if m.sector_id and m.sector else ""
            )
        },
    ),
    _field(
        "skills",
        gettext_lazy("Skills and expertise"),
        exported={
            "skills": Column(gettext_lazy("Skills"), lambda m: m.skills, optional=True, width=30)
        },
    ),
    _field(
        "organisation",
        gettext_lazy("Organisation or business"),
        exported={
            "organisation": Column(gettext_lazy("Organisation"), lambda m: m.organisation, width=24)
        },
        imported=(("organisation", "organisation"),),
    ),
    _field(
        "languages",
        gettext_lazy("Languages"),
        columns=(),
        many=True,
        edited=(),  # the staff form's own list of languages (`forms.base.LanguagesForm`)
        exported={
            "languages": Column(
                gettext_lazy("Languages"), lambda m: _joined(m.languages.all()), width=24
            )
        },
    ),
    _field(
        "interests",
        gettext_lazy("Interests"),
        columns=(),
        many=True,
        exported={
            "interests": Column(
                gettext_lazy("Interests"), lambda m: _joined(m.interests.all()), width=24
            )
        },
    ),
    _field(
        "associations",
        gettext_lazy("Associations"),
        columns=(),
        many=True,
        exported={
            "associations": Column(
                gettext_lazy("Associations"),
                lambda m: _joined(m.associations.all()),
                optional=True,
                width=24,
            )
        },
    ),
    _field(
        "preferred_language",
        gettext_lazy("Language for messages"),
        show=lambda m: language_name(m.preferred_language),
    ),
    _field(
        "verification",
        gettext_lazy("Verification"),
        columns=("verified_at", "verified_by_id", "verification_method"),
        show=_verification,
        own=False,
        edited=(),
        exported={
            "verified": Column(
                gettext_lazy("Verified"),
                lambda m: gettext("yes") if m.is_verified else gettext("no"),
            )
        },
    ),
)
BY_KEY = {member_field.key: member_field for member_field in FIELDS}

# The record's number: a column of the spreadsheet, no field of the record.
NUMBER = Column(gettext_lazy("Number"), lambda m: m.pk, width=9)

# The spreadsheet's column order: who and where, what they do, then the contact details last.
EXPORT_ORDER = (
    "number",
    "full_name",
    "other_names",
    "birth_year",
    "gender",
    "hometown",
    "country",
    "city",
    "sector",
    "occupation",
    "organisation",
    "skills",
    "interests",
    "languages",
    "associations",
    "verified",
    "email",
    "phone",
    "messaging",
)


def export_columns() -> dict[str, Column]:
    """The spreadsheet's columns by key, in `EXPORT_ORDER`."""
    columns = {"number": NUMBER}
    for member_field in FIELDS:
        columns.update(member_field.exported)
    return {key: columns[key] for key in EXPORT_ORDER}


def staff_form_fields() -> list[str]:
    """The model fields an officer edits, in the order the form shows them."""
    return [name for member_field in FIELDS for name in member_field.form_fields]


def import_columns() -> dict[str, str]:
    """An import file's value → the record's field it is written to."""
    return dict(pair for member_field in FIELDS for pair in member_field.imported)


def contact_fields() -> tuple[str, ...]:
    """The contact details, which staff see only where the member's consent covers them."""
    return tuple(member_field.key for member_field in FIELDS if member_field.contact)
