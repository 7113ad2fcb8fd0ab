"""Who may keep a copy of a response: shared caches, the visitor's browser only, or nobody.

The public site is the same for every anonymous visitor, so a proxy or CDN may keep it for a few
minutes (`PUBLIC_CACHE_MAX_AGE`). Anything else must never be served from a shared cache to the
next person: the registry holds personal data of people living abroad. A response is public only
when every rule below lets it be; otherwise it is private, and personal pages are not stored at all.

- `private, no-store`: the Wagtail admin (staff screens, previews, the registry search) and the
  pages about one's own account and registry record (allauth's views, the registry's member views).
- `private, no-cache`: anything answered to a signed-in person, anything that sets a cookie (a CSRF
  token for a form, the display preferences, messages being cleared), any request that carries a
  session (a visitor who passed a page password, has messages waiting or is half-way through
  signing in), previews, methods other than GET and HEAD, and answers other than 200.
- `public, max-age=…`: what is left, unless the view chose its own Cache-Control (`never_cache`).
  `Vary: Cookie` goes with it, because the display preferences cookie changes the HTML; the
  language comes from the URL prefix, and Django's LocaleMiddleware adds `Vary: Accept-Language`
  itself to the unprefixed addresses that depend on it (the root redirect, sitemap.xml).

It sits outside the session, CSRF and messages middleware, so it sees the cookies they set.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

# The registry's own pages are about the signed-in member, except these.
PUBLIC_REGISTRY_VIEWS = {"registry:association_directory", "engagement:calendar"}
PERSONAL_NAMESPACES = {"registry", "engagement"}
PERSONAL_VIEW_MODULES = ("allauth.",)


def is_personal(request: HttpRequest) -> bool:
    """Staff screens and one's own account or record: never stored anywhere."""
    if request.path.startswith("/admin/"):
        return True
    match = request.resolver_match
    if match is None:
        return False
    if set(match.namespaces) & PERSONAL_NAMESPACES and match.view_name not in PUBLIC_REGISTRY_VIEWS:
        return True
    return str(getattr(match.func, "__module__", "")).startswith(PERSONAL_VIEW_MODULES)


def is_shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """The same for every anonymous visitor, so a shared cache may keep it."""
    user = getattr(request, "user", None)
    return (
        request.method in {"GET", "HEAD"}
        and response.status_code == 200
        and not response.cookies
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not getattr(request, "is_preview", False)
        and not (user is not None and user.is_authenticated)
    )


class CacheControlMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_personal(request):
            _make_private(response)
            patch_cache_control(response, no_store=True)
        elif not is_shareable(request, response):
            _make_private(response)
            patch_cache_control(response, no_cache=True)
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_MAX_AGE)
            patch_vary_headers(response, ["Cookie"])
        return response


def _make_private(response: HttpResponse) -> None:
    """Private, and nothing left that would let a shared cache keep it anyway."""
    patch_cache_control(response, private=True)
    cache_control = response.get("Cache-Control", "")
    kept = [
        part.strip()
        for part in cache_control.split(",")
        if part.strip() and part.strip().split("=")[0].lower() not in {"public", "s-maxage"}
    ]
    response["Cache-Control"] = ", ".join(kept)
