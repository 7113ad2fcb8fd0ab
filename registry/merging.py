"""Merging two records of one person: what the officer compares and chooses, field by field.

A merge keeps one record (`kept`) and folds the other (`merged`) into it. The officer sees every
field of both records, contact details included, and chooses, for each field where they differ,
which record's value the kept record ends with (`member_fields.FIELDS`; lists can also be
combined). What is chosen before the officer changes anything (`default_choices`) is the
person's own data: the record the person made or holds themselves (`is_own`: it has a login, or
came from the sign-up) wins over a list an association sent or an officer typed, because a merge
must never replace what someone gave us with what a third party listed unless an officer saw
both and chose so.

Three things are never chosen, because they are the person's own decisions about the kept record:
its consents, the contact details its consent to staff contact covers (`contacts_covered`) and
its source. A merge does not create, move or extend a consent: the merged record's decisions stay
in the merge history with the data they were given for. So a contact detail is shown to staff
after the merge only if the kept record's own consent covers that very value (`contact_note`
says which, and why, before the officer merges).

Nothing is lost: the kept record as it was, the merged record (its consent decisions included)
and each choice are stored with the merge (`MergeRecord.kept_before`, `snapshot`, `choices`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from engagement.models import Engagement
from registry.member_fields import FIELDS, MemberField
from registry.models import ConsentPurpose, Member, MergeRecord
from trips.models import Shortlisted

KEPT, MERGED, BOTH = "kept", "merged", "both"
SIDES = (KEPT, MERGED)
LOGIN = "login"


def is_own(member: Member) -> bool:
    """Whether the record is the person's own doing: they hold its login, or made it by signing
    up (an association's list or an officer's typing is not)."""
    return member.user_id is not None or member.source == Member.Source.SIGN_UP


def preferred_side(kept: Member, merged: Member) -> str:
    """The record whose data is the default: the person's own when only one of them is, else
    the kept one."""
    if is_own(merged) and not is_own(kept):
        return MERGED
    return KEPT


def other(side: str) -> str:
    return MERGED if side == KEPT else KEPT


def default_choice(merge_field: MemberField, kept: Member, merged: Member) -> str:
    """What is chosen before the officer changes anything.

    The person's own record's value (`preferred_side`); where it has none, the other record's
    (a blank filled loses nothing, and the officer sees it). Lists: the person's own list when
    only one record is theirs, else both combined. Verification is the department's, not the
    person's: a verified record's verification is kept.
    """
    records = {KEPT: kept, MERGED: merged}
    if not merge_field.own:
        side = KEPT if kept.verified_at is not None or merged.verified_at is None else MERGED
        return side
    side = preferred_side(kept, merged)
    if merge_field.many and is_own(kept) == is_own(merged):
        side = BOTH
    if side != BOTH and merge_field.is_empty(records[side]):
        side = other(side)
    return side


def default_choices(kept: Member, merged: Member) -> dict[str, str]:
    choices = {f.key: default_choice(f, kept, merged) for f in FIELDS}
    if kept.user_id is not None and merged.user_id is not None:
        choices[LOGIN] = KEPT
    return choices


def resolved_choices(kept: Member, merged: Member, given: Mapping[str, str]) -> dict[str, str]:
    """Every field's choice: what the officer chose, the default for the rest (and for a value
    that is not a choice of that field); "kept" where both records agree."""
    choices = default_choices(kept, merged)
    for merge_field in FIELDS:
        allowed = (*SIDES, BOTH) if merge_field.many else SIDES
        if merge_field.value(kept) == merge_field.value(merged):
            choices[merge_field.key] = KEPT
        elif given.get(merge_field.key) in allowed:
            choices[merge_field.key] = given[merge_field.key]
    if LOGIN in choices and given.get(LOGIN) in SIDES:
        choices[LOGIN] = given[LOGIN]
    return choices


def apply_choices(kept: Member, merged: Member, choices: Mapping[str, str]) -> list[str]:
    """Set the kept record's fields as chosen (not saved; lists are set by `apply_lists`).
    Returns the keys of the fields whose value came from the merged record."""
    taken = []
    for merge_field in FIELDS:
        choice = choices.get(merge_field.key, KEPT)
        if choice == KEPT:
            continue
        taken.append(merge_field.key)
        if not merge_field.many:
            for column in merge_field.columns:
                setattr(kept, column, getattr(merged, column))
    # Not chosen: when the person finished signing up and last said the record was right.
    kept.profile_completed_at = kept.profile_completed_at or merged.profile_completed_at
    kept.last_confirmed_at = max(
        (t for t in (kept.last_confirmed_at, merged.last_confirmed_at) if t is not None),
        default=None,
    )
    return taken


def apply_lists(kept: Member, merged: Member, choices: Mapping[str, str]) -> None:
    for merge_field in FIELDS:
        if not merge_field.many:
            continue
        choice = choices.get(merge_field.key, KEPT)
        if choice == KEPT:
            continue
        ids = set(merge_field.value(merged))
        if choice == BOTH:
            ids |= merge_field.value(kept)
        getattr(kept, merge_field.key).set(ids)


# --- What the compare page shows -------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    side: str
    text: str
    own: bool  # the person's own record's value
    note: str = ""  # for a contact detail: whether staff will see it after the merge, and why
    shown_to_staff: bool = False


@dataclass(frozen=True)
class Comparison:
    field: MemberField
    same: bool
    options: tuple[Option, ...]
    default: str

    @property
    def key(self) -> str:
        return self.field.key

    @property
    def text(self) -> str:
        return self.options[0].text


def move_engagements(kept: Member, merged: Member) -> None:
    """The merged record's engagements go to the kept one; an interest or a registration the
    kept record already has open for the same page is withdrawn (the person is counted once)."""
    held = set(
        Engagement.objects.filter(member=kept)
        .open()
        .exclude(kind=Engagement.Kind.PLEDGE)
        .values_list("page_key", "kind")
    )
    theirs = Engagement.objects.filter(member=merged)
    for engagement in theirs.open().exclude(kind=Engagement.Kind.PLEDGE):
        if (engagement.page_key, engagement.kind) in held:
            engagement.status = Engagement.Status.WITHDRAWN
            engagement.save(update_fields=["status"])
    theirs.update(member=kept)


def move_trip_lines(kept: Member, merged: Member) -> None:
    """The merged record's places on trips' lists go to the kept one, except on a trip the kept
    record is already on (the person is listed once; the kept line stays)."""
    held = set(Shortlisted.objects.filter(member=kept).values_list("trip_id", flat=True))
    theirs = Shortlisted.objects.filter(member=merged)
    theirs.filter(trip_id__in=held).delete()
    theirs.update(member=kept)


def contact_note(name: str, value: str, kept: Member, merged: Member) -> tuple[bool, str]:
    """Whether staff will see contact detail `name` with `value` once the merge is done, and why:
    only the kept record's own consent to staff contact counts, for the value it covers."""
    if not value:
        return False, ""
    kept_agrees = kept.has_consented(ConsentPurpose.STAFF_CONTACT)
    if kept_agrees and (kept.contacts_covered or {}).get(name) == value:
        return True, _(
            "Shown to staff after the merge: the kept record's consent to staff contact covers it."
        )
    merged_covered = (merged.contacts_covered or {}).get(name) == value
    if merged.has_consented(ConsentPurpose.STAFF_CONTACT) and merged_covered:
        return False, _(
            "Hidden from staff after the merge: the person agreed to staff contact for it on "
            "record #%(number)s, and a merge never carries a consent over."
        ) % {"number": merged.pk}
    if not kept_agrees:
        return False, _(
            "Hidden from staff after the merge: the kept record has no consent to staff contact."
        )
    return False, _(
        "Hidden from staff after the merge: the kept record's consent to staff contact was given "
        "for other contact details."
    )


