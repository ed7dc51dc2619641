from django.db import migrations

# Distance matters most for home visits, shared time most for meals, interests most for mentoring.
DEFAULTS = {
    "visiting_friend": dict(distance=1.0, interests=1.0, availability=1.0, language=0.5, preferences=0.7, continuity=0.5),
    "meal_buddy": dict(distance=1.0, interests=0.7, availability=1.2, language=0.5, preferences=0.5, continuity=0.5),
    "shared_meal": dict(distance=1.5, interests=0.3, availability=1.0, language=0.5, preferences=0.0, continuity=0.5),
    "mentor": dict(distance=0.6, interests=1.5, availability=1.0, language=0.7, preferences=0.7, continuity=0.5),
    "room": dict(distance=1.5, interests=0.2, availability=1.5, language=0.0, preferences=0.0, continuity=0.3),
}


def create(apps, schema_editor):
    ScoreWeights = apps.get_model("matching", "ScoreWeights")
    for kind, weights in DEFAULTS.items():
        ScoreWeights.objects.get_or_create(kind=kind, defaults=weights)


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
