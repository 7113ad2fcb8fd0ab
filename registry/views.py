from __future__ import annotations

from itertools import groupby
from types import SimpleNamespace
from typing import cast

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django_countries import countries

from accounts.models import User
from accounts.roles import REGISTRY_OFFICERS, ROLE_PERMISSIONS
from registry import answers, steps
from registry.forms.account import ConsentsForm, DeleteAccountForm
from registry.forms.base import ProfileStepForm
from registry.forms.steps import HometownForm, ResidenceForm
from registry.models import Association, Consent, ConsentPurpose, Member
from registry.permissions import can_see_contact
from registry.services import consents as consent_service
from registry.services import records, signup
from registry.services.snapshots import member_export


@require_GET
def association_directory(request: HttpRequest) -> HttpResponse:
    """Public directory of the associations that agreed to be listed, by country."""
    associations = Association.objects.listed()
    listed_countries = sorted(
        set(associations.values_list("country", flat=True)),
        key=lambda code: countries.name(code),
    )
    chosen = request.GET.get("country", "").upper()
    if chosen not in listed_countries:
        chosen = ""
    if chosen:
        associations = associations.filter(country=chosen)
    groups = [
        (country, list(items))
        for country, items in groupby(
            sorted(associations, key=lambda a: (a.country.name, a.name)),
            key=lambda a: a.country,
        )
    ]
    return render(
        request,
        "registry/association_directory.html",
        {
            "groups": groups,
            "countries": [(code, countries.name(code)) for code in listed_countries],
            "chosen": chosen,
        },
    )


# --- The member's own profile --------------------------------------------------------------------


