"""The member's decisions about their record: their consents, and deleting it."""

from __future__ import annotations

from typing import Any

from allauth.core import ratelimit
from django import forms
from django.core import signing
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from registry.forms.base import OPENED_SALT, MemberFormRenderer
from registry.models import ConsentPurpose, Member


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
