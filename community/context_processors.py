from django.conf import settings

from community import access
from community.discovery import app_modules


def platform(request):
    nav = []
    for module in app_modules("nav"):
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
