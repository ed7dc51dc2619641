"""Folium describes the map; the page carries that description as JSON and `samskab-map.js` draws it.

Folium builds the Leaflet map's options and its tile layer from Python. Its own output is inline
JavaScript, which a strict Content-Security-Policy (script-src 'self') forbids, so we take the
options folium settled on and hand them to the page in a `<script type="application/json">` tag,
as uMap does. `samskab-map.js` creates the Leaflet map from them and loads the facilities from the
GeoJSON API into one clustered overlay per layer with a layer control. Markers are not rendered
server-side: 2,000 per-marker scripts would make the page several times larger than the GeoJSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext, gettext_noop

from community.municipality import current_municipality

MAP_ELEMENT_ID = "samskab"
CONFIG_ELEMENT_ID = "samskab-map-config"


# The default of settings.MAP_TILE_ATTRIBUTION; shown in the page's language (a setting of one's own is kept).
def _attribution(text: str) -> str:
    """The tile credit in the page's language when it is the platform's own OpenStreetMap one."""
    return gettext(OSM_ATTRIBUTION) if text == OSM_ATTRIBUTION else text


OSM_ATTRIBUTION = gettext_noop(
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bidragydere'
)


@dataclass
class RenderedMap:
    """What a template needs: the asset URLs, the map's element id and its JSON description."""

    js: list[str]
    css: list[str]
    spec: dict
    element_id: str = MAP_ELEMENT_ID
    config_id: str = CONFIG_ELEMENT_ID
    height_class: str = "samskab-map-tall"
    extra: dict = field(default_factory=dict)


def _leaflet(options: dict) -> dict:
    """Folium keeps options in snake_case and camelises them when it writes JavaScript; so do we."""
    from folium.utilities import camelize

    return {camelize(key): value for key, value in options.items()}


def local_assets() -> tuple[list[str], list[str]]:
    js = [
        static("vendor/leaflet/leaflet.js"),
        static("vendor/leaflet.markercluster/leaflet.markercluster.js"),
        static("maps/samskab-map.js"),
    ]
    css = [
        static("vendor/leaflet/leaflet.css"),
        static("vendor/leaflet.markercluster/MarkerCluster.css"),
        static("vendor/leaflet.markercluster/MarkerCluster.Default.css"),
        static("maps/samskab-map.css"),
    ]
    return js, css


def render_map(
    *, config: dict, center: tuple[float, float], zoom: int, embed: bool = False
) -> RenderedMap:
    import folium  # heavy (pandas, jinja2): imported when a map is drawn, not by the URLconf

    m = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        control_scale=False,
        prefer_canvas=False,
    )
    # Clustering needs the map's own max zoom, also when tiles are off (tests, offline kiosks).
    m.options.update(maxZoom=19, minZoom=6)
    tiles = None
    if settings.MAP_TILES_ENABLED:
        layer = folium.TileLayer(
            tiles=current_municipality().tiles,
            attr=_attribution(current_municipality().attribution),
            name="Baggrundskort",
            max_zoom=19,
        )
        tiles = {"url": layer.tiles, "options": _leaflet(layer.options)}
    js, css = local_assets()
    return RenderedMap(
        js=js,
        css=css,
        spec={
            "center": list(m.location),
            "options": {**_leaflet(m.options), "zoom": zoom},
            "tiles": tiles,
            "layers": config,
        },
        height_class="samskab-map-fill" if embed else "samskab-map-tall",
    )
