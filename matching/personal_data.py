"""Needs, matches and follow-up answers for "Mine oplysninger", as citizen and as volunteer."""

from django.db.models import Q
from django.utils.translation import gettext as _

from community.personal_data import Item, Section, record, reference
from matching.models import FollowUpAnswer, Match, Need
from matching.reasons import LANGUAGE_NAMES

NEED_LIST_CHOICES = {"languages": list(LANGUAGE_NAMES.items())}


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
            "needs",
            _("Dine ønsker om hjælp og selskab"),
            [
                record(n, exclude=("citizen", "created_by"), choices=NEED_LIST_CHOICES)
                for n in needs
            ],
        ),
        Section(
            "matches",
            _("Dine match"),
            [
                [
                    Item("citizen", _("Borger"), str(m.need.citizen), reference(m.need.citizen)),
                    Item("provider", _("Med"), str(m.provider), _provider(m)),
                ]
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
            "follow_up_answers",
            _("Dine svar på opfølgning"),
            [record(a, exclude=("answered_by",)) for a in answers],
        ),
    ]


def _provider(match) -> dict:
    """Who or what the match is with: a volunteer, an activity or a room."""
    provider = match.provider
    return {**reference(provider), "kind": provider._meta.model_name}
