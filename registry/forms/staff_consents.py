"""Forms of the staff registry beyond a record's own fields: a consent given on paper or by phone.

An officer enters what the person decided, when and how, with a note or a scan of the signed
form; for a consent to staff contact, the contact details it was given for (which staff then
see). The checks keep the history true: no date in the future, none before the wording it is
recorded against, none before the person's latest decision on the same purpose (entered later,
it would otherwise overrule a newer one); a decision that changes nothing is refused, not
silently dropped.
"""

from __future__ import annotations

import datetime
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from registry.models import Consent, ConsentPurpose, Member
from registry.services.consents import current_texts
from registry.text import nfc

CONTACT_FIELDS = Member.CONTACT_FIELDS

# A scan of a signed form: what it may be, recognised by its name, its declared type and its
# first bytes alike (a renamed executable is none of them).
EVIDENCE_MAX_SIZE = 5 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
}


def evidence_extension(upload: UploadedFile) -> str:
    """The extension a valid scan is stored with (".pdf", ".jpg", ".png"), or ValidationError."""
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in EVIDENCE_TYPES:
        raise forms.ValidationError(_("The scan must be a PDF, JPEG or PNG file."))
    if not upload.size:
        raise forms.ValidationError(_("The file is empty."))
    if upload.size > EVIDENCE_MAX_SIZE:
        raise forms.ValidationError(_("The scan is larger than 5 MB."))
    content_type, magic = EVIDENCE_TYPES[extension]
    upload.seek(0)
    start = upload.read(len(magic))
    upload.seek(0)
    if upload.content_type != content_type or start != magic:
        raise forms.ValidationError(
            _("This file is not the PDF, JPEG or PNG its name says: scan the form again.")
        )
    return ".jpg" if extension == ".jpeg" else extension


def content_type_of(name: str) -> str:
    return EVIDENCE_TYPES.get(PurePath(name).suffix.lower(), ("application/octet-stream", b""))[0]


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


