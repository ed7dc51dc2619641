"""Reads for the OGC API – Features (maps/ogc.py): the collections and one page of their items.

One collection per map layer (its slug is the id) and one for the local areas. A request's
parameters are parsed here into an ItemsQuery whose `errors` say what is wrong; the facility
filters themselves (bbox as a true intersection, yes/no facts, geometry type) are the ones of
FacilityFilterSet, so the map, the list, the GeoJSON API and this interface agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import orjson
from django.db.models import Count, Max, Min
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from maps import selectors
from maps.filters import FALSE_VALUES, TRUE_VALUES
from maps.geometry import rfc7946
from maps.models import ATTRIBUTE_FIELDS, Facility, Layer

AREAS = "local-areas"
DEFAULT_LIMIT = 100
MAX_LIMIT = 10000
# The parameters every items request may carry; the collection's queryables come on top.
ITEMS_PARAMETERS = {"f", "lang", "bbox", "bbox-crs", "limit", "offset", "datetime"}
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
FACILITY_QUERYABLES = {
    "status": {"type": "string", "enum": list(Facility.Status.values)},
    "area": {"type": "string", "description": "local-area slug"},
    **{name: {"type": "boolean"} for name in ATTRIBUTE_FIELDS},
    "geometry_type": {"type": "string", "enum": ["Point", "LineString", "Polygon"]},
}
AREA_QUERYABLES = {"slug": {"type": "string"}, "code": {"type": "string"}}


@dataclass
class Collection:
    id: str
    title: str
    description: str
    bbox: list[float] | None
    interval: list[str | None] | None  # first and last change, for facilities
    count: int
    layer: Layer | None = None

    @property
    def queryables(self) -> dict:
        return AREA_QUERYABLES if self.layer is None else FACILITY_QUERYABLES


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def collections() -> list[Collection]:
    """Every layer (with its extent from its active facilities) and the local areas: three queries."""
    from localareas.models import LocalArea

    extents = {
        row["layer_id"]: row
        for row in selectors.active_facilities()
        .values("layer_id")
        .annotate(
            n=Count("id"),
            w=Min("min_lon"),
            s=Min("min_lat"),
            e=Max("max_lon"),
            nn=Max("max_lat"),
            first=Min("updated_at"),
            last=Max("updated_at"),
        )
        .order_by()
    }
    result = []
    for layer in Layer.objects.all():
        row = extents.get(layer.pk)
        result.append(
            Collection(
                id=layer.slug,
                title=layer.name,
                description=_("Steder til udeliv i kortlaget %(layer)s.") % {"layer": layer.name},
                bbox=[row["w"], row["s"], row["e"], row["nn"]] if row else None,
                interval=[_iso(row["first"]), _iso(row["last"])] if row else None,
                count=row["n"] if row else 0,
                layer=layer,
            )
        )
    bounds = selectors.municipality_bounds()
    result.append(
        Collection(
            id=AREAS,
            title=_("Lokalområder"),
            description=_("Lokalområdernes grænser."),
            bbox=[bounds[0][1], bounds[0][0], bounds[1][1], bounds[1][0]] if bounds else None,
            interval=None,
            count=LocalArea.objects.count(),
        )
    )
    return result


def collection(collection_id: str) -> Collection | None:
    return next((c for c in collections() if c.id == collection_id), None)


@dataclass
class ItemsQuery:
    """What an items request asks for; `errors` name each parameter that makes no sense."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0
    params: dict[str, str] = field(default_factory=dict)  # the filters, as sent
    interval: tuple[datetime | None, datetime | None] | None = None
    bbox: tuple[float, float, float, float] | None = None
    errors: list[str] = field(default_factory=list)
    facility_filter: selectors.FacilityFilter | None = None

    def key(self) -> str:
        return json.dumps([self.limit, self.offset, sorted(self.params.items())])


# The databases take a 64-bit offset; no collection comes near a billion features.
MAX_OFFSET = 10**9


