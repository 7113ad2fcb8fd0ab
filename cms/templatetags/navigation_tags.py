from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page

from cms import navigation

register = template.Library()


def _page(context: dict[str, Any]) -> Page | None:
    page = context.get("page")
    return page if isinstance(page, Page) else None


@register.inclusion_tag("cms/includes/main_menu.html", takes_context=True)
def main_menu(context: dict[str, Any]) -> dict[str, Any]:
    return {"links": navigation.main_menu(context["request"], _page(context))}


@register.inclusion_tag("cms/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: dict[str, Any]) -> dict[str, Any]:
    return {"links": navigation.breadcrumbs(context["request"], _page(context))}


@register.simple_tag(takes_context=True)
def footer_links(context: dict[str, Any]) -> list[navigation.Link]:
    return navigation.footer_links(context["request"])
