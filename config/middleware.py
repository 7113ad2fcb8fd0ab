from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class AdminScriptPolicyMiddleware:
    """Allow inline scripts in the Wagtail admin only.

    Wagtail's admin widgets (date pickers, inline panels…) still write inline scripts whose
    content varies per field, so neither hashes nor nonces can cover them (wagtail/wagtail#1288).
    The public site, where visitors arrive from anywhere, keeps `script-src 'self'`. Sits inside
    django-csp's middleware, which reads `_csp_update` from the response.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"script-src": ["'unsafe-inline'"]}  # type: ignore[attr-defined]
        return response