def compare(kept: Member, merged: Member) -> list[Comparison]:
    """Every field of both records, as the officer merging sees them (contact details
    included), with the default choice of each."""
    records = {KEPT: kept, MERGED: merged}
    own = {
        side: is_own(record) and not is_own(records[other(side)])
        for side, record in records.items()
    }
    rows = []
    for merge_field in FIELDS:
        options = []
        for side, record in records.items():
            shown, note = False, ""
            if merge_field.contact:
                stored = str(getattr(record, merge_field.key) or "")
                shown, note = contact_note(merge_field.key, stored, kept, merged)
            options.append(Option(side, merge_field.text(record), own[side], note, shown))
        if merge_field.many:
            both = ", ".join(
                str(item)
                for item in {
                    item.pk: item
                    for record in (kept, merged)
                    for item in getattr(record, merge_field.key).all()
                }.values()
            )
            options.append(Option(BOTH, both, False))
        same = merge_field.value(kept) == merge_field.value(merged)
        default = KEPT if same else default_choice(merge_field, kept, merged)
        rows.append(Comparison(merge_field, same, tuple(options), default))
    return rows


# --- The merged-away record's address ----------------------------------------------------------


def kept_record_of(pk: int, *, within: QuerySet[Member] | None = None) -> MergeRecord | None:
    """The merge that took record `pk` away, pointing at the record that holds it now (through
    every later merge: a record merged into one that was merged in turn leads to the last)."""
    records = within if within is not None else Member.objects.all()
    seen: set[int] = set()
    found = None
    while pk not in seen:
        seen.add(pk)
        merge = MergeRecord.objects.filter(merged_member_id=pk).order_by("-merged_at").first()
        if merge is None:
            break
        found = merge
        if records.filter(pk=merge.member_id).exists():
            return found
        pk = merge.member_id
    return None


# --- Logins ----------------------------------------------------------------------------------


def login_text(member: Member) -> str:
    """A login as the officer merging sees it: its email, and when it was last used."""
    user = member.user
    if user is None:
        return ""
    if user.last_login is None:
        return _("%(email)s, never used") % {"email": user.email}
    return _("%(email)s, last used on %(date)s") % {
        "email": user.email,
        "date": date_format(localtime(user.last_login), "DATE_FORMAT"),
    }


def login_note(kept: Member, merged: Member) -> str:
    """What happens to the logins, in words (see `services.merge_members`)."""
    if kept.user_id is not None and merged.user_id is not None:
        return _(
            "Both records have their own login, and a record can have only one. Choose the one "
            "the person uses. The other login is deleted with its email address and signed out "
            "everywhere: the person logs in with the one you keep."
        )
    if merged.user_id is not None:
        return _(
            "The login of record #%(number)s moves to the kept record, so the person still "
            "opens their record with it."
        ) % {"number": merged.pk}
    if kept.user_id is not None:
        return _("The kept record keeps its login.")
    return _("Neither record has a login.")


# What `services.merge_members` writes to the kept record (`Member.save(update_fields=…)`): the
# chosen fields, the login, the two dates set without a choice, and what `save` derives.
SAVED_FIELDS = [
    *dict.fromkeys(Member._meta.get_field(column).name for f in FIELDS for column in f.columns),
    "user",
    "profile_completed_at",
    "last_confirmed_at",
    "version",
    *Member.DERIVED_FIELDS,
]


def shown_labels(member: Member) -> list[str]:
    """The names of the contact details staff see of `member` now (its consent covers them)."""
    shown = member.consented_contacts()
    return [str(f.label) for f in FIELDS if f.contact and f.key in shown]
