from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    """Logins for everyone: overseas members, editors, registry officers and administrators.

    Its own app because it is shared by the public site (members sign up here) and by the Wagtail
    admin (staff log in here, with MFA). `registry` builds the member's profile on top of the user
    defined here; `cms` never needs to know about it.
    """

    default = True  # of the two configurations here, the one "accounts" in INSTALLED_APPS means
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import post_migrate, pre_delete

        from accounts import sessions, staff_language
        from accounts.roles import ensure_roles
        from config import lookups, translation

        # (The project's first app, so it sets up what every app relies on.)
        lookups.register()  # an `in` on integer keys drops numbers no key can be
        translation.fall_back_to_english()  # a missing message is English, never Vietnamese
        staff_language.default_to_site_language()  # the admin and its emails: Vietnamese

        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="accounts.ensure_roles")
        user_logged_in.connect(sessions.remember, dispatch_uid="accounts.sessions.remember")
        user_logged_out.connect(sessions.forget, dispatch_uid="accounts.sessions.forget")
        user_logged_in.connect(
            staff_language.give_staff_a_profile, dispatch_uid="accounts.staff_language.profile"
        )
        pre_delete.connect(
            sessions.end_sessions_of_deleted,
            sender="accounts.User",
            dispatch_uid="accounts.sessions.end_sessions_of_deleted",
        )


class StaffUsersAppConfig(WagtailUsersAppConfig):
    """`wagtail.users` whose Users screens list staff accounts only (`accounts.admin_users`)."""

    default = False
    user_viewset = "accounts.admin_users.UserViewSet"
