"""Modules that apps offer to the platform core by name (`<app>/nav.py`, `<app>/personal_data.py`,
`<app>/retention.py`), found the way Django's admin finds `admin.py`: the core never imports an app."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import apps


@cache
def app_modules(name: str) -> tuple[ModuleType, ...]:
    """Each installed app's `<app>.<name>` module, in INSTALLED_APPS order; found once per process."""
    found = []
    for config in apps.get_app_configs():
        try:
            found.append(import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
    return tuple(found)
