"""Wagtail's Users screens, for staff accounts only.

A member's login email is contact data, which staff may see only under the member's consent
(`registry.disclosure`); listing every login here let administrators sidestep that rule. Member
accounts are managed through the registry record (which deletes the login with it); these screens
list, open, edit and act in bulk on staff accounts only — a member's account answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from wagtail.users.views import users
from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction
from wagtail.users.views.bulk_actions.set_active_state import SetActiveStateBulkAction

from accounts.models import User


class StaffOnly:
    """For the single-account views: a member's account is not found here."""

    def get_object(self, *args: Any) -> User:
        found = super().get_object(*args)  # type: ignore[misc]
        if not User.objects.staff().filter(pk=found.pk).exists():
            raise Http404
        return found


class IndexView(users.IndexView):
    def get_base_queryset(self) -> QuerySet[User]:
        return User.objects.staff()


class EditView(StaffOnly, users.EditView):
    pass


class DeleteView(StaffOnly, users.DeleteView):
    pass


class HistoryView(StaffOnly, users.HistoryView):
    pass


class UserViewSet(users.UserViewSet):
    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView


class StaffBulkAction:
    """Bulk actions on the Users screen reach staff accounts only, whatever ids are sent."""

    @classmethod
    def get_queryset(cls, model: type[User], object_ids: Any) -> QuerySet[User]:
        found = User.objects.staff().filter(pk__in=object_ids)
        if not found:
            raise Http404
        return found

    def get_all_objects_in_listing_query(self, parent_id: Any) -> Any:
        return (
            User.objects.staff()
            .filter(
                pk__in=super().get_all_objects_in_listing_query(parent_id)  # type: ignore[misc]
            )
            .values_list("pk", flat=True)
        )


class StaffAssignRole(StaffBulkAction, AssignRoleBulkAction):
    pass


class StaffDelete(StaffBulkAction, DeleteBulkAction):
    pass


class StaffSetActiveState(StaffBulkAction, SetActiveStateBulkAction):
    pass


STAFF_BULK_ACTIONS = (StaffAssignRole, StaffDelete, StaffSetActiveState)
