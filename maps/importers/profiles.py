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


def osm_tags(props: dict) -> dict[str, str]:
    tags = props.get("tags")
    if isinstance(tags, str):
        try:
            tags = json.loads(tags)
        except ValueError:
            tags = None
    if isinstance(tags, dict):
        return {str(k): clean(v) for k, v in tags.items()}
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
    external_id = tags.get("id") or clean(props.get("osm_id")) or clean(props.get("@id"))
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
        "extra": {
            k: v
            for k, v in tags.items()
            if k in {"camp_site", "shelter_type", "shelters", "wood_provided", "picnic_table"}
        },
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


def generic_profile(props: dict) -> dict:
    return {
        "external_id": clean(ci_get(props, "external_id", "id", "fid", "ref")),
        "layer": clean(ci_get(props, "layer", "lag", "category", "kategori", "type")) or None,
        "name": clean(ci_get(props, "name", "navn", "title")),
        "description": clean(ci_get(props, "description", "beskrivelse", "desc", "cmt")),
        "wheelchair": yes_no(ci_get(props, "wheelchair", "kørestol", "koerestol")),
        "bookable": yes_no(ci_get(props, "bookable", "kan_bookes")),
        "free": yes_no(ci_get(props, "free", "gratis")),
        "toilets": yes_no(ci_get(props, "toilets", "toilet")),
        "drinking_water": yes_no(ci_get(props, "drinking_water", "drikkevand")),
        "fire_allowed": yes_no(ci_get(props, "fire_allowed", "baal", "bål")),
        "capacity": as_int(ci_get(props, "capacity", "kapacitet")),
        "website": clean(ci_get(props, "website", "url", "link1_href")),
        "owner_kind": "other",
        "owner_name": clean(ci_get(props, "owner", "ejer", "operator")),
        "extra": {},
    }


PROFILES = {"osm": osm_profile, "geofa": geofa_profile, "generic": generic_profile}
PROFILE_LABELS = {
    "auto": "Automatisk",
    "osm": "OpenStreetMap-tags",
    "geofa": "GeoFA / Udinaturen",
    "generic": "Generel (navn, lag, beskrivelse)",
}


def guess_profile(columns: list[str], sample: dict | None) -> str:
    lowered = {c.lower() for c in columns}
    if "tags" in lowered or {"tourism", "amenity", "leisure"} & lowered or "osm_id" in lowered:
        return "osm"
    desc = str((sample or {}).get("desc") or "")
    if re.search(r"\b(tourism|amenity|leisure)=", desc):
        return "osm"
    if {"facil_ty", "facilitetstype", "facil_type", "facilitetid"} & lowered:
        return "geofa"
    return "generic"
