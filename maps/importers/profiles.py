"""Field-mapping profiles: how one source's columns become a facility's layer and attributes.

Each profile takes a dict of a feature's properties and returns a dict of facility fields
(layer key, name, description, attributes, owner, external id). Plain Python, no Django.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

YES = {"yes", "ja", "true", "1", "y", "j", "designated", "limited"}
NO = {"no", "nej", "false", "0", "n"}


def yes_no(value) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value) if value == value else None  # NaN is "unknown"
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def as_int(value) -> int | None:
    if value is None:
        return None
    match = re.search(r"\d+", str(value))
    return int(match.group()) if match else None


def clean(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def http_url(value) -> str:
    """The value if it is an absolute http(s) address, else "" (javascript:, data:, relative ...)."""
    text = clean(value)
    # Browsers drop tabs and newlines inside a scheme ("java\tscript:"): no whitespace at all.
    if not text or len(text) > 500 or any(c.isspace() or not c.isprintable() for c in text):
        return ""
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return ""
    if parts.scheme.lower() not in {"http", "https"} or not host:
        return ""
    return text


def ci_get(props: dict, *names):
    """The first present, non-empty value among these column names, ignoring case."""
    lowered = {str(k).lower(): v for k, v in props.items()}
    for name in names:
        value = lowered.get(name.lower())
        if clean(value):
            return value
    return None


# ---------------------------------------------------------------- OpenStreetMap tags


def parse_osm_desc(text: str) -> dict[str, str]:
    """The GPX <desc> of the GpxFeed files: 'key=value; key=value; id=node/123' over several lines."""
    tags = {}
    for part in re.sub(r"\s+", " ", text or "").split("; "):
        key, sep, value = part.partition("=")
        if sep:
            tags[key.strip()] = value.strip().rstrip(";")
    return tags


HSTORE_PAIR = re.compile(r'"((?:[^"\\]|\\.)*)"\s*=>\s*(?:"((?:[^"\\]|\\.)*)"|NULL)')


def parse_hstore(text: str) -> dict[str, str]:
    """GDAL's hstore-like tag text ('"amenity"=>"shelter","name"=>"Ly"') as a dict."""

    def unescape(value: str) -> str:
        return re.sub(r"\\(.)", r"\1", value)

    return {unescape(key): unescape(value or "") for key, value in HSTORE_PAIR.findall(text or "")}


def osm_tags(props: dict) -> dict[str, str]:
    tags = props.get("tags")
    if tags is None:
        tags = props.get("other_tags")
    if isinstance(tags, str):
        text = tags
        try:
            tags = json.loads(text)
        except ValueError:
            tags = None
        if not isinstance(tags, dict) and "=>" in text:
            tags = parse_hstore(text)
    if isinstance(tags, dict):
        tags = {str(k): clean(v) for k, v in tags.items()}
        # Columns beside the tags (an osm_id, a name) fill in what the tags lack.
        for key in ("name", "osm_id"):
            if clean(props.get(key)) and key not in tags:
                tags[key] = clean(props.get(key))
        return tags
    desc = ci_get(props, "desc", "description")
    if desc and "=" in str(desc):
        return parse_osm_desc(str(desc))
    # Plain OSM exports (e.g. from Overpass as GeoJSON) carry the tags as columns.
    return {str(k): clean(v) for k, v in props.items() if clean(v)}


def osm_layer(tags: dict) -> str | None:
    tourism, amenity, leisure = tags.get("tourism"), tags.get("amenity"), tags.get("leisure")
    if tourism in {"camp_site", "caravan_site"}:
        sheltered = (
            tags.get("shelter") == "yes"
            or tags.get("shelter_type") == "lean_to"
            or "shelters" in tags
            or "shelter" in tags.get("name", "").lower()
        )
        return "shelters" if sheltered else "camp-sites"
    if amenity == "shelter":
        return "shelters"
    if leisure == "firepit" or amenity == "bbq":
        return "fire-pits"
    if leisure == "playground":
        return "playgrounds"
    if leisure == "pitch":
        return (
            "multi-use-courts" if tags.get("sport") in {"multi", "basketball"} else "sports-fields"
        )
    if leisure in {"sports_centre", "track"}:
        return "sports-fields"
    if amenity == "toilets":
        return "toilets"
    if tourism == "picnic_site" or leisure == "picnic_table":
        return "picnic-spots"
    if leisure in {"swimming_area", "bathing_place"} or tags.get("natural") == "beach":
        return "swimming-spots"
    if leisure == "garden" and tags.get("garden:type") == "community":
        return "kitchen-gardens"
    if tags.get("route") in {"hiking", "foot", "bicycle"} or tags.get("highway") in {
        "path",
        "footway",
        "track",
    }:
        return "trails"
    if leisure in {"park", "nature_reserve"} or tags.get("landuse") in {"grass", "meadow"}:
        return "green-areas"
    return None


