"""Audit rows written before issue 10 named citizens; replace every stored name by "Borger #<id>".

Names are gathered from the citizens still on file and from the citizen rows' own stored names, so the
names of citizens erased since are found in the other rows (free-text reasons, search queries) too.
"""

import json
import re

from django.db import migrations

CITIZEN_TYPE = "community.citizen"


def _label(pk) -> str:
    return f"Borger #{pk}"


def names_to_ids(apps, schema_editor):
    AuditEntry = apps.get_model("community", "AuditEntry")
    Citizen = apps.get_model("community", "Citizen")
    names: dict[str, str] = {}
    owners: dict[str, int] = {}
    for c in Citizen.objects.only("pk", "first_name", "last_name", "user_id"):
        full = f"{c.first_name} {c.last_name}".strip()
        if full:
            names.setdefault(full.lower(), str(c.pk))
        if c.user_id:
            owners[str(c.pk)] = c.user_id
    for object_id, stored in AuditEntry.objects.filter(object_type=CITIZEN_TYPE).values_list(
        "object_id", "object_repr"
    ):
        if stored and stored != _label(object_id):
            names.setdefault(stored.strip().lower(), object_id)
    pattern = None
    if names:
        alternatives = sorted(names, key=len, reverse=True)
        pattern = re.compile(
            r"\b(" + "|".join(re.escape(n) for n in alternatives) + r")\b", re.IGNORECASE
        )

    def scrub(text: str) -> str:
        if pattern is None or not text:
            return text
        return pattern.sub(lambda m: _label(names[m.group(0).lower()]), text)

    batch = []
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=2000):
        before = (entry.object_repr, entry.purpose, entry.actor_label, entry.data)
        if entry.object_type == CITIZEN_TYPE:
            entry.object_repr = _label(entry.object_id)
            if entry.actor_id and owners.get(entry.object_id) == entry.actor_id:
                entry.actor_label = _label(entry.object_id)
        else:
            entry.object_repr = scrub(entry.object_repr)
        entry.purpose = scrub(entry.purpose)
        entry.data = json.loads(scrub(json.dumps(entry.data, ensure_ascii=False)))
        if (entry.object_repr, entry.purpose, entry.actor_label, entry.data) != before:
            batch.append(entry)
        if len(batch) >= 500:
            AuditEntry.objects.bulk_update(batch, ["object_repr", "purpose", "actor_label", "data"])
            batch = []
    if batch:
        AuditEntry.objects.bulk_update(batch, ["object_repr", "purpose", "actor_label", "data"])


class Migration(migrations.Migration):
    dependencies = [("community", "0005_role_title")]

    operations = [migrations.RunPython(names_to_ids, migrations.RunPython.noop)]
