"""Every URL pattern the resolver knows, as literal text and slots (a path written for each)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

OWN_MODULES = ("accounts.", "registry.", "search.", "cms.", "config.", "operations.", "allauth.")
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Slot:
    """A variable part of a path: a converter's (`<int:pk>`) or a regular expression's group."""

    name: str
    kind: str  # the converter's name, or "regex"
    regex: str = ""


@dataclass(frozen=True)
class Route:
    """One URL pattern, its language prefix chosen, as literal text and slots."""

    name: str  # the reversible name, namespaced ("registry:claim"), or the view's dotted path
    pieces: tuple[str | Slot, ...]
    view: Callable[..., Any] = field(compare=False, hash=False)

    @property
    def module(self) -> str:
        view = getattr(self.view, "view_class", self.view)
        return f"{view.__module__}.{getattr(view, '__qualname__', type(view).__name__)}"

    @property
    def ours(self) -> bool:
        """The project's own views (and allauth's, which our accounts configure)."""
        return self.module.startswith(OWN_MODULES)

    @property
    def admin(self) -> bool:
        return self.template.startswith("/admin/")

    @property
    def slots(self) -> list[Slot]:
        return [piece for piece in self.pieces if isinstance(piece, Slot)]

    @property
    def template(self) -> str:
        return "/" + "".join(p if isinstance(p, str) else f"<{p.name}>" for p in self.pieces)

    def path(self, values: dict[str, str]) -> str:
        """The path with each slot filled (values already percent-encoded where need be)."""
        return "/" + "".join(p if isinstance(p, str) else values[p.name] for p in self.pieces)

    def model(self) -> Any:
        """The model a Wagtail class-based view works on, when it says (for real ids)."""
        initkwargs = getattr(self.view, "view_initkwargs", {}) or {}
        view_class = getattr(self.view, "view_class", None)
        model = initkwargs.get("model") or getattr(view_class, "model", None)
        return model if isinstance(model, type) and issubclass(model, models.Model) else None


_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")


def route_pieces(route: str) -> list[str | Slot]:
    pieces: list[str | Slot] = []
    position = 0
    for match in _ROUTE_PARAMETER.finditer(route):
        pieces.append(route[position : match.start()])
        pieces.append(Slot(match["parameter"], match["converter"] or "str"))
        position = match.end()
    pieces.append(route[position:])
    return [piece for piece in pieces if piece != ""]


def regex_pieces(regex: str) -> list[str | Slot] | None:
    """A regular expression as literal text and one slot per top-level group; None when it is
    more than that (a pattern we cannot write a path for)."""
    text = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    pieces: list[str | Slot] = []
    literal, depth, group_start, count, i = "", 0, 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            if depth == 0:
                if text[i + 1].isalnum():
                    return None  # \d, \w… outside a group: not a literal
                literal += text[i + 1]
            i += 2
            continue
        if char == "(":
            if depth == 0:
                pieces.append(literal)
                literal, group_start = "", i
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                group = text[group_start : i + 1]
                named = re.match(r"\(\?P<(\w+)>", group)
                count += 1
                pieces.append(Slot(named[1] if named else f"group{count}", "regex", group))
        elif depth == 0:
            if char in ".*+?[]{}|":
                return None
            literal += char
        i += 1
    pieces.append(literal)
    return [piece for piece in pieces if piece != ""]


def pattern_pieces(pattern: Any) -> list[str | Slot] | None:
    if isinstance(pattern, RoutePattern):
        return route_pieces(str(pattern._route))
    if isinstance(pattern, RegexPattern):
        return regex_pieces(str(pattern._regex))
    return None


def all_routes() -> tuple[list[Route], list[str]]:
    """Every URL pattern of the site, recursively, each i18n pattern once per language in
    LANGUAGES; and the patterns no path could be written for (to be reported)."""
    routes: list[Route] = []
    skipped: list[str] = []

    def walk(
        patterns: Iterable[Any], prefix: tuple[str | Slot, ...], namespace: tuple[str, ...]
    ) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if isinstance(entry.pattern, LocalePrefixPattern):
                    for language in LANGUAGES:
                        walk(entry.url_patterns, (*prefix, f"{language}/"), namespace)
                    continue
                pieces = pattern_pieces(entry.pattern)
                if pieces is None:
                    skipped.append(str(entry.pattern))
                    continue
                inner = (*namespace, entry.namespace) if entry.namespace else namespace
                walk(entry.url_patterns, (*prefix, *pieces), inner)
            elif isinstance(entry, URLPattern):
                pieces = pattern_pieces(entry.pattern)
                if pieces is None:
                    skipped.append(str(entry.pattern))
                    continue
                view = entry.callback
                name = ":".join((*namespace, entry.name)) if entry.name else entry.lookup_str
                routes.append(Route(name, (*prefix, *pieces), view))

    walk(get_resolver().url_patterns, (), ())
    return routes, skipped
