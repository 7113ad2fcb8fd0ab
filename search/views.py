"""The staff search screen in the Wagtail admin: query, facets, radius, map, saved searches, export.

Registry officers see who matches; registry viewers (aggregated counts only) see how many, and
may not search by name. Every search and every export writes an audit entry; the query itself
is kept only there, never in a log.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from config.params import ids
from registry import disclosure, services
from registry.exporting import deliver
from registry.exports import COLUMNS as EXPORT_COLUMNS
from registry.gazetteer import city_label
from registry.languages import LANGUAGE_CHOICES
from registry.models import AuditEntry, ConsentPurpose, Interest, Member, Sector, Ward
from registry.permissions import forbidden
from search import database
from search.forms import StaffSearchForm, criteria
from search.models import SavedSearch
from search.query import RegistryQuery, SearchResult
from search.services import can_search, search_members

# Facet (as the engines name it) → the form field it narrows, in the sidebar's order.
FACET_FIELDS = {
    "country": "country",
    "interests": "interest",
    "sector": "sector",
    "languages": "language",
    "ward": "ward",
    "verified": "verified",
    "consents": "consent",
}
FACET_VALUES_SHOWN = 12
# The parameter that asks for a search's counts with its page (the screen's script adds it when
# the page came first).
COUNTS_PARAM = "counts"
# The criteria of the search just saved, for the page that shows it again (not a new search).
JUST_SAVED = "search.just-saved"


def staff_search(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_search(user):
        return forbidden(request)
    officer = user.has_perm("registry.view_member")
    # A viewer's numbers are rounded and small cells hidden (registry.disclosure); None: exact.
    threshold = disclosure.threshold_for(user)
    form = StaffSearchForm(request.GET or None, with_text=officer)
    query: RegistryQuery | None = None
    result: SearchResult | None = None
    if not form.is_bound or form.is_valid():
        query = form.to_query() if form.is_bound else RegistryQuery()
        # Officers read the names first; a large result's counts follow (`counts_url`).
        result = search_members(query, defer_counts=officer and COUNTS_PARAM not in request.GET)
        # The page shown again right after saving the search was logged when first shown.
        shown_again = request.session.pop(JUST_SAVED, None) == criteria(request.GET)
        if form.is_bound and not shown_again:
            services.audit(
                user,  # type: ignore[arg-type]
                AuditEntry.Action.SEARCH,
                query=form.active,
                total=result.total,
                engine=result.engine,
            )
    members = ordered_members(result.ids) if result is not None and officer else []
    current = request.GET.copy()
    current.pop("page", None)
    current.pop(COUNTS_PARAM, None)
    # Where a profile opened from these results leads back to (this page of them).
    shown = request.GET.copy()
    shown.pop(COUNTS_PARAM, None)
    results_path = f"{request.path}?{shown.urlencode()}" if shown else request.path
    counts_url = ""
    if result is not None and result.total is None:
        asked = request.GET.copy()
        asked[COUNTS_PARAM] = "1"
        counts_url = "?" + asked.urlencode()
    return render(
        request,
        "search/admin/search.html",
        {
            "page_title": _("Search the registry"),
            "header_icon": "search",
            "form": form,
            "form_errors": error_summary(form),
            "where": where_summary(form, query) if query else [],
            "results_path": results_path,
            "export_columns": list(EXPORT_COLUMNS.items()),
            "result": result,
            "officer": officer,
            "rows": [
                (member, result.highlights.get(member.pk, ""), result.distances.get(member.pk))
                for member in members
                if result is not None
            ],
            "facets": facet_groups(result, current, threshold) if result is not None else [],
            "shown_total": (
                disclosure.shown(result.total, threshold)
                if threshold is not None and result is not None and result.total is not None
                else None
            ),
            "min_cell": threshold,
            "pages": pagination(query, result, current) if query and result else None,
            "map_points": map_points(members, results_path),
            "map_centre": map_circles(form) if query else None,
            "query_string": current.urlencode(),
            "counts_url": counts_url,
            "saved_searches": SavedSearch.objects.filter(owner=user.pk),
            "can_export": user.has_perm("registry.export_member"),
        },
    )


def ordered_members(ids: list[int]) -> list[Member]:
    """The page's members in the engine's order, with what a row shows, in three queries."""
    found = Member.objects.in_registry().with_list_data().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def facet_groups(
    result: SearchResult, current: QueryDict, threshold: int | None = None
) -> list[dict[str, Any]]:
    """The sidebar: per facet its values by count, each a link that adds or removes it.

    Under a `threshold` (a viewer's) only cells that large are listed, rounded, and the chosen
    values, so that they can be removed; a total under it lists nothing else.
    """
    found = result.facets
    if threshold is not None:
        found = disclosure.facets(result.facets, threshold, chosen=chosen_facet_keys(current))
    labels = facet_labels(found)
    groups = []
    for facet, field in FACET_FIELDS.items():
        counts = found.get(facet) or {}
        if not counts:
            continue
        chosen = current.getlist(field)
        values = []
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        for key, count in ranked[:FACET_VALUES_SHOWN]:
            value = {"true": "yes", "false": "no"}.get(key, key) if facet == "verified" else key
            toggled = current.copy()
            active = value in chosen
            if facet == "verified":
                toggled.setlist(field, [] if active else [value])
            else:
                toggled.setlist(
                    field, [v for v in chosen if v != value] if active else [*chosen, value]
                )
            values.append(
                {
                    "label": labels.get(facet, {}).get(key, key),
                    "count": count if threshold is None else disclosure.shown(count, threshold),
                    "active": active,
                    "url": "?" + toggled.urlencode(),
                }
            )
        groups.append(
            {
                "title": StaffSearchForm.base_fields[field].label,
                "values": values,
                # Wards are the province's names, Vietnamese on every page.
                "lang": "vi" if facet == "ward" else "",
            }
        )
    return groups


def chosen_facet_keys(current: QueryDict) -> dict[str, list[str]]:
    """The values chosen in the form, per facet, as the engines name them."""
    chosen = {
        facet: [value for value in current.getlist(field) if value]
        for facet, field in FACET_FIELDS.items()
    }
    chosen["verified"] = [{"yes": "true", "no": "false"}.get(v, v) for v in chosen["verified"]]
    return chosen


def facet_labels(facets: dict[str, dict[str, int]]) -> dict[str, dict[str, str]]:
    """Readable names for the facet keys the engines return (codes, slugs and ids)."""
    labels: dict[str, dict[str, str]] = {
        "country": {code: str(countries.name(code)) for code in facets.get("country", {})},
        "languages": {code: str(name) for code, name in LANGUAGE_CHOICES},
        "verified": {"true": _("Verified"), "false": _("Not verified")},
    }
    for facet, model in (("interests", Interest), ("sector", Sector), ("consents", ConsentPurpose)):
        if facets.get(facet):
            found = model.objects.filter(slug__in=facets[facet])
            labels[facet] = {item.slug: str(item) for item in found}
    if facets.get("ward"):
        wards = Ward.objects.filter(pk__in=[int(pk) for pk in facets["ward"]])
        labels["ward"] = {str(ward.pk): str(ward) for ward in wards}
    return labels


def pagination(query: RegistryQuery, result: SearchResult, current: QueryDict) -> dict[str, Any]:
    """Previous and next links; the last page is known once the result is counted (until then
    a full page has a next one)."""
    page, size = query.page, query.page_size
    last = max(1, -(-result.total // size)) if result.total is not None else None

    def link(number: int) -> str:
        params = current.copy()
        params["page"] = str(number)
        return "?" + params.urlencode()

    more = page < last if last is not None else len(result.ids) == size
    return {
        "number": page,
        "first": query.offset + 1,
        "last": last,
        "previous": link(page - 1) if page > 1 else "",
        "next": link(page + 1) if more else "",
    }


def map_points(members: list[Member], results_path: str) -> list[dict[str, Any]]:
    back = urlencode({"back": results_path})
    return [
        {
            "name": member.full_name,
            "place": member.city_name,
            "lat": member.latitude,
            "lon": member.longitude,
            "url": f"{reverse('registry_member', args=[member.pk])}?{back}",
        }
        for member in members
        if member.latitude is not None and member.longitude is not None
    ]


def map_circles(form: StaffSearchForm) -> list[dict[str, Any]]:
    """The chosen cities and the radius drawn around each (the form found them)."""
    return [
        {"name": city.name, "lat": city.latitude, "lon": city.longitude, "km": float(km)}
        for city, km in form.places
    ]


def error_summary(form: StaffSearchForm) -> list[dict[str, str]]:
    """What is wrong with the criteria, each a link to its field (the summary atop the form)."""
    if not form.is_bound:
        return []
    found = [
        {"anchor": f"id_{name}" if name in form.fields else "", "message": str(message)}
        for name, messages_ in form.errors.items()
        for message in messages_
    ]
    if form.near_problem:  # the search ran without that city: said, yet not in the way
        found.append({"anchor": "id_near", "message": form.near_problem})
    return found


def where_summary(form: StaffSearchForm, query: RegistryQuery) -> list[str]:
    """Where the members searched live, in words: each chosen country whole, or around its
    chosen cities (`RegistryQuery.where`)."""
    if not query.radius_limited:
        return []
    around = [
        _("within %(km)s km of %(city)s") % {"km": km, "city": city_label(city)}
        for city, km in form.places
    ]
    whole, _around = query.where if query.countries else ([], [])
    every = [_("%(country)s (the whole country)") % {"country": countries.name(c)} for c in whole]
    return [*every, *around]


# --- Saved searches ------------------------------------------------------------------------------


@require_POST
def save_search(request: HttpRequest) -> HttpResponse:
    if not can_search(request.user):
        return forbidden(request)
    name = " ".join(request.POST.get("name", "").split())[:100]
    wanted = criteria(QueryDict(request.POST.get("query", "")))
    target = reverse("registry_search")
    if not name:
        messages.error(request, _("Give the search a name to save it."))
        return redirect(f"{target}?{request.POST.get('query', '')}")
    saved, created = SavedSearch.objects.update_or_create(
        owner=request.user,
        name=name,
        defaults={"criteria": wanted, "alert": request.POST.get("alert") == "on"},
    )
    if created:
        messages.success(request, _("Search “%(name)s” saved.") % {"name": name})
    else:
        messages.success(request, _("Search “%(name)s” updated.") % {"name": name})
    request.session[JUST_SAVED] = saved.criteria
    return redirect(f"{target}?{saved.query_string}")


@require_POST
def delete_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_search(request.user):
        return forbidden(request)
    saved = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    saved.delete()
    messages.success(request, _("Saved search “%(name)s” deleted.") % {"name": saved.name})
    return redirect("registry_search")


# --- Export --------------------------------------------------------------------------------------


@require_POST
def export_search(request: HttpRequest) -> HttpResponse:
    """The members matching the search (not only the page shown), or those chosen on the page,
    as CSV or Excel with the columns chosen, by the export rules (`registry.exports`); a large
    export is written by the worker while the officer follows it (`registry.exporting`).

    The database answers, whatever the configured engine: it is the record, always current.
    """
    user = request.user
    if not user.has_perm("registry.export_member") or not user.has_perm("registry.view_member"):
        return forbidden(request)
    params = QueryDict(request.POST.get("query", ""))
    back = f"{reverse('registry_search')}?{params.urlencode()}"
    form = StaffSearchForm(params)
    if not form.is_valid():
        messages.error(request, _("The search could not be exported: correct it first."))
        return redirect(back)
    members = Member.objects.in_registry().with_list_data().order_by("search_name", "pk")
    detail: dict[str, Any] = {"query": form.active, "source": "search"}
    if request.POST.get("scope") == "chosen":
        chosen = ids(request.POST.getlist("member"))
        if not chosen:
            messages.error(request, _("Choose the members to export first."))
            return redirect(back)
        members = members.filter(pk__in=chosen)
        detail["scope"] = "chosen"
    else:
        members = members.filter(pk__in=database.filtered(form.to_query()).values("pk"))
    return deliver(
        user,  # type: ignore[arg-type]
        members,
        file_format=request.POST.get("format", "csv"),
        columns=request.POST.getlist("column"),
        name_words=form.words(),
        **detail,
    )
