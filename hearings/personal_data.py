"""The person's own hearing answers for "Mine oplysninger" (answers given while logged in)."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from community.personal_data import Item, Section, choice, portable, reference
from hearings.models import Response


def sections(user) -> list[Section]:
    responses = (
        Response.objects.filter(user=user)
        .select_related("hearing")
        .prefetch_related("answers__question")
    )
    records = []
    for r in responses:
        items = [
            Item("hearing", _("Høring"), r.hearing.title, reference(r.hearing)),
            Item(
                "submitted_at",
                _("Afgivet"),
                formats.date_format(timezone.localtime(r.created_at), "SHORT_DATE_FORMAT"),
                portable(r.created_at),
            ),
        ]
        if r.age_band:
            items.append(
                Item(
                    "age_band",
                    _("Alder"),
                    r.get_age_band_display(),
                    choice(r.age_band, r.get_age_band_display()),
                )
            )
        answers = list(r.answers.all())
        for a in answers:
            text = a.text or (str(a.number) if a.number else ", ".join(a.choices))
            items.append(Item("", a.question.text, text))  # the page: one line per question
        items.append(
            Item(
                "answers",
                _("Svar"),
                "",
                [
                    {
                        "question": reference(a.question),
                        "text": a.text,
                        "number": a.number,
                        "choices": list(a.choices),
                    }
                    for a in answers
                ],
                shown=False,
            )
        )
        records.append(items)
    return [Section("hearing_answers", _("Dine svar på høringer"), records)]
