"""Follow-ups after 2 weeks and 3 months: reminders to both parties, and their answers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit import log_action
from matching import selectors
from matching.models import (
    FollowUp,
    FollowUpAnswer,
)
from matching.services import notify


def follow_ups_remind(*, today=None) -> int:
    """Send the reminders that are due (2 weeks, 3 months) to both parties; each is sent once."""
    today = today or timezone.localdate()
    due = list(selectors.follow_ups_due(today=today).filter(reminded_at__isnull=True))
    for follow_up in due:
        sent = notify.follow_up_due(follow_up.match)
        follow_up.reminded_at = timezone.now()
        follow_up.save(update_fields=["reminded_at"])
        log_action("matching.follow_up_reminded", obj=follow_up, data={"to": sent})
    return len(due)


def follow_up_answer(
    *,
    follow_up: FollowUp,
    party: str,
    actor,
    met: str,
    going_well: int,
    wants_to_continue: bool,
    comment: str = "",
) -> FollowUpAnswer:
    if follow_up.answers.filter(party=party).exists():
        raise ValidationError(_("Du har allerede svaret på denne opfølgning."))
    answer = FollowUpAnswer(
        follow_up=follow_up,
        party=party,
        answered_by=actor,
        met=met,
        going_well=going_well,
        wants_to_continue=wants_to_continue,
        comment=comment,
    )
    answer.full_clean()
    answer.save()
    log_action("matching.follow_up_answered", obj=follow_up, actor=actor, data={"party": party})
    return answer
