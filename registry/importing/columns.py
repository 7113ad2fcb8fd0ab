"""A list's columns: the headers associations write, and the record's field each value goes to."""

from __future__ import annotations

from typing import Any

from django.db import models

from registry.member_fields import import_columns
from registry.models import Member

# Folded header (without anything in brackets) → field. Vietnamese and English, as written.
HEADERS = {
    "ho va ten": "full_name",
    "ho ten": "full_name",
    "ho va ten day du": "full_name",
    "ho ten day du": "full_name",
    "full name": "full_name",
    "name": "full_name",
    # Two name columns are joined in Vietnamese order, family name first ("Nguyễn" + "Văn An").
    "ho": "family_name",
    "ho dem": "family_name",
    "ho va dem": "family_name",
    "ho va ten dem": "family_name",
    "surname": "family_name",
    "last name": "family_name",
    "family name": "family_name",
    "ten": "given_name",  # the whole name when there is no family-name column
    "first name": "given_name",
    "given name": "given_name",
    "given names": "given_name",
    "ten khac": "other_names",
    "other names": "other_names",
    "nam sinh": "birth_year",
    "ngay sinh": "birth_year",
    "ngay thang nam sinh": "birth_year",
    "birth year": "birth_year",
    "year of birth": "birth_year",
    "date of birth": "birth_year",
    "birth date": "birth_year",
    "gioi tinh": "gender",
    "gender": "gender",
    "sex": "gender",
    "que quan": "hometown",
    "que": "hometown",
    "hometown": "hometown",
    "thon/xom": "village",
    "thon xom": "village",
    "thon": "village",
    "xom": "village",
    "village": "village",
    "quoc gia": "country",
    "nuoc": "country",
    "nuoc cu tru": "country",
    "quoc gia cu tru": "country",
    "country": "country",
    "country of residence": "country",
    "thanh pho": "city",
    "city": "city",
    "email": "email",
    "e-mail": "email",
    "e mail": "email",
    "dien thoai": "phone",
    "so dien thoai": "phone",
    "sdt": "phone",
    "so dt": "phone",
    "phone": "phone",
    "telephone": "phone",
    "mobile": "phone",
    "nghe nghiep": "occupation",
    "occupation": "occupation",
    "don vi": "organisation",
    "co quan": "organisation",
    "noi lam viec": "organisation",
    "organisation": "organisation",
    "organization": "organisation",
    "company": "organisation",
}


# A row's value → the record's field it is written to, from the member fields' one definition
# (registry/member_fields.py). Each value is checked against that field's own length
# (`Member._meta`), so a column widened by a migration is read here too.
COLUMNS = import_columns()


def member_field(name: str) -> models.Field[Any, Any]:
    found = Member._meta.get_field(name)
    assert isinstance(found, models.Field)  # noqa: S101 - a column, never a relation's reverse
    return found
