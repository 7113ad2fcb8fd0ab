from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import InvalidPage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.utils.datastructures import MultiValueDictKeyError

from config.logging import REQUEST_ID, request_id_from

logger = logging.getLogger(__name__)
# Raised by Wagtail's search (modelsearch) for an `ordering` or filter it has no index field for.
SEARCH_FIELD_ERRORS = {"OrderByFieldError", "FilterFieldError"}


class RequestIdMiddleware:
    """Give each request an id for its log lines (config/logging.py) and its response.

    First in MIDDLEWARE, so every line any later middleware or view logs carries it. The id goes
    back in `X-Request-ID`, where gunicorn's access log reads it (config/gunicorn.py).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = REQUEST_ID.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response["X-Request-ID"] = request_id
        return response


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


def _has_nul(values: Iterable[tuple[str, list[Any]]]) -> bool:
    return any("\x00" in key or any("\x00" in str(v) for v in vs) for key, vs in values)


class RefuseNulMiddleware:
    """Answer 400 to a request whose parameters hold a NUL character.

    No text anyone types holds one, PostgreSQL cannot store or compare one, and a lookup with one
    ended in a server error (a consent's purpose, a saved search's name) that wrote the typed
    text into the error log. Refused before any view runs, so nothing is read or written.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _has_nul(request.GET.lists()):
            return self.refuse(request)
        if request.method == "POST" and _has_nul(self.post_lists(request)):
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def post_lists(request: HttpRequest) -> Iterable[tuple[str, list[Any]]]:
        try:
            return list(request.POST.lists())
        except Exception:  # noqa: BLE001 - a body Django cannot parse: its own checks answer later
            return []

    @staticmethod
    def refuse(request: HttpRequest) -> HttpResponse:
        return render(request, "400.html", status=400)


class MalformedRequestMiddleware:
    """Answer 400 (or 404), not 500, when a view cannot read what a hand-made request sent.

    Our views check what they read; some of Wagtail's and allauth's do not, and the fuzzing gate
    (tests/security/test_fuzz.py) found them ending in server errors. Four kinds of failure are the
    request's fault, recognised by where they were raised, and answered as such:
    - a form key the page always sends is missing (`MultiValueDictKeyError`): 400;
    - a widget cannot read the submitted value (raised inside `value_from_datadict`: the rich
      text editor's JSON that is not JSON): 400;
    - a key in the address no database key can be ("①" where a number goes, raised inside a
      field's `get_prep_value`): 404, there is no such thing;
    - a `next` that is neither a URL nor a view name reaching `redirect()`: 400;
    - a page number past the last page (`InvalidPage`): 404;
    - an ordering or filter Wagtail's search cannot apply (`OrderByFieldError`): 400;
    - a number a Wagtail admin view reads from the address with `int()` itself (the workflow
      screen's `?p=x`): 400.
    The log names the path and the kind, never a value.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        frames = {frame.name for frame in traceback.extract_tb(exception.__traceback__)}
        status = None
        if isinstance(exception, MultiValueDictKeyError) or "value_from_datadict" in frames:
            status = 400
        elif isinstance(exception, ValueError | TypeError) and "get_prep_value" in frames:
            status = 404
        elif isinstance(exception, NoReverseMatch) and "resolve_url" in frames:
            status = 400
        elif isinstance(exception, InvalidPage):
            status = 404  # a page number past the last one, where a view did not check it
        elif type(exception).__name__ in SEARCH_FIELD_ERRORS:
            status = 400  # an `ordering` the admin's search cannot sort by
        elif self.wagtail_read_a_number(exception):
            status = 400
        if status is None:
            return None
        logger.warning("Malformed request (%s): %s", type(exception).__name__, request.path)
        return render(request, f"{status}.html", status=status)

    @staticmethod
    def wagtail_read_a_number(exception: Exception) -> bool:
        """`int()` refused a value in a Wagtail admin view's own code (not ours, not a model's)."""
        if not (isinstance(exception, ValueError) and str(exception).startswith("invalid literal")):
            return False
        frames = traceback.extract_tb(exception.__traceback__)
        return bool(frames) and f"wagtail{os.sep}admin{os.sep}views" in frames[-1].filename
