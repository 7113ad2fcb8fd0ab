from __future__ import annotations

import unicodedata
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UserManager(DjangoUserManager["User"]):
    """Users are identified by email alone; there is no username to invent or leak."""

    use_in_migrations = True

    def _create_user_object(self, email: str, password: str | None, **extra_fields: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        return user

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        user = self._create_user_object(email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def staff(self) -> models.QuerySet[User]:
        """Staff accounts: flagged staff or superuser, or holding any role (group). Everyone
        else is a member, whose login is contact data seen only through the registry."""
        staff = Q(is_staff=True) | Q(is_superuser=True) | Q(groups__isnull=False)
        return self.filter(pk__in=self.filter(staff).values("pk"))

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self.create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A login. Members, editors, registry officers and administrators are all users.

    What a user may do comes from groups (see `accounts.roles`); a member's personal profile lives
    in the registry, not here, so that a login carries as little personal data as possible.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    # The site language the person signed up in: their emails are written in it until the
    # registry knows the language they chose (registry.Member.preferred_language).
    language = models.CharField(_("language"), max_length=10, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        # Names typed on different keyboards arrive composed or decomposed; store one form.
        self.first_name = unicodedata.normalize("NFC", self.first_name or "")
        self.last_name = unicodedata.normalize("NFC", self.last_name or "")
        self.email = self.__class__.objects.normalize_email(self.email)

    @property
    def preferred_language(self) -> str | None:
        """The site language to write to this person in, if we know one.

        The registry record's choice once there is one, else the language they signed up in.
        The record is reached through its reverse accessor, so accounts never imports registry.
        """
        member = getattr(self, "member", None)
        language = member.preferred_language if member is not None else self.language
        return language if language in dict(settings.LANGUAGES) else None

    @property
    def is_staff_member(self) -> bool:
        """Whoever may open the Wagtail admin counts as staff and must use MFA."""
        return self.is_active and self.has_perm("wagtailadmin.access_admin")


class SignedInSession(models.Model):
    """A session a user is logged in with, so that all of them can be ended at once.

    Deleting an account must sign it out everywhere: a phone left logged in would otherwise keep
    a session holding the person's address until it expires. Only the session's key is kept.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
