"""How long a problem report keeps its sender's e-mail (its job runs from community.retention)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community.retention import Kind, cutoff, rule
from maps.models import ProblemReport


def problem_reports_forget_contact(now: datetime) -> int:
    """Keep the report (the broken shelter), forget who sent it."""
    return (
        ProblemReport.objects.filter(created_at__lt=cutoff("problem_report_contact", now))
        .exclude(reporter_email="", reporter__isnull=True)
        .update(reporter_email="", reporter=None)
    )


# Texts are translated when shown (these lambdas run per request), not when this module is imported.
KINDS = [
    Kind(
        "problem_report_contact",
        problem_reports_forget_contact,
        "problem report(s) whose reporter's contact was removed",
        lambda: _("Din e-mail på en fejlmelding om en facilitet"),
        rule(
            gettext_noop(
                "Slettes %(period)s efter, at du sendte meldingen. Selve meldingen gemmes uden din e-mail."
            ),
            "problem_report_contact",
        ),
    ),
]
