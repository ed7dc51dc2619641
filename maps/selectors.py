"""Reads for the maps app: filtered facilities, the compact GeoJSON payload and its version.

Other apps (local area pages) use `facilities_for_area(area)` and `open_problem_counts_by_area()`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings
from django.db.models import Count, Max, QuerySet
from django.utils.translation import get_language

from community.caching import cached, namespace_bump
from community.municipality import current_municipality
from maps.geometry import rfc7946
from maps.models import ATTRIBUTE_FIELDS, Facility, Layer, ProblemReport


@dataclass
class FacilityFilter:
    """The filters a map, list, embed or API request may carry in its URL."""

    layers: list[str] = field(default_factory=list)
    area: str = ""
    bbox: tuple[float, float, float, float] | None = None
    attributes: dict[str, bool] = field(default_factory=dict)
    status: str = ""
    geometry_type: str = ""
    q: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params) -> FacilityFilter:
        """Parse a request's GET through FacilityFilterSet: bad values are left out, a bad bbox says so."""
        from maps.filters import FacilityFilterSet

        form = FacilityFilterSet(params if params is not None else {}).form
        form.is_valid()
        data = form.cleaned_data
        return cls(
            layers=data.get("layers") or [],
            area=data.get("area") or "",
            bbox=data.get("bbox"),
            attributes={n: data[n] for n in ATTRIBUTE_FIELDS if data.get(n) is not None},
            status=data.get("status") or "",
            geometry_type=data.get("geometry_type") or "",
            q=data.get("q") or "",
            # Left out silently, these would hand a client every facility instead of the few it asked for.
            errors=[
                str(message)
                for name in ("bbox", "geometry_type")
                for message in form.errors.get(name, [])
            ],
        )

    def key(self) -> str:
        return json.dumps(
            [
                self.layers,
                self.area,
                self.bbox,
                sorted(self.attributes.items()),
                self.status,
                self.geometry_type,
                self.q,
            ]
        )

    def query_params(self, *, include_layers: bool = True) -> dict[str, str]:
        params = {}
        if include_layers and self.layers:
            params["layers"] = ",".join(self.layers)
        if self.area:
            params["area"] = self.area
        if self.bbox:
            params["bbox"] = ",".join(str(v) for v in self.bbox)
        for name, value in self.attributes.items():
            params[name] = "1" if value else "0"
        if self.status:
            params["status"] = self.status
        if self.geometry_type:
            params["geometry_type"] = self.geometry_type
        if self.q:
            params["q"] = self.q
        return params


def active_facilities() -> QuerySet[Facility]:
    return Facility.objects.filter(retired_at__isnull=True)


def facilities_filtered(f: FacilityFilter, *, include_layers: bool = True) -> QuerySet[Facility]:
    """The active facilities this filter selects; the rules of each filter live in FacilityFilterSet."""
    from maps.filters import FacilityFilterSet

    params = f.query_params(include_layers=include_layers)
    return FacilityFilterSet(params, queryset=active_facilities()).qs


def facilities_for_area(area) -> QuerySet[Facility]:
    """The active facilities in one local area, with their layer, for area pages."""
    return (
        active_facilities()
        .filter(local_area=area)
        .select_related("layer")
        .order_by("layer__order", "name")
    )


def open_problem_counts_by_area() -> dict[int, int]:
    """area_id -> number of problem reports not yet fixed, in one query."""
    rows = (
        ProblemReport.objects.exclude(status=ProblemReport.Status.FIXED)
        .filter(facility__local_area__isnull=False, facility__retired_at__isnull=True)
        .values("facility__local_area_id")
        .annotate(n=Count("id"))
    )
    return {r["facility__local_area_id"]: r["n"] for r in rows}


def layers_with_counts(f: FacilityFilter | None = None) -> list[Layer]:
    qs = facilities_filtered(f, include_layers=False) if f else active_facilities()
    counts = dict(qs.values_list("layer_id").annotate(n=Count("id")).order_by())
    layers = list(Layer.objects.all())
    for layer in layers:
        layer.facility_count = counts.get(layer.pk, 0)
    return layers


# The API answers thousands of requests a second: the version is read from the database at most
# once per VERSION_TTL_S (kept in the shared cache), and forgotten at once by the signals and
# services that change facilities or layers (forget_data_version). A change no signal sees (an
# update() elsewhere) still shows within VERSION_TTL_S, well inside the 60 s the API already lets
# clients cache a response.
VERSION_TTL_S = 2.0
DATA_NAMESPACE = "maps.facilities"


def forget_data_version(**kwargs) -> None:
    namespace_bump(DATA_NAMESPACE)


