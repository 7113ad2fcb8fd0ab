from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from cms import navigation, services
from cms.display import DisplayPreferences
from cms.fallback import original_for_missing_page
from registry.text import clean_typed

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
    query = clean_typed(request.GET.get("q", ""))
    results = None
    if query:
        found = services.search_pages(query, Site.find_for_request(request))
        results = Paginator(found, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"query": query, "results": results})


@require_GET
def site_map(request: HttpRequest) -> HttpResponse:
    """Every page of the site in the visitor's language, for people (sitemap.xml is for robots)."""
    return render(request, "cms/site_map.html", {"tree": navigation.site_map(request)})


def moved_away(request: HttpRequest) -> bool:
    old_path = Redirect.normalise_path(request.get_full_path())
    return Redirect.get_for_site(Site.find_for_request(request)).filter(old_path=old_path).exists()


def serve_page(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page view; where the visitor's language lacks the page, the Vietnamese original
    under a note (cms/fallback.py), kept out of search engines' indexes — unless the address
    was a page's before it moved (a translation published under its own slug, say): then the
    redirect to where it is now (Wagtail's redirect middleware, on this 404)."""
    try:
        return wagtail_serve(request, path)
    except Http404:
        if moved_away(request):
            raise
        found = original_for_missing_page(request, path)
        if found is None:
            raise
    page, args, kwargs = found
    for hook in hooks.get_hooks("before_serve_page"):  # view restrictions among them
        result = hook(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    response: HttpResponse = page.serve(request, *args, **kwargs)
    response["X-Robots-Tag"] = "noindex"
    return response
