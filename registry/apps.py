from __future__ import annotations

import os
import sys

from django.apps import AppConfig
from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """The registry of the province's people abroad: members, hometowns, consents, associations."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        # The city gazetteer takes about a second to load: a web server loads it as it starts,
        # in the background, rather than during someone's first city search. Management
        # commands and tests load it only if they search.
        if serves_requests():
            from registry import gazetteer

            gazetteer.warm_up()


def serves_requests() -> bool:
    """Whether this process is a web server: `runserver` (the serving process, not the one that
    watches files to restart it), or a WSGI/ASGI server, which imports the project's application
    module before Django starts (gunicorn, uWSGI, mod_wsgi, uvicorn…)."""
    if sys.argv[1:2] == ["runserver"]:
        return os.environ.get(DJANGO_AUTORELOAD_ENV) == "true" or "--noreload" in sys.argv
    modules = [settings.WSGI_APPLICATION.rpartition(".")[0], "config.asgi"]
    return any(module in sys.modules for module in modules)
