"""Forms of the public pages (the investment projects' filter)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from registry.models import Sector


class ProjectFilterForm(forms.Form):
    """?sector=<slug>&status=<status> on the investment project index.

    A value that matches nothing is reported on the page and that filter is left out: a visitor
    with an old or mistyped link still sees projects, never an error page.
    """

    sector: forms.ModelChoiceField[Sector] = forms.ModelChoiceField(
        queryset=Sector.objects.none(),
        to_field_name="slug",
        required=False,
        label=_("Sector"),
        empty_label=_("All sectors"),
        error_messages={
            "invalid_choice": _("There is no such sector here: showing projects in all sectors.")
        },
    )
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        error_messages={
            "invalid_choice": _("There is no such status: showing projects of every status.")
        },
    )

    def __init__(
        self,
        *args: Any,
        sectors: QuerySet[Sector],
        statuses: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        """`sectors` and `statuses` are those the page offers (InvestmentProjectPage.Status)."""
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = sectors  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("All statuses")), *statuses]  # type: ignore[attr-defined]

    def apply(self, projects: QuerySet[Any]) -> QuerySet[Any]:
        """`projects` narrowed by the filters that were valid."""
        cleaned = getattr(self, "cleaned_data", {})
        if cleaned.get("sector"):
            projects = projects.filter(sector=cleaned["sector"])
        if cleaned.get("status"):
            projects = projects.filter(status=cleaned["status"])
        return projects


class NewsArticleForm(WagtailAdminPageForm):
    """The admin form of a news article: it offers only the categories of the article's own
    language (each language tree has its translation of every category)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        if locale_id and "categories" in self.fields:
            # The field offers every category (cms.models.Category) until narrowed here.
            categories = self.fields["categories"]
            categories.queryset = categories.queryset.filter(locale_id=locale_id)  # type: ignore[attr-defined]
