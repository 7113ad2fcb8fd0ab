"""What a member fills in to act on a page: an interest, a pledge, a registration. Each asks for
the consent to be contacted about it when the member has not given it yet (`needs_consent`)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from engagement.models import Engagement
from registry.forms.base import MemberFormRenderer
from registry.text import nfc

MAX_GUESTS = 10


# Digits grouped by threes with any separator people type (50.000.000, 50,000,000, 50 000 000,
# 50'000'000), or not grouped at all.
GROUPED = re.compile(r"^\d{1,3}(?:([.,' \u00a0\u202f’])\d{3})?(?:\1\d{3})*$|^\d+$")
LARGEST_AMOUNT = Decimal("1" + "0" * 15)


class WholeAmountField(forms.Field):
    """An amount in whole units, typed as the person writes numbers in their language."""

    def to_python(self, value: Any) -> Decimal | None:
        text = nfc(str(value or "")).strip()
        if not text:
            return None
        if not GROUPED.match(text):
            raise forms.ValidationError(
                _("Type the amount in digits: for example 50.000.000."),
                code="invalid",
            )
        amount = Decimal(re.sub(r"\D", "", text))
        if not 1 <= amount < LARGEST_AMOUNT:
            raise forms.ValidationError(_("Type an amount of at least 1."), code="invalid")
        return amount


class EngagementForm(forms.Form):
    default_renderer = MemberFormRenderer
    optional_fields: tuple[str, ...] = ("message",)

    message = forms.CharField(
        label=_("Message to the officer in charge"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(required=True)

    def __init__(self, *args: Any, needs_consent: bool, consent_text: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        if needs_consent:
            self.fields["consent"].label = consent_text
            self.fields["consent"].error_messages["required"] = _(
                "To take part, agree to be contacted about it. You can withdraw it at any time."
            )
        else:
            del self.fields["consent"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = nfc(value).strip()
        return cleaned


class InterestForm(EngagementForm):
    role = forms.ChoiceField(
        label=_("How would you take part?"),
        choices=Engagement.Role.choices,
        widget=forms.RadioSelect,
    )
    field_order = ["role", "message", "consent"]


class PledgeForm(EngagementForm):
    optional_fields = ("message", "anonymous")

    gift = forms.ChoiceField(
        label=_("What would you give?"),
        choices=Engagement.Gift.choices,
        widget=forms.RadioSelect,
        initial=Engagement.Gift.MONEY,
    )
    amount = WholeAmountField(
        label=_("Amount"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("For a gift of money: digits only, dots between thousands if you like."),
    )
    description = forms.CharField(
        label=_("What you offer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a gift in kind or of your time: what, how much, when."),
    )
    anonymous = forms.BooleanField(
        label=_("Do not show my name in public lists of donors"), required=False
    )
    field_order = ["gift", "amount", "description", "anonymous", "message", "consent"]

    def __init__(self, *args: Any, currency: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["amount"].label = _("Amount (%(currency)s)") % {"currency": currency}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        gift = cleaned.get("gift")
        if (
            gift == Engagement.Gift.MONEY
            and not cleaned.get("amount")
            and "amount" not in self.errors
        ):
            self.add_error("amount", _("Say how much you would give."))
        if gift in (Engagement.Gift.IN_KIND, Engagement.Gift.VOLUNTEERING) and not cleaned.get(
            "description"
        ):
            self.add_error("description", _("Say what you would give."))
        return cleaned


class RegistrationForm(EngagementForm):
    optional_fields = ("message", "dietary", "accessibility")

    guests = forms.TypedChoiceField(
        label=_("How many guests will come with you?"),
        choices=[(n, str(n)) for n in range(MAX_GUESTS + 1)],
        coerce=int,
        initial=0,
    )
    dietary = forms.CharField(
        label=_("Dietary needs"),
        required=False,
        max_length=200,
        help_text=_("Yours and your guests': vegetarian, halal, allergies…"),
    )
    accessibility = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=200,
        help_text=_("A wheelchair place, a sign language interpreter…"),
    )
    field_order = ["guests", "dietary", "accessibility", "message", "consent"]
