"""The member's profile, one form per sign-up step, reused when the member edits a section.

Every form carries the record's `version`: a save succeeds only if nobody saved the record in
between (`registry.services.save_member`). The hometown and city pickers work without
JavaScript: the member types, presses "Find", and picks from the matches listed under the field;
with JavaScript the same list fills in while typing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from registry import gazetteer
from registry.hometowns import HometownMatch, search_hometowns
from registry.models import (
    Association,
    ConsentPurpose,
    Interest,
    LegacyCommune,
    Member,
    Sector,
    Ward,
)
from registry.text import nfc

# Languages members commonly speak, named in their own language (no translation needed).
SPOKEN_LANGUAGES = [
    "vi", "en", "ja", "ko", "zh-hans", "zh-hant", "de", "fr", "ru", "cs", "pl", "hu", "sk",
    "th", "ms", "uk", "es", "it", "nl", "sv",
]  # fmt: skip
LANGUAGE_CHOICES = [(code, LANG_INFO[code]["name_local"]) for code in SPOKEN_LANGUAGES]


class PickedChoiceField(forms.ChoiceField):
    """A choice from a list built while typing: the list shown may differ from the one rebuilt on
    submission, so the form's `clean()` checks the value against the database instead."""

    def valid_value(self, value: Any) -> bool:
        return True


class VersionedForm(forms.ModelForm):
    """A model form that remembers which version of the record it was opened on."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    @property
    def expected_version(self) -> int:
        return self.cleaned_data.get("version") or self.instance.version


class AboutForm(VersionedForm):
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
            "full_name": _("As written in Vietnamese, with its diacritics: Nguyễn Thị Hồng Nhung."),
        }
        widgets = {"birth_year": forms.NumberInput(attrs={"inputmode": "numeric"})}

    phone = PhoneNumberField(
        label=_("phone"),
        required=False,
        help_text=_("With the country code: +81 90 1234 5678."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["gender"].choices = [("", _("Prefer not to say")), *Member.Gender.choices]

    def clean_full_name(self) -> str:
        name = " ".join(nfc(self.cleaned_data["full_name"]).split())
        if len(name) < 2:
            raise forms.ValidationError(_("Please enter your full name."))
        return name

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.now().year
        if year is not None and not 1900 <= year <= this_year - 14:
            raise forms.ValidationError(
                _("Please enter a year between 1900 and %(last)s.") % {"last": this_year - 14}
            )
        return year


class HometownForm(VersionedForm):
    """Pick a current ward, or a pre-2025 commune (its successor ward is stored with it)."""

    query = forms.CharField(
        label=_("Your commune or ward"),
        required=False,
        max_length=100,
        help_text=_(
            "Old or new name, with or without diacritics: Thạch Đài, thach dai, Hà Huy Tập."
        ),
    )
    choice = PickedChoiceField(label=_("Matches"), required=False, widget=forms.RadioSelect)

    class Meta:
        model = Member
        fields = ["hometown_village"]
        help_texts = {"hometown_village": _("Optional: thôn, xóm, tổ dân phố…")}

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
        if kind == "ward" and pk.isdigit():
            ward = Ward.objects.filter(pk=pk, province_code=province).first()
            self.ward, self.legacy = ward, None
        elif kind == "commune" and pk.isdigit():
            legacy = (
                LegacyCommune.objects.filter(pk=pk, ward__province_code=province)
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
        return data

    def save(self, commit: bool = True) -> Member:
        self.instance.hometown_ward = self.ward
        self.instance.hometown_legacy = self.legacy
        return super().save(commit)


def match_value(match: HometownMatch) -> str:
    if match.legacy_commune is not None:
        return f"commune:{match.legacy_commune.pk}"
    return f"ward:{match.ward.pk}"


class ResidenceForm(VersionedForm):
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

    class Meta:
        model = Member
        fields = ["country"]

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
            city = gazetteer.city_by_id(int(data["city"])) if data["city"].isdigit() else None
            if city is None or city.country != data.get("country"):
                self.add_error("city", _("Choose a city of the country you chose."))
            self.chosen_city = city
        elif not (data.get("not_listed") and nfc(data.get("city_query", "")).strip()):
            self.add_error(
                "city",
                _("Choose your city from the list, or tick the box to keep the name you typed."),
            )
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


class WorkForm(VersionedForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Member
        fields = ["occupation", "sector", "skills", "organisation"]
        widgets = {"skills": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(is_active=True)
        self.fields["languages"].initial = self.instance.languages.split()

    def save(self, commit: bool = True) -> Member:
        self.instance.languages = " ".join(self.cleaned_data["languages"])
        return super().save(commit)


class InterestsForm(VersionedForm):
    class Meta:
        model = Member
        fields = ["interests", "associations"]
        widgets = {
            "interests": forms.CheckboxSelectMultiple,
            "associations": forms.CheckboxSelectMultiple,
        }
        help_texts = {"associations": _("Associations of people from the province you belong to.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interests"].queryset = Interest.objects.filter(is_active=True)
        self.fields["associations"].queryset = Association.objects.order_by("country", "name")
        self.fields["associations"].label_from_instance = lambda a: f"{a.name} ({a.country.name})"


class ConsentsForm(forms.Form):
    """One box per purpose, never ticked in advance; only the registry itself is required."""

    def __init__(self, *args: Any, current: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        purposes = ConsentPurpose.objects.prefetch_related("texts")
        self.purposes = list(purposes)
        for purpose in self.purposes:
            text = purpose.current_text
            self.fields[purpose.slug] = forms.BooleanField(
                label=purpose.name,
                help_text=text.text if text else "",
                required=purpose.required,
                initial=purpose.slug in (current or set()),
                error_messages={
                    "required": _("The registry can only keep your record with this agreement.")
                },
            )

    def decisions(self) -> dict[str, bool]:
        return {slug: bool(value) for slug, value in self.cleaned_data.items()}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
