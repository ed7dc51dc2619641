"""Set up a municipality from the national DAGI files shipped in localareas/data/dagi/.

One call gives the boundary, the parishes as local areas, the postcodes, the map's centre and
bounds and the seed layers; it is idempotent and says what it created, updated and left.
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
from pathlib import Path

from django.db import transaction
from shapely.geometry import shape

from community.audit import log_action
from community.municipality import Municipality
from localareas.importer import ImportProblem, read_areas
from localareas.lookup import areas_changed
from localareas.models import Postcode

DATA = Path(__file__).resolve().parent / "data" / "dagi"
MUNICIPALITIES = DATA / "kommuner.geojson.gz"
PARISHES = DATA / "sogne.topojson.gz"
POSTCODES = DATA / "postnumre.geojson.gz"
SOURCE = "DAGI (Geodatastyrelsen, 2014)"
# A postcode counts as the municipality's when this share of it lies inside (borders are drawn at
# 1:500,000, so a neighbour's postcode overlaps by a sliver).
POSTCODE_SHARE = 0.2


def _unzipped(path: Path, tmp: str) -> Path:
    target = Path(tmp) / path.name.removesuffix(".gz")
    with gzip.open(path, "rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return target


def _find(records, code_or_name: str):
    wanted = code_or_name.strip().lower().removesuffix(" kommune")
    if wanted.isdigit():
        wanted = wanted.zfill(4)
    for record in records:
        if wanted in (record.code.lower(), record.name.lower()):
            return record
    raise ImportProblem(
        f"Kommunen {code_or_name} findes ikke i DAGI-filen (brug koden, f.eks. 0440)."
    )


def _postcodes_sync(boundary, path: Path) -> dict:
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for record in read_areas(path, name_field="POSTBYNAVN", code_field="POSTNR_TXT"):
        geom = shape(record.geometry)
        if geom.intersection(boundary).area < geom.area * POSTCODE_SHARE:
            continue
        fields = dict(
            name=record.name,
            geometry=record.geometry,
            lon=record.centroid[0],
            lat=record.centroid[1],
        )
        postcode = Postcode.objects.filter(code=record.code).first()
        if postcode is None:
            Postcode.objects.create(code=record.code, **fields)
            counts["created"] += 1
        elif all(getattr(postcode, k) == v for k, v in fields.items()):
            counts["unchanged"] += 1
        else:
            Postcode.objects.filter(pk=postcode.pk).update(**fields)
            counts["updated"] += 1
    return counts


def municipality_setup(*, code_or_name: str, actor=None) -> dict:
    """Store the municipality, its parishes, postcodes and map; returns counts per part."""
    from localareas.services import local_areas_import
    from maps.services import layers_seed

    with tempfile.TemporaryDirectory() as tmp:
        record = _find(read_areas(_unzipped(MUNICIPALITIES, tmp)), code_or_name)
        boundary = shape(record.geometry)
        fields = dict(
            code=record.code,
            name=record.name,
            boundary=record.geometry,
            **Municipality.extent(record.bounds),
        )
        with transaction.atomic():
            municipality = Municipality.objects.filter(pk=1).first()
            if municipality is None:
                Municipality(**fields).save()
                state = "created"
            elif all(getattr(municipality, k) == v for k, v in fields.items()):
                state = "unchanged"
            else:
                # Contact details, logo and tiles are the administrator's: only the map is replaced.
                for k, v in fields.items():
                    setattr(municipality, k, v)
                municipality.save()
                state = "updated"
            areas = local_areas_import(
                path=_unzipped(PARISHES, tmp),
                name_field="SOGNENAVN",
                code_field="SOGNEKODE",
                source=f"{SOURCE}, sogne",
                inside=boundary,
                actor=actor,
            )
            postcodes = _postcodes_sync(boundary, _unzipped(POSTCODES, tmp))
            layers = layers_seed(actor=actor)
            report = {
                "municipality": {"name": record.name, "code": record.code, "state": state},
                "areas": areas,
                "postcodes": postcodes,
                "layers_created": layers,
            }
            log_action("localareas.municipality_setup", actor=actor, data=report)
    areas_changed()
    return report
