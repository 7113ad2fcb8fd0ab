"""The way around the public site: the main menu, breadcrumbs, the footer's links, the site map.

The menu is the page tree itself: the pages right under the home page of the reader's language
that an editor marked "Show in menus" (Promote tab), in tree order, then the association
directory (a registry view, not a page). Every other page is at most one click further, from its
section or from the site map (`cms.views.site_map`), which the footer links on every page.

What the header and footer need of the tree (the `Outline` of one language) is read once and
kept in the cache until a page is published, unpublished, moved or deleted, or the site's links
change: a page then costs no query for its menu and breadcrumbs. The outline holds titles and
addresses of public pages only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from cms.models import ContactPage, SiteLinks

VERSION_KEY = "navigation:version"
OUTLINE_SECONDS = 60 * 60  # a safety net: changes clear it at once (`forget`)


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    current: str = ""  # the aria-current value: "page" for the page itself, "true" for its section


@dataclass(frozen=True)
class Entry:
    title: str
    url: str
    path: str  # the page's place in the tree (Page.path)


@dataclass(frozen=True)
class Outline:
    home: Entry
    menu: list[Entry]
    parents: dict[str, Entry]  # every live page with pages under it, by path: the breadcrumbs
    contact_url: str
    privacy_url: str


def forget(sender: Any = None, instance: Any = None, **kwargs: Any) -> None:
    """Every language's outline is out of date (connected in cms.apps to page changes)."""
    if kwargs.get("signal") is post_delete and not isinstance(instance, Page):
        return
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def outline(request: HttpRequest) -> Outline | None:
    """The reader's language's outline of the request's site, from the cache when it is there."""
    memo = request.__dict__.setdefault("_outline", {})
    language = get_language() or ""
    if language not in memo:
        site = Site.find_for_request(request)
        if site is None:
            return None
        version = cache.get_or_set(VERSION_KEY, lambda: uuid.uuid4().hex, None)
        key = f"navigation:{version}:{site.pk}:{language}"
        found = cache.get(key)
        if found is None:
            found = _read_outline(site, language, request)
            cache.set(key, found, OUTLINE_SECONDS)
        memo[language] = found or None
    return memo[language]


def _read_outline(site: Site, language: str, request: HttpRequest) -> Outline | bool:
    root = Page.objects.filter(pk=site.root_page_id).only("translation_key").first()
    if root is None:
        return False
    home = (
        Page.objects.filter(translation_key=root.translation_key, locale__language_code=language)
        .only("title", "path", "depth", "url_path")
        .first()
    ) or Page.objects.only("title", "path", "depth", "url_path").get(pk=root.pk)
    below = home.get_descendants().live().public()

    def entry(page: Page) -> Entry:
        return Entry(page.title, page.get_url(request) or "", page.path)

    menu = [entry(p) for p in below.filter(depth=home.depth + 1).in_menu().order_by("path")]
    parents = {p.path: entry(p) for p in below.filter(numchild__gt=0).order_by("path")}
    contact = ContactPage.objects.child_of(home).live().only("url_path").first()
    privacy = _privacy_page(site, language)
    return Outline(
        home=entry(home),
        menu=menu,
        parents=parents,
        contact_url=(contact.get_url(request) or "") if contact else "",
        privacy_url=(privacy.get_url(request) or "") if privacy else "",
    )


def _privacy_page(site: Site, language: str) -> Page | None:
    chosen: Any = SiteLinks.for_site(site).privacy_page
    if chosen is None:
        return None
    translated = (
        chosen.get_translations(inclusive=True).filter(locale__language_code=language).first()
    )
    found = translated if translated is not None and translated.live else chosen
    return found if found.live else None


# --- What the templates show ---------------------------------------------------------------------


def _where(path: str, shown: Page | None) -> str:
    """aria-current for a link to the page at `path`, while `shown` is on screen."""
    if shown is None or not shown.path.startswith(path):
        return ""
    return "page" if shown.path == path else "true"


def main_menu(request: HttpRequest, page: Page | None) -> list[Link]:
    found = outline(request)
    if found is None:
        return []
    links = [Link(e.title, e.url, _where(e.path, page)) for e in found.menu]
    directory = reverse("registry:association_directory")
    here = "" if page is not None or not request.path.startswith(directory) else "page"
    links.append(Link(_("Associations"), directory, here))
    return links


def breadcrumbs(request: HttpRequest, page: Page | None) -> list[Link]:
    """Home › section › … › this page, for a page below the home page; else nothing."""
    found = outline(request)
    if page is None or found is None or not page.path.startswith(found.home.path):
        return []
    if page.path == found.home.path:
        return []
    step = Page.steplen
    between = range(len(found.home.path) + step, len(page.path), step)
    trail = [Link(_("Home"), found.home.url)]
    trail += [
        Link(e.title, e.url) for e in (found.parents.get(page.path[:end]) for end in between) if e
    ]
    trail.append(Link(page.title, "", "page"))
    return trail


def footer_links(request: HttpRequest) -> list[Link]:
    """Contact, privacy notice, associations, sign-up and the site map, in the reader's language."""
    found = outline(request)
    links = []
    if found is not None and found.contact_url:
        links.append(Link(_("Contact"), found.contact_url))
    if found is not None and found.privacy_url:
        links.append(Link(_("Privacy notice"), found.privacy_url))
    links += [
        Link(_("Associations"), reverse("registry:association_directory")),
        Link(_("Sign up"), reverse("registry:start")),
        Link(_("Site map"), reverse("cms:site_map")),
    ]
    return links


@dataclass
class Node:
    title: str
    url: str
    children: list[Node] = field(default_factory=list)


def site_map(request: HttpRequest) -> list[Node]:
    """Every live, public page of the reader's language as a tree, then the association
    directory: one query for the pages."""
    found = outline(request)
    if found is None:
        return []
    pages = Page.objects.live().public().filter(path__startswith=found.home.path)
    nodes: dict[str, Node] = {}
    top: list[Node] = []
    for each in pages.only("title", "path", "depth", "url_path").order_by("path"):
        node = Node(each.title, each.get_url(request) or "")
        parent = nodes.get(each.path[: -Page.steplen])
        (parent.children if parent is not None else top).append(node)
        nodes[each.path] = node
    top.append(Node(_("Associations"), reverse("registry:association_directory")))
    return top
