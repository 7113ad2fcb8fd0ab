"""What our views read besides the fields of the forms they show, the views that act on POST
only, and hostile values for the slots of a path."""

from __future__ import annotations

from urllib.parse import quote

from registry.exports import COLUMNS, FORMATS
from tests.conftest import PASSWORD

# Parameters that are a form's submit buttons: a browser sends the one pressed, never all.
BUTTONS = {"back", "find", "save", "commit", "discard"}

# Parameters our views read besides the fields of the forms they show (grep `request.GET`,
# `request.POST`, `.getlist(` in registry/, search/, cms/, accounts/, config/), with valid
# values where they are few; `{…}` values are filled from the data (`World.code_values`).
CODE_PARAMS: dict[str, dict[str, list[str]]] = {
    "wagtailadmin_login": {"next": ["/admin/", "//evil.example/"]},
    "registry:association_directory": {"country": ["HU", "hu", "XX"]},
    "registry:profile_step": {
        "from": ["check"],
        "back": [""],
        "find": [""],
        "query": ["Thạch", "Hà Huy Tập", "thach dai"],
        "choice": ["{choice}"],
        "city_query": ["Budapest", "Osaka"],
        "city": ["{city}"],
        "country": ["HU", "JP"],
        "not_listed": ["on"],
        "listed": ["Thạch"],
    },
    "registry:consents": {"purpose": ["{purpose}"], "decision": ["grant", "withdraw"]},
    "registry:hometown_options": {
        "query": ["Thạch", "Hà Huy Tập", "thach"],
        "choice": ["{choice}"],
        "listed": ["Thạch"],
    },
    "registry:city_options": {
        "city_query": ["Budapest", "Bu", "Osaka"],
        "country": ["HU", "JP", ""],
        "city": ["{city}"],
        "not_listed": ["on"],
    },
    "registry:delete_account": {"password": [PASSWORD]},
    "registry_members": {"p": ["2"], "page": ["2"], "sort": ["name", ""], "country": ["HU"]},
    "registry_export": {"member": ["{member}"], "format": list(FORMATS), "column": list(COLUMNS)},
    "registry_member": {"back": ["/admin/registry/search/?q=nguyen", "https://evil.example/"]},
    "registry_import_preview": {
        "p": ["1", "2"],
        "go": ["1", "2"],
        "page": ["1"],
        "save": [""],
        "commit": [""],
        "discard": [""],
    },
    "registry_audit": {"action": ["view", "search", "export"], "member": ["{member}"], "p": ["2"]},
    "registry_search": {"page": ["1", "2"], "counts": ["1"], "q": ["nguyen", "Nguyễn"]},
    "registry_search_save": {
        "name": ["Budapest", "Tên"],
        "query": ["country=HU", "q=nguyen&page=2", "ward={ward}"],
        "alert": ["on"],
    },
    "registry_search_export": {
        "query": ["country=HU", "q=nguyen", "page=2"],
        "scope": ["chosen", "all"],
        "member": ["{member}"],
        "format": list(FORMATS),
        "column": list(COLUMNS),
    },
    "registry_member_verify": {"method": ["{verification}"]},
    "cms:search": {"q": ["Hà Tĩnh", "ha tinh", "đầu tư"], "page": ["1", "2"]},
    "cms:display": {"action": ["larger", "smaller", "contrast", "reset"], "next": ["/vi/"]},
    "cms_translation_status": {"p": ["1", "2"]},
    "wagtail_serve": {"page": ["1", "2"], "category": ["{category}"], "sector": ["{sector}"]},
}
# Views that act on POST only (their forms may be on other pages, or not shown to everyone).
POST_VIEWS = {
    "registry_export",
    "registry_member_verify",
    "registry_member_invite",
    "registry_member_delete",
    "registry_member_edit",
    "registry_member_consent",
    "registry_merge",
    "registry_import",
    "registry_import_preview",
    "registry_import_undo",
    "registry_search_save",
    "registry_search_delete",
    "registry_search_export",
    "registry:consents",
    "registry:confirm",
    "registry:delete_account",
    "registry:check",
    "registry:profile_step",
    "registry:claim",
}
# Parameters every URL gets a few hostile values for (views read them without a form).
EVERYWHERE = ("page", "p", "q", "next")
# Hostile values for the slots of a path (percent-encoded as a browser would send them).
HOSTILE_SLOTS = {
    "int": ["0", str(2**63), "9" * 30, "-1", quote("²"), quote("٣")],
    "other": [
        quote("²"),
        quote("①"),
        quote("ệ"),
        "%00",
        "%FF%FE",
        "-1",
        "0",
        "9" * 30,
        "x" * 300,
        "%2e%2e",
        "a%2Fb",
        quote("Nguyễn Văn An"),
    ],
}
