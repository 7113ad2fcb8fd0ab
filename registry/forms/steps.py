"""The member's profile, one form per sign-up step, reused when the member edits a section.

The hometown and city pickers work without JavaScript: the member types, presses "Find", and
picks from the matches listed under the field; with JavaScript the same list fills in while
typing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from config.params import KeysField, whole_number
from registry import gazetteer
from registry.forms.base import (
    LanguagesForm,
    PickedChoiceField,
    ProfileStepForm,
    mark_invalid,
    with_vietnamese,
)
from registry.hometowns import HometownMatch, search_hometowns
from registry.languages import language_name
from registry.models import Association, Interest, LegacyCommune, Member, Sector, Ward
from registry.text import nfc


def birth_year_range() -> tuple[int, int]:
    """Members are at least 14; nobody born before 1900 signs up."""
    return 1900, timezone.now().year - 14


class AboutForm(ProfileStepForm):
    record_fields = (
        ("full_name",),
        ("other_names",),
        ("birth_year",),
        ("gender",),
        ("phone",),
        ("messaging",),
        ("preferred_language",),
    )

    class Meta:
        model = Member
        fields = [
            "full_name",
            "other_names",
            "birth_year",
            "gender",
            "phone",
            "messaging",
            "preferred_language",
        ]
        help_texts = {
            "full_name": with_vietnamese(
                _("As written in Vietnamese, with its diacritics: %(example)s."),
                example="Nguyễn Thị Hồng Nhung",
            ),
        }
        error_messages = {"full_name": {"required": _("Please enter your full name.")}}

    # A plain number field: the model's "positive" rule would otherwise speak of "0" first.
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    phone = PhoneNumberField(
        label=_("Phone number"),
        required=False,
        help_text=_("With the country code: +81 90 1234 5678."),
        error_messages={
            "invalid": _("Enter a phone number with its country code, like +81 90 1234 5678.")
        },
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["gender"].choices = [("", _("Prefer not to say")), *Member.Gender.choices]
        self.fields["preferred_language"].choices = site_language_choices()
        first, last = birth_year_range()
        message = _("Enter a year between %(first)s and %(last)s, like 1985.") % {
            "first": first,
            "last": last,
        }
        self.fields["birth_year"].error_messages["invalid"] = message
        self.birth_year_message = message

    @classmethod
    def is_complete(cls, member: Member) -> bool:
        return len(member.full_name.strip()) >= 2

    def clean_full_name(self) -> str:
        name = " ".join(nfc(self.cleaned_data["full_name"]).split())
        if len(name) < 2:
            raise forms.ValidationError(_("Please enter your full name."))
        return name

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        first, last = birth_year_range()
        if year is not None and not first <= year <= last:
            raise forms.ValidationError(self.birth_year_message)
        return year


def site_language_choices() -> list[tuple[str, str]]:
    """The site's languages, named in the page's language ("Tiếng Anh", "English")."""
    return [(code, language_name(code)) for code, _name in settings.LANGUAGES]


class HometownForm(ProfileStepForm):
    """Pick a current ward, or a pre-2025 commune (its successor ward is stored with it)."""

    query = forms.CharField(
        label=_("Your commune or ward"),
        required=False,
        max_length=100,
        help_text=with_vietnamese(
            _("Old or new name, with or without diacritics: %(examples)s."),
            examples="Thạch Đài, thach dai, Hà Huy Tập",
        ),
    )
    choice = PickedChoiceField(label=_("Matches"), required=False, widget=forms.RadioSelect)

    record_fields = (("hometown_ward", "hometown_legacy"), ("hometown_village",))
    answered_elsewhere = frozenset({"query", "choice"})

    class Meta:
        model = Member
        fields = ["hometown_village"]
        help_texts = {
            "hometown_village": with_vietnamese(
                _("Your village or neighbourhood (%(kinds)s), as you say it."),
                kinds="thôn, xóm, tổ dân phố",
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matches: list[HometownMatch] = []
        self.more_matches = 0  # found beyond those listed
        if self.is_bound:
            query = self.data.get(self.add_prefix("query"), "")
        else:
            # An initial query: the list filled in while typing (views.hometown_options).
            query = self.initial.get("query", "")
        if query:
            found = search_hometowns(query, settings.PROVINCE_CODE)
            self.matches, self.more_matches = found.matches, found.more
        choices = [(match_value(m), m.label) for m in self.matches]
        current = self.current_choice()
        if current and current[0] not in dict(choices):
            choices.insert(0, current)
        self.fields["choice"].choices = choices
        if current:
            self.fields["choice"].initial = current[0]

    @classmethod
    def is_complete(cls, member: Member) -> bool:
        return member.hometown_ward_id is not None

    @property
    def lists_old_names(self) -> bool:
        """Whether a pre-2025 commune is among the matches (shown "old → today's ward")."""
        return any(match.legacy_commune is not None for match in self.matches)

    def error_anchor(self, name: str) -> str:
        if name == "choice":
            return "id_choice_0" if self.fields["choice"].choices else "id_query"
        return super().error_anchor(name)

    def current_choice(self) -> tuple[str, str] | None:
        member = self.instance
        if member.hometown_ward_id is None:
            return None
        match = HometownMatch(member.hometown_ward, member.hometown_legacy)  # type: ignore[arg-type]
        return match_value(match), match.label

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("choice") or ""
        kind, _sep, pk = choice.partition(":")
        province = settings.PROVINCE_CODE
        number = whole_number(pk)
        if kind == "ward" and number is not None:
            ward = Ward.objects.filter(pk=number, province_code=province).first()
            self.ward, self.legacy = ward, None
        elif kind == "commune" and number is not None:
            legacy = (
                LegacyCommune.objects.filter(pk=number, ward__province_code=province)
                .select_related("ward")
                .first()
            )
            self.ward, self.legacy = (legacy.ward if legacy else None), legacy
        else:
            self.ward, self.legacy = None, None
        if self.ward is None:
            message = (
                _("Choose your hometown from the list.")
                if self.matches
                else _("Type the name of your commune or ward, then choose it from the list.")
            )
            self.add_error("choice", message)
            mark_invalid(self.fields["query"], "id_choice_error id_query_helptext")
        return data

    def save(self, commit: bool = True) -> Member:
        self.instance.hometown_ward = self.ward
        self.instance.hometown_legacy = self.legacy
        return super().save(commit)


def match_value(match: HometownMatch) -> str:
    if match.legacy_commune is not None:
        return f"commune:{match.legacy_commune.pk}"
    return f"ward:{match.ward.pk}"


class ResidenceForm(ProfileStepForm):
    """Country, then a city from the offline gazetteer (for coordinates) or typed freely."""

    # Built at each rendering, in the page's language; nothing chosen in advance.
    country = forms.ChoiceField(
        label=_("Country where you live"),
        choices=lambda: [("", _("Choose a country")), *gazetteer.country_choices()],
        error_messages={"required": _("Choose the country where you live.")},
        widget=forms.Select(attrs={"data-refreshes-picker": ""}),
    )
    city_query = forms.CharField(label=_("City"), required=False, max_length=100)
    city = PickedChoiceField(label=_("Matches"), required=False, widget=forms.RadioSelect)
    not_listed = forms.BooleanField(
        label=_("My city is not in the list: keep the name as I typed it"), required=False
    )

    record_fields = (("country", "city_name", "city_geonameid", "latitude", "longitude"),)
    answered_elsewhere = frozenset({"city_query", "city", "not_listed"})

    class Meta:
        model = Member
        fields = ["country"]

    @classmethod
    def is_complete(cls, member: Member) -> bool:
        return bool(member.country) and bool(member.city_name)

    def error_anchor(self, name: str) -> str:
        if name == "city":
            return "id_city_0" if self.fields["city"].choices else "id_city_query"
        return super().error_anchor(name)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cities: list[gazetteer.City] = []
        self.more_matches = 0  # found beyond those listed
        member = self.instance
        if self.is_bound:
            country = self.data.get(self.add_prefix("country"), "")
            query = self.data.get(self.add_prefix("city_query"), "")
        else:
            # An initial query: the list filled in while typing (views.city_options).
            country = str(self.initial.get("country") or "")
            query = self.initial.get("city_query", "")
            self.fields["city_query"].initial = member.city_name
        self.needs_country = bool(query.strip()) and not country
        if country and query:
            found = gazetteer.search_cities(country, query)
            self.cities, self.more_matches = found.cities, found.more
        choices = [(str(c.geonameid), city_label(c)) for c in self.cities]
        if member.city_geonameid and str(member.city_geonameid) not in dict(choices):
            current = gazetteer.city_by_id(member.city_geonameid)
            if current is not None:
                choices.insert(0, (str(current.geonameid), city_label(current)))
                self.fields["city"].initial = str(current.geonameid)
        self.fields["city"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.chosen_city: gazetteer.City | None = None
        if data.get("city"):
            number = whole_number(data["city"])
            city = gazetteer.city_by_id(number) if number is not None else None
            if city is None or city.country != data.get("country"):
                self.add_error("city", _("Choose a city of the country you chose."))
            self.chosen_city = city
        elif not (data.get("not_listed") and nfc(data.get("city_query", "")).strip()):
            self.add_error(
                "city",
                _("Choose your city from the list, or tick the box to keep the name you typed."),
            )
        if "city" in self.errors:
            mark_invalid(self.fields["city_query"], "id_city_error")
        return data

    def save(self, commit: bool = True) -> Member:
        member = self.instance
        city = self.chosen_city
        if city is not None:
            member.city_name = city.name
            member.city_geonameid = city.geonameid
            member.latitude, member.longitude = city.latitude, city.longitude
        else:
            member.city_name = nfc(self.cleaned_data["city_query"]).strip()
            member.city_geonameid = None
            member.latitude = member.longitude = None
        return super().save(commit)


def city_label(city: gazetteer.City) -> str:
    return gazetteer.city_label(city)


class WorkForm(LanguagesForm, ProfileStepForm):
    languages_label = _("Languages you speak")

    record_fields = (
        ("occupation",),
        ("sector",),
        ("skills",),
        ("organisation",),
        ("languages",),
    )

    class Meta:
        model = Member
        fields = ["occupation", "sector", "skills", "organisation"]
        widgets = {"skills": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "skills": _("What you know and can do, in a few words (up to 1,000 characters)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(is_active=True)
        self.fields["sector"].empty_label = _("Choose a sector")


class InterestsForm(ProfileStepForm):
    record_fields = (("interests",), ("associations",))

    class Meta:
        model = Member
        fields = ["interests", "associations"]
        field_classes = {"interests": KeysField, "associations": KeysField}
        widgets = {
            "interests": forms.CheckboxSelectMultiple,
            "associations": forms.CheckboxSelectMultiple,
        }
        help_texts = {"associations": _("Associations of people from the province you belong to.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interests"].queryset = Interest.objects.filter(is_active=True)
        # Only associations that agreed to be public, and those the person already belongs to
        # (which saving must not drop).
        own = self.instance.associations.all() if self.instance.pk else Association.objects.none()
        self.fields["associations"].queryset = Association.objects.filter(
            Q(listed_publicly=True) | Q(pk__in=own.values("pk"))
        ).order_by("country", "name")
        self.fields["associations"].label_from_instance = lambda a: f"{a.name} ({a.country.name})"
        if not self.fields["associations"].queryset.exists():
            # Nothing to choose from: no question at all rather than a heading over nothing.
            del self.fields["associations"]
