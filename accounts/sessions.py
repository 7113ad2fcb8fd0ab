"""Every session of an account, ended when the account goes.

Django keeps no list of a user's sessions; `SignedInSession` is that list, written at login and
emptied at logout. `delete_login` is the one way the project deletes a person's login.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from accounts.models import SignedInSession, User


def remember(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """On `user_logged_in`: note the session's key (login has just given it a new one)."""
    if not request.session.session_key:
        request.session.save()
    SignedInSession.objects.get_or_create(
        session_key=request.session.session_key, defaults={"user": user}
    )


def forget(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    """On `user_logged_out`: the session is flushed, its key means nothing any more."""
    if request.session.session_key:
        SignedInSession.objects.filter(session_key=request.session.session_key).delete()


def end_sessions(user: User) -> int:
    """Sign `user` out everywhere: their sessions are deleted from the session store."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    keys = list(SignedInSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store.delete(key)
    SignedInSession.objects.filter(user=user).delete()
    return len(keys)


def end_sessions_of_deleted(sender: Any, instance: User, **kwargs: Any) -> None:
    """On `pre_delete` of a user, however it is deleted (here, or by an administrator)."""
    end_sessions(instance)


def delete_login(user: User) -> bool:
    """Delete a member's login: its email addresses and authenticators go with it, and its
    sessions end (`end_sessions_of_deleted`). A staff account is never deleted this way: False,
    and it stays."""
    if User.objects.staff().filter(pk=user.pk).exists():
        return False
    user.delete()
    return True
