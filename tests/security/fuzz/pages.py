"""The forms and links of a page: the parameters a view reads and the values a person could send."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from hypothesis import strategies as st

from tests.security.fuzz.values import Strategies, Value, strategies_for


@dataclass
class Param:
    """A parameter a view reads, with the values a person could send (from its forms and links,
    or from the view's code)."""

    name: str
    values: list[str] = field(default_factory=list)
    kind: str = "text"  # an <input> type, "select", "textarea", "file", "submit" or "code"
    _made: Strategies | None = field(default=None, repr=False, compare=False)

    def add(self, value: str, *, current: bool = False) -> None:
        """A value offered; the one a page shows chosen (`current`) first."""
        if value in self.values:
            if not current:
                return
            self.values.remove(value)
        if current:
            self.values.insert(0, value)
        elif len(self.values) < 60:
            self.values.append(value)
        self._made = None

    @property
    def made(self) -> Strategies:
        if self._made is None:
            self._made = strategies_for(self.name, self.values)
        return self._made

    def strategy(self) -> st.SearchStrategy[Value]:
        """Half the time a value the page offered, else a hostile one."""
        return self.made.mixed

    def browser(self) -> st.SearchStrategy[Value]:
        """What a browser sends: the value shown chosen (listed first) half the time."""
        return self.made.browser

    def hostile(self) -> st.SearchStrategy[Value]:
        """A value the page offered made hostile, or any hostile value."""
        return self.made.hostile

    @property
    def numeric(self) -> bool:
        """Whether it holds a number (its name says so, or a value offered has a digit)."""
        return self.made.numeric


@dataclass
class Form:
    action: str
    method: str
    multipart: bool
    params: dict[str, Param] = field(default_factory=dict)

    def param(self, name: str, kind: str) -> Param:
        return self.params.setdefault(name, Param(name, kind=kind))


class PageParser(HTMLParser):
    """The forms of a page (fields, their values and options) and the query strings of its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: Param | None = None
        self._option: dict[str, str | None] | None = None
        self._option_text = ""
        self._textarea: Param | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "a" and "?" in attr.get("href", ""):
            self.links.append(attr["href"])
        for key in ("hx-get", "hx-post", "data-url", "data-counts-url"):
            if "?" in attr.get(key, ""):
                self.links.append(attr[key])
        if tag == "form":
            self._form = Form(
                action=attr.get("action", ""),
                method=attr.get("method", "get").lower(),
                multipart="multipart" in attr.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        if tag == "option" and self._select is not None:
            self._option, self._option_text = dict(attrs), ""
            return
        form = self._form
        name = attr.get("name", "")
        if form is None or not name:
            return
        if tag == "input":
            kind = attr.get("type", "text").lower()
            param = form.param(name, kind)
            if kind == "file":
                form.multipart = True
            elif kind in {"checkbox", "radio"}:
                param.add(attr.get("value", "on"), current="checked" in attr)
            else:
                param.add(attr.get("value", ""))
        elif tag == "button":
            form.param(name, "submit").add(attr.get("value", ""))
        elif tag == "select":
            self._select = form.param(name, "select")
        elif tag == "textarea":
            self._textarea, self._textarea_text = form.param(name, "textarea"), ""

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option_text += data
        if self._textarea is not None:
            self._textarea_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option" and self._select is not None and self._option is not None:
            value = self._option.get("value")
            self._select.add(
                self._option_text.strip() if value is None else value,
                current="selected" in self._option,
            )
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._textarea.add(self._textarea_text.strip())
            self._textarea = None


def page_parts(html: str, path: str) -> tuple[list[Form], dict[str, Param]]:
    """The page's forms (their actions made absolute) and the parameters its links to itself
    carry (pagination, facets, filters)."""
    parser = PageParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # a page the parser cannot read: what it found so far
        pass
    for form in parser.forms:
        target = urlsplit(form.action)
        form.action = target.path or path
        for name, value in parse_qsl(target.query, keep_blank_values=True):
            form.param(name, "hidden").add(value)
    linked: dict[str, Param] = {}
    for href in parser.links:
        target = urlsplit(href)
        if target.path in {"", path}:
            for name, value in parse_qsl(target.query, keep_blank_values=True):
                linked.setdefault(name, Param(name, kind="link")).add(value)
    return parser.forms, linked