def _data_version_from_db() -> str:
    facilities = Facility.objects.aggregate(latest=Max("updated_at"), n=Count("id"))
    layers = Layer.objects.aggregate(latest=Max("updated_at"))
    return f"{facilities['latest']}|{facilities['n']}|{layers['latest']}"


def data_version() -> str:
    """Changes whenever a facility or a layer changes: the base of the API's ETag."""
    return cached(DATA_NAMESPACE, ["data-version"], _data_version_from_db, VERSION_TTL_S)


def geojson_etag(f: FacilityFilter, limit: int, offset: int = 0, host: str = "") -> str:
    raw = f"{data_version()}|{f.key()}|{limit}|{offset}|{host}|{get_language()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def api_limit(value) -> int:
    """The page size asked for: MAPS_API_MAX_LIMIT when none (or a bad one) is asked, and at most that."""
    maximum = getattr(settings, "MAPS_API_MAX_LIMIT", 10000)
    try:
        limit = int(value) if value not in (None, "") else maximum
    except (TypeError, ValueError):
        limit = maximum
    return max(1, min(limit, maximum))


# No municipality comes near a billion facilities; the databases take the number whatever it is.
MAX_OFFSET = 10**9


def api_offset(value) -> int:
    """How many matching facilities to pass over (paging by the next links); 0 when it is bad."""
    try:
        offset = int(value) if value not in (None, "") else 0
    except (TypeError, ValueError):
        offset = 0
    return offset if 0 <= offset <= MAX_OFFSET else 0


def stored_features(rows: list[tuple[int, str]]) -> list[str]:
    """The stored feature text of each (id, feature_json) row, in one query for those without one."""
    from maps.encoding import facility_feature_text

    # A row written past save() and the importer (a bulk write of one's own) is encoded here.
    missing = [pk for pk, stored in rows if not stored]
    encoded = (
        {f.pk: facility_feature_text(f) for f in Facility.objects.filter(pk__in=missing)}
        if missing
        else {}
    )
    return [stored or encoded[pk] for pk, stored in rows]


# The columns _feature_texts joins a stored feature from (a page of the API, a chunk of the download).
FEATURE_ROW = ("id", "layer__slug", "status", "local_area__name", "feature_json")


def _feature_texts(rows) -> list[str]:
    """Each row's stored feature joined with its id, layer, status and area."""
    from maps.encoding import Joiner

    rows = list(rows)
    stored = stored_features([(row[0], row[4]) for row in rows])
    join = Joiner()
    return [
        join(pk, text, layer=layer, status=status, area=area)
        for (pk, layer, status, area, _stored), text in zip(rows, stored, strict=True)
    ]


def geojson_payload(f: FacilityFilter, limit: int, offset: int = 0, link=None) -> bytes:
    """One page of a compact FeatureCollection: what the map needs for markers and popups.

    link(offset) makes the address of another page: the answer links the next one while there is
    one. The features are the rows' stored texts joined (maps/encoding.py), in id order.
    """
    qs = facilities_filtered(f).order_by("id")
    matched = qs.count()
    rows = qs.values_list(*FEATURE_ROW)[offset : offset + limit]
    features = _feature_texts(rows)
    head = {
        "type": "FeatureCollection",
        "numberMatched": matched,
        "numberReturned": len(features),
        "attribution": _attribution(),
    }
    if link is not None and offset + len(features) < matched:
        head["links"] = [
            {"href": link(offset + limit), "rel": "next", "type": "application/geo+json"}
        ]
    text = json.dumps(head, separators=(",", ":"), ensure_ascii=False)
    return f'{text[:-1]},"features":[{",".join(features)}]}}'.encode()


# Rows read and joined at a time by the download: a few hundred kilobytes of text, whatever the total.
DOWNLOAD_CHUNK_ROWS = 2000


def geojson_download(
    f: FacilityFilter, *, chunk_rows: int = DOWNLOAD_CHUNK_ROWS
) -> Iterator[bytes]:
    """Every facility the filter selects as one FeatureCollection, in pieces of chunk_rows features.

    The API's pages stop at MAPS_API_MAX_LIMIT; a download holds all, read through a database
    cursor and joined like a page (maps/encoding.py), so memory stays bounded by one chunk. The
    count is only known at the end, so numberMatched and numberReturned close the object.
    """
    rows = (
        facilities_filtered(f)
        .order_by("id")
        .values_list(*FEATURE_ROW)
        .iterator(chunk_size=chunk_rows)
    )
    head = json.dumps(
        {"type": "FeatureCollection", "attribution": _attribution()},
        separators=(",", ":"),
        ensure_ascii=False,
    )

    def chunks() -> Iterator[bytes]:
        yield f'{head[:-1]},"features":['.encode()
        count = 0
        while chunk := list(islice(rows, chunk_rows)):
            yield (("," if count else "") + ",".join(_feature_texts(chunk))).encode()
            count += len(chunk)
        yield f'],"numberMatched":{count},"numberReturned":{count}}}'.encode()

    return chunks()


