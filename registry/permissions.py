"""Who may see and do what in the staff registry: the permission each staff view takes, the page
shown to staff without it, and the field-level rule for contact details.

Staff views take a `StaffRequest`: Wagtail's admin lets only signed-in staff in, so the request's
user is a `User`, typed as such once here rather than excused at every use.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.models import User
from registry.models import Member


class StaffRequest(HttpRequest):
    """A request in the Wagtail admin, where only signed-in staff arrive."""

    user: User


View = Callable[..., HttpResponse]
AnyView = Callable[..., HttpResponseBase]  # a file's download is a streaming response
V = TypeVar("V", bound=AnyView)


def forbidden(request: HttpRequest) -> HttpResponse:
    """A plain 403 page for staff without the permission.

    (Raising PermissionDenied would make Wagtail redirect to the dashboard, which hides from
    scripts and tests alike that access was refused.)
    """
    return render(
        request,
        "registry/admin/forbidden.html",
        {"page_title": _("Access denied"), "header_icon": "lock"},
        status=403,
    )


def permission_required(permission: str) -> Callable[[V], V]:
    """The view, or `forbidden` for staff without the permission."""

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.has_perm(f"registry.{permission}"):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return cast(V, wrapped)

    return decorator


def can_see_contact(user: Any, member: Member) -> frozenset[str]:
    """Field-level rule: the contact details (email, phone, messaging) this staff member sees of
    `member`: the role allows them, and the member agreed to staff contact for those details
    (`Member.consented_contacts`). Empty, so false, when none."""
    if not user.has_perm("registry.view_member_contact"):
        return frozenset()
    return member.consented_contacts()


def may_enter_contact(user: Any) -> bool:
    """Whether the officer may type contact details into a record (seeing them is
    `can_see_contact`)."""
    return bool(user.has_perm("registry.view_member_contact"))


def may_record_consents(user: Any) -> bool:
    return bool(user.has_perm("registry.change_member") and may_enter_contact(user))


def records_consents(view: AnyView) -> AnyView:
    """Recording a consent changes the record and, for staff contact, makes contact details
    visible: it takes both permissions (`may_record_consents`), and so does opening a scan of
    one (it shows them too)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may_record_consents(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped
