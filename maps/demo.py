"""Demo data for the maps: the layers, the real OSM camp and shelter sites around Hedensted
(shipped in maps/data, © OpenStreetMap contributors, ODbL) and made-up playgrounds, fire pits,
trails and green areas inside the Hedensted local areas. Safe to run again."""

from __future__ import annotations

import math
import random
from pathlib import Path

from shapely.geometry import LineString, Point, box, shape
from shapely.prepared import prep

from community.models import Association
from localareas.models import LocalArea
from maps.geometry import to_geojson
from maps.importers import FacilityRecord
from maps.models import Facility, ProblemReport
from maps.services import facilities_import_file, facilities_sync, layers_seed

OSM_FILE = Path(__file__).resolve().parent / "data/osm_campsites_hedensted.geojson"

# layer slug, Danish name pattern, how many per area
DEMO_KINDS = [
    ("playgrounds", "Legepladsen ved {place}", 2),
    ("fire-pits", "Bålpladsen i {place}", 1),
    ("multi-use-courts", "Multibanen i {place}", 1),
    ("picnic-spots", "Picnicpladsen ved {place}", 1),
]
EXTRA_KINDS = [
    ("swimming-spots", "Badestedet ved {place}"),
    ("toilets", "Offentligt toilet, {place}"),
    ("kitchen-gardens", "Fælleshaven i {place}"),
    ("sports-fields", "Boldbanerne i {place}"),
]


def _point_in(rng: random.Random, area: LocalArea, geom) -> Point:
    prepared = prep(geom)
    for _ in range(200):
        p = Point(rng.uniform(area.min_lon, area.max_lon), rng.uniform(area.min_lat, area.max_lat))
        if prepared.contains(p):
            return p
    return geom.representative_point()


def _trail(rng: random.Random, start: Point, geom) -> LineString:
    """A wandering trail of about 2-4 km that stays inside the area."""
    prepared = prep(geom)
    points = [start]
    heading = rng.uniform(0, 2 * math.pi)
    for _ in range(12):
        heading += rng.uniform(-0.6, 0.6)
        step = rng.uniform(0.002, 0.004)
        nxt = Point(
            points[-1].x + step * math.cos(heading) / 0.56, points[-1].y + step * math.sin(heading)
        )
        if not prepared.contains(nxt):
            heading += math.pi / 2
            continue
        points.append(nxt)
    if len(points) < 2:
        points.append(Point(start.x + 0.001, start.y + 0.001))
    return LineString([(round(p.x, 6), round(p.y, 6)) for p in points])


def _green_area(rng: random.Random, centre: Point, geom) -> dict:
    """A small rectangle around the point, clipped to the area so it stays inside."""
    w, h = rng.uniform(0.002, 0.005), rng.uniform(0.001, 0.003)
    rect = box(centre.x - w / 2, centre.y - h / 2, centre.x + w / 2, centre.y + h / 2)
    clipped = rect.intersection(geom)
    if clipped.geom_type != "Polygon" or clipped.is_empty:
        clipped = centre.buffer(0.0005)
    return to_geojson(clipped)


def demo_records() -> list[FacilityRecord]:
    # Our own generator: the same facilities every run whatever else the demo drew before.
    rng = random.Random(766)
    records = []
    for area in LocalArea.objects.order_by("slug"):
        geom = shape(area.geometry)

        def add(layer, name, geometry, n, area=area, **attrs):
            records.append(
                FacilityRecord(
                    external_id=f"{area.slug}-{layer}-{n}",
                    name=name.format(place=area.name),
                    layer=layer,
                    geometry=geometry,
                    description=attrs.pop("description", ""),
                    owner_kind="municipality",
                    owner_name="Hedensted Kommune",
                    **attrs,
                )
            )

        for layer, pattern, count in DEMO_KINDS:
            for n in range(count):
                p = _point_in(rng, area, geom)
                name = pattern if n == 0 else pattern + f" {n + 1}"
                add(
                    layer,
                    name,
                    {"type": "Point", "coordinates": [round(p.x, 6), round(p.y, 6)]},
                    n,
                    wheelchair=rng.random() < 0.6,
                    free=True,
                    fire_allowed=layer == "fire-pits" or None,
                    toilets=rng.random() < 0.3,
                )
        layer, pattern = EXTRA_KINDS[len(records) % len(EXTRA_KINDS)]
        p = _point_in(rng, area, geom)
        add(layer, pattern, {"type": "Point", "coordinates": [round(p.x, 6), round(p.y, 6)]}, 0)
        start = _point_in(rng, area, geom)
        trail = _trail(rng, start, geom)
        add(
            "trails",
            "Naturstien i {place}",
            {"type": "LineString", "coordinates": [list(c) for c in trail.coords]},
            0,
            description=f"Ca. {trail.length * 80:.1f} km afmærket sti.",
            free=True,
        )
        green = _point_in(rng, area, geom)
        add(
            "green-areas",
            "Det frie grønne område i {place}",
            _green_area(rng, green, geom),
            0,
            description="Et grønt område, som foreninger og borgere kan bruge til egne initiativer.",
            free=True,
            bookable=True,
        )
    return records


def load(rng, stdout) -> dict:
    layers_seed()
    osm = facilities_import_file(path=OSM_FILE, source="osm-campsites", retire_missing=True)
    demo = facilities_sync(records=demo_records(), source="demo", retire_missing=True)
    # A few green areas belong to an association in the same area, so its representatives handle them.
    for association in Association.objects.filter(local_area__isnull=False).order_by("id")[:5]:
        Facility.objects.filter(
            source="demo",
            layer__slug="green-areas",
            local_area_id=association.local_area_id,
            owner_association__isnull=True,
        ).update(owner_kind=Facility.Owner.ASSOCIATION, owner_association=association)
    if not ProblemReport.objects.exists():
        from maps.services import problem_report_create

        for facility, text in zip(
            Facility.objects.filter(source="demo", layer__slug="playgrounds").order_by("id")[:3],
            [
                "Gyngen er knækket.",
                "Der ligger glasskår i sandkassen.",
                "Rutsjebanen har en løs skrue.",
            ],
            strict=False,
        ):
            problem_report_create(facility=facility, description=text)
    stdout.write(
        f"Maps: OSM sites {osm.created} new / {osm.updated + osm.unchanged} kept; "
        f"demo facilities {demo.created} new / {demo.updated + demo.unchanged} kept."
    )
    return {}
