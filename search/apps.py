from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Registry search: one contract, served by Elasticsearch or by the database.

    Named `search` in the project layout; its label is `registry_search` so it never clashes with
    Wagtail's own `wagtail.search` app (label `wagtailsearch`) or with `modelsearch`.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "registry_search"
    verbose_name = _("Registry search")

    def ready(self) -> None:
        from search import signal_handlers

        signal_handlers.connect()
