"""Facilities stored before the map API kept each one's feature encoded: encode theirs now."""

from django.db import migrations


def fill_feature_json(apps, schema_editor):
    from maps.encoding import facility_feature_text

    Facility = apps.get_model("maps", "Facility")
    batch = []
    for facility in Facility.objects.filter(feature_json="").iterator(chunk_size=1000):
        facility.feature_json = facility_feature_text(facility)
        batch.append(facility)
        if len(batch) == 1000:
            Facility.objects.bulk_update(batch, ["feature_json"])
            batch = []
    Facility.objects.bulk_update(batch, ["feature_json"])


class Migration(migrations.Migration):
    dependencies = [("maps", "0007_facility_feature_json")]

    operations = [migrations.RunPython(fill_feature_json, migrations.RunPython.noop)]
