"""What the citizen's page shows from matching: her needs and their matches (community.selectors)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from community.access import matching as rules
from matching.models import Match


def sections(user, citizen) -> list[dict]:
    needs = (
        rules.needs_visible_to(user)
        .filter(citizen=citizen)
        .select_related("core_task")
        .prefetch_related(
            Prefetch(
                "matches",
                queryset=Match.objects.select_related(
                    "volunteer__user", "activity__association", "room"
                ),
            )
        )
        .order_by("-created_at")
    )
    return [
        {"title": _("Behov og aftaler"), "template": "matching/_citizen_needs.html", "needs": needs}
    ]
