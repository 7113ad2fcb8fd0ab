"""The forms of trips: the trip itself, a destination, a change for several people on the list,
a commitment, a task, the invitation's text, and a person's answer through their link."""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from wagtail.models import Page

from accounts.models import User
from cms.models import CharityProgrammePage, EventPage, InvestmentProjectPage
from engagement.models import Engagement
from registry.gazetteer import country_choices, find_cities
from trips.models import FollowUp, Leg, Shortlisted, Trip

LINKABLE = (InvestmentProjectPage, CharityProgrammePage, EventPage)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def staff_users() -> Any:
    """Who can work on a trip: staff allowed to see the registry's records."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="view_member")
            | Q(user_permissions__codename="view_member")
        )
        .distinct()
        .order_by("email")
    )


def user_label(user: Any) -> str:
    return str(user.get_full_name() or user.email)


def linkable_pages() -> Any:
    """Projects, programmes and events, in the site's first language (their originals)."""
    return (
        Page.objects.type(*LINKABLE)
        .filter(locale__language_code="vi")
        .order_by("-first_published_at", "title")
    )


class TripForm(forms.ModelForm):
    delegation_text = forms.CharField(
        label=gettext_lazy("Delegation"),
        help_text=gettext_lazy(
            "One person a line: name, a comma, then their title. "
            "For example: Nguyễn Văn A, Chủ tịch UBND tỉnh"
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    class Meta:
        model = Trip
        fields = ["title", "purpose", "state", "reply_by", "pages", "officers", "conclusions"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "conclusions": forms.Textarea(attrs={"rows": 6}),
            "reply_by": forms.DateInput(attrs={"type": "date"}),
            "pages": forms.CheckboxSelectMultiple,
            "officers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["pages"]).queryset = linkable_pages()
        officers = cast(forms.ModelMultipleChoiceField, self.fields["officers"])
        officers.queryset = staff_users()
        officers.label_from_instance = user_label  # type: ignore[method-assign,assignment]
        if self.instance.pk:
            self.fields["delegation_text"].initial = "\n".join(
                f"{person['name']}, {person['title']}".strip(", ")
                for person in self.instance.delegation
            )

    def clean_title(self) -> str:
        return nfc(self.cleaned_data["title"])

    def clean_reply_by(self) -> datetime.date | None:
        """Answers are wanted before the trip ends, and not in the past (when it changes)."""
        day = self.cleaned_data["reply_by"]
        if day is None or day == self.initial.get("reply_by"):
            return day
        if day < timezone.localdate():
            raise forms.ValidationError(_("This day has passed: choose today or later."))
        last = self.instance.ends_on if self.instance.pk else None
        if last is not None and day > last:
            raise forms.ValidationError(
                _("Answers must come before the trip ends (%(day)s).")
                % {"day": date_format(last, "DATE_FORMAT")}
            )
        return day

    def clean_delegation_text(self) -> list[dict[str, str]]:
        people = []
        for number, line in enumerate(self.cleaned_data["delegation_text"].splitlines(), 1):
            line = nfc(line)
            if not line:
                continue
            name, _sep, title = line.partition(",")
            if not name.strip():
                raise forms.ValidationError(
                    _("Line %(n)s has no name before its comma.") % {"n": number}
                )
            people.append({"name": name.strip()[:150], "title": title.strip()[:200]})
        if len(people) > 50:
            raise forms.ValidationError(_("At most 50 people in a delegation."))
        return people

    def save(self, commit: bool = True) -> Trip:
        self.instance.delegation = self.cleaned_data["delegation_text"]
        return super().save(commit)


class LegForm(forms.ModelForm):
    """A destination: the city is looked up in the gazetteer (its coordinates place people)."""

    class Meta:
        model = Leg
        fields = ["country", "city_name", "radius_km", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = cast(forms.ChoiceField, self.fields["country"])
        country.choices = [("", "—"), *country_choices()]
        self.fields["radius_km"].widget.attrs.update({"min": 1, "max": 1000})

    def clean_radius_km(self) -> int:
        km = self.cleaned_data["radius_km"]
        if not 1 <= km <= 1000:
            raise forms.ValidationError(_("Choose between 1 and 1000 km."))
        return km

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and first < timezone.localdate():
            self.add_error("starts_on", _("This day has passed: choose today or later."))
        if first and last and last < first:
            self.add_error("ends_on", _("The last day comes before the first."))
        name, code = nfc(data.get("city_name") or ""), data.get("country")
        if name and code:
            found = find_cities(str(code), name, limit=1)
            if not found:
                self.add_error(
                    "city_name",
                    _("No city called “%(name)s” in %(country)s.")
                    % {"name": name, "country": countries.name(code)},
                )
            else:
                city = found[0]
                self.instance.city_geonameid = city.geonameid
                self.instance.latitude, self.instance.longitude = city.latitude, city.longitude
                data["city_name"] = city.name
        return data


class PeopleForm(forms.Form):
    """A change for the people ticked: status, role, a note."""

    line = forms.TypedMultipleChoiceField(coerce=int, choices=())
    status = forms.ChoiceField(label=gettext_lazy("New status"), required=False, choices=())
    role = forms.ChoiceField(label=gettext_lazy("New role"), required=False, choices=())
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=1000)

    def __init__(self, *args: Any, ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = cast(forms.ChoiceField, self.fields["line"])
        chosen.choices = [(pk, pk) for pk in ids]
        chosen.error_messages["required"] = _("Tick at least one person.")
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("(unchanged)")),
            *Shortlisted.Status.choices,
        ]
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            ("", _("(unchanged)")),
            *Shortlisted.Role.choices,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("status") or data.get("role") or nfc(data.get("note") or "")):
            raise forms.ValidationError(_("Choose a status or a role, or write a note."))
        return data


class CommitmentForm(forms.Form):
    KINDS = [
        (Engagement.Kind.INTEREST.value, gettext_lazy("Investment interest")),
        ("partnership", gettext_lazy("Partnership")),
        (Engagement.Kind.PLEDGE.value, gettext_lazy("Pledge")),
    ]
    kind = forms.ChoiceField(label=gettext_lazy("Commitment"), choices=KINDS)
    page = forms.ModelChoiceField(
        label=gettext_lazy("Project or programme"), queryset=Page.objects.none()
    )
    amount = forms.DecimalField(
        label=gettext_lazy("Amount (pledges of money)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=20,
        decimal_places=2,
    )
    currency = forms.CharField(label=gettext_lazy("Currency"), required=False, max_length=3)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=1000)

    def __init__(self, *args: Any, trip: Trip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        page = cast(forms.ModelChoiceField, self.fields["page"])
        page.queryset = Page.objects.filter(pk__in=trip.pages.values("pk")).type(
            InvestmentProjectPage, CharityProgrammePage
        )
        page.empty_label = "—"
        # Only the kinds of commitment the trip's linked pages can take.
        kinds = {type(linked.specific) for linked in page.queryset}
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (value, label)
            for value, label in self.KINDS
            if (CharityProgrammePage in kinds and value == Engagement.Kind.PLEDGE)
            or (InvestmentProjectPage in kinds and value != Engagement.Kind.PLEDGE)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        page, kind = data.get("page"), data.get("kind")
        if page is not None and kind:
            specific = type(page.specific)
            wanted = (
                CharityProgrammePage if kind == Engagement.Kind.PLEDGE else InvestmentProjectPage
            )
            if specific is not wanted:
                self.add_error(
                    "page",
                    _(
                        "A pledge goes to a charity programme; an interest or a partnership "
                        "to a project."
                    ),
                )
        currency = (data.get("currency") or "").strip().upper()
        if data.get("amount") and kind != Engagement.Kind.PLEDGE:
            self.add_error(
                "amount",
                _(
                    "An amount goes with a pledge: an investment interest or a partnership is "
                    "recorded without one (write the figure in the note)."
                ),
            )
        elif data.get("amount") and not currency:
            self.add_error("currency", _("Give the amount's currency (VND, USD, JPY…)."))
        elif currency and not re.fullmatch(r"[A-Z]{3}", currency):
            self.add_error(
                "currency", _("Give the currency as its three-letter code: VND, USD, EUR, JPY…")
            )
        data["currency"] = currency
        return data


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["text", "owner", "due_on", "line"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def clean_due_on(self) -> datetime.date:
        due = self.cleaned_data["due_on"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date has passed: choose today or later."))
        return due

    def __init__(self, *args: Any, trip: Trip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = staff_users()
        owner.label_from_instance = user_label  # type: ignore[method-assign,assignment]
        line = cast(forms.ModelChoiceField, self.fields["line"])
        line.queryset = trip.people.exclude(member=None).select_related("member")
        line.required = False


class InvitationTextForm(forms.Form):
    """The invitation in every site language (a language left empty falls back to Vietnamese)."""

    def __init__(self, *args: Any, current: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            text = current.get(code)
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=200,
                required=code == "vi",
                initial=text.subject if text else "",
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                max_length=6000,
                required=code == "vi",
                widget=forms.Textarea(attrs={"rows": 8, "lang": code}),
                initial=text.body if text else "",
            )


class ReplyForm(forms.Form):
    """A person's answer through their link."""

    answer = forms.ChoiceField(
        label=gettext_lazy("Can you come?"),
        choices=[
            ("accept", gettext_lazy("Yes, I will come")),
            ("decline", gettext_lazy("No, I cannot come")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose whether you can come.")},
    )
    guests = forms.IntegerField(
        label=gettext_lazy("Guests coming with you"),
        min_value=0,
        max_value=10,
        initial=0,
        required=False,
        error_messages={
            "invalid": gettext_lazy("Give the number of guests as a whole number from 0 to 10."),
            "min_value": gettext_lazy("Give the number of guests as a whole number from 0 to 10."),
            "max_value": gettext_lazy("At most 10 guests."),
        },
    )
    message = forms.CharField(
        label=gettext_lazy("A message for the delegation (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_message(self) -> str:
        return nfc(self.cleaned_data["message"])