def osm_profile(props: dict) -> dict:
    tags = osm_tags(props)
    operator = tags.get("operator", "")
    fee = yes_no(tags.get("fee"))
    external_id = (
        tags.get("id")
        or tags.get("osm_id")
        or clean(props.get("osm_id"))
        or clean(props.get("@id"))
    )
    name = tags.get("name") or clean(props.get("name"))
    if not name or re.fullmatch(r"(node|way|relation)/\d+", name):
        name = ""
    return {
        "external_id": external_id,
        "layer": osm_layer(tags),
        "name": name,
        "description": tags.get("description", ""),
        "wheelchair": yes_no(tags.get("wheelchair")),
        "bookable": yes_no(tags.get("reservation")),
        "free": None if fee is None else not fee,
        "toilets": yes_no(tags.get("toilets")),
        "drinking_water": yes_no(tags.get("drinking_water")),
        "fire_allowed": yes_no(tags.get("openfire") or tags.get("fireplace")),
        "capacity": as_int(tags.get("capacity:persons") or tags.get("capacity")),
        "website": tags.get("website") or tags.get("contact:website", ""),
        "owner_kind": "municipality" if "kommune" in operator.lower() else "other",
        "owner_name": operator,
        "extra": {k: v for k, v in tags.items() if k not in OSM_MAPPED and v},
    }


# Tags the OSM profile turns into fields (or that only say what kind of place it is).
OSM_MAPPED = {
    "id",
    "osm_id",
    "name",
    "description",
    "wheelchair",
    "reservation",
    "fee",
    "toilets",
    "drinking_water",
    "openfire",
    "fireplace",
    "capacity",
    "capacity:persons",
    "website",
    "contact:website",
    "operator",
    "tourism",
    "amenity",
    "leisure",
}


# ---------------------------------------------------------------- GeoFA / Udinaturen

GEOFA_TYPES = {
    "shelter": "shelters",
    "bålplads": "fire-pits",
    "baalplads": "fire-pits",
    "lejrplads": "camp-sites",
    "teltplads": "camp-sites",
    "primitiv overnatning": "camp-sites",
    "legeplads": "playgrounds",
    "multibane": "multi-use-courts",
    "boldbane": "sports-fields",
    "idrætsanlæg": "sports-fields",
    "sti": "trails",
    "vandrerute": "trails",
    "rute": "trails",
    "picnicplads": "picnic-spots",
    "bord og bænke": "picnic-spots",
    "toilet": "toilets",
    "badestrand": "swimming-spots",
    "badested": "swimming-spots",
    "nyttehave": "kitchen-gardens",
    "køkkenhave": "kitchen-gardens",
    "grønt område": "green-areas",
    "naturområde": "green-areas",
}


def geofa_layer(kind: str) -> str | None:
    text = kind.strip().lower()
    for key, layer in GEOFA_TYPES.items():
        if key in text:
            return layer
    return None


def geofa_profile(props: dict) -> dict:
    kind = clean(ci_get(props, "facil_ty", "facilitetstype", "facil_type", "type", "kategori"))
    owner = clean(ci_get(props, "ejer_ty", "ejertype", "ejer"))
    lowered_owner = owner.lower()
    return {
        "external_id": clean(ci_get(props, "facilitetid", "facil_id", "objekt_id", "id", "fid")),
        "layer": geofa_layer(kind),
        "name": clean(ci_get(props, "navn", "name", "titel")),
        "description": clean(
            ci_get(props, "beskrivels", "beskrivelse", "lang_beskr", "kort_beskr")
        ),
        "wheelchair": yes_no(ci_get(props, "handicap", "handicapegnet", "handicapvenlig")),
        "bookable": yes_no(ci_get(props, "booking", "bookes", "reservation")),
        "free": yes_no(ci_get(props, "gratis")),
        "toilets": yes_no(ci_get(props, "toilet")),
        "drinking_water": yes_no(ci_get(props, "vand", "drikkevand")),
        "fire_allowed": yes_no(ci_get(props, "baal", "bål", "baalplads")),
        "capacity": as_int(ci_get(props, "kapacitet", "antal_pers", "pladser")),
        "website": clean(ci_get(props, "url", "link", "hjemmeside")),
        "owner_kind": "municipality"
        if "kommun" in lowered_owner
        else ("association" if "forening" in lowered_owner else "other"),
        "owner_name": owner,
        "extra": {"type": kind} if kind else {},
    }


