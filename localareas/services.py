from __future__ import annotations

from django.db import transaction

from community.audit import log_action
from community.text import danish_slug
from localareas.importer import read_areas
from localareas.models import LocalArea


def local_areas_import(
    *,
    path,
    name_field: str | None = None,
    code_field: str | None = None,
    source: str = "",
    actor=None,
) -> dict:
    """Import polygons as local areas in one transaction, keyed by slug; returns counts."""
    records = read_areas(path, name_field=name_field, code_field=code_field)
    created = updated = 0
    with transaction.atomic():
        for record in records:
            slug = danish_slug(record.name)
            w, s, e, n = record.bounds
            _, was_created = LocalArea.objects.update_or_create(
                slug=slug,
                defaults=dict(
                    name=record.name,
                    code=record.code,
                    geometry=record.geometry,
                    min_lon=w,
                    min_lat=s,
                    max_lon=e,
                    max_lat=n,
                    centroid_lon=record.centroid[0],
                    centroid_lat=record.centroid[1],
                    area_km2=record.area_km2,
                    source=source,
                ),
            )
            created += was_created
            updated += not was_created
        log_action(
            "localareas.imported",
            actor=actor,
            data={"created": created, "updated": updated, "source": source},
        )
    return {"created": created, "updated": updated}


def council_update(*, council, description: str, email: str, phone: str, website: str):
    """Save a council's public page; the caller has checked the editor may edit this council."""
    council.description = description
    council.email = email
    council.phone = phone
    council.website = website
    council.full_clean()
    council.save(update_fields=["description", "email", "phone", "website"])
    return council