def _attribution() -> str:
    return "© OpenStreetMap contributors (ODbL); " + current_municipality().authority_name


def areas_geojson() -> bytes:
    """The local-area boundaries, simplified (about 30 m) for the map overlay."""
    from shapely.geometry import mapping, shape

    from localareas.models import LocalArea

    features = []
    for pk, name, slug, geometry in LocalArea.objects.values_list("id", "name", "slug", "geometry"):
        geom = shape(geometry).simplify(0.0003, preserve_topology=True)
        features.append(
            {
                "type": "Feature",
                "id": pk,
                "geometry": rfc7946(_rounded(mapping(geom))),
                "properties": {"name": name, "slug": slug},
            }
        )
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, separators=(",", ":")
    ).encode()


def _rounded(value):
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def problems_for_facility(facility) -> QuerySet[ProblemReport]:
    return facility.problems.select_related("handled_by").order_by("-created_at")


def places_geojson(area) -> dict:
    """Rooms to book and associations' activities in one local area, for the area page's map.

    Public information only (buildings, rooms, associations' regular activities and open volunteer
    tasks); three queries whatever the area holds.
    """
    from django.urls import reverse
    from django.utils import formats
    from django.utils.translation import gettext as _

    from bookings.models import Building, Room
    from community.weekly import WEEKDAYS
    from matching.models import Activity
    from volunteers.models import Opportunity

    features = []
    rooms_by_building: dict[int, list] = {}
    for room in Room.objects.filter(building__local_area=area).order_by("name"):
        rooms_by_building.setdefault(room.building_id, []).append(room)
    for building in Building.objects.filter(
        local_area=area, pk__in=list(rooms_by_building), lat__isnull=False
    ):
        rooms = rooms_by_building[building.pk]
        features.append(
            _place(
                "rooms",
                building.lat,
                building.lon,
                building.name,
                [building.street]
                + [
                    _("%(room)s: plads til %(n)s") % {"room": r.name, "n": r.capacity}
                    for r in rooms
                ],
                reverse("bookings:room-detail", args=[rooms[0].pk]),
                _("Se lokalerne og book"),
            )
        )
    days = dict(enumerate(WEEKDAYS))
    for activity in Activity.objects.filter(
        local_area=area, active=True, lat__isnull=False
    ).select_related("association"):
        features.append(
            _place(
                "activities",
                activity.lat,
                activity.lon,
                activity.title,
                [
                    activity.association.name,
                    f"{days.get(activity.weekday, '')} {activity.start:%H:%M}-{activity.end:%H:%M}",
                ],
                None,
                "",
            )
        )
    for opportunity in Opportunity.objects.filter(
        local_area=area, status=Opportunity.Status.OPEN, lat__isnull=False
    ):
        features.append(
            _place(
                "opportunities",
                opportunity.lat,
                opportunity.lon,
                opportunity.title,
                [formats.date_format(opportunity.starts_at, "DATE_FORMAT")],
                reverse("volunteers:opportunity-detail", args=[opportunity.pk]),
                _("Læs mere og meld dig"),
            )
        )
    return {"type": "FeatureCollection", "features": features}


def _place(layer, lat, lon, name, lines, url, link_label) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": {
            "layer": layer,
            "name": name,
            "lines": [line for line in lines if line],
            "url": url,
            "link": link_label,
        },
    }


def place_layers() -> list[dict]:
    """The layers of places_geojson, in the shape the map's script takes for facility layers."""
    from django.utils.translation import gettext as _

    return [
        {"slug": "rooms", "name": _("Lokaler at booke"), "icon": "⌂", "colour": "#6b2c91"},
        {"slug": "activities", "name": _("Foreningsaktiviteter"), "icon": "♥", "colour": "#a3005b"},
        {"slug": "opportunities", "name": _("Frivilligopgaver"), "icon": "✚", "colour": "#005c5c"},
    ]


def municipality_bounds() -> list[list[float]] | None:
    """[[south, west], [north, east]] around all local areas (the municipality), None without areas."""
    from django.db.models import Max, Min

    from localareas.models import LocalArea

    b = LocalArea.objects.aggregate(
        s=Min("min_lat"), w=Min("min_lon"), n=Max("max_lat"), e=Max("max_lon")
    )
    return None if b["s"] is None else [[b["s"], b["w"]], [b["n"], b["e"]]]