# ---------------------------------------------------------------- generic


GENERIC_NAMES = {
    "external_id": ("external_id", "id", "fid", "ref", "objekt_id", "nummer"),
    "layer": ("layer", "lag", "category", "kategori", "type", "facilitetstype"),
    "name": ("name", "navn", "title", "titel"),
    "description": ("description", "beskrivelse", "desc", "cmt", "beskrivels"),
    "wheelchair": (
        "wheelchair",
        "kørestol",
        "koerestol",
        "handicapvenlig",
        "handicapegnet",
        "tilgængelig",
    ),
    "bookable": ("bookable", "bookbar", "kan_bookes", "booking"),
    "free": ("free", "gratis"),
    "toilets": ("toilets", "toilet", "toiletter"),
    "drinking_water": ("drinking_water", "drikkevand", "vand"),
    "fire_allowed": ("fire_allowed", "baal", "bål", "bål_tilladt", "baalplads"),
    "capacity": ("capacity", "kapacitet", "pladser", "antal_pers"),
    "website": ("website", "url", "link1_href", "hjemmeside", "link"),
    "owner_name": ("owner", "ejer", "operator", "ejer_navn"),
}
# Not facts about the place: the export's own bookkeeping, kept out of `extra`.
NOT_EXTRA = {
    "status",
    "area",
    "fid",
    "ogr_fid",
    "geometry",
    # GPX and KML fields that GDAL adds to every feature.
    *("ele", "time", "magvar", "geoidheight", "src", "sym", "fix", "sat", "hdop", "vdop"),
    *("pdop", "ageofdgpsdata", "dgpsid", "number", "link1_text", "link1_type", "link2_href"),
    *("link2_text", "link2_type", "timestamp", "begin", "end", "altitudemode", "tessellate"),
    *("extrude", "visibility", "draworder", "icon", "snippet"),
}


def _names(names) -> tuple[str, ...]:
    # A .dbf cuts field names at 10 characters: drinking_water comes back as drinking_w.
    return tuple(dict.fromkeys([*names, *(n[:10] for n in names)]))


def unmapped(props: dict, used) -> dict[str, str]:
    """The properties no field took, as text: kept in `extra` and shown on the facility page."""
    used = {n.lower() for n in used} | NOT_EXTRA
    return {str(k): clean(v) for k, v in props.items() if str(k).lower() not in used and clean(v)}


def generic_profile(props: dict) -> dict:
    def get(key):
        return ci_get(props, *_names(GENERIC_NAMES[key]))

    fields = {"owner_kind": "other"}
    for key in ("external_id", "name", "description", "website", "owner_name"):
        fields[key] = clean(get(key))
    fields["layer"] = clean(get("layer")) or None
    for key in ("wheelchair", "bookable", "free", "toilets", "drinking_water", "fire_allowed"):
        fields[key] = yes_no(get(key))
    fields["capacity"] = as_int(get("capacity"))
    fields["extra"] = unmapped(
        props, [n for names in GENERIC_NAMES.values() for n in _names(names)]
    )
    return fields


PROFILES = {"osm": osm_profile, "geofa": geofa_profile, "generic": generic_profile}
PROFILE_LABELS = {
    "auto": "Automatisk",
    "osm": "OpenStreetMap-tags",
    "geofa": "GeoFA / Udinaturen",
    "generic": "Generel (navn, lag, beskrivelse)",
}


def guess_profile(columns: list[str], sample: dict | None) -> str:
    lowered = {c.lower() for c in columns}
    if {"tags", "other_tags", "osm_id"} & lowered or {"tourism", "amenity", "leisure"} & lowered:
        return "osm"
    desc = str((sample or {}).get("desc") or "")
    if re.search(r"\b(tourism|amenity|leisure)=", desc):
        return "osm"
    if {"facil_ty", "facilitetstype", "facil_type", "facilitetid"} & lowered:
        return "geofa"
    return "generic"
