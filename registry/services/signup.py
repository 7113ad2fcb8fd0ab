"""The sign-up: the record a person's first step creates, the steps they saved, and the record
entering the registry."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.sessions import delete_login
from operations.jobs import in_chunks
from registry.models import AuditEntry, Consent, Member
from registry.services import audit
from registry.services.consents import own_contacts_given, record_consents
from registry.services.records import erase_member
from registry.signals import members_changed

# Records and logins looked at per query by the purge: its memory stays flat at any size.
PURGE_CHUNK = 500


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


# --- Sign-ups abandoned before the consents step -------------------------------------------------


def abandoned_drafts(cutoff: datetime.datetime) -> QuerySet[Member]:
    """Records of sign-ups started before `cutoff` and untouched since, with no consent decided
    (the consents step never saved), whose login (if any) is not staff and has not been used
    since either. Records staff entered or imported are never among them."""
    staff = User.objects.staff().values("pk")
    return (
        Member.objects.filter(
            source=Member.Source.SIGN_UP,
            profile_completed_at=None,
            created_at__lt=cutoff,
            updated_at__lt=cutoff,
        )
        .filter(Q(user=None) | Q(user__last_login=None) | Q(user__last_login__lt=cutoff))
        .exclude(user__in=staff)
        .exclude(Exists(Consent.objects.filter(member=OuterRef("pk"))))
    )


def abandoned_logins(cutoff: datetime.datetime) -> QuerySet[User]:
    """Member logins made before `cutoff` that never got as far as a record, unused since."""
    return (
        User.objects.filter(member=None, date_joined__lt=cutoff)
        .filter(Q(last_login=None) | Q(last_login__lt=cutoff))
        .exclude(pk__in=User.objects.staff().values("pk"))
    )


def purge_abandoned_sign_ups(days: int) -> dict[str, int]:
    """Delete what people left when they stopped signing up before the consents step, `days`
    ago: the record and its login (`erase_member`: the search index told, sessions ended), or
    the login alone. Each is checked again as it is deleted, so that a person who came back
    meanwhile keeps everything. One audit entry each, with numbers only."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    purged = {"records": 0, "logins": 0}
    for drafts in in_chunks(abandoned_drafts(cutoff).only("pk"), PURGE_CHUNK):
        for pk in (draft.pk for draft in drafts):
            with transaction.atomic():
                draft = abandoned_drafts(cutoff).select_related("user").filter(pk=pk).first()
                if draft is None or "consents" in draft.signup_steps:
                    continue
                erase_member(
                    draft,
                    actor=None,
                    by_member=False,
                    action=AuditEntry.Action.PURGE,
                    days=days,
                    steps_saved=len(draft.signup_steps),
                )
                purged["records"] += 1
    for users in in_chunks(abandoned_logins(cutoff).only("pk"), PURGE_CHUNK):
        for pk in (user.pk for user in users):
            with transaction.atomic():
                user = abandoned_logins(cutoff).filter(pk=pk).first()
                if user is None or not delete_login(user):
                    continue
                audit(None, AuditEntry.Action.PURGE, days=days, record=False)
                purged["logins"] += 1
    return purged
