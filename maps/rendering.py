"""Folium maps served from our own static files (no CDN) with markers loaded from the GeoJSON API.

Folium builds the Leaflet map, its tile layer and the page fragments; our `samskab-map.js` then
loads the facilities from the API into one clustered overlay per layer with a layer control.
Markers are not rendered by folium: 2,000 per-marker scripts would make the page several times
larger than the compact GeoJSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import folium
from branca.element import MacroElement
from django.conf import settings
from django.templatetags.static import static
from folium.template import Template

# Folium's own header sets a viewport that forbids zooming (WCAG 1.4.4) and styles html/body:
# this one keeps only the map's size.
_MAP_TEMPLATE = Template(
    """
    {% macro header(this, kwargs) %}
        <style>
            #{{ this.get_name() }} {
                position: {{this.position}};
                width: {{this.width[0]}}{{this.width[1]}};
                height: {{this.height[0]}}{{this.height[1]}};
                left: {{this.left[0]}}{{this.left[1]}};
                top: {{this.top[0]}}{{this.top[1]}};
            }
        </style>
    {% endmacro %}

    {% macro html(this, kwargs) %}
        <div class="folium-map samskab-map" id={{ this.get_name()|tojson }}></div>
    {% endmacro %}

    {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.map(
            {{ this.get_name()|tojson }},
            {
                center: {{ this.location|tojson }},
                crs: L.CRS.{{ this.crs }},
                ...{{this.options|tojavascript}}
            }
        );
    {% endmacro %}
    """
)


class LocalMap(folium.Map):
    _template = _MAP_TEMPLATE


class SamskabLayers(MacroElement):
    """Hands the folium map to samskab-map.js with the layers, filters and API address."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            SamskabMap.init({{ this._parent.get_name() }}, {{ this.config|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, config: dict):
        super().__init__()
        self._name = "SamskabLayers"
        self.config = config


@dataclass
class RenderedMap:
    head: str
    html: str
    script: str


def local_assets() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    js = [
        ("leaflet", static("vendor/leaflet/leaflet.js")),
        ("markercluster", static("vendor/leaflet.markercluster/leaflet.markercluster.js")),
        ("samskab_map", static("maps/samskab-map.js")),
    ]
    css = [
        ("leaflet_css", static("vendor/leaflet/leaflet.css")),
        ("markercluster_css", static("vendor/leaflet.markercluster/MarkerCluster.css")),
        (
            "markercluster_default_css",
            static("vendor/leaflet.markercluster/MarkerCluster.Default.css"),
        ),
        ("samskab_map_css", static("maps/samskab-map.css")),
    ]
    return js, css


def render_map(
    *, config: dict, center: tuple[float, float], zoom: int, height: str = "70vh"
) -> RenderedMap:
    tiles = None
    if settings.MAP_TILES_ENABLED:
        tiles = folium.TileLayer(
            tiles=settings.MAP_TILE_URL,
            attr=settings.MAP_TILE_ATTRIBUTION,
            name="Baggrundskort",
            max_zoom=19,
        )
    m = LocalMap(
        location=list(center),
        zoom_start=zoom,
        tiles=tiles,
        width="100%",
        height=height,
        control_scale=False,
        prefer_canvas=False,
    )
    m._id = "samskab"
    # Clustering needs the map's own max zoom, also when tiles are off (tests, offline kiosks).
    m.options.update(maxZoom=19, minZoom=6)
    m.default_js, m.default_css = local_assets()
    SamskabLayers(config).add_to(m)
    figure = m.get_root()
    figure.render()
    head = figure.header.render()
    # Our templates already declare the charset.
    head = re.sub(r'<meta http-equiv="content-type"[^>]*>', "", head)
    return RenderedMap(head=head, html=figure.html.render(), script=figure.script.render())
