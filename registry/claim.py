"""The link of an invitation to claim a record (`registry.invitations`), as the person follows it.

Without a login the page tells only whether the link still works and asks the person to log in
or sign up with the address the email came to; it names nobody. Logged in with that address,
verified, the person sees the record's name and claims it with one button; with another address
they are told so (not which one). Nothing changes before that button, and a refused link changes
nothing at all.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from registry import invitations
from registry.invitations import Problem

PROBLEMS = {
    Problem.UNKNOWN: (
        404,
        _("This link does not work"),
        _(
            "The link is not complete, or a newer invitation replaced it. Open the link in the "
            "most recent email from us, or ask the Department for a new invitation."
        ),
    ),
    Problem.EXPIRED: (
        410,
        _("This invitation has expired"),
        _("Invitation links work for 30 days. Ask the Department to send you a new one."),
    ),
    Problem.USED: (
        410,
        _("This invitation has been used"),
        _(
            "The record was claimed with this link already. If that was you, log in to see it; "
            "if not, write to the Department."
        ),
    ),
    Problem.OWNED: (
        410,
        _("This record already has an account"),
        _("Someone has claimed this record already. If it was not you, write to the Department."),
    ),
    Problem.OTHER_EMAIL: (
        403,
        _("This invitation was sent to another email address"),
        _(
            "You are logged in with an address the invitation was not sent to. Log out, then "
            "log in or create an account with the address that received the invitation, and "
            "open the link again."
        ),
    ),
    Problem.HAS_RECORD: (
        403,
        _("Your account already has a record"),
        _(
            "Your account holds a record in the registry already, so it cannot take this one "
            "as well. If both are yours, write to the Department: staff can merge them."
        ),
    ),
}


@require_http_methods(["GET", "POST"])
def claim_record(request: HttpRequest, token: str) -> HttpResponse:
    user = cast(User, request.user) if request.user.is_authenticated else None
    invitation = invitations.find(token)
    if (
        user is not None
        and invitation is not None
        and invitation.claimed_at is not None
        and invitation.member.user_id == user.pk
    ):
        return redirect("registry:profile")  # claimed already, by this person: a second click
    problem = invitations.problem_with(invitation, user)
    if invitation is None or problem is not None:
        problem = problem or Problem.UNKNOWN
        status, title, explanation = PROBLEMS[problem]
        return render(
            request,
            "registry/claim.html",
            {"problem": problem.value, "title": title, "explanation": explanation},
            status=status,
        )
    if user is None:
        return render(request, "registry/claim.html", {"title": _("Confirm your record")})
    if request.method == "POST":
        try:
            invitations.claim(invitation, user)
        except invitations.ClaimRefused:
            return redirect(request.path)  # the page says why (or, claimed by them, goes on)
        messages.success(
            request,
            _(
                "This record is yours now. Check each part, change what is not right, choose "
                "what you agree to, then confirm that everything is right."
            ),
        )
        return redirect("registry:profile")
    return render(
        request,
        "registry/claim.html",
        {
            "title": _("Is this your record?"),
            "member": invitation.member,
            "draft": invitations.draft_of(user) is not None,
        },
    )
