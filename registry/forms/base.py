"""What the member's profile pages and the officer's edit form share.

A page saves only what the person changed on it: each form keeps what the page showed when it
was opened, so that a change made meanwhile in another tab or window, or by staff, is kept, and
only the same answer changed in both places is a conflict to resolve (`ProfileStepForm`). Every
form that writes the record does it through `RecordForm`: saved only if nobody saved the record
since the version the form expects, its lists (interests, associations) in the same transaction.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core import signing
from django.forms.renderers import DjangoTemplates
from django.utils.functional import lazy
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from registry.models import Language, Member
from registry.services import records
from registry.text import nfc


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


class RecordForm(forms.ModelForm):
    """A form writing the member's record: saved only if nobody saved the record since the
    version the form expects (`expected_version`; `services.records.save_member`), its lists in
    the same transaction."""

    def expected_version(self) -> int:
        return int(self.instance.version)

    def record_lists(self) -> dict[str, Any]:
        """The record's lists this form shows (interests, associations), as chosen."""
        return {
            field.name: self.cleaned_data[field.name]
            for field in Member._meta.many_to_many
            if field.name in self.fields and field.name in self.cleaned_data
        }

    def write(
        self,
        member: Member,
        *,
        actor: Any,
        only: list[str] | None = None,
        lists: dict[str, Any] | None = None,
        changed: list[str] | None = None,
        staff: bool = False,
    ) -> None:
        """Save `member` as this form set it (`records.EditConflict` when saved meanwhile)."""
        records.save_member(
            member,
            expected_version=self.expected_version(),
            actor=actor,
            changed=changed or (),
            staff=staff,
            only=only,
            lists=self.record_lists() if lists is None else lists,
        )


class VersionedRecordForm(RecordForm):
    """A record form carrying the version it showed (a hidden field): an officer's edit is
    refused if anyone saved the record since the page was opened."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def expected_version(self) -> int:
        return int(self.cleaned_data["version"])


class LanguagesForm(forms.ModelForm):
    """The languages a member speaks, as boxes to tick in the list's order, each named in the
    page's language (`Language.__str__`); written with the record's other lists."""

    languages_label: ClassVar[Any] = _("Languages")  # lazy text

    languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].label = self.languages_label
        spoken = self.instance.language_codes() if self.instance.pk else []
        self.fields["languages"].initial = spoken


class ProfileStepForm(RecordForm):
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
        lists = {
            field.name: self.cleaned_data[field.name]
            for field in self.record_model_fields()
            if field.many_to_many and field.name not in unchanged and field.name in self.fields
        }
        try:
            self.write(member, actor=None, only=written, lists=lists)
        except records.EditConflict as conflict:  # staff saved it this very moment
            self.add_error(None, conflict.message)
            return None
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


def mark_invalid(field: forms.Field, described_by: str) -> None:
    """The text box of a picker whose choice is in error: announced as such, with the error."""
    field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": described_by})
