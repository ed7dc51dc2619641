"""The municipality's four core tasks (kerneopgaver), as data."""

CORE_TASKS = [
    (
        "fritid-faellesskab",
        "Fritid & Fællesskab",
        "Leisure & Community",
        "Et aktivt fritidsliv og fællesskaber, hvor borgere mødes, bruger naturen og hjælper hinanden.",
        "An active leisure life and communities where citizens meet, use nature and help each other.",
    ),
    (
        "laering",
        "Læring",
        "Learning",
        "Børn, unge og voksne lærer og udvikler sig, i skolen og i livet.",
        "Children, young people and adults learn and grow, at school and in life.",
    ),
    (
        "beskaeftigelse",
        "Beskæftigelse",
        "Employment",
        "Borgere kommer i job eller uddannelse og kan forsørge sig selv.",
        "Citizens get into work or education and can support themselves.",
    ),
    (
        "social-omsorg",
        "Social Omsorg",
        "Social Care",
        "Borgere får støtte og omsorg, så de kan mestre mere af deres eget liv.",
        "Citizens get support and care, so they can manage more of their own lives.",
    ),
]


def ensure_core_tasks(model) -> None:
    """Create or refresh the four core tasks (used by the data migration and by tests that flush the database)."""
    for order, (slug, name_da, name_en, desc_da, desc_en) in enumerate(CORE_TASKS):
        model.objects.update_or_create(
            slug=slug,
            defaults=dict(
                name_da=name_da,
                name_en=name_en,
                description_da=desc_da,
                description_en=desc_en,
                order=order,
            ),
        )
