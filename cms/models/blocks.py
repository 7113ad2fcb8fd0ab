"""The blocks pages and snippets are written with: an article body, links, key facts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class BodyBlock(blocks.StreamBlock):
    """What an article body is made of. Images carry alt text (ImageBlock requires it)."""

    heading = blocks.CharBlock(form_classname="title", label=_("Heading"))
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], label=_("Paragraph")
    )
    image = ImageBlock(label=_("Image"))
    quote = blocks.BlockQuoteBlock(label=_("Quote"))

    class Meta:
        label = _("Body")


RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class LinkBlock(blocks.StructBlock):
    """A labelled link to a page of the site or to another address."""

    label = blocks.CharBlock(label=_("Label"), max_length=100)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Other address"), required=False)

    class Meta:
        label = _("Link")

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give an address."))}
            )
        return value


class FactBlock(blocks.StructBlock):
    """One line of a key-facts table: "Coastline" — "137 km"."""

    label = blocks.CharBlock(label=_("Fact"), max_length=100)
    value = blocks.CharBlock(label=_("Value"), max_length=200)

    class Meta:
        label = _("Key fact")
