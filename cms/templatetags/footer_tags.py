from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from cms.models import ContactDetails, FooterText

register = template.Library()


@register.inclusion_tag("cms/includes/footer.html", takes_context=True)
def site_footer(context: dict[str, Any]) -> dict[str, Any]:
    """The footer text and contact details in the visitor's language (else Vietnamese)."""
    language = get_language() or "vi"
    return {
        "footer": FooterText.for_language(language),
        "contact": ContactDetails.for_language(language),
        "SITE_NAME": context.get("SITE_NAME"),
        "PROVINCE_NAME": context.get("PROVINCE_NAME"),
        "request": context.get("request"),
    }
