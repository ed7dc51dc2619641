"""The standard map layers exist on every install, also one without demo data.

The list is copied, not imported from maps.services, so later edits to SEED_LAYERS do not change
what this migration did.
"""

from django.db import migrations

LAYERS = [
    ("shelters", "Shelterpladser", "Shelters", "⌂", "#7a3e00", True),
    ("fire-pits", "Bålpladser", "Fire pits", "▲", "#b30000", True),
    ("camp-sites", "Lejr- og teltpladser", "Camp sites", "Δ", "#2e6b30", True),
    ("playgrounds", "Legepladser", "Playgrounds", "★", "#6a1b9a", True),
    ("multi-use-courts", "Multibaner", "Multi-use courts", "▣", "#00557f", True),
    ("sports-fields", "Idrætsanlæg og boldbaner", "Sports fields", "●", "#0b5d1e", False),
    ("trails", "Stier og ruter", "Trails", "~", "#8a4b00", True),
    ("picnic-spots", "Picnicpladser", "Picnic spots", "◆", "#5d4037", False),
    ("toilets", "Toiletter", "Toilets", "WC", "#37474f", False),
    ("swimming-spots", "Badesteder", "Swimming spots", "≈", "#01579b", True),
    ("kitchen-gardens", "Køkkenhaver", "Kitchen gardens", "✿", "#33691e", False),
    (
        "green-areas",
        "Frie grønne områder til foreningers egne initiativer",
        "Free green areas for associations' own initiatives",
        "▩",
        "#1b5e20",
        True,
    ),
]


def seed_layers(apps, schema_editor):
    Layer = apps.get_model("maps", "Layer")
    existing = set(Layer.objects.values_list("slug", flat=True))
    Layer.objects.bulk_create(
        Layer(
            slug=slug,
            name_da=da,
            name_en=en,
            icon=icon,
            colour=colour,
            order=i * 10,
            shown_by_default=shown,
        )
        for i, (slug, da, en, icon, colour, shown) in enumerate(LAYERS)
        if slug not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("maps", "0004_problem_photo_private")]

    operations = [migrations.RunPython(seed_layers, migrations.RunPython.noop)]
