from django.conf import settings

from community import access
from community.discovery import app_modules
from community.municipality import current_municipality


def platform(request):
    nav = []
    for module in app_modules("nav"):
        nav.extend(module.items(request))
    nav.sort(key=lambda item: item.get("order", 50))
    user = getattr(request, "user", None)
    municipality = current_municipality()
    return {
        "municipality": municipality,
        "nav_items": nav,
        "user_role_labels": [r.get_kind_display() for r in access.roles(user)] if user else [],
        "map_tile_url": municipality.tiles,
        "map_tile_attribution": municipality.attribution,
        "map_tiles_enabled": settings.MAP_TILES_ENABLED,
        "map_default_center": municipality.center,
    }
