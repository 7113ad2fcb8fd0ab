"""Every change to what the index holds queues the member in the outbox, in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from registry.models import Interest, Member, Sector
from registry.signals import members_changed
from search.database.counts import forget_counts
from search.outbox import enqueue as queue_documents
from search.vocabulary import remember, remember_text


def enqueue(pks: Any) -> None:
    """The index must catch up (outbox), and counts cached by the database engine are stale:
    forgotten now and again after the commit, so that a search that ran in between does not
    keep the old numbers."""
    queue_documents(pks)
    forget_counts()
    transaction.on_commit(forget_counts)


def member_saved(sender: Any, instance: Member, **kwargs: Any) -> None:
    enqueue([instance.pk])
    if "created" in kwargs:  # saved, not deleted: a typo may mean one of its words from now on
        remember_text([instance.search_text])


def member_links_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Member):
        enqueue([instance.pk])
    elif pk_set:  # from the other side: interest.members.add(…)
        enqueue(pk_set)


def reference_saved(sender: Any, instance: Interest | Sector, **kwargs: Any) -> None:
    """Documents hold reference slugs: a renamed entry rewrites its members' documents."""
    if kwargs.get("created"):
        return
    if isinstance(instance, Interest):
        enqueue(instance.members.values_list("pk", flat=True))
    else:
        enqueue(Member.objects.filter(sector=instance).values_list("pk", flat=True))


def members_changed_elsewhere(sender: Any, pks: list[int], **kwargs: Any) -> None:
    enqueue(pks)
    remember(pks)


def connect() -> None:
    post_save.connect(member_saved, sender=Member, dispatch_uid="search.member_saved")
    post_delete.connect(member_saved, sender=Member, dispatch_uid="search.member_deleted")
    for through in (
        Member.interests.through,
        Member.languages.through,
        Member.consented_purposes.through,
        Member.associations.through,
    ):
        m2m_changed.connect(
            member_links_changed, sender=through, dispatch_uid=f"search.links.{through.__name__}"
        )
    for model in (Interest, Sector):
        post_save.connect(
            reference_saved, sender=model, dispatch_uid=f"search.ref.{model.__name__}"
        )
    members_changed.connect(members_changed_elsewhere, dispatch_uid="search.members_changed")
