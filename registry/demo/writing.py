"""Writing synthetic members in batches, with COPY on PostgreSQL (100,000 members with their links
in about half a minute) and `bulk_create` elsewhere.

Neither runs `Member.save()` nor the consent service: the generator has derived what save()
derives (`Member.derived`); the consent decisions and the current consents the service would
have written are written here, the same way, and `members_changed` is sent for each batch.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models import F
from psycopg import sql

from registry.models import Consent, ConsentPurpose, ConsentText, Member
from registry.signals import members_changed


@dataclass
class Draft:
    """A member not yet written, with the links that can only be written once it has a key.

    Field values rather than a `Member`: COPY needs no model instance, and building 100,000 of
    them would cost a good part of the run.
    """

    values: dict[str, Any]  # by attname, as bulk_create would write them
    interests: list[int]
    languages: list[str]  # codes
    purposes: list[str]
    consented_at: datetime.datetime
    key: int | None = None


CONSENT_FIELDS = ["member", "purpose", "text", "granted", "channel", "recorded_at", "covers"]
# Values psycopg writes as they are; anything else goes through the field's own conversion.
_PLAIN_TYPES = (str, int, float, bool, datetime.datetime)


@transaction.atomic
def write_batch(drafts: list[Draft], texts: dict[str, ConsentText], batch_size: int) -> None:
    """Write one batch: the members, then their interests, languages, consents and consented
    purposes."""
    if connection.vendor == "postgresql":
        _copy_members(drafts)
    else:
        _bulk_create_members(drafts, batch_size)
    interests = [(d.key, interest_id) for d in drafts for interest_id in d.interests]
    languages = [(d.key, code) for d in drafts for code in d.languages]
    purposes = [(d.key, texts[slug].purpose_id) for d in drafts for slug in d.purposes]
    consents = [
        (d.key, texts[slug].purpose_id, texts[slug].pk, True, Consent.Channel.WEB.value,
         d.consented_at,
         d.values["contacts_covered"] if slug == ConsentPurpose.STAFF_CONTACT else {})
        for d in drafts
        for slug in d.purposes
    ]  # fmt: skip
    interest_link = Member.interests.through
    language_link = Member.languages.through
    purpose_link = Member.consented_purposes.through
    if connection.vendor == "postgresql":
        _copy(interest_link, ["member", "interest"], interests)
        _copy(language_link, ["member", "language"], languages)
        _copy(purpose_link, ["member", "consentpurpose"], purposes)
        _copy(Consent, CONSENT_FIELDS, consents)
    else:
        _bulk_create(interest_link, ["member", "interest"], interests, batch_size)
        _bulk_create(language_link, ["member", "language"], languages, batch_size)
        _bulk_create(purpose_link, ["member", "consentpurpose"], purposes, batch_size)
        _bulk_create(Consent, CONSENT_FIELDS, consents, batch_size)
    # No post_save for bulk writes: tell whoever copies member data (the search index).
    members_changed.send(Member, pks=[d.key for d in drafts])


def _bulk_create_members(drafts: list[Draft], batch_size: int) -> None:
    """The portable way (SQLite): the ORM's bulk insert, then the date it overwrote."""
    people = Member.objects.bulk_create(
        [Member(**draft.values) for draft in drafts], batch_size=batch_size
    )
    for draft, person in zip(drafts, people, strict=True):
        draft.key = person.pk
    # bulk_create stamps `updated_at` (auto_now) with the current time; the record was last
    # touched when it was last confirmed. One statement per batch: the batch's keys are
    # consecutive, since SQLite lets one transaction write at a time.
    Member.objects.filter(
        source=Member.Source.GENERATED, pk__gte=people[0].pk, pk__lte=people[-1].pk
    ).update(updated_at=F("last_confirmed_at"))


def _bulk_create(
    model: type[models.Model], names: list[str], rows: list[tuple[Any, ...]], batch_size: int
) -> None:
    attnames = [field.attname for field in _fields(model, names)]
    objects = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
    model._default_manager.bulk_create(objects, batch_size=batch_size)


def _copy_members(drafts: list[Draft]) -> None:
    """PostgreSQL: COPY, several times faster than INSERT for 100,000 rows.

    Keys are taken from the table's sequence first, so that the links can point at them. Every
    concrete field is written, with its default where the generator sets none, so a field added
    to Member later needs no change here.
    """
    table = Member._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, Member._meta.pk.column, len(drafts)],
        )
        keys = [row[0] for row in cursor.fetchall()]
    fields = Member._meta.concrete_fields
    defaults = {field.attname: field.get_default() for field in fields}
    rows = []
    for draft, key in zip(drafts, keys, strict=True):
        draft.key = key
        values = {**defaults, **draft.values, Member._meta.pk.attname: key}
        rows.append(tuple(values[field.attname] for field in fields))
    _copy(Member, [field.name for field in fields], rows)


def _copy(model: type[models.Model], names: list[str], rows: list[tuple[Any, ...]]) -> None:
    """COPY `rows` of `names`; every other column gets its field's default, as an INSERT through
    the ORM would (COPY knows only the database's defaults, and Django sets none)."""
    fields = _fields(model, names)
    others = [
        field
        for field in model._meta.concrete_fields
        if field not in fields and not field.primary_key
    ]
    defaults = [field.get_default() for field in others]
    prepared = [
        [
            value
            if value is None or type(value) in _PLAIN_TYPES
            else field.get_db_prep_save(value, connection)
            for field, value in zip([*fields, *others], [*row, *defaults], strict=True)
        ]
        for row in rows
    ]
    columns = [field.column for field in [*fields, *others]]
    _copy_columns(model._meta.db_table, columns, prepared)


def _fields(model: type[models.Model], names: list[str]) -> list[models.Field[Any, Any]]:
    by_name = {field.name: field for field in model._meta.concrete_fields}
    return [by_name[name] for name in names]


def _copy_columns(table: str, columns: list[str], rows: Sequence[Sequence[Any]]) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
