from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from cms.display import DisplayPreferences


def site_shell(request: HttpRequest) -> dict[str, object]:
    """What the header and footer of every page need."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "PROVINCE_NAME": settings.PROVINCE_NAME,
        "PROVINCE_EMBLEM": settings.PROVINCE_EMBLEM,
        "display": DisplayPreferences.from_request(request),
    }
