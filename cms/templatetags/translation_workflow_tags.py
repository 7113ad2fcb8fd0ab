"""The approval panel of wagtail-localize's translation editor (cms.translation_workflow)."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page

from cms.translation_workflow import Submission, submission

register = template.Library()


@register.inclusion_tag("cms/admin/translation_submission.html", takes_context=True)
def translation_submission(context: dict[str, Any]) -> dict[str, Any]:
    """Submit, resubmit, or where the approval stands and, for a chief editor, approve it; on
    snippets (which have no workflow) nothing."""
    instance, translation = context.get("instance"), context.get("translation")
    found: Submission | None = None
    if isinstance(instance, Page) and translation is not None:
        found = submission(instance, context["request"].user, translation)
    return {
        "submission": found,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
