"""The staff search screen's form: what an officer can ask of the registry, as a `RegistryQuery`.

Every field is a GET parameter, so a search is a link: the facet sidebar adds and removes values,
a saved search is its query string, the browser's back button works.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from registry.gazetteer import City, find_cities
from registry.languages import LANGUAGE_CHOICES
from registry.models import (
    Association,
    ConsentPurpose,
    Interest,
    LegacyCommune,
    Sector,
    Ward,
)
from search.query import MAX_TEXT_LENGTH, Point, RegistryQuery

RADIUS_CHOICES = [(str(km), _("%(km)s km") % {"km": km}) for km in (25, 50, 100, 300, 500, 1000)]
DEFAULT_RADIUS = "300"
# Age bands as staff speak of them; turned into birth years on the day of the search.
AGE_BANDS = {
    "18-29": (18, 29),
    "30-44": (30, 44),
    "45-59": (45, 59),
    "60-": (60, None),
}
SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("distance", _("Distance")),
    ("newest", _("Newest")),
    ("name", _("Name")),
]
# Parameters that are not part of what is searched for (the page, a saved search's name).
NOT_CRITERIA = {"page", "name"}


class StaffSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, occupation or skill"), required=False, max_length=500)
    country = forms.MultipleChoiceField(label=_("Country"), required=False)
    near = forms.CharField(label=_("Near the city"), required=False, max_length=100)
    near_country = forms.ChoiceField(label=_("City's country"), required=False)
    radius = forms.ChoiceField(
        label=_("Within"), choices=RADIUS_CHOICES, required=False, initial=DEFAULT_RADIUS
    )
    ward = forms.ModelMultipleChoiceField(
        label=_("Hometown (current ward)"), queryset=Ward.objects.none(), required=False
    )
    district = forms.MultipleChoiceField(label=_("Hometown district (before 2025)"), required=False)
    interest = forms.MultipleChoiceField(label=_("Interests"), required=False)
    sector = forms.MultipleChoiceField(label=_("Sector"), required=False)
    language = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGE_CHOICES, required=False
    )
    age = forms.ChoiceField(label=_("Age"), required=False)
    verified = forms.ChoiceField(
        label=_("Verification"),
        required=False,
        choices=[("", _("All")), ("yes", _("Verified")), ("no", _("Not verified"))],
    )
    consent = forms.MultipleChoiceField(label=_("Agreed to"), required=False)
    association = forms.ModelMultipleChoiceField(
        label=_("Association"), queryset=Association.objects.none(), required=False
    )
    updated_since = forms.DateField(
        label=_("Updated since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    page = forms.CharField(required=False, max_length=20)

    def __init__(self, *args: Any, with_text: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province = settings.PROVINCE_CODE
        if not with_text:
            # Counts only (registry viewers): no name to look a person up by.
            del self.fields["q"]
        country_choices = list(countries)
        self.fields["country"].choices = country_choices
        self.fields["near_country"].choices = [("", "—"), *country_choices]
        self.fields["ward"].queryset = Ward.objects.filter(province_code=province)
        districts = (
            LegacyCommune.objects.filter(ward__province_code=province)
            .values_list("district_code", "district_name")
            .distinct()
        )
        self.fields["district"].choices = sorted(districts, key=lambda d: d[1])
        lists = (("interest", Interest), ("sector", Sector), ("consent", ConsentPurpose))
        for name, model in lists:
            self.fields[name].choices = [(item.slug, str(item)) for item in model.objects.all()]
        self.fields["association"].queryset = Association.objects.all()
        self.fields["age"].choices = [("", _("All")), *((band, band) for band in AGE_BANDS)]
        self.city: City | None = None

    def clean_q(self) -> str:
        # Long pastes are cut rather than refused: the engines read the first words anyway.
        return str(self.cleaned_data["q"])[:MAX_TEXT_LENGTH]

    def clean_page(self) -> int:
        # A page number from a hand-edited link is not worth an error: the first page instead.
        page = str(self.cleaned_data["page"])
        return min(int(page), 10_000) if page.isdigit() and int(page) > 0 else 1

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        near = data.get("near", "")
        if near:
            country = data.get("near_country") or self._sole_country(data)
            if not country:
                self.add_error("near_country", _("Choose the country of the city."))
            else:
                found = find_cities(country, near, limit=1)
                if found:
                    self.city = found[0]
                else:
                    self.add_error(
                        "near",
                        _("No city called “%(name)s” in %(country)s.")
                        % {"name": near, "country": countries.name(country)},
                    )
        return data

    @staticmethod
    def _sole_country(data: dict[str, Any]) -> str:
        chosen = data.get("country") or []
        return chosen[0] if len(chosen) == 1 else ""

    def to_query(self, **extra: Any) -> RegistryQuery:
        """The registry query these answers ask; everyone (page 1) when the form is invalid."""
        if not self.is_valid():
            return RegistryQuery(**extra)
        data = self.cleaned_data
        born_from, born_to = self._birth_years(data.get("age") or "")
        near = radius = None
        if self.city is not None:
            near = Point(self.city.latitude, self.city.longitude)
            radius = float(data.get("radius") or DEFAULT_RADIUS)
        verified = {"yes": True, "no": False}.get(data.get("verified") or "")
        since = data.get("updated_since")
        arguments: dict[str, Any] = {
            "text": data.get("q", ""),
            "countries": data["country"],
            "near": near,
            "radius_km": radius,
            "wards": [ward.pk for ward in data["ward"]],
            "legacy_districts": data["district"],
            "interests": data["interest"],
            "sectors": data["sector"],
            "languages": data["language"],
            "born_from": born_from,
            "born_to": born_to,
            "verified": verified,
            "consents": data["consent"],
            "associations": [association.pk for association in data["association"]],
            "updated_since": (
                timezone.make_aware(datetime.datetime.combine(since, datetime.time()))
                if since
                else None
            ),
            "sort": data.get("sort") or "relevance",
            "page": data.get("page") or 1,
        }
        arguments.update(extra)
        return RegistryQuery(**arguments)

    @staticmethod
    def _birth_years(band: str) -> tuple[int | None, int | None]:
        if band not in AGE_BANDS:
            return None, None
        youngest, oldest = AGE_BANDS[band]
        year = timezone.localdate().year
        return (year - oldest if oldest is not None else None), year - youngest

    @property
    def active(self) -> dict[str, list[str]]:
        """The criteria in use, as plain values: for the audit log and saved searches."""
        if not isinstance(self.data, QueryDict):
            return {}
        return criteria(self.data)


def criteria(params: QueryDict) -> dict[str, list[str]]:
    """The search criteria of a query string (each a list of values), without page or name."""
    found = {}
    for key in sorted(params):
        values = [value for value in params.getlist(key) if value.strip()]
        if values and key in StaffSearchForm.base_fields and key not in NOT_CRITERIA:
            found[key] = values
    return found
