"""Where files about people are kept: outside the public media, read only through views that
check permissions (a consent scan is personal data)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    """A callable, so that migrations name it rather than a path of this machine."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
