"""Translations go through the chief editors' approval, as originals do.

wagtail-localize 1.x's translation editor, which replaces Wagtail's page editor on a page being
translated, can only publish: its menu has no "Submit for moderation" and it starts no workflow
(nor does any of its settings make it). An editor, who may not publish, could finish a translation
and hand it to nobody. This adds that step with Wagtail's own workflow API: the translated texts
become a new revision of the page, and the page is submitted to its workflow (or resubmitted
after changes were requested) as the editor. From there it is all Wagtail's: the chief editors
are emailed, find it under "Awaiting your review", and approving it publishes that revision.

The revision is made from an unsaved copy of the page (wagtail-localize's
`get_ephemeral_translated_instance`, what its preview shows), not with its
`save_target(publish=False)`: that writes the translated text into the page's own row, which is
what visitors are served, so on a translation already live the unapproved text would be public at
once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState
from wagtail_localize.models import (  # type: ignore[import-untyped]
    SegmentOverride,
    StringTranslation,
    Translation,
)


class SubmissionRefused(Exception):
    """Why a translation cannot be submitted, in words for the person who tried."""


def translation_being_edited(page: Page) -> Translation | None:
    """The wagtail-localize translation whose editor `page` opens in, if any."""
    return (  # type: ignore[no-any-return]
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


def refusal(
    page: Page, user: Any, translation: Translation, *, untranslated_too: bool = True
) -> str | None:
    """Why `user` may not submit this translation now, or None if they may.

    Wagtail's own conditions for "Submit for moderation" (may edit, not locked for them, a
    workflow, none under way), and one of ours: every text translated, so that a chief editor
    never publishes a page half in Vietnamese (left out with `untranslated_too=False`).
    """
    permissions = page.permissions_for_user(user)
    if not permissions.can_edit():
        raise PermissionDenied
    if page.get_workflow() is None:
        return _("No approval workflow covers this page.")
    if page.workflow_in_progress:  # (which also locks it for editors: say why)
        return _("This translation is already awaiting approval.")
    lock = page.get_lock()
    if lock is not None and lock.for_user(user):
        return str(lock.get_description(user))
    if not changed_since_published(page, translation):
        return _("This translation is live as it stands: there is nothing new to submit.")
    return untranslated(translation) if untranslated_too else None


def untranslated(translation: Translation) -> str | None:
    """How many texts are still to translate, or None when every one is."""
    total, done = translation.get_progress()
    if done < total:
        return _(
            "%(missing)s of %(total)s texts are not translated yet: translate every one before "
            "submitting the translation for approval."
        ) % {"missing": total - done, "total": total}
    return None


def changed_since_published(page: Page, translation: Translation) -> bool:
    """Whether there is anything to approve: a draft newer than what is live, or a text typed,
    or the original's text sent again ("Sync translated pages"), since the live version was
    made. A translation never published always has."""
    if page.live_revision_id is None or page.latest_revision_id != page.live_revision_id:
        return True
    made_at = page.live_revision.created_at
    return bool(
        translation.source.last_updated_at > made_at
        or StringTranslation.objects.filter(
            context__object_id=page.translation_key,
            locale_id=translation.target_locale_id,
            updated_at__gt=made_at,
        ).exists()
        or SegmentOverride.objects.filter(
            context__object_id=page.translation_key,
            locale_id=translation.target_locale_id,
            updated_at__gt=made_at,
        ).exists()
    )


@transaction.atomic
def submit_translation(page: Page, user: Any) -> WorkflowState:
    """Save the translated texts as a new revision of `page` and submit it for approval as
    `user`; the page itself stays as it is until a chief editor approves.

    Raises SubmissionRefused (with the reason) when it may not be submitted, PermissionDenied
    when `user` may not edit the page.
    """
    translation = translation_being_edited(page)
    if translation is None:
        raise SubmissionRefused(_("This page is not being translated."))
    reason = refusal(page, user, translation)
    if reason is not None:
        raise SubmissionRefused(reason)
    translated = translation.source.get_ephemeral_translated_instance(
        translation.target_locale,
        fallback=True,  # untranslated related snippets: the original's
    )
    try:
        translated.save_revision(user=user, log_action=True)
    except ValidationError as error:
        raise SubmissionRefused(" ".join(error.messages)) from error
    state = translated.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return state  # type: ignore[no-any-return]
    return translated.get_workflow().start(translated, user)  # type: ignore[no-any-return]


# --- What the translation editor shows -------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    """The approval of a translation as its editor shows it: what the person may do next."""

    page: Page
    workflow_name: str
    state: WorkflowState | None  # under way or sent back for changes
    task_state: TaskState | None
    submit_label: str | None  # the button, when the person may submit
    refusal: str | None  # why they may not (yet), when it is worth saying
    review_actions: list[tuple[str, str, str]]  # (action, label, Wagtail's view for it)
    submit_url: str
    live_as_it_stands: bool = False  # nothing new since it was published

    @property
    def awaiting_approval(self) -> bool:
        return self.state is not None and self.state.status == WorkflowState.STATUS_IN_PROGRESS

    @property
    def changes_requested(self) -> bool:
        return self.state is not None and self.state.status == WorkflowState.STATUS_NEEDS_CHANGES

    @property
    def preview_url(self) -> str | None:
        """What the chief editor is asked to approve: the submitted revision."""
        if self.task_state is None:
            return None
        return reverse(
            "wagtailadmin_pages:workflow_preview", args=[self.page.pk, self.task_state.task_id]
        )

    @property
    def comment(self) -> str:
        """The chief editor's words when sending the translation back."""
        if self.task_state is None or not self.changes_requested:
            return ""
        return str(self.task_state.specific.get_comment() or "")


def submission(page: Page, user: Any, translation: Translation) -> Submission | None:
    """The approval panel of the translation editor, or None where no workflow covers the page."""
    workflow = page.get_workflow()
    if workflow is None:
        return None
    state = page.current_workflow_state
    task_state = state.current_task_state if state is not None else None
    under_way = state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    live_as_it_stands = state is None and not changed_since_published(page, translation)
    # (The panel says so itself when it is under way or live as it stands.)
    reason = (
        None
        if under_way or live_as_it_stands
        else refusal(page, user, translation, untranslated_too=False)
    )
    label = None
    if not (under_way or live_as_it_stands or reason):
        if state is not None and task_state is not None:
            label = _("Resubmit to %(task_name)s") % {"task_name": task_state.task.name}
        else:
            label = _("Submit to %(workflow_name)s") % {"workflow_name": workflow.name}
        # The texts are translated below, on this screen, which is not reloaded as they are: the
        # button is there while some are missing (with how many were when the screen opened),
        # and pressing it checks again (submit_translation).
        reason = untranslated(translation)
    actions: list[tuple[str, str, str]] = []
    if under_way and task_state is not None:
        for name, verbose_name, _needs_data in task_state.task.specific.get_actions(page, user):
            if name not in {action for action, _label, _url in actions}:  # "approve" is twice
                url = reverse(
                    "wagtailadmin_pages:workflow_action", args=[page.pk, name, task_state.pk]
                )
                actions.append((name, str(verbose_name), url))
    return Submission(
        page=page,
        workflow_name=workflow.name,
        state=state,
        task_state=task_state,
        submit_label=label,
        refusal=reason,
        review_actions=actions,
        submit_url=reverse("cms_submit_translation", args=[page.pk]),
        live_as_it_stands=live_as_it_stands,
    )
