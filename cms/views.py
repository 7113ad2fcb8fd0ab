from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from cms.display import DisplayPreferences


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