class StaffConsentForm(forms.Form):
    """A decision given on paper or by phone. Nothing is chosen for the officer."""

    GRANT, WITHDRAW = "grant", "withdraw"

    purposes: forms.ModelMultipleChoiceField[ConsentPurpose] = forms.ModelMultipleChoiceField(
        label=_("What the person decided about"),
        queryset=ConsentPurpose.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one purpose.")},
    )
    decision = forms.ChoiceField(
        label=_("Their decision"),
        choices=[(GRANT, _("They agreed")), (WITHDRAW, _("They withdrew their agreement"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether they agreed or withdrew.")},
    )
    channel = forms.ChoiceField(
        label=_("How they gave it"),
        choices=[
            (Consent.Channel.PAPER, _("On paper: a form they signed")),
            (Consent.Channel.PHONE, _("By phone")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how they gave it: on paper or by phone.")},
    )
    given_on = forms.DateField(
        label=_("Date they gave it"),
        help_text=_("The date on the form, or of the call."),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date they gave it."),
            "invalid": _("Enter a real date: day, month and year."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        help_text=_("Up to 1,000 characters: who called whom, what the form says."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence = forms.FileField(
        label=_("Scan of the signed form"),
        required=False,
        help_text=_(
            "PDF, JPEG or PNG, up to 5 MB. Kept outside the public site: only registry "
            "officers can open it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    email = forms.EmailField(label=_("Email"), required=False, max_length=254)
    phone = PhoneNumberField(
        label=_("Phone"),
        required=False,
        error_messages={
            "invalid": _("Enter a phone number with its country code, like +81 90 1234 5678.")
        },
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    messaging = forms.CharField(
        label=_("Messaging apps"),
        required=False,
        max_length=200,
        help_text=_("Up to 200 characters: the app and the name or number in it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, member: Member, visible_contacts: frozenset[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["version"].initial = member.version
        self.fields["given_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        # What staff see already may be confirmed as it is; what is hidden is typed again.
        for name in visible_contacts:
            self.fields[name].initial = str(getattr(member, name) or "")
        self.contacts_given: dict[str, Any] = {}

    def contact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in CONTACT_FIELDS]

    def other_fields(self) -> list[forms.BoundField]:
        return [
            field
            for field in self.visible_fields()
            if field.name not in CONTACT_FIELDS and field.name != "version"
        ]

    def clean_messaging(self) -> str:
        return " ".join(nfc(self.cleaned_data.get("messaging", "")).split())

    def clean_evidence(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("evidence")
        if upload:
            self.evidence_extension = evidence_extension(upload)
        return upload or None

    def decisions(self) -> dict[str, bool]:
        granted = self.cleaned_data["decision"] == self.GRANT
        return {purpose.slug: granted for purpose in self.cleaned_data["purposes"]}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        purposes = list(data.get("purposes") or [])
        decision = data.get("decision")
        if not purposes or not decision:
            return data
        granted = decision == self.GRANT
        typed = {name: data.get(name) for name in CONTACT_FIELDS if data.get(name)}
        contact = any(p.slug == ConsentPurpose.STAFF_CONTACT for p in purposes) and granted
        self.check_contacts(contact, typed)
        self.check_changes(purposes, granted, contact, typed)
        if "given_on" in data:
            self.check_date(data["given_on"], purposes)
        if not data.get("note") and not data.get("evidence") and "note" not in self.errors:
            self.add_error(
                "note", _("Add a note, a scan, or both: how the person gave this decision.")
            )
        if self.errors and data.get("evidence"):
            self.add_error(
                "evidence",
                _("Choose the scan again: a browser cannot keep a file on a page with errors."),
            )
        return data

    def check_contacts(self, contact: bool, typed: dict[str, Any]) -> None:
        if contact and not typed:
            self.add_error(
                "email",
                _(
                    "Enter the contact details the person agreed to be contacted at: at least "
                    "one of email, phone and messaging apps."
                ),
            )
        elif typed and not contact:
            for name in typed:
                self.add_error(
                    name,
                    _(
                        "Contact details go only with an agreement to be contacted by staff: "
                        "clear this field, or choose that purpose and “They agreed”."
                    ),
                )
        self.contacts_given = typed if contact else {}

    def check_changes(
        self, purposes: list[ConsentPurpose], granted: bool, contact: bool, typed: dict[str, Any]
    ) -> None:
        current = set(self.member.consented_purposes.values_list("slug", flat=True))
        covered = self.member.contacts_covered or {}
        for purpose in purposes:
            if purpose.required and not granted:
                self.add_error(
                    "purposes",
                    _(
                        "“%(purpose)s” cannot be withdrawn here: a person who no longer wants "
                        "to be in the registry has their record deleted."
                    )
                    % {"purpose": purpose.name},
                )
            elif granted == (purpose.slug in current):
                if purpose.slug == ConsentPurpose.STAFF_CONTACT and contact:
                    if any(covered.get(n) != str(v) for n, v in typed.items()):
                        continue  # given now for other details too: a new grant
                message = (
                    _("“%(purpose)s” is already agreed to: untick it.")
                    if granted
                    else _("“%(purpose)s” is already not agreed to: untick it.")
                )
                self.add_error("purposes", message % {"purpose": purpose.name})

    def check_date(self, given_on: datetime.date, purposes: list[ConsentPurpose]) -> None:
        if given_on > timezone.localdate():
            self.add_error("given_on", _("The date cannot be in the future."))
            return
        texts = current_texts()
        for purpose in purposes:
            text = texts.get(purpose.slug)
            if text is not None and given_on < local_date(text.published_at):
                self.add_error(
                    "given_on",
                    _(
                        "“%(purpose)s” has its present wording since %(date)s: a decision "
                        "given before then was given to another wording and cannot be "
                        "recorded against this one."
                    )
                    % {"purpose": purpose.name, "date": day(local_date(text.published_at))},
                )
                return
            latest = self.member.consents.filter(purpose=purpose).first()
            if latest is not None:
                latest_day = latest.given_on or local_date(latest.recorded_at)
                if given_on < latest_day:
                    self.add_error(
                        "given_on",
                        _(
                            "The person's latest decision about “%(purpose)s” dates from "
                            "%(date)s: one given before it cannot be recorded after it."
                        )
                        % {"purpose": purpose.name, "date": day(latest_day)},
                    )
                    return
