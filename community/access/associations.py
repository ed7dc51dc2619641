"""Who acts for an association: its representatives, and administrators."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from community import access
from community.models import Association
from volunteers.models import child_certificate_valid  # the one 12-month rule


def certificate_is_current(association: Association, today: date | None = None) -> bool:
    """An association working with children needs a child-certificate declaration from the last 12 months."""
    if not association.works_with_children:
        return True
    return child_certificate_valid(
        association.child_certificate_declared_on, today or timezone.localdate()
    )


def associations_of(user) -> QuerySet[Association]:
    """The associations this user represents (any status)."""
    return Association.objects.filter(pk__in=access.association_ids(user))


def may_act_for(user, association: Association) -> bool:
    """Represents the association, or is an administrator."""
    return association.pk in access.association_ids(user) or access.is_admin(user)
