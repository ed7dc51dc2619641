"""Needs, matches and follow-up answers for "Mine oplysninger", as citizen and as volunteer."""

from django.db.models import Q
from django.utils.translation import gettext as _

from community.personal_data import Section, record
from matching.models import FollowUpAnswer, Match, Need


def sections(user) -> list[Section]:
    needs = Need.objects.filter(citizen__user=user).select_related("core_task", "local_area")
    matches = Match.objects.filter(
        Q(need__citizen__user=user) | Q(volunteer__user=user)
    ).select_related(
        "need__citizen", "volunteer__user", "activity", "room", "core_task", "local_area"
    )
    answers = FollowUpAnswer.objects.filter(answered_by=user).select_related("follow_up")
    return [
        Section(
            _("Dine ønsker om hjælp og selskab"),
            [record(n, exclude=("citizen", "created_by")) for n in needs],
        ),
        Section(
            _("Dine match"),
            [
                [(_("Borger"), str(m.need.citizen)), (_("Med"), str(m.provider))]
                + record(
                    m,
                    exclude=(
                        "need",
                        "proposal",
                        "volunteer",
                        "activity",
                        "room",
                        "citizen_consent_by",
                        "provider_consent_by",
                    ),
                )
                for m in matches
            ],
        ),
        Section(
            _("Dine svar på opfølgning"), [record(a, exclude=("answered_by",)) for a in answers]
        ),
    ]
