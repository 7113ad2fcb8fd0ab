"""What the CMS's pages show of engagement: the box to take part (an event's registration, a
programme's pledge, a project's interest), with the member's own where they have one."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from cms.models import CharityProgrammePage, EventPage, InvestmentProjectPage
from engagement import matching, services
from engagement.amounts import grouped, in_words
from engagement.models import Engagement
from registry.models import ConsentPurpose

register = template.Library()


@register.inclusion_tag("engagement/includes/take_part_box.html", takes_context=True)
def take_part_box(context: dict[str, Any], page: Any) -> dict[str, Any]:
    """The box: for a visitor, a way to sign in and come back; for a member, the form's link or
    what they already did (with a way to cancel)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    kind = (
        Engagement.Kind.REGISTRATION
        if isinstance(page, EventPage)
        else Engagement.Kind.PLEDGE
        if isinstance(page, CharityProgrammePage)
        else Engagement.Kind.INTEREST
        if isinstance(page, InvestmentProjectPage)
        else ""
    )
    values: dict[str, Any] = {
        "page": page,
        "kind": kind,
        "closed": services.closed_because(page) if kind else "",
        "places": services.places(page) if kind == Engagement.Kind.REGISTRATION else None,
        "signed_in": bool(user is not None and user.is_authenticated),
        "request": request,
    }
    member = getattr(user, "member", None) if values["signed_in"] else None
    if member is not None and kind:
        own = member.engagements.open().filter(page_key=page.translation_key, kind=kind)
        values["own"] = list(own.order_by("-created_at", "-pk")[:5])
    return values


@register.inclusion_tag("engagement/includes/for_you.html")
def for_you(member: Any) -> dict[str, Any]:
    """What may interest the member: open projects and programmes, upcoming events, in the
    page's language, each with why (`engagement.matching.for_member`)."""
    agreed = member.consented_purposes.filter(slug=ConsentPurpose.MATCHING).exists()
    if not agreed:  # the member's sector and interests are used for this only with consent
        return {"agreed": False}
    return {"agreed": True, "suggestions": matching.for_member(member, get_language() or "vi")}


@register.simple_tag
def amount_in_words(amount: Any, currency: str) -> str:
    return in_words(amount, currency)


@register.filter
def grouped_amount(amount: Any) -> str:
    return grouped(amount)
