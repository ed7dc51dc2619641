"""PostgreSQL guarantees what the booking service checks: no two overlapping slots of one room unit.

SQLite has no exclusion constraints; there the service's check under a lock is the guard.
Also gives every existing room and association its own calendar-feed token.
"""

import secrets

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE community_bookingslot
  ADD CONSTRAINT booking_slot_no_overlap
  EXCLUDE USING gist (unit_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&);
"""
DROP = "ALTER TABLE community_bookingslot DROP CONSTRAINT IF EXISTS booking_slot_no_overlap;"


def add_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


def unique_feed_tokens(apps, schema_editor):
    for name in ["Room", "Association"]:
        model = apps.get_model("community", name)
        for obj in model.objects.only("pk"):
            model.objects.filter(pk=obj.pk).update(feed_token=secrets.token_urlsafe(24))


class Migration(migrations.Migration):
    dependencies = [("community", "0003_bookings")]

    operations = [
        migrations.RunPython(add_exclusion, drop_exclusion),
        migrations.RunPython(unique_feed_tokens, migrations.RunPython.noop),
    ]
