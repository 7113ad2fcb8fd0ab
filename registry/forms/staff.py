"""The staff registry's forms: an officer's edit of a record, the verification, the merge's
choices and the audit log's filter."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import merging
from registry.forms.base import LanguagesForm, VersionedRecordForm
from registry.member_fields import contact_fields, staff_form_fields
from registry.models import AuditEntry, Interest, LegacyCommune, Member, Ward

CONTACT_FIELDS = contact_fields()


class VerifyForm(django_forms.Form):
    method = django_forms.ChoiceField(
        label=gettext_lazy("How was the identity checked?"), choices=Member.Verification.choices
    )


class StaffMemberForm(LanguagesForm, VersionedRecordForm):
    """What an officer may correct.

    Contact details: an officer with the contact permission may enter or correct them on any
    record, yet sees only those the member's consent to staff contact covers. A hidden one is
    write-only here: left empty it stays as it is, typed it is replaced, ticked it is removed.
    What an officer types is never covered by that consent by itself, so it stays hidden until
    the member gives it on the site, or a consent given on paper or by phone covering it is
    recorded (`member_consent`).
    """

    class Meta:
        model = Member
        fields = staff_form_fields()
        widgets = {
            "interests": django_forms.CheckboxSelectMultiple,
            "skills": django_forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args: Any,
        show_contact: Collection[str],
        may_enter_contact: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        province = settings.PROVINCE_CODE
        self.fields["hometown_ward"].queryset = Ward.objects.filter(province_code=province)
        self.fields["hometown_legacy"].queryset = LegacyCommune.objects.filter(
            ward__province_code=province
        )
        self.fields["interests"].queryset = Interest.objects.all()
        self.hidden_contacts: list[str] = []
        for name in CONTACT_FIELDS:
            if not may_enter_contact:
                del self.fields[name]
            elif name not in show_contact:
                self.hide_contact(name)

    HIDDEN_ON_RECORD = gettext_lazy(
        "One is on record, hidden from staff. Leave this empty to keep it, or type a new one "
        "to replace it."
    )
    NONE_ON_RECORD = gettext_lazy("None on record.")
    REMOVE_LABELS = {
        "email": gettext_lazy("Remove the email address on record"),
        "phone": gettext_lazy("Remove the phone number on record"),
        "messaging": gettext_lazy("Remove the messaging apps on record"),
    }

    def hide_contact(self, name: str) -> None:
        """A contact detail staff may not see: shown empty, written only if typed or removed."""
        self.hidden_contacts.append(name)
        self.initial[name] = ""
        on_record = bool(getattr(self.instance, name))
        self.fields[name].help_text = self.HIDDEN_ON_RECORD if on_record else self.NONE_ON_RECORD
        if on_record:
            self.fields[f"remove_{name}"] = django_forms.BooleanField(
                label=self.REMOVE_LABELS[name], required=False
            )

    def contact_fields(self) -> list[tuple[Any, Any]]:
        """Each contact field with its "remove" box, if any, for the contact section."""
        return [
            (self[name], self[f"remove_{name}"] if f"remove_{name}" in self.fields else None)
            for name in CONTACT_FIELDS
            if name in self.fields
        ]

    def other_fields(self) -> list[Any]:
        return [
            field
            for field in self.visible_fields()
            if field.name not in CONTACT_FIELDS and not field.name.startswith("remove_")
        ]

    def changed_fields(self) -> list[str]:
        """The record's fields this save changes (names only, for the audit)."""
        changed = {n for n in self.changed_data if not n.startswith("remove_")}
        changed |= {n for n in self.hidden_contacts if self.cleaned_data.get(f"remove_{n}")}
        return sorted(changed - {"version"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.hidden_contacts:
            typed, remove = data.get(name), data.get(f"remove_{name}")
            if typed and remove:
                self.add_error(
                    f"remove_{name}",
                    _("Type a new value or remove the one on record, not both."),
                )
            elif remove:
                data[name] = ""
            elif not typed:
                data.pop(name, None)  # left empty: what is on record stays
        legacy, ward = data.get("hometown_legacy"), data.get("hometown_ward")
        if legacy is not None and ward is None:
            data["hometown_ward"] = legacy.ward
        elif legacy is not None and ward is not None and ward != legacy.ward:
            self.add_error(
                "hometown_legacy",
                _("This pre-2025 commune is now part of %(ward)s.") % {"ward": legacy.ward},
            )
        return data


class MergeForm(django_forms.Form):
    """The officer's choice for each field where the two records differ (the default is the
    person's own data, see `registry.merging`), and the versions of both records as shown."""

    kept_version = django_forms.IntegerField(widget=django_forms.HiddenInput)
    merged_version = django_forms.IntegerField(widget=django_forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        rows: list[merging.Comparison],
        logins: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            if not row.same:
                self.fields[row.key] = django_forms.ChoiceField(
                    label=str(row.field.label),
                    choices=[(option.side, option.text) for option in row.options],
                    initial=row.default,
                    required=False,  # not sent: the default shown (`merging.resolved_choices`)
                    widget=django_forms.RadioSelect,
                )
        if logins:
            self.fields[merging.LOGIN] = django_forms.ChoiceField(
                label=gettext_lazy("Login"),
                choices=logins,
                initial=merging.KEPT,
                required=False,
                widget=django_forms.RadioSelect,
            )

    def choices(self) -> dict[str, str]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value and name not in ("kept_version", "merged_version")
        }

    def selected(self, name: str) -> str:
        return str(self[name].value()) if name in self.fields else merging.KEPT


class AuditFilterForm(django_forms.Form):
    action = django_forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", gettext_lazy("All")), *AuditEntry.Action.choices],
    )
    member = django_forms.IntegerField(label=gettext_lazy("Record"), required=False, min_value=1)
