"""Editors' screens in the Wagtail admin (wired in cms/wagtail_hooks.py)."""

from __future__ import annotations

from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.fallback import language_name
from cms.localisation import SOURCE_LANGUAGE
from cms.translation_status import (
    STATUS_LABELS,
    Row,
    SnippetRow,
    Status,
    snippet_translation_status,
    translation_status,
)
from cms.translation_workflow import SubmissionRefused, submit_translation

PAGES_PER_SCREEN = 50
AnyRow = TypeVar("AnyRow", Row, SnippetRow)

# The states the screen filters by; "not translated" is both a mirror and no page at all.
STATE_FILTERS = {
    "translated": ({Status.UP_TO_DATE}, gettext_lazy("Translated")),
    "in-progress": ({Status.IN_PROGRESS}, gettext_lazy("Being translated")),
    "out-of-date": ({Status.OUT_OF_DATE}, gettext_lazy("Out of date")),
    "not-translated": ({Status.ALIAS, Status.MISSING}, gettext_lazy("Not translated")),
}


def can_follow_translations(user: Any) -> bool:
    """Editors and chief editors: staff who open the admin and may edit pages."""
    return bool(
        user.has_perm("wagtailadmin.access_admin")
        and PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])
    )


class StatusFilterForm(forms.Form):
    """The screen's filters, read from the address so that a filtered list can be shared."""

    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[
            ("", gettext_lazy("All states")),
            *((value, label) for value, (_statuses, label) in STATE_FILTERS.items()),
        ],
    )

    def __init__(self, data: Any, locales: list[Locale]) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            ("", _("All languages")),
            *((locale.language_code, locale.get_display_name()) for locale in locales),
        ]

    def chosen(self) -> tuple[str, str]:
        """(language code, state), each empty when not chosen or not one of the choices."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("language") or "", data.get("state") or ""


def _matching(rows: list[AnyRow], state: str) -> list[AnyRow]:
    """The rows with at least one language (of those shown) in `state`."""
    if not state:
        return rows
    wanted = STATE_FILTERS[state][0]
    return [row for row in rows if any(cell.status in wanted for cell in row.cells)]


def translation_status_view(request: HttpRequest) -> HttpResponse:
    """Every Vietnamese page and translatable snippet against every other language: translated,
    being translated, out of date, only mirrored, or missing; filtered by language and state."""
    if not can_follow_translations(request.user):
        return render(
            request,
            "cms/admin/forbidden.html",
            {"page_title": _("Access denied"), "header_icon": "lock"},
            status=403,
        )
    source = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    locales = list(Locale.objects.exclude(pk=source.pk).order_by("pk"))
    filters = StatusFilterForm(request.GET, locales)
    language, state = filters.chosen()
    shown = [locale for locale in locales if locale.language_code == language] or locales
    pages = (
        Page.objects.filter(locale=source, depth__gt=1, alias_of__isnull=True)
        .select_related("content_type")
        .only(
            "pk", "title", "depth", "translation_key", "last_published_at", "live", "content_type"
        )
        .order_by("path")
    )
    if state:
        # A state is known only once worked out, for every page (in the same few queries).
        screen = Paginator(_matching(translation_status(pages, shown), state), PAGES_PER_SCREEN)
        page_of_rows = screen.get_page(request.GET.get("p"))
        rows = list(page_of_rows.object_list)
    else:
        page_of_rows = Paginator(pages, PAGES_PER_SCREEN).get_page(request.GET.get("p"))
        rows = translation_status(page_of_rows.object_list, shown)
    return render(
        request,
        "cms/admin/translation_status.html",
        {
            "page_title": _("Translations"),
            "header_icon": "wagtail-localize-language",
            "filters": filters,
            "filtered": bool(language or state),
            "screen": page_of_rows,
            "locales": shown,
            "rows": rows,
            "snippet_rows": _matching(snippet_translation_status(shown), state),
            "legend": [(status.value, STATUS_LABELS[status]) for status in Status],
        },
    )


@require_POST
def submit_translation_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """The translation editor's "Submit to …" button: the translated texts go to the chief
    editors for approval (cms.translation_workflow); back to the editor, with what happened."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    try:
        state = submit_translation(page, request.user)
    except SubmissionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        page.refresh_from_db(fields=["draft_title"])
        messages.success(
            request,
            _("The %(language)s translation “%(title)s” has been submitted to %(workflow)s.")
            % {
                "language": language_name(page.locale.language_code),
                "title": page.get_admin_display_title(),
                "workflow": state.workflow.name,
            },
        )
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
