"""The member's profile, one form per sign-up step, reused when the member edits a section.

A page saves only what the person changed on it: each form keeps what the page showed when it
was opened, so that a change made meanwhile in another tab or window, or by staff, is kept, and
only the same answer changed in both places is a conflict to resolve (`ProfileStepForm`). The
hometown and city pickers work without JavaScript: the member types, presses "Find", and picks
from the matches listed under the field; with JavaScript the same list fills in while typing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from allauth.core import ratelimit
from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from config.params import KeysField, whole_number
from registry import gazetteer, services
from registry.hometowns import HometownMatch, search_hometowns
from registry.languages import LANGUAGE_CHOICES, language_name
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

__all__ = ["LANGUAGE_CHOICES"]  # imported from here by the staff screens


def _with_vietnamese(message: str, words: dict[str, str]) -> SafeString:
    tagged = {name: format_html('<span lang="vi">{}</span>', text) for name, text in words.items()}
    return mark_safe(conditional_escape(str(message)) % tagged)  # noqa: S308 - all escaped


# A translated help text whose %(placeholders)s are Vietnamese words (a name, the kinds of
# village), tagged as Vietnamese on every page: right for readers and for screen readers' voices.
with_vietnamese = lazy(lambda message, **words: _with_vietnamese(message, words), SafeString)


class PickedChoiceField(forms.ChoiceField):
    """A choice from a list built while typing: the list shown may differ from the one rebuilt on
    submission, so the form's `clean()` checks the value against the database instead."""

    def valid_value(self, value: Any) -> bool:
        return True


class MemberFormRenderer(DjangoTemplates):
    """Fields as GOV.UK's question pages draw them: the label says "(optional)" where an answer
    is optional, a tick box comes before its label, hint and error sit between label and input."""

    field_template_name = "cms/forms/field.html"


OPENED_SALT = "registry.profile-step.opened"


class ProfileStepForm(forms.ModelForm):
    """One page of the member's own profile, saving only what the person changed on it.

    `record_fields` names the model fields the page writes, in groups that change together (a
    city and its coordinates). The page carries, signed, what those fields held when it was opened
    (`opened`); on saving, a group the person left as it was keeps whatever the record holds now,
    so another tab's or an officer's change in the meantime survives. Only a group changed both
    here and there, differently, is a conflict: nothing is saved, what was typed stays on the page,
    and saving again keeps it.
    """

    default_renderer = MemberFormRenderer
    record_fields: ClassVar[tuple[tuple[str, ...], ...]] = ()
    # Not optional although not required by the field itself: the step's clean() asks for them.
    answered_elsewhere: ClassVar[frozenset[str]] = frozenset()

    opened = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.saved = self.record_values()
        self.saved_raw = {
            field.attname: getattr(self.instance, field.attname)
            for field in self.record_model_fields()
            if not field.many_to_many
        }
        self.fields["opened"].initial = signing.dumps(self.saved, salt=OPENED_SALT, compress=True)
        self.optional_fields = {
            name
            for name, field in self.fields.items()
            if not field.required and name not in self.answered_elsewhere
        }

    # What the record holds, as comparable text ---------------------------------------------

    @classmethod
    def record_model_fields(cls) -> list[Any]:
        return [Member._meta.get_field(name) for group in cls.record_fields for name in group]

    def record_values(self, new: dict[str, Any] | None = None) -> dict[str, str]:
        """The record fields' values as text; many-to-many ones from `new` when given."""
        values = {}
        for field in self.record_model_fields():
            name = field.name
            if field.many_to_many:
                if new is not None and name in new:
                    items = new[name]
                elif self.instance.pk:
                    items = getattr(self.instance, name).all()
                else:
                    items = []
                values[name] = ",".join(sorted(str(item.pk) for item in items))
            else:
                value = getattr(self.instance, field.attname)
                values[name] = "" if value is None else nfc(str(value)).strip()
        return values

    def opened_values(self) -> dict[str, str]:
        """What the page showed when it was opened (what the record holds now, if unreadable)."""
        try:
            opened = signing.loads(self["opened"].value() or "", salt=OPENED_SALT)
        except signing.BadSignature:
            return dict(self.saved)
        return {name: str(opened.get(name, self.saved[name])) for name in self.saved}

    # Saving ------------------------------------------------------------------------------------

    def save_changes(self) -> Member | None:
        """Save what the person changed on this page (after `is_valid()`), and only that.

        Returns None, with an error on the form, when an answer was changed differently elsewhere
        since the page was opened; the page then counts as opened now, so saving again wins.
        """
        member = self.save(commit=False)
        opened, saved = self.opened_values(), self.saved
        mine = self.record_values(new=self.cleaned_data)
        keep_saved, conflicts = [], []
        for group in self.record_fields:
            ours = [mine[name] for name in group]
            if ours == [opened[name] for name in group]:
                keep_saved.append(group)  # not changed on this page
            elif [saved[name] for name in group] not in ([opened[n] for n in group], ours):
                conflicts.append(group)
        if conflicts:
            # The page now counts as opened on what is saved: saving it again keeps what was typed.
            data: Any = self.data.copy()
            data[self.add_prefix("opened")] = signing.dumps(saved, salt=OPENED_SALT, compress=True)
            self.data = data
            self.add_error(None, self.conflict_message(conflicts))
            return None
        unchanged = {name for group in keep_saved for name in group}
        for field in self.record_model_fields():
            if field.name in unchanged and not field.many_to_many:
                setattr(member, field.attname, self.saved_raw[field.attname])
        written = [f.attname for f in self.record_model_fields() if not f.many_to_many]
        try:
            services.save_member(member, expected_version=member.version, actor=None, only=written)
        except services.EditConflict as conflict:  # staff saved it this very moment
            self.add_error(None, conflict.message)
            return None
        for field in self.record_model_fields():
            if field.many_to_many and field.name not in unchanged and field.name in self.fields:
                getattr(member, field.name).set(self.cleaned_data[field.name])
        return member

    def conflict_message(self, groups: list[tuple[str, ...]]) -> str:
        labels = ", ".join(self.field_label(group[0]) for group in groups)
        return str(
            _(
                "%(fields)s changed in another tab or window, or was updated by the Department, "
                "after you opened this page. What you typed here is kept below: press the button "
                "again to save it, or leave this page to keep the other version."
            )
            % {"fields": labels}
        )

    def field_label(self, name: str) -> str:
        if name in self.fields and self.fields[name].label:
            return str(self.fields[name].label)
        return str(capfirst(Member._meta.get_field(name).verbose_name))  # type: ignore[union-attr]

    # Completeness and errors -------------------------------------------------------------------

    @classmethod
    def is_complete(cls, member: Member) -> bool:
        """Whether the record holds what this step needs (every step but the first is optional
        unless it says otherwise)."""
        return True

    def error_anchor(self, name: str) -> str:
        """Where an error summary's link for field `name` takes the person."""
        field = self[name]
        return field.id_for_label or field.auto_id or ""


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


def mark_invalid(field: forms.Field, described_by: str) -> None:
    """The text box of a picker whose choice is in error: announced as such, with the error."""
    field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": described_by})


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


class WorkForm(ProfileStepForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

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
        self.fields["languages"].initial = self.instance.languages.split()

    def save(self, commit: bool = True) -> Member:
        self.instance.languages = " ".join(self.cleaned_data["languages"])
        return super().save(commit)


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


class ConsentsForm(forms.Form):
    """One box per purpose, never ticked in advance; only the registry itself is required.

    Like a profile page, it records only what was changed on it: the page carries, signed, the
    purposes agreed to when it was opened, so a box left as it was is no decision, and another
    tab's decision in the meantime stands.
    """

    default_renderer = MemberFormRenderer

    opened = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, current: set[str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.current = set(current or ())
        self.fields["opened"].initial = signing.dumps(sorted(self.current), salt=OPENED_SALT)
        purposes = ConsentPurpose.objects.prefetch_related("texts")
        self.purposes = list(purposes)
        for purpose in self.purposes:
            text = purpose.current_text
            self.fields[purpose.slug] = forms.BooleanField(
                label=purpose.name,
                help_text=text.text if text else "",
                required=purpose.required,
                initial=purpose.slug in self.current,
                error_messages={
                    "required": _("The registry can only keep your record with this agreement.")
                },
            )

    def decisions(self) -> dict[str, bool]:
        """The boxes changed on this page since it was opened, ticked (True) or cleared."""
        try:
            opened = set(signing.loads(self["opened"].value() or "", salt=OPENED_SALT))
        except signing.BadSignature:
            opened = self.current
        ticked = {p.slug: bool(self.cleaned_data.get(p.slug)) for p in self.purposes}
        return {slug: value for slug, value in ticked.items() if value != (slug in opened)}

    @classmethod
    def is_complete(cls, member: Member) -> bool:
        """Every required purpose agreed to (the record cannot be kept otherwise)."""
        agreed = set(member.consented_purposes.values_list("slug", flat=True))
        required = ConsentPurpose.objects.filter(required=True).values_list("slug", flat=True)
        return set(required) <= agreed


class DeleteAccountForm(forms.Form):
    default_renderer = MemberFormRenderer

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user

    def clean_password(self) -> str:
        """The password, under the same limit of failed attempts as logging in: without it,
        anyone at an unlocked phone could try passwords until the account was gone."""
        password = self.cleaned_data["password"]
        action = {"action": "delete_account", "user": self.user}
        if not ratelimit.consume(self.request, dry_run=True, **action):
            raise forms.ValidationError(
                _("Too many wrong passwords. Wait a few minutes, then try again.")
            )
        if not self.user.check_password(password):
            ratelimit.consume(self.request, **action)
            raise forms.ValidationError(_("This is not your password."))
        return password
