"""Demo staff accounts, one per role, each with a verified email, an authenticator app and the
admin in Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.users.models import UserProfile

from accounts import roles
from accounts.models import User

DEMO_DOMAIN = "quehuong.example"


@dataclass(frozen=True)
class DemoStaff:
    email: str
    role: str
    totp_secret: str


DEMO_ROLES = [
    ("editor", roles.EDITORS),
    ("chief.editor", roles.CHIEF_EDITORS),
    ("officer", roles.REGISTRY_OFFICERS),
    ("viewer", roles.REGISTRY_VIEWERS),
    ("admin", roles.ADMINISTRATORS),
]


def totp_secret(user: User) -> str | None:
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    return str(get_mfa_adapter().decrypt(authenticator.data["secret"]))


def speak_vietnamese(user: User) -> None:
    """The admin and its emails in Vietnamese, as the province's staff read them, unless the
    account already chose (a reset keeps the choice)."""
    profile = UserProfile.get_for_user(user)
    if not profile.preferred_language:
        profile.preferred_language = settings.LANGUAGE_CODE
        profile.save(update_fields=["preferred_language"])


@transaction.atomic
def create_demo_staff(password: str) -> list[DemoStaff]:
    """Create (or reset the password of) one account per staff role."""
    staff = []
    for local_part, group_name in DEMO_ROLES:
        email = f"{local_part}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first() or User(email=email)
        user.first_name = str(roles.ROLE_LABELS[group_name])
        user.last_name = "Demo"
        user.is_superuser = group_name == roles.ADMINISTRATORS
        user.is_staff = group_name == roles.ADMINISTRATORS
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=group_name)])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        speak_vietnamese(user)
        secret = totp_secret(user)
        if secret is None:
            secret = generate_totp_secret()
            TOTP.activate(user, secret)
        staff.append(
            DemoStaff(email=email, role=str(roles.ROLE_LABELS[group_name]), totp_secret=secret)
        )
    return staff