def own_member(request: HttpRequest) -> Member | None:
    """The signed-in person's record (never anybody else's: there is no id in these URLs)."""
    return (
        Member.objects.filter(user=cast(User, request.user))
        .select_related("hometown_ward", "hometown_legacy", "sector")
        .first()
    )


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """What the registry is for, what signing up takes, and the way in."""
    member = own_member(request) if request.user.is_authenticated else None
    return render(
        request,
        "registry/start.html",
        {
            "member": member,
            "steps": steps.STEPS,
            "started": member is not None and member.profile_completed_at is None,
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    member = own_member(request)
    if member is None or member.profile_completed_at is None:
        return redirect_to_step(steps.first_open_step(member))
    return render(
        request,
        "registry/profile.html",
        {
            "member": member,
            "steps": steps.STEPS,
            "consents": member.consented_purposes.all(),
            "confirmation_due": member.confirmation_due(timezone.now()),
            # A record staff entered, claimed by the person, who has not said it is right yet.
            "first_check": member.source != Member.Source.SIGN_UP
            and member.last_confirmed_at is None,
        },
    )


def redirect_to_step(slug: str) -> HttpResponse:
    if slug == steps.CHECK:
        return redirect("registry:check")
    return redirect("registry:profile_step", step=slug)


@login_required
def profile_step(request: HttpRequest, step: str) -> HttpResponse:
    """One step of the sign-up; after sign-up, the same page edits that section.

    "Back" and "Find" keep what was typed as a draft and lead to a GET, so that the browser's own
    Back never meets a POST; "Save and continue" saves only what changed on the page.
    """
    if step not in steps.STEP_INDEX or step == steps.CHECK:
        raise Http404
    member = own_member(request)
    if not steps.may_open(member, step):
        messages.info(request, _("Please answer this step first: the steps come in order."))
        return redirect_to_step(steps.first_open_step(member))
    editing = member is not None and member.profile_completed_at is not None
    from_check = request.GET.get("from") == steps.CHECK and not editing
    if step == "consents":
        if editing:
            return redirect("registry:consents")
        return consents_step(request, cast(Member, member), from_check=from_check)
    form_class = cast(type[ProfileStepForm], steps.STEPS[steps.STEP_INDEX[step]].form_class)
    if request.method == "POST":
        if "back" in request.POST and not editing:
            # What is complete is saved, what is not waits as a draft: Back never asks for more.
            keep(request, step, save_step(request, step, form_class))
            return redirect_to_step(steps.CHECK if from_check else steps.previous_step(step))
        if wants_matches(step, request.POST):
            steps.keep_draft(request.session, step, request.POST)
            return HttpResponseRedirect(request.get_full_path() + "#choice-options")
        form = save_step(request, step, form_class)
        if form is None:
            steps.forget_draft(request.session, step)
            if editing:
                messages.success(request, _("Your changes are saved."))
                return redirect("registry:profile")
            return redirect_to_step(steps.CHECK if from_check else steps.next_step(step))
    else:
        instance = member or new_member(request)
        form = form_class(instance=instance, initial=steps.draft(request.session, step))
    return render_step(request, step, form, editing=editing, from_check=from_check)


def render_step(
    request: HttpRequest, step: str, form: BaseForm, *, editing: bool, from_check: bool
) -> HttpResponse:
    return render(
        request,
        "registry/profile_step.html",
        {
            "form": form,
            "step": steps.STEPS[steps.STEP_INDEX[step]],
            "index": steps.STEP_INDEX[step],
            "steps": steps.STEPS,
            "editing": editing,
            "from_check": from_check,
        },
    )


def new_member(request: HttpRequest) -> Member:
    user = cast(User, request.user)
    return signup.new_member(user, member_language(user))


def member_language(user: User) -> str:
    """The language a new record's messages are in: the account's, else the page's."""
    return getattr(user, "language", "") or get_language() or "vi"


def keep(request: HttpRequest, step: str, unsaved: ProfileStepForm | None) -> None:
    if unsaved is None:
        steps.forget_draft(request.session, step)
    else:
        steps.keep_draft(request.session, step, request.POST)


def wants_matches(step: str, data: QueryDict) -> bool:
    """ "Find" pressed, or Enter in a picker's text box with nothing chosen while the matches of
    what was typed are not listed yet (`listed` comes with the list): list them, no error."""
    if "find" in data:
        return True
    if step == "hometown":
        typed, chosen = data.get("query", "").strip(), data.get("choice")
    elif step == "residence":
        typed = data.get("city_query", "").strip()
        chosen = data.get("city") or data.get("not_listed")
    else:
        return False
    return bool(typed) and not chosen and typed != data.get("listed", "").strip()


def save_step(
    request: HttpRequest, step: str, form_class: type[ProfileStepForm]
) -> ProfileStepForm | None:
    """Validate and save one step of the signed-in person's record, one save at a time.

    Returns the form with its errors, or None once saved.
    """
    user = cast(User, request.user)
    form: ProfileStepForm | None = None

    def save(member: Member) -> Member | None:
        nonlocal form
        form = form_class(request.POST, instance=member)
        return form.save_changes() if form.is_valid() else None

    if signup.save_own_step(user, step, member_language(user), save):
        return None
    return form


def consents_step(request: HttpRequest, member: Member, *, from_check: bool) -> HttpResponse:
    """The decisions, one box per purpose; they are recorded as given, before the final check."""
    agreed = set(member.consented_purposes.values_list("slug", flat=True))
    if request.method == "POST":
        if "back" in request.POST:
            steps.keep_draft(request.session, "consents", request.POST)
            return redirect_to_step(steps.CHECK if from_check else "interests")
        form = ConsentsForm(request.POST, current=agreed)
        if form.is_valid():
            signup.consents_step_done(member, form.decisions())
            steps.forget_draft(request.session, "consents")
            return redirect("registry:check")
    else:
        initial = steps.draft(request.session, "consents")
        form = ConsentsForm(current=agreed, initial=initial or None)
    return render_step(request, "consents", form, editing=False, from_check=from_check)


def thank(request: HttpRequest) -> None:
    """The thank-you once, however many times "Finish" was sent before a page showed it."""
    text = str(_("Thank you! Your registration is complete."))
    storage = messages.get_messages(request)
    waiting = [str(message) for message in storage]
    # Looking is not showing: the messages stay for the next page.
    storage.used = False  # type: ignore[union-attr]
    if text not in waiting:
        messages.success(request, text)


@login_required
def check(request: HttpRequest) -> HttpResponse:
    """Check your answers, each with a link to change it; then the record enters the registry."""
    member = own_member(request)
    if member is not None and member.profile_completed_at is not None:
        if request.method == "POST":  # "Finish" pressed twice: the same answer as the first time
            thank(request)
        return redirect("registry:profile")
    open_step = steps.first_open_step(member)
    if member is None or open_step != steps.CHECK:
        return redirect_to_step(open_step)
    if request.method == "POST":
        signup.complete_registration(member)
        steps.forget_all_drafts(request.session)
        # Back to what they were doing when asked to join (an event's registration), if any.
        back = steps.take_return(request.session)
        if back:
            messages.success(request, _("Thank you! You are in the registry now: carry on below."))
            return redirect(back)
        thank(request)
        return redirect("registry:profile")
    return render(
        request,
        "registry/check_answers.html",
        {"member": member, "sections": answers.sections(member), "steps": steps.STEPS},
    )


@login_required
def consents(request: HttpRequest) -> HttpResponse:
    """See, give and withdraw consents one purpose at a time; history kept, effect immediate."""
    member = own_member(request)
    if member is None or member.profile_completed_at is None:
        return redirect("registry:profile")
    if request.method == "POST":
        slug = request.POST.get("purpose", "")
        granted = request.POST.get("decision") == "grant"
        purpose = ConsentPurpose.objects.filter(slug=slug).first()
        # A required purpose can be given here (by a person who claimed a record staff entered),
        # never withdrawn: that is deleting the account.
        if purpose is None or (purpose.required and not granted):
            messages.error(request, _("This consent cannot be changed here."))
        else:
            consent_service.record_consents(member, {slug: granted}, channel=Consent.Channel.WEB)
            messages.success(
                request,
                _("Thank you, your consent is recorded.")
                if granted
                else _("Your consent is withdrawn."),
            )
        return redirect("registry:consents")
    current = set(member.consented_purposes.values_list("slug", flat=True))
    purposes = ConsentPurpose.objects.prefetch_related("texts")
    history = member.consents.select_related("purpose", "text")[:50]
    return render(
        request,
        "registry/consents.html",
        {
            "purposes": purposes,
            "current": current,
            "history": history,
            # What agreeing to staff contact lets staff see: the details themselves, so that
            # nobody agrees to share a detail they did not know was on their record.
            "contacts": {
                **member.contact_values(),
                **({"phone": member.phone.as_international} if member.phone else {}),
            },
            "staff_contact": ConsentPurpose.STAFF_CONTACT,
        },
    )


@login_required
def staff_view(request: HttpRequest) -> HttpResponse:
    """Exactly what a registry officer sees of this record, and what a viewer sees (nothing).

    The record is shown by the block the officer's profile view uses (`member_record`), and the
    contact details by the officer's own rule (`can_see_contact`) applied to the officer role.
    """
    member = own_member(request)
    if member is None or member.profile_completed_at is None:
        return redirect("registry:profile")
    officer = SimpleNamespace(has_perm=set(ROLE_PERMISSIONS[REGISTRY_OFFICERS]).__contains__)
    return render(
        request,
        "registry/staff_view.html",
        {"member": member, "show_contact": can_see_contact(officer, member)},
    )


@login_required
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """Everything we hold about the member: JSON for machines, a page for people."""
    member = own_member(request)
    if member is None:
        return redirect("registry:profile")
    if fmt == "json":
        data = member_export(member)
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = 'attachment; filename="que-huong-my-data.json"'
        return response
    return render(request, "registry/download.html", {"member": member})


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """The yearly "is this still right?": one click when nothing changed."""
    member = own_member(request)
    if member is not None:
        records.confirm_details(member)
        messages.success(request, _("Thank you for confirming your details."))
    return redirect("registry:profile")


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Erase the record and the login after the password is typed again."""
    form = DeleteAccountForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        member = own_member(request)
        user = cast(User, request.user)
        logout(request)
        records.erase_own_account(user, member)
        messages.success(request, _("Your account and your record are deleted."))
        return redirect(f"/{get_language()}/")
    return render(request, "registry/delete_account.html", {"form": form})


# --- Pickers (the lists under the hometown and city fields, filled in while typing) ---------------


@login_required
@require_GET
def hometown_options(request: HttpRequest) -> HttpResponse:
    # The live list is not a submission: an unbound form, so no option is marked invalid.
    form = HometownForm(initial=request.GET.dict(), instance=Member())
    return render(
        request,
        "registry/includes/choice_options.html",
        {"field": form["choice"], "searched": request.GET.get("query", "").strip()},
    )


@login_required
@require_GET
def city_options(request: HttpRequest) -> HttpResponse:
    form = ResidenceForm(initial=request.GET.dict(), instance=Member())
    return render(
        request,
        "registry/includes/choice_options.html",
        {"field": form["city"], "searched": request.GET.get("city_query", "").strip()},
    )
