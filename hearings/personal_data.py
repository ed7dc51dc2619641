"""The person's own hearing answers for "Mine oplysninger" (answers given while logged in)."""

from django.utils.translation import gettext as _

from community.personal_data import Section
from hearings.models import Response


def sections(user) -> list[Section]:
    responses = (
        Response.objects.filter(user=user)
        .select_related("hearing")
        .prefetch_related("answers__question")
    )
    records = []
    for r in responses:
        rows = [(_("Høring"), r.hearing.title), (_("Afgivet"), r.created_at.strftime("%d.%m.%Y"))]
        if r.age_band:
            rows.append((_("Alder"), r.get_age_band_display()))
        for a in r.answers.all():
            value = a.text or (str(a.number) if a.number else ", ".join(a.choices))
            rows.append((a.question.text, value))
        records.append(rows)
    return [Section(_("Dine svar på høringer"), records)]
