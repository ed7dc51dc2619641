"""Files that must not be public: kept outside MEDIA_ROOT, without a URL, served by views that check
who is asking (`django.http.FileResponse` after the access check)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileStorage(FileSystemStorage):
    # Read from settings on each use (not cached), so tests and deployments can move it.
    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("A private file has no public URL; link to the view that serves it.")


def private_storage() -> PrivateFileStorage:
    return PrivateFileStorage()
