"""A member's answers as words, step by step: what "Check your answers" shows before finishing.

Every value is written for people in the page's language (names of countries, languages and
purposes, never codes); an optional question left blank says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from registry.languages import language_name, language_names
from registry.models import Association, ConsentPurpose, Member

StrOrPromise = str | Promise
NOT_GIVEN = _("Not given")


@dataclass(frozen=True)
class Answer:
    question: StrOrPromise
    answer: str
    lang: str = ""  # the answer's language when it is a Vietnamese place name, say


@dataclass(frozen=True)
class Section:
    step: str
    title: StrOrPromise
    answers: list[Answer]


def _or_not_given(value: object) -> str:
    text = str(value or "").strip()
    return text or str(NOT_GIVEN)


def sections(member: Member) -> list[Section]:
    hometown = member.hometown_label
    if member.hometown_village:
        hometown = f"{hometown} · {member.hometown_village}"
    city = ", ".join(part for part in (member.city_name, str(member.country.name or "")) if part)
    agreed = {purpose.pk for purpose in member.consented_purposes.all()}
    return [
        Section(
            "about",
            _("About you"),
            [
                Answer(_("Full name"), member.full_name),
                Answer(_("Other names"), _or_not_given(member.other_names)),
                Answer(_("Year of birth"), _or_not_given(member.birth_year)),
                Answer(_("Gender"), _or_not_given(member.get_gender_display())),
                Answer(
                    _("Phone number"),
                    _or_not_given(member.phone.as_international if member.phone else ""),
                ),
                Answer(_("Messaging apps"), _or_not_given(member.messaging)),
                Answer(_("Language for messages"), language_name(member.preferred_language)),
            ],
        ),
        Section("hometown", _("Hometown"), [Answer(_("Hometown"), hometown, lang="vi")]),
        Section("residence", _("Where you live"), [Answer(_("Lives in"), city)]),
        Section(
            "work",
            _("Work and skills"),
            [
                Answer(_("Occupation"), _or_not_given(member.occupation)),
                Answer(_("Sector"), _or_not_given(member.sector)),
                Answer(_("Skills and expertise"), _or_not_given(member.skills)),
                Answer(_("Organisation or business"), _or_not_given(member.organisation)),
                Answer(
                    _("Languages you speak"),
                    _or_not_given(language_names(member.language_codes())),
                ),
            ],
        ),
        Section(
            "interests",
            _("Interests"),
            [
                Answer(
                    _("Interests"),
                    _or_not_given(", ".join(str(i) for i in member.interests.all())),
                ),
                *(
                    [
                        Answer(
                            _("Associations"),
                            _or_not_given(", ".join(str(a) for a in member.associations.all())),
                        )
                    ]
                    if Association.objects.exists()  # else the step did not ask
                    else []
                ),
            ],
        ),
        Section(
            "consents",
            _("Consents"),
            [
                Answer(
                    purpose.name,
                    str(_("Yes, I agree") if purpose.pk in agreed else _("No")),
                )
                for purpose in ConsentPurpose.objects.all()
            ],
        ),
    ]
