from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Logins for everyone: overseas members, editors, registry officers and administrators.

    Its own app because it is shared by the public site (members sign up here) and by the Wagtail
    admin (staff log in here, with MFA). `registry` builds the member's profile on top of the user
    defined here; `cms` never needs to know about it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from accounts.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="accounts.ensure_roles")