def _whole_number(params, name: str, default: int, errors: list[str], *, minimum: int) -> int:
    raw = params.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        errors.append(
            _("%(name)s skal være et helt tal på mindst %(minimum)s.")
            % {"name": name, "minimum": minimum}
        )
        return default
    return value


def _offset(params, errors: list[str]) -> int:
    offset = _whole_number(params, "offset", 0, errors, minimum=0)
    if offset > MAX_OFFSET:
        errors.append(_("offset må højst være %(maximum)s.") % {"maximum": MAX_OFFSET})
        return 0
    return offset


def _instant(text: str, *, end: bool) -> datetime | None:
    """An RFC 3339 date-time, or a date meaning all of that day (UTC); None for ".." or ""."""
    if text in ("", ".."):
        return None
    if len(text) == 10:  # a date; parse_datetime would read it as midnight
        start = datetime.combine(date.fromisoformat(text), time.min, tzinfo=UTC)
        return start + timedelta(days=1) - timedelta(microseconds=1) if end else start
    moment = parse_datetime(text)  # ValueError for a date-time that does not exist
    if moment is None:
        raise ValueError(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _interval(raw: str, errors: list[str]):
    message = _(
        "datetime skal være et tidspunkt eller et interval efter RFC 3339, f.eks. "
        "2026-05-01T12:00:00Z, 2026-05-01/2026-06-01 eller 2026-05-01/.."
    )
    parts = raw.split("/")
    try:
        if len(parts) == 1:
            if raw == "..":
                raise ValueError
            start, end = _instant(raw, end=False), _instant(raw, end=True)
        elif len(parts) == 2 and parts != ["..", ".."]:
            start, end = _instant(parts[0], end=False), _instant(parts[1], end=True)
        else:
            raise ValueError
    except ValueError:
        errors.append(message)
        return None
    if start and end and start > end:
        errors.append(message)
        return None
    return (start, end)


def items_query(c: Collection, params) -> ItemsQuery:
    """Parse an items request's query string for collection c."""
    errors: list[str] = []
    unknown = sorted(set(params) - ITEMS_PARAMETERS - set(c.queryables))
    if unknown:
        errors.append(
            _("Ukendt parameter: %(names)s. Mulige: %(known)s.")
            % {
                "names": ", ".join(unknown),
                "known": ", ".join(sorted(ITEMS_PARAMETERS | set(c.queryables))),
            }
        )
    limit = min(_whole_number(params, "limit", DEFAULT_LIMIT, errors, minimum=1), MAX_LIMIT)
    offset = _offset(params, errors)
    crs = params.get("bbox-crs", "")
    if crs and crs != CRS84:
        errors.append(_("bbox-crs kan kun være %(crs)s.") % {"crs": CRS84})
    interval = _interval(params["datetime"], errors) if params.get("datetime") else None
    filters = {n: params[n] for n in c.queryables if params.get(n, "") != ""}
    for name, spec in c.queryables.items():
        value = filters.get(name)
        if spec["type"] == "boolean" and value and value.lower() not in TRUE_VALUES | FALSE_VALUES:
            errors.append(_("%(name)s skal være true eller false.") % {"name": name})
        elif "enum" in spec and value and name != "geometry_type" and value not in spec["enum"]:
            errors.append(
                _("%(name)s skal være en af: %(values)s.")
                % {"name": name, "values": ", ".join(spec["enum"])}
            )
    sent = {n: params[n] for n in ("bbox", "datetime") if params.get(n)}
    query = ItemsQuery(
        limit=limit, offset=offset, params=filters | sent, interval=interval, errors=errors
    )
    if c.layer is not None:
        query.facility_filter = selectors.FacilityFilter.from_params(
            {**filters, "layers": c.id, "bbox": params.get("bbox", "")}
        )
        errors.extend(query.facility_filter.errors)
        query.bbox = query.facility_filter.bbox
    elif params.get("bbox"):
        # The facilities' field, for the same messages.
        from django.core.exceptions import ValidationError

        from maps.filters import BBoxField

        try:
            query.bbox = BBoxField().clean(params["bbox"])
        except ValidationError as exc:
            errors.extend(exc.messages)
    return query


def items_page(c: Collection, q: ItemsQuery) -> tuple[list[str], int]:
    """One page of the collection's features as JSON texts, and how many match in all."""
    if c.layer is None:
        return _area_items(q)
    qs = selectors.facilities_filtered(q.facility_filter).order_by("id")
    if q.interval:
        start, end = q.interval
        if start:
            qs = qs.filter(updated_at__gte=start)
        if end:
            qs = qs.filter(updated_at__lte=end)
    matched = qs.count()
    rows = qs.values_list(*FACILITY_COLUMNS)[q.offset : q.offset + q.limit]
    return facility_features(rows, c.id), matched


# What an OGC feature of a facility is made of: its stored feature (for the geometry) and the
# columns of its properties, read as plain values so no row is decoded.
FACILITY_COLUMNS = (
    "id",
    "feature_json",
    "name",
    "status",
    "local_area__slug",
    "local_area__name",
    "capacity",
    *ATTRIBUTE_FIELDS,
    "website",
    "updated_at",
)


def facility_features(rows, layer: str) -> list[str]:
    """Rows of FACILITY_COLUMNS as OGC features: the stored geometry text and properties by orjson."""
    from maps.encoding import geometry_text
    from maps.importers.profiles import http_url

    rows = list(rows)
    stored = selectors.stored_features([(row[0], row[1]) for row in rows])
    texts = []
    for (pk, _stored, name, status, area, area_name, capacity, *rest), feature in zip(
        rows, stored, strict=True
    ):
        *attributes, website, updated = rest
        # Every property on every feature, null when unknown: GDAL fixes a layer's fields from the
        # first page.
        props = {
            "name": name,
            "layer": layer,
            "status": status,
            "area": area,
            "area_name": area_name,
            "capacity": capacity,
            **dict(zip(ATTRIBUTE_FIELDS, attributes, strict=True)),
            "website": http_url(website) or None,
            "updated": _iso(updated),
        }
        texts.append(
            f'{{"type":"Feature","id":{pk},"geometry":{geometry_text(feature)},'
            f'"properties":{orjson.dumps(props).decode()}}}'
        )
    return texts


def _area_items(q: ItemsQuery) -> tuple[list[dict], int]:
    from localareas.models import LocalArea
    from maps.filters import within_bbox

    qs = LocalArea.objects.order_by("id")
    for name in AREA_QUERYABLES:
        if name in q.params:
            qs = qs.filter(**{name: q.params[name]})
    if q.bbox:
        qs = within_bbox(qs, q.bbox)
    matched = qs.count()
    page = qs[q.offset : q.offset + q.limit]
    return [orjson.dumps(area_feature(a)).decode() for a in page], matched


def area_feature(a) -> dict:
    props = {
        "name": a.name,
        "slug": a.slug,
        "code": a.code or None,
        "area_km2": round(a.area_km2, 3),
        "population": a.population,
    }
    return {"type": "Feature", "id": a.pk, "geometry": rfc7946(a.geometry), "properties": props}


def item(c: Collection, fid: str) -> str | None:
    """One feature of the collection by its id as a JSON text, None if it has none with this id."""
    if not fid.isascii() or not fid.isdigit() or len(fid) > 18:
        return None
    if c.layer is None:
        from localareas.models import LocalArea

        area = LocalArea.objects.filter(pk=int(fid)).first()
        return orjson.dumps(area_feature(area)).decode() if area else None
    row = (
        selectors.active_facilities()
        .filter(layer=c.layer, pk=int(fid))
        .values_list(*FACILITY_COLUMNS)
        .first()
    )
    return facility_features([row], c.id)[0] if row else None
