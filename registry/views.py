from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from types import SimpleNamespace
from typing import cast

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django_countries import countries

from accounts.models import User
from accounts.roles import REGISTRY_OFFICERS, ROLE_PERMISSIONS
from registry import forms, services
from registry.forms import ConsentsForm, DeleteAccountForm
from registry.models import Association, AuditEntry, Consent, ConsentPurpose, Member
from registry.signals import members_changed
from registry.staff_views import can_see_contact


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


StrOrPromise = str | Promise


@dataclass(frozen=True)
class Step:
    slug: str
    title: StrOrPromise
    form_class: type[forms.VersionedForm] | None  # None: the consents step


STEPS = [
    Step("about", _("About you"), forms.AboutForm),
    Step("hometown", _("Hometown"), forms.HometownForm),
    Step("residence", _("Where you live"), forms.ResidenceForm),
    Step("work", _("Work and skills"), forms.WorkForm),
    Step("interests", _("Interests"), forms.InterestsForm),
    Step("consents", _("Consents"), None),
]
STEP_INDEX = {step.slug: index for index, step in enumerate(STEPS)}


def own_member(request: HttpRequest) -> Member | None:
    """The signed-in person's record (never anybody else's: there is no id in these URLs)."""
    return (
        Member.objects.filter(user=cast(User, request.user))
        .select_related("hometown_ward", "hometown_legacy", "sector")
        .first()
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    member = own_member(request)
    if member is None or member.profile_completed_at is None:
        return redirect("registry:profile_step", step=first_open_step(member))
    return render(
        request,
        "registry/profile.html",
        {
            "member": member,
            "steps": STEPS,
            "consents": member.consented_purposes.all(),
            "confirmation_due": member.confirmation_due(timezone.now()),
        },
    )


def first_open_step(member: Member | None) -> str:
    if member is None:
        return "about"
    if member.hometown_ward_id is None:
        return "hometown"
    if not member.country:
        return "residence"
    return "consents" if member.profile_completed_at is None else "about"


@login_required
def profile_step(request: HttpRequest, step: str) -> HttpResponse:
    """One step of the sign-up profile; after sign-up, the same page edits that section."""
    if step not in STEP_INDEX:
        raise Http404
    index = STEP_INDEX[step]
    member = own_member(request)
    if member is None and step != "about":
        return redirect("registry:profile_step", step="about")
    if step == "consents":
        return consents_step(request, member)  # type: ignore[arg-type]
    editing = member is not None and member.profile_completed_at is not None
    form_class = STEPS[index].form_class
    assert form_class is not None  # noqa: S101 - only the consents step has none
    user = cast(User, request.user)
    instance = member or Member(
        user=user, email=user.email, preferred_language=get_language() or "vi"
    )
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and "find" not in request.POST and form.is_valid():
        try:
            services.save_member(
                form.save(commit=False),
                expected_version=form.expected_version,
                actor=request.user,  # type: ignore[arg-type]
            )
            form.save_m2m()
        except services.EditConflict as conflict:
            form.add_error(None, conflict.message)
        else:
            if editing:
                messages.success(request, _("Your changes are saved."))
                return redirect("registry:profile")
            target = index - 1 if "back" in request.POST else index + 1
            return redirect("registry:profile_step", step=STEPS[max(target, 0)].slug)
    return render(
        request,
        "registry/profile_step.html",
        {
            "form": form,
            "step": STEPS[index],
            "index": index,
            "steps": STEPS,
            "editing": editing,
            "searching": "find" in request.POST,
        },
    )


def consents_step(request: HttpRequest, member: Member) -> HttpResponse:
    """The last step: the member's decisions, then the record enters the registry."""
    index = STEP_INDEX["consents"]
    form = ConsentsForm(request.POST or None)
    if request.method == "POST" and "back" in request.POST:
        return redirect("registry:profile_step", step=STEPS[index - 1].slug)
    if member.profile_completed_at is not None:
        return redirect("registry:consents")
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.record_consents(member, form.decisions(), channel=Consent.Channel.WEB)
            Member.objects.filter(pk=member.pk).update(
                profile_completed_at=timezone.now(),
                last_confirmed_at=timezone.now(),
                version=F("version") + 1,
            )
            members_changed.send(Member, pks=[member.pk])
        messages.success(request, _("Thank you! Your registration is complete."))
        return redirect("registry:profile")
    return render(
        request,
        "registry/profile_step.html",
        {"form": form, "step": STEPS[index], "index": index, "steps": STEPS, "editing": False},
    )


@login_required
def consents(request: HttpRequest) -> HttpResponse:
    """See, give and withdraw consents one purpose at a time; history kept, effect immediate."""
    member = own_member(request)
    if member is None or member.profile_completed_at is None:
        return redirect("registry:profile")
    if request.method == "POST":
        slug = request.POST.get("purpose", "")
        purpose = ConsentPurpose.objects.filter(slug=slug, required=False).first()
        if purpose is None:
            messages.error(request, _("This consent cannot be changed here."))
        else:
            granted = request.POST.get("decision") == "grant"
            services.record_consents(member, {slug: granted}, channel=Consent.Channel.WEB)
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
        {"purposes": purposes, "current": current, "history": history},
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
        data = services.member_export(member)
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
        Member.objects.filter(pk=member.pk).update(
            last_confirmed_at=timezone.now(), version=F("version") + 1
        )
        members_changed.send(Member, pks=[member.pk])
        messages.success(request, _("Thank you for confirming your details."))
    return redirect("registry:profile")


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Erase the record and the login after the password is typed again."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        member = own_member(request)
        user = request.user
        logout(request)
        if member is not None:
            services.erase_member(member, actor=None, by_member=True)
        else:
            services.audit(None, AuditEntry.Action.ERASE)
            user.delete()
        messages.success(request, _("Your account and your record are deleted."))
        return redirect(f"/{get_language()}/")
    return render(request, "registry/delete_account.html", {"form": form})


# --- Pickers (the lists under the hometown and city fields, filled in while typing) ---------------


@login_required
@require_GET
def hometown_options(request: HttpRequest) -> HttpResponse:
    # The live list is not a submission: an unbound form, so no option is marked invalid.
    form = forms.HometownForm(initial=request.GET.dict(), instance=Member())
    return render(
        request,
        "registry/includes/choice_options.html",
        {"field": form["choice"], "searched": request.GET.get("query", "").strip()},
    )


@login_required
@require_GET
def city_options(request: HttpRequest) -> HttpResponse:
    form = forms.ResidenceForm(initial=request.GET.dict(), instance=Member())
    return render(
        request,
        "registry/includes/choice_options.html",
        {"field": form["city"], "searched": request.GET.get("city_query", "").strip()},
    )
