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
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from config.params import KeysField, whole_number
from registry.filters import commune_choices, district_choices
from registry.gazetteer import City, city_by_id, city_label, find_cities
from registry.languages import LANGUAGE_CHOICES
from registry.models import (
    Association,
    ConsentPurpose,
    Interest,
    LegacyCommune,
    Sector,
    Ward,
)
from registry.text import MAX_TYPED_LENGTH, fold
from search.query import Place, Point, RegistryQuery
from search.widgets import ChipsSelect, NamesCheckboxes, PlacesSelect

RADII = ("25", "50", "100", "300", "500", "1000")
RADIUS_CHOICES = [(km, _("%(km)s km") % {"km": km}) for km in RADII]
DEFAULT_RADIUS = "300"
# Cities searched around at once: enough for any trip, few enough to keep the query cheap.
MAX_PLACES = 10
# Lists this long or shorter are boxes to tick; longer ones are chips with a list to add from.
TICK_UP_TO = 16
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


class PlacesField(forms.Field):
    """Chosen cities as "<geonameid>:<km>" values (`StaffSearchForm.clean_place` reads them)."""

    def to_python(self, value: Any) -> list[str]:
        return [str(item) for item in value or []]


class StaffSearchForm(forms.Form):
    """The criteria of the staff search screen.

    Several values of a list are chips (`ChipsSelect`) or boxes to tick; several cities, each
    with its radius, are `place` values ("<geonameid>:<km>"). A city typed in `near` (with its
    country, or found among the chosen countries, or anywhere) joins them; the form is then
    shown again with it among the chosen cities and the typing fields empty for another
    (`shown_again`). A city that cannot be found is explained beside the field, and the search
    runs without it rather than showing nothing.
    """

    q = forms.CharField(label=_("Name, city, occupation or skill"), required=False, max_length=500)
    country = forms.MultipleChoiceField(
        label=_("Country"), required=False, widget=ChipsSelect(add_label=_("Add a country…"))
    )
    place = PlacesField(
        label=_("Near the cities"),
        required=False,
        widget=PlacesSelect(radii=RADIUS_CHOICES),
    )
    near = forms.CharField(
        label=_("Add a city"),
        required=False,
        max_length=100,
        help_text=_("Up to 100 characters; found among the chosen countries, else anywhere."),
    )
    near_country = forms.ChoiceField(label=_("City's country"), required=False)
    radius = forms.CharField(
        label=_("Within"),
        required=False,
        max_length=10,
        widget=forms.Select(choices=RADIUS_CHOICES),
    )
    ward = KeysField(
        label=_("Hometown (current ward)"),
        queryset=Ward.objects.none(),
        required=False,
        widget=ChipsSelect(lang="vi", add_label=_("Add a ward…")),
    )
    district = forms.MultipleChoiceField(
        label=_("Hometown district (before 2025)"),
        required=False,
        widget=NamesCheckboxes(lang="vi"),
    )
    commune = KeysField(
        label=_("Hometown commune (before 2025)"),
        queryset=LegacyCommune.objects.none(),
        required=False,
        widget=ChipsSelect(lang="vi", add_label=_("Add a commune…")),
    )
    interest = forms.MultipleChoiceField(
        label=_("Interests"), required=False, widget=forms.CheckboxSelectMultiple
    )
    sector = forms.MultipleChoiceField(
        label=_("Sector"), required=False, widget=forms.CheckboxSelectMultiple
    )
    language = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=ChipsSelect(add_label=_("Add a language…")),
    )
    age = forms.ChoiceField(label=_("Age"), required=False)
    verified = forms.ChoiceField(
        label=_("Verification"),
        required=False,
        choices=[("", _("All")), ("yes", _("Verified")), ("no", _("Not verified"))],
    )
    consent = forms.MultipleChoiceField(
        label=_("Agreed to"), required=False, widget=forms.CheckboxSelectMultiple
    )
    association = KeysField(
        label=_("Association"),
        queryset=Association.objects.none(),
        required=False,
        widget=ChipsSelect(add_label=_("Add an association…")),
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
        self.asked = self.data  # as sent: `data` becomes the form as shown again (`clean`)
        province = settings.PROVINCE_CODE
        if not with_text:
            # Counts only (registry viewers): no name to look a person up by.
            del self.fields["q"]
        country_choices = list(countries)
        self.fields["country"].choices = country_choices
        self.fields["near_country"].choices = [("", _("Any country")), *country_choices]
        self.fields["ward"].queryset = Ward.objects.filter(province_code=province)
        self.fields["district"].choices = district_choices(province)
        self.fields["commune"].queryset = commune_choices(province)
        lists = (("interest", Interest), ("sector", Sector), ("consent", ConsentPurpose))
        for name, model in lists:
            self.fields[name].choices = [(item.slug, str(item)) for item in model.objects.all()]
        associations = list(Association.objects.all())
        self.fields["association"].queryset = Association.objects.all()
        self.fields["association"].choices = [(a.pk, str(a)) for a in associations]
        if not associations:
            del self.fields["association"]  # nothing to choose from
        elif len(associations) <= TICK_UP_TO:
            self.fields["association"].widget = forms.CheckboxSelectMultiple(
                choices=self.fields["association"].choices
            )
        self.fields["age"].choices = [("", _("All")), *((band, band) for band in AGE_BANDS)]
        self.fields["near"].widget.attrs["aria-describedby"] = "id_near-help"
        # What was found of the cities asked for, and what the search did about them.
        self.places: list[tuple[City, str]] = []  # each city and its radius (km)
        # (country, city) of each city whose country was added to the chosen ones.
        self.widened: list[tuple[str, str]] = []
        # Why a city typed is not searched around: shown at the field, yet not an error that
        # stops the search (the results without it stay, rather than none).
        self.near_problem = ""
        self.place_problem = ""  # more cities than searched at once

    @property
    def city(self) -> City | None:
        """The first chosen city (the map's centre)."""
        return self.places[0][0] if self.places else None

    @property
    def opens_criteria(self) -> bool:
        """Whether the criteria beyond the words are shown opened: some are in use, or wrong."""
        return bool(
            self.errors
            or self.near_problem
            or set(self.active) - {"q", "sort", "radius", "near_country"}
        )

    def full_clean(self) -> None:
        super().full_clean()
        # Each field in error says so to assistive technology, and which message describes it.
        for name in [*self.errors, *(["near"] if self.near_problem else [])]:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                described = [attrs.get("aria-describedby", ""), f"id_{name}-error"]
                attrs.update(
                    {"aria-invalid": "true", "aria-describedby": " ".join(filter(None, described))}
                )

    def clean_q(self) -> str:
        # Long pastes are cut rather than refused: the engines read the first words anyway.
        return str(self.cleaned_data["q"])[:MAX_TYPED_LENGTH]

    def clean_page(self) -> int:
        # A page number from a hand-edited link is not worth an error: the first page instead.
        return whole_number(self.cleaned_data["page"], maximum=10_000) or 1

    def clean_radius(self) -> str:
        # Any other distance (a hand-edited link) is the usual one, not an error.
        radius = str(self.cleaned_data["radius"])
        return radius if radius in RADII else DEFAULT_RADIUS

    def clean_place(self) -> list[tuple[City, str]]:
        """The chosen cities, known to the gazetteer, each once (unknown ones are dropped: they
        only come from hand-edited links)."""
        found: dict[int, tuple[City, str]] = {}
        for value in self.cleaned_data["place"]:
            pk, _sep, km = value.partition(":")
            number = whole_number(pk)
            city = city_by_id(number) if number is not None else None
            if city is not None:
                found[city.geonameid] = (city, km if km in RADII else DEFAULT_RADIUS)
        return list(found.values())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        places = list(data.get("place") or [])
        near = " ".join(str(data.get("near") or "").split())
        if near:
            city = self._find_city(near, data.get("near_country") or "", data.get("country") or [])
            if city is not None:
                places = [p for p in places if p[0].geonameid != city.geonameid]
                places.append((city, data.get("radius") or DEFAULT_RADIUS))
        if len(places) > MAX_PLACES:
            self.place_problem = gettext(
                "At most %(n)s cities at once: the first %(n)s are searched."
            ) % {"n": MAX_PLACES}
            places = places[:MAX_PLACES]
        if data.get("country"):
            chosen = list(data["country"])
            for city, _km in places:
                if city.country not in chosen:
                    chosen.append(city.country)
                    self.widened.append((str(countries.name(city.country)), city.name))
            data["country"] = chosen
        data["place"] = self.places = places
        self._show_again(data)
        return data

    def _find_city(self, text: str, country: str, chosen: list[str]) -> City | None:
        """The city typed: in its country when given, else the best match among the chosen
        countries, else anywhere (an exact name first, then the largest). Explains a miss."""
        if country:
            found = find_cities(country, text, limit=1)
            if not found:
                self._no_city(
                    _("No city called “%(name)s” in %(country)s.")
                    % {"name": text, "country": countries.name(country)}
                )
            return found[0] if found else None
        for where in (chosen, [code for code, _name in countries]):
            candidates = [city for code in where for city in find_cities(code, text, limit=1)]
            if candidates:
                wanted = fold(text)
                return max(candidates, key=lambda c: (fold(c.name) == wanted, c.population))
        self._no_city(_("No city called “%(name)s” was found.") % {"name": text})
        return None

    def _no_city(self, message: Any) -> None:
        self.near_problem = str(message)

    def _show_again(self, data: dict[str, Any]) -> None:
        """Show the form again as the search was made: the cities found among the chosen ones,
        the fields to type a city empty for another (the radius kept, for the next one), the
        countries added for a city. What could not be read stays as typed."""
        shown = QueryDict(mutable=True)
        for key in self.data:
            values = self.data.getlist(key) if isinstance(self.data, QueryDict) else self.data[key]
            shown.setlist(key, values if isinstance(values, list) else [values])
        shown.setlist("place", [f"{city.geonameid}:{km}" for city, km in data["place"]])
        if "country" in data:
            shown.setlist("country", data["country"])
        if not self.near_problem:
            shown["near"] = shown["near_country"] = ""
        shown["radius"] = data["place"][-1][1] if data["place"] else DEFAULT_RADIUS
        self.data = shown
        self.fields["place"].widget.places = [
            (city.geonameid, city_label(city), km) for city, km in data["place"]
        ]

    def to_query(self, **extra: Any) -> RegistryQuery:
        """The registry query these answers ask; everyone (page 1) when the form is invalid."""
        if not self.is_valid():
            return RegistryQuery(**extra)
        data = self.cleaned_data
        born_from, born_to = self._birth_years(data.get("age") or "")
        verified = {"yes": True, "no": False}.get(data.get("verified") or "")
        since = data.get("updated_since")
        arguments: dict[str, Any] = {
            "text": data.get("q", ""),
            "countries": data["country"],
            "places": [
                Place(Point(city.latitude, city.longitude), float(km), city.country)
                for city, km in data["place"]
            ],
            "wards": [ward.pk for ward in data["ward"]],
            "legacy_districts": data["district"],
            "legacy_communes": [commune.pk for commune in data["commune"]],
            "interests": data["interest"],
            "sectors": data["sector"],
            "languages": data["language"],
            "born_from": born_from,
            "born_to": born_to,
            "verified": verified,
            "consents": data["consent"],
            "associations": [association.pk for association in data.get("association", [])],
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

    def words(self) -> list[str]:
        """The criteria as a few words of the page's language, for an export's file name: never
        the words typed to search by (a person's name)."""
        if not self.is_valid():
            return []
        data = self.cleaned_data
        found = [str(countries.name(code)) for code in data["country"]]
        found += [
            pgettext("file name", "near %(city)s") % {"city": city.name}
            for city, _km in data["place"]
        ]
        for name in ("ward", "district", "commune", "sector", "interest", "language"):
            labels = {str(value): str(label) for value, label in self.fields[name].choices}
            found += [labels.get(str(getattr(v, "pk", v)), "") for v in data[name]]
        found += [str(association) for association in data.get("association", [])]
        if data.get("age"):
            found.append(pgettext("file name", "aged %(band)s") % {"band": data["age"]})
        if data.get("verified"):
            found.append(dict(self.fields["verified"].choices)[data["verified"]])
        return [str(word) for word in found if word]

    @property
    def active(self) -> dict[str, list[str]]:
        """The criteria in use, as plain values: for the audit log and saved searches."""
        if not isinstance(self.asked, QueryDict):
            return {}
        return criteria(self.asked)


def criteria(params: QueryDict) -> dict[str, list[str]]:
    """The search criteria of a query string (each a list of values), without page or name."""
    found = {}
    for key in sorted(params):
        values = [value for value in params.getlist(key) if value.strip()]
        if values and key in StaffSearchForm.base_fields and key not in NOT_CRITERIA:
            found[key] = values
    return found
