"""The staff screen of the outgoing mail: what waits, what is being sent, what failed.

Administrators only (the `operations.*_outgoingmessage` permissions). Subjects, masked
addresses and errors, never a message's text: emails carry links that log people in.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from operations.mail import delivery
from operations.mail.tasks import send_after_commit
from operations.models import OutgoingMessage

Status = OutgoingMessage.Status
View = Callable[..., HttpResponse]
PAGE_SIZE = 50
SHOWN = (Status.WAITING, Status.SENDING, Status.FAILED)


def forbidden(request: HttpRequest) -> HttpResponse:
    """A plain 403 (Wagtail's PermissionDenied handling would redirect to the dashboard)."""
    context = {"page_title": _("Access denied"), "header_icon": "lock"}
    return render(request, "operations/forbidden.html", context, status=403)


def permission_required(action: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(f"operations.{action}_outgoingmessage"):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@permission_required("view")
def mail_queue(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("status")
    status = chosen if chosen in SHOWN else None
    listed = OutgoingMessage.objects.filter(status__in=[status] if status else SHOWN)
    listed = listed.defer("mime").order_by("-created_at", "-pk")
    counts = dict(
        OutgoingMessage.objects.filter(status__in=SHOWN)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    since = timezone.now() - datetime.timedelta(days=1)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("p"))
    return render(
        request,
        "operations/mail_queue.html",
        {
            "page_title": _("Outgoing mail"),
            "header_icon": "mail",
            "page": page,
            "status": status,
            "tabs": [
                (value, label, counts.get(value, 0))
                for value, label in Status.choices
                if value in SHOWN
            ],
            "sent_last_day": OutgoingMessage.objects.filter(sent_at__gte=since).count(),
            "may_change": request.user.has_perm("operations.change_outgoingmessage"),
            "may_delete": request.user.has_perm("operations.delete_outgoingmessage"),
        },
    )


@permission_required("change")
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        message = get_object_or_404(
            OutgoingMessage.objects.select_for_update(), pk=pk, status=Status.FAILED
        )
        delivery.resend(message)
        send_after_commit(message.pk)
    messages.success(request, _("The message will be sent again."))
    return redirect("operations_mail")


@permission_required("delete")
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A waiting or failed message, never sent: one being sent is left to finish."""
    with transaction.atomic():
        message = get_object_or_404(
            OutgoingMessage.objects.select_for_update(),
            pk=pk,
            status__in=[Status.WAITING, Status.FAILED],
        )
        message.delete()
    messages.success(request, _("The message was deleted; it will not be sent."))
    return redirect("operations_mail")
