"""Demo staff accounts, one per role, each with a verified email and an authenticator app."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.db import transaction

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
        secret = totp_secret(user)
        if secret is None:
            secret = generate_totp_secret()
            TOTP.activate(user, secret)
        staff.append(
            DemoStaff(email=email, role=str(roles.ROLE_LABELS[group_name]), totp_secret=secret)
        )
    return staff
