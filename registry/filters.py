"""The staff members list's filters: country, hometown (current ward or pre-2025 district and
commune), verification, interests, and a name search on folded text.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from registry.models import Interest, LegacyCommune, MemberQuerySet, Ward
from registry.text import fold

MAX_QUERY_LENGTH = 100


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=MAX_QUERY_LENGTH)
    country = forms.ChoiceField(label=_("Country"), required=False)
    ward = forms.ModelChoiceField(
        label=_("Hometown (current)"), queryset=Ward.objects.none(), required=False
    )
    district = forms.ChoiceField(label=_("Hometown district (before 2025)"), required=False)
    commune = forms.ModelChoiceField(
        label=_("Hometown commune (before 2025)"),
        queryset=LegacyCommune.objects.none(),
        required=False,
    )
    verified = forms.ChoiceField(
        label=_("Verification"),
        required=False,
        choices=[("", _("All")), ("yes", _("Verified")), ("no", _("Not verified"))],
    )
    interest: forms.ModelChoiceField[Interest] = forms.ModelChoiceField(
        label=_("Interest"), queryset=Interest.objects.all(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province = settings.PROVINCE_CODE
        self.fields["country"].choices = [("", _("All")), *countries]
        self.fields["ward"].queryset = Ward.objects.filter(province_code=province)
        communes = LegacyCommune.objects.filter(ward__province_code=province)
        self.fields["commune"].queryset = communes
        districts = communes.values_list("district_code", "district_name").distinct()
        self.fields["district"].choices = [("", _("All")), *sorted(districts, key=lambda d: d[1])]

    @property
    def active(self) -> dict[str, str]:
        """The filters in use, as plain values (for the audit log: no personal data)."""
        if not self.is_valid():
            return {}
        return {
            name: str(getattr(value, "pk", value))
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        }

    def filter(self, members: MemberQuerySet) -> MemberQuerySet:
        if not self.is_valid():
            return members
        data = self.cleaned_data
        for word in fold(data["q"]).split():
            members = members.filter(search_name__contains=word)
        if data["country"]:
            members = members.filter(country=data["country"])
        if data["ward"]:
            members = members.filter(hometown_ward=data["ward"])
        if data["district"]:
            # Everyone whose hometown lies in the old district, whether they named the old commune
            # or only the ward that replaced it.
            members = members.filter(
                Q(hometown_legacy__district_code=data["district"])
                | Q(
                    hometown_legacy=None,
                    hometown_ward__legacy_communes__district_code=data["district"],
                )
            ).distinct()
        if data["commune"]:
            members = members.filter(hometown_legacy=data["commune"])
        if data["verified"] == "yes":
            members = members.exclude(verified_at=None)
        elif data["verified"] == "no":
            members = members.filter(verified_at=None)
        if data["interest"]:
            members = members.filter(interests=data["interest"])
        return members
