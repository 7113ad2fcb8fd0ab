"""The invited person's side: their answer through the personal link of their invitation,
without logging in. The page speaks the language the invitation was written in; a link that
was altered, has expired or was replaced by a newer invitation gets a page that says so."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables

from trips import invitations
from trips.forms import ReplyForm

PROBLEM_STATUS = {"tampered": 404, "removed": 404, "expired": 410, "replaced": 410}


@never_cache
@sensitive_variables("token")
def reply(request: HttpRequest, token: str) -> HttpResponse:
    # In the language of the address: the invitation's, unless the person switched language.
    opened = invitations.open_token(token)
    line = opened.line
    if opened.problem or line is None or line.member is None:
        return render(
            request,
            "trips/reply_problem.html",
            {"problem": opened.problem, "trip": line.trip if line else None},
            status=PROBLEM_STATUS.get(opened.problem, 404),
        )
    initial: dict[str, object] = {"guests": line.guests}
    if line.answered:
        initial["answer"] = "decline" if line.status == line.Status.DECLINED else "accept"
        initial["message"] = line.reply_message
    form = ReplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        invitations.answer(
            line,
            accept=form.cleaned_data["answer"] == "accept",
            guests=form.cleaned_data["guests"] or 0,
            message_text=form.cleaned_data["message"],
        )
        return redirect(f"{request.path}?answered=1")
    trip = line.trip
    texts = {text.language: text for text in trip.texts.all() if text.body.strip()}
    text = texts.get(translation.get_language()) or texts.get(line.language) or texts.get("vi")
    return render(
        request,
        "trips/reply.html",
        {
            "form": form,
            "line": line,
            "trip": trip,
            "legs": invitations.nearest_first(list(trip.legs.all()), line.member),
            "body": text.body.replace("{name}", line.member.full_name) if text else "",
            "subject": text.subject if text else trip.title,
            "just_answered": (
                request.GET.get("answered") == "1" and line.answered and not form.is_bound
            ),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
