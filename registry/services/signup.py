"""The sign-up: the record a person's first step creates, the steps they saved, and the record
entering the registry."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from registry.models import Consent, Member
from registry.services.consents import own_contacts_given, record_consents
from registry.signals import members_changed


def lock_account(user: User) -> None:
    """Serialise saves of one person's own record (inside a transaction): of three submits of
    the first step arriving at once, the first creates the record and the others update it."""
    User.objects.select_for_update().filter(pk=user.pk).first()


def new_member(user: User, language: str) -> Member:
    """The record a signed-up person's first step creates (not saved here)."""
    return Member(user=user, email=user.email, preferred_language=language)


def save_own_step(
    user: User, slug: str, language: str, save: Callable[[Member], Member | None]
) -> bool:
    """Save sign-up step `slug` of `user`'s own record, one save at a time: `save` writes the
    step to the record (made now if there is none yet), or returns None when it cannot (a form
    with errors). Whether the step is saved.
    """
    try:
        with transaction.atomic():
            lock_account(user)
            member = (
                Member.objects.filter(user=user)
                .select_related("hometown_ward", "hometown_legacy", "sector")
                .first()
            ) or new_member(user, language)
            saved = save(member)
            if saved is None:
                return False
            step_done(saved, slug)
            own_contacts_given(saved)
            return True
    except IntegrityError:
        # The same first step, submitted twice at once, created the record in the other
        # request, which saved it (SQLite cannot lock the account's row; PostgreSQL does).
        return True


def consents_step_done(member: Member, decisions: Mapping[str, bool]) -> None:
    """The sign-up's consents step: the decisions recorded as given, the step done."""
    with transaction.atomic():
        record_consents(member, decisions, channel=Consent.Channel.WEB)
        step_done(member, "consents")


def step_done(member: Member, slug: str) -> None:
    """Note that the member saved sign-up step `slug` (nothing once the sign-up is finished)."""
    if member.profile_completed_at is None and slug not in member.signup_steps:
        member.signup_steps = [*member.signup_steps, slug]
        Member.objects.filter(pk=member.pk).update(signup_steps=member.signup_steps)


def complete_registration(member: Member) -> bool:
    """The member enters the registry; False when this had already happened (a second click)."""
    now = timezone.now()
    with transaction.atomic():
        entered = Member.objects.filter(pk=member.pk, profile_completed_at=None).update(
            profile_completed_at=now, last_confirmed_at=now, version=F("version") + 1
        )
        if entered:
            members_changed.send(Member, pks=[member.pk])
    return bool(entered)
