from django.db import migrations

from community.core_tasks import ensure_core_tasks


def create(apps, schema_editor):
    ensure_core_tasks(apps.get_model("community", "CoreTask"))


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
