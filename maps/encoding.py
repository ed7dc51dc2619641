"""The map API's features, encoded once per facility change and joined per answer (plain Python).

A facility keeps the JSON text of its own part of the feature (`Facility.feature_json`: the
geometry in RFC 7946 ring order, the name, the number of people and the yes/no facts), written by
`Facility.save()` and by the importer's bulk writes. What belongs to other rows (the layer's slug,
the local area's name) and the status a problem report changes with update() are joined in when
an answer is built, so renaming a layer or an area never leaves a stale copy behind, and an answer
is strings joined, not rows decoded and encoded again.
"""

from __future__ import annotations

import json

from maps.geometry import rfc7946

HEAD = '{"type":"Feature",'


def _dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def feature_text(*, geometry: dict, name: str, capacity, attributes: dict) -> str:
    """The stored part: a Feature whose properties start with the name (so they are never empty)."""
    props = {"name": name}
    if capacity:
        props["capacity"] = capacity
    props.update((key, value) for key, value in attributes.items() if value is not None)
    return _dumps({"type": "Feature", "geometry": rfc7946(geometry), "properties": props})


def facility_feature_text(facility) -> str:
    from maps.models import ATTRIBUTE_FIELDS

    return feature_text(
        geometry=facility.geometry,
        name=facility.name,
        capacity=facility.capacity,
        attributes={name: getattr(facility, name) for name in ATTRIBUTE_FIELDS},
    )


GEOMETRY_AT = len(HEAD) + len('"geometry":')


def geometry_text(stored: str) -> str:
    """The geometry's JSON text in a stored feature (feature_text writes it right after HEAD)."""
    # A geometry holds only types and numbers, so the first ',"properties":' is where it ends.
    return stored[GEOMETRY_AT : stored.index(',"properties":', GEOMETRY_AT)]


class Joiner:
    """Joins stored features with their id, layer, status and area; each text encoded once."""

    def __init__(self):
        self._texts: dict = {}

    def _text(self, value) -> str:
        text = self._texts.get(value)
        if text is None:
            text = self._texts[value] = _dumps(value)
        return text

    def __call__(self, pk: int, stored: str, *, layer: str, status: str, area: str | None) -> str:
        # stored is HEAD + '"geometry":...,"properties":{...}}': the id goes after the type, the
        # joined properties before the closing braces of properties and feature.
        extra = f',"layer":{self._text(layer)},"status":{self._text(status)}'
        if area:
            extra += f',"area":{self._text(area)}'
        return f'{HEAD}"id":{pk},{stored[len(HEAD) : -2]}{extra}}}}}'
