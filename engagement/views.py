"""The member's side: taking part from a page (interest, pledge, registration), "My
engagements" with a way to withdraw, and an event's calendar file.

A visitor is asked to sign in (or join) and comes back to the same form afterwards; a member who
has not finished joining the registry finishes first, then comes back.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Page

from accounts.models import User
from cms.models import CharityProgrammePage, EventPage, InvestmentProjectPage
from engagement import services
from engagement.calendar import event_calendar
from engagement.forms import EngagementForm, InterestForm, PledgeForm, RegistrationForm
from engagement.models import Engagement
from registry import steps
from registry.models import Consent, ConsentPurpose, Member
from registry.services.consents import record_consents

Kind = Engagement.Kind
# Which page types can be acted on, and how.
ACTIONS: dict[type[Page], tuple[str, type[EngagementForm]]] = {
    InvestmentProjectPage: (Kind.INTEREST, InterestForm),
    CharityProgrammePage: (Kind.PLEDGE, PledgeForm),
    EventPage: (Kind.REGISTRATION, RegistrationForm),
}


def actionable_page(page_id: int) -> Page:
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    if type(page) not in ACTIONS:
        raise Http404
    return page


def in_language(page: Page, language: str | None) -> Page | None:
    """`page` as published in `language`, if it is."""
    return (
        Page.objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=language)
        .first()
    )


def own_member(request: HttpRequest) -> Member | None:
    return Member.objects.filter(user=cast(User, request.user)).first()


def consent_text() -> str:
    purpose = ConsentPurpose.objects.prefetch_related("texts").get(slug=ConsentPurpose.PROGRAMMES)
    text = purpose.current_text
    return text.text if text is not None else purpose.name


def take_part(request: HttpRequest, page_id: int) -> HttpResponse:
    """The form to take part from a page, and its submission."""
    page = actionable_page(page_id)
    kind, form_class = ACTIONS[type(page)]
    translated = in_language(page, get_language())
    if translated is not None and translated.pk != page.pk:  # the language was switched
        return redirect("engagement:take_part", page_id=translated.pk)
    if not request.user.is_authenticated:
        steps.remember_return(request.session, request.path)
        return redirect_to_login(request.get_full_path())
    member = own_member(request)
    if member is None or member.profile_completed_at is None:
        steps.remember_return(request.session, request.path)
        messages.info(request, _("Finish joining the registry first: you will come back here."))
        return redirect("registry:profile")
    closed = services.closed_because(page)
    if closed:
        messages.error(request, closed)
        return redirect(page.url)
    existing = None if kind == Kind.PLEDGE else services.open_engagement(member, page, kind)
    if existing is not None:
        messages.info(request, _("You have already done this: see it below."))
        return redirect(page.url)
    needs_consent = not services.consented(member)
    options: dict[str, Any] = {"needs_consent": needs_consent}
    if needs_consent:
        options["consent_text"] = consent_text()
    if kind == Kind.PLEDGE:
        options["currency"] = page.currency
    form = form_class(request.POST or None, **options)
    if request.method == "POST" and form.is_valid():
        try:
            act(member, page, kind, form.cleaned_data)
        except services.Refused as refusal:
            messages.error(request, str(refusal))
        except IntegrityError:  # the same form sent twice at once: the first one stands
            messages.info(request, _("You have already done this: see it below."))
        else:
            messages.success(request, done_message(member, page, kind))
        return redirect(page.url)
    return render(
        request,
        "engagement/take_part.html",
        {
            "page": page,
            "form": form,
            "kind": kind,
            "places": event_places(page),
        },
        status=400 if form.is_bound else 200,
    )


def event_places(page: Any) -> services.Places | None:
    return services.places(page) if isinstance(page, EventPage) else None


@transaction.atomic
def act(member: Member, page: Any, kind: str, data: dict[str, Any]) -> Engagement:
    """The engagement, with the consent given on its form (both or neither)."""
    if "consent" in data:
        record_consents(member, {ConsentPurpose.PROGRAMMES: True}, channel=Consent.Channel.WEB)
    message = data.get("message", "")
    if kind == Kind.INTEREST:
        return services.express_interest(member, page, role=data["role"], message=message)
    if kind == Kind.PLEDGE:
        return services.pledge(
            member,
            page,
            gift=data["gift"],
            amount=data.get("amount"),
            description=data.get("description", ""),
            anonymous=bool(data.get("anonymous")),
            message=message,
        )
    return services.register(
        member,
        page,
        guests=data["guests"],
        dietary=data.get("dietary", ""),
        accessibility=data.get("accessibility", ""),
        message=message,
    )


def done_message(member: Member, page: Any, kind: str) -> str:
    if kind == Kind.INTEREST:
        return _("Thank you: the officer in charge will contact you. We sent you an email.")
    if kind == Kind.PLEDGE:
        return _("Thank you for your pledge. We sent you an email with how to give it.")
    engagement = services.open_engagement(member, page, kind)
    if engagement is not None and engagement.status == Engagement.Status.WAITING:
        return _(
            "The event is full: you are on the waiting list. We will write if a place is freed."
        )
    return _("You are registered. We sent you an email with the calendar file.")


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """Everything the member registered for, pledged or showed interest in."""
    member = own_member(request)
    if member is None or member.profile_completed_at is None:
        return redirect("registry:profile")
    engagements = list(
        Engagement.objects.filter(member=member)
        .select_related("page")
        .order_by("-created_at", "-pk")
    )
    # Each page as published in the language being read, where it is (titles and links).
    shown = {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(
            translation_key__in=[e.page_key for e in engagements],
            locale__language_code=get_language(),
        )
        .specific()
    }
    for engagement in engagements:
        engagement.shown_page = shown.get(engagement.page_key) or (  # type: ignore[attr-defined]
            engagement.page.specific if engagement.page and engagement.page.live else None
        )
    return render(
        request,
        "engagement/mine.html",
        {"engagements": engagements, "now": timezone.now()},
    )


@login_required
def withdraw(request: HttpRequest, engagement_id: int) -> HttpResponse:
    """Withdraw one's own engagement (a registration: cancel it), after saying so: a place
    given up goes at once to the next person waiting."""
    member = own_member(request)
    engagement = get_object_or_404(Engagement, pk=engagement_id, member__isnull=False)
    if member is None or engagement.member_id != member.pk:
        raise Http404  # never say whether someone else's exists
    if request.method != "POST":
        return render(
            request,
            "engagement/withdraw.html",
            {"engagement": engagement, "back": request.GET.get("back") == "page"},
        )
    try:
        services.withdraw(engagement, member=member)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Your registration is cancelled.")
            if engagement.kind == Kind.REGISTRATION
            else _("Withdrawn."),
        )
    return redirect("engagement:mine")


@require_GET
def calendar(request: HttpRequest, page_id: int) -> HttpResponse:
    """An event's calendar file: public, as the event is."""
    page = actionable_page(page_id)
    if not isinstance(page, EventPage):
        raise Http404
    url = request.build_absolute_uri(page.url or "/")
    response = HttpResponse(
        event_calendar(page, url, now=timezone.now()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{page.pk}.ics"'
    return response
