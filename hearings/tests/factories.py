from datetime import timedelta

from django.utils import timezone

from community.tests.factories import LocalAreaFactory
from hearings.models import Hearing, Question


def make_hearing(*, area=None, days_open=(-1, 10), **fields) -> Hearing:
    today = timezone.localdate()
    values = dict(
        title="Hvad skal havnepladsen bruges til?",
        intro="Fortæl os, hvad du ønsker dig.",
        local_area=area or LocalAreaFactory(population=2000),
        opens_on=today + timedelta(days=days_open[0]),
        closes_on=today + timedelta(days=days_open[1]),
    )
    values.update(fields)
    hearing = Hearing.objects.create(**values)
    Question.objects.create(
        hearing=hearing,
        order=0,
        kind=Question.Kind.SINGLE,
        text="Hvad ønsker du dig mest?",
        options=["Legeplads", "Scene", "Bænke"],
        required=True,
    )
    Question.objects.create(
        hearing=hearing, order=1, kind=Question.Kind.SCALE, text="Hvor ofte kommer du der?"
    )
    Question.objects.create(hearing=hearing, order=2, kind=Question.Kind.TEXT, text="Andre idéer?")
    return hearing


def answer_data(hearing, *, choice="Legeplads", scale="4", text="", **extra) -> dict:
    q = list(hearing.questions.all())
    data = {f"q{q[0].pk}": choice, f"q{q[1].pk}": scale, f"q{q[2].pk}": text, "age_band": "30-49"}
    data.update(extra)
    return data
