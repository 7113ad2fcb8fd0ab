"""The registry's menu in the Wagtail admin: its entries are shown only to staff holding their
permission, and apps above the registry add theirs through `MENU_HOOK` (the staff search adds
"Search"), so the registry names no page it does not own."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail.admin.menu import MenuItem, SubmenuMenuItem

# Wagtail hook whose functions each return one entry (a `PermissionMenuItem`) of the menu.
MENU_HOOK = "register_registry_menu_item"


class PermissionMenuItem(MenuItem):
    """A menu entry shown only to staff holding one registry permission."""

    def __init__(self, *args: Any, permission: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(f"registry.{self.permission}")


class RegistryMenuItem(SubmenuMenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return any(item.is_shown(request) for item in self.menu.registered_menu_items)
