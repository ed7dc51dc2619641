"""The municipality's four core tasks (kerneopgaver), as data."""

from typing import NamedTuple


class CoreTaskRow(NamedTuple):
    """One core task, with the CoreTask model's field names."""

    slug: str
    name_da: str
    name_en: str
    description_da: str
    description_en: str


CORE_TASKS = [
    CoreTaskRow(
        "fritid-faellesskab",
        "Fritid & Fællesskab",
        "Leisure & Community",
        "Et aktivt fritidsliv og fællesskaber, hvor borgere mødes, bruger naturen og hjælper hinanden.",
        "An active leisure life and communities where citizens meet, use nature and help each other.",
    ),
    CoreTaskRow(
        "laering",
        "Læring",
        "Learning",
        "Børn, unge og voksne lærer og udvikler sig, i skolen og i livet.",
        "Children, young people and adults learn and grow, at school and in life.",
    ),
    CoreTaskRow(
        "beskaeftigelse",
        "Beskæftigelse",
        "Employment",
        "Borgere kommer i job eller uddannelse og kan forsørge sig selv.",
        "Citizens get into work or education and can support themselves.",
    ),
    CoreTaskRow(
        "social-omsorg",
        "Social Omsorg",
        "Social Care",
        "Borgere får støtte og omsorg, så de kan mestre mere af deres eget liv.",
        "Citizens get support and care, so they can manage more of their own lives.",
    ),
]


def ensure_core_tasks(model) -> None:
    """Create or refresh the four core tasks (used by the data migration and by tests that flush the database)."""
    for order, task in enumerate(CORE_TASKS):
        model.objects.update_or_create(slug=task.slug, defaults={**task._asdict(), "order": order})
