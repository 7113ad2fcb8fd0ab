from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from wagtail.models import Site

from cms import services
from cms.display import DisplayPreferences

SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def display(request: HttpRequest) -> HttpResponse:
    """Change text size or contrast, then go back to the page the reader was on."""
    preferences = DisplayPreferences.from_request(request).apply(request.GET.get("action", ""))
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    preferences.save(response)
    return response


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Search the live public pages of this site in the visitor's language."""
    query = services.clean_query(request.GET.get("q", ""))
    results = None
    if query:
        found = services.search_pages(query, Site.find_for_request(request))
        results = Paginator(found, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"query": query, "results": results})
