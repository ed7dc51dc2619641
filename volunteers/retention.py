"""How long a volunteer's profile is kept, and the jobs that delete it (run by community.retention)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit import erase_expired
from community.models import Role
from community.retention import Kind, days, duration_text
from volunteers.models import Volunteer


def volunteers_erase_expired(now: datetime) -> int:
    """Delete volunteer profiles past their deletion date (plus the grace period), with notes, hours
    and applications; the account stays, since it may be a citizen's or an association's too."""
    last_kept = timezone.localdate(now) - timedelta(days=days("volunteer_after_deletion_date"))
    return erase_expired(
        Volunteer.objects.filter(retain_until__lt=last_kept),
        action="volunteer.erased",
        forget=lambda v: Role.objects.filter(user_id=v.user_id, kind=Role.Kind.VOLUNTEER).delete(),
    )


def volunteer_rule() -> str:
    text = _("Slettes %(period)s efter, at du meldte dig som frivillig.") % {
        "period": duration_text(days("volunteer"))
    }
    grace = days("volunteer_after_deletion_date")
    if grace:
        text += " " + _("Vi sletter den senest %(period)s efter den dato.") % {
            "period": duration_text(grace)
        }
    return text


# Texts are translated when shown (these lambdas run per request), not when this module is imported.
KINDS = [
    Kind(
        "volunteer",
        None,  # sets the deletion date at sign-up; the next kind's job deletes
        "",
        lambda: _("Din profil som frivillig, dine timer og ansøgninger"),
        volunteer_rule,
    ),
    Kind(
        "volunteer_after_deletion_date",
        volunteers_erase_expired,
        "volunteer profile(s) past their deletion date",
    ),
]
