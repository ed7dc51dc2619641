"""Who acts for an association: its representatives, and administrators."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from community import access
from community.models import Association

CERTIFICATE_VALID_DAYS = 365


def certificate_is_current(association: Association, today: date | None = None) -> bool:
    """An association working with children needs a child-certificate declaration from the last 12 months."""
    if not association.works_with_children:
        return True
    declared = association.child_certificate_declared_on
    today = today or timezone.localdate()
    return declared is not None and declared >= today - timedelta(days=CERTIFICATE_VALID_DAYS)


def associations_of(user) -> QuerySet[Association]:
    """The associations this user represents (any status)."""
    return Association.objects.filter(pk__in=access.association_ids(user))


def may_act_for(user, association: Association) -> bool:
    """Represents the association, or is an administrator."""
    return association.pk in access.association_ids(user) or access.is_admin(user)
