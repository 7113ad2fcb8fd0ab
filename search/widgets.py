"""The staff search form's controls for choosing several values, without Ctrl-click.

`ChipsSelect`: the chosen values as chips (ticked boxes: untick one to remove it), and a plain
one-value list to add another. That much works without JavaScript: choose, search, the value
becomes a chip. With the screen's script (`search/js/filters.js`) the list becomes a box to type
in, matching as you type, and a chip's box removes it at once. For lists too long to tick
through (countries, wards, communes, languages).

`NamesCheckboxes`: boxes to tick whose labels are names in another language than the page's (the
province's old districts, Vietnamese on every page), tagged with it.

`PlacesSelect`: the chosen cities, each with its own radius (a list whose values carry the city
and the distance, and one to take the city out), so that each city's radius can be changed and
a city removed without JavaScript either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


class ChipsSelect(forms.SelectMultiple):
    template_name = "search/widgets/chips.html"
    use_fieldset = True

    # Names of places in the province, Vietnamese on every page (`lang` on the chip and option).
    def __init__(
        self, *args: Any, lang: str = "", add_label: StrOrPromise = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang
        self.add_label = add_label

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        # The list to add with sends "" when nothing is added: that is no value.
        return _unique(super().value_from_datadict(data, files, name) or [])

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = [str(v) for v in (value or [])]
        labels: dict[str, str] = {}
        for option_value, label in self.choices:
            labels[str(option_value)] = str(label)
        widget = context["widget"]
        widget["chosen"] = [(v, labels[v]) for v in chosen if v in labels]
        widget["options"] = [(v, label) for v, label in labels.items() if v not in chosen]
        widget["lang"] = self.lang
        widget["add_label"] = self.add_label
        return context


class NamesCheckboxes(forms.CheckboxSelectMultiple):
    """Boxes to tick, each label tagged with the language of the names it shows (`lang`), so that
    a screen reader reads "Huyện Can Lộc" as Vietnamese on an English page too."""

    option_template_name = "search/widgets/names_option.html"

    def __init__(self, *args: Any, lang: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["lang"] = self.lang
        return option


class PlacesSelect(forms.Widget):
    """Chosen cities as "<geonameid>:<km>" values; `places` (set by the form) names them."""

    template_name = "search/widgets/places.html"
    use_fieldset = True

    def __init__(self, *args: Any, radii: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.radii = radii
        # (value, label, chosen km) of each chosen city, once the form has read them.
        self.places: list[tuple[int, str, str]] = []

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        getter = getattr(data, "getlist", None)
        values = getter(name) if getter is not None else [data.get(name, "")]
        return _unique([str(value) for value in values])

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["places"] = [
            {"id": pk, "label": label, "radii": [(f"{pk}:{km}", text, km == chosen)
                                                 for km, text in self.radii]}
            for pk, label, chosen in self.places
        ]  # fmt: skip
        return context
