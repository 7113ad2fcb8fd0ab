"""Operations in the Wagtail admin: Settings → Outgoing mail, for administrators."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from operations.mail import views


class MailQueueMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("operations.view_outgoingmessage")


@hooks.register("register_settings_menu_item")
def register_mail_queue_menu_item() -> MenuItem:
    return MailQueueMenuItem(
        _("Outgoing mail"), reverse("operations_mail"), icon_name="mail", order=900
    )


@hooks.register("register_admin_urls")
def register_operations_urls() -> list[URLPattern]:
    return [
        path("operations/mail/", views.mail_queue, name="operations_mail"),
        path("operations/mail/<int:pk>/resend/", views.resend, name="operations_mail_resend"),
        path("operations/mail/<int:pk>/delete/", views.delete, name="operations_mail_delete"),
    ]
