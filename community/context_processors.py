from importlib import import_module

from django.apps import apps
from django.conf import settings

from community import access

_NAV_MODULES: list | None = None


def _nav_modules():
    """Each app may offer `<app>/nav.py` with `items(request)`; found once per process."""
    global _NAV_MODULES
    if _NAV_MODULES is None:
        found = []
        for config in apps.get_app_configs():
            try:
                found.append(import_module(f"{config.name}.nav"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.nav":
                    raise
        _NAV_MODULES = found
    return _NAV_MODULES


def platform(request):
    nav = []
    for module in _nav_modules():
        nav.extend(module.items(request))
    nav.sort(key=lambda item: item.get("order", 50))
    user = getattr(request, "user", None)
    return {
        "nav_items": nav,
        "user_role_labels": [r.get_kind_display() for r in access.roles(user)] if user else [],
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "map_tiles_enabled": settings.MAP_TILES_ENABLED,
        "map_default_center": settings.MAP_DEFAULT_CENTER,
    }
