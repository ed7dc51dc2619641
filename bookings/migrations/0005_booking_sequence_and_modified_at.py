from django.db import migrations, models
from django.db.models import F


def modified_when_created(apps, schema_editor):
    # Existing bookings have not changed since they were made, as far as anyone can tell.
    apps.get_model("bookings", "Booking").objects.update(modified_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0004_series_skipped_dates"),
    ]

    operations = [
        migrations.AddField(
            model_name="booking",
            name="modified_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name="booking",
            name="sequence",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(modified_when_created, migrations.RunPython.noop),
    ]
