"""The sign-up as a sequence of steps: which exist, which one a person may open, what they typed.

The server alone decides how far a sign-up has come. A step counts as done once the member saved
it during sign-up (`Member.signup_steps`) and the record still holds what it asks for
(`is_complete` of its form); a step's address opened too early leads to the first step not done,
and the check-your-answers page only opens when every step is done. What a person typed on a
step they left with "Back" or "Find", without saving, waits in their session as a draft, so that
nothing typed is lost and every page the browser goes back to is a plain GET.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import QueryDict
from django.urls import translate_url
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from registry.forms.account import ConsentsForm
from registry.forms.base import ProfileStepForm
from registry.forms.steps import AboutForm, HometownForm, InterestsForm, ResidenceForm, WorkForm
from registry.models import Member

StrOrPromise = str | Promise

CHECK = "check"  # the page after the last step: check your answers, then finish


@dataclass(frozen=True)
class Step:
    slug: str
    title: StrOrPromise
    form_class: type[ProfileStepForm] | type[ConsentsForm]


STEPS = [
    Step("about", _("About you"), AboutForm),
    Step("hometown", _("Hometown"), HometownForm),
    Step("residence", _("Where you live"), ResidenceForm),
    Step("work", _("Work and skills"), WorkForm),
    Step("interests", _("Interests"), InterestsForm),
    Step("consents", _("Consents"), ConsentsForm),
]
STEP_INDEX = {step.slug: index for index, step in enumerate(STEPS)}
STEP_INDEX[CHECK] = len(STEPS)


def first_open_step(member: Member | None) -> str:
    """The first step not done yet, or CHECK when all are."""
    if member is None:
        return STEPS[0].slug
    for step in STEPS:
        if step.slug not in member.signup_steps or not step.form_class.is_complete(member):
            return step.slug
    return CHECK


def may_open(member: Member | None, slug: str) -> bool:
    """A step opens once every step before it is done (and any step after sign-up)."""
    if member is not None and member.profile_completed_at is not None:
        return True
    return STEP_INDEX[slug] <= STEP_INDEX[first_open_step(member)]


def previous_step(slug: str) -> str:
    return STEPS[max(STEP_INDEX[slug] - 1, 0)].slug


def next_step(slug: str) -> str:
    index = STEP_INDEX[slug] + 1
    return STEPS[index].slug if index < len(STEPS) else CHECK


# --- Drafts: what was typed on a step and not saved yet -------------------------------------------

DRAFTS = "registry.signup.drafts"
NOT_ANSWERS = {"csrfmiddlewaretoken", "opened", "next", "back", "find", "save"}


def keep_draft(session: SessionBase, slug: str, data: QueryDict) -> None:
    drafts = session.get(DRAFTS, {})
    drafts[slug] = {key: data.getlist(key) for key in data if key not in NOT_ANSWERS}
    session[DRAFTS] = drafts


def draft(session: SessionBase, slug: str) -> dict[str, Any]:
    """The draft of a step as a form's `initial`: lists for multiple choices, else one value."""
    kept = session.get(DRAFTS, {}).get(slug)
    if not kept:
        return {}
    fields = STEPS[STEP_INDEX[slug]].form_class.base_fields
    multiple = {
        name
        for name, field in fields.items()
        if getattr(field.widget, "allow_multiple_selected", False)
    }
    return {key: values if key in multiple else values[-1] for key, values in kept.items()}


def forget_draft(session: SessionBase, slug: str) -> None:
    drafts = session.get(DRAFTS, {})
    if drafts.pop(slug, None) is not None:
        session[DRAFTS] = drafts


def forget_all_drafts(session: SessionBase) -> None:
    session.pop(DRAFTS, None)


# --- Coming back ---------------------------------------------------------------------------------

# Where a visitor was going when they were asked to sign in or join (an event to register for):
# kept in their session through the login, the email confirmation and the sign-up's steps.
RETURN_TO = "registry:return-to"


def remember_return(session: SessionBase, path: str) -> None:
    """Come back to `path` (a path of this site) once signed in and in the registry."""
    if path.startswith("/") and not path.startswith("//"):
        session[RETURN_TO] = path


def take_return(session: SessionBase) -> str | None:
    """The path to come back to, once (None if there is none), in the language the person is
    reading now (they may have switched on the way)."""
    path = session.pop(RETURN_TO, None)
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
        return None
    return translate_url(path, get_language() or settings.LANGUAGE_CODE)
