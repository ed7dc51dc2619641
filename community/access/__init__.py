"""Who may see or change what. Every view, export, API and admin page asks here.

Core rules live in this module; each domain adds its own rules in a submodule of this package
(`community.access.<domain>`) built on these helpers, so there is one place to read them all.
"""

from __future__ import annotations

from functools import wraps
from typing import NoReturn

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from community.audit import log_action
from community.models import Citizen, Role

K = Role.Kind
STAFF_KINDS = {K.COORDINATOR, K.AREA_CONTACT, K.ADMIN}

READ_PURPOSES = [
    ("visitation", _("Visitation og samtale")),
    ("matching", _("Matchning med frivillig eller tilbud")),
    ("follow_up", _("Opfølgning")),
    ("correction", _("Rettelse af oplysninger")),
    ("citizen_request", _("Borgerens egen anmodning (indsigt)")),
]
PURPOSE_LABELS = dict(READ_PURPOSES)
# Why a member of staff saw a citizen's record, as "Mine oplysninger" tells the citizen herself:
# every purpose a read is logged with (the ones staff choose above, and the lists she stood on).
PURPOSE_FOR_CITIZEN = {
    "visitation": _("for at tale med dig om, hvad du har brug for"),
    "matching": _("for at finde en frivillig eller et tilbud til dig"),
    "follow_up": _("for at høre, hvordan det går med jeres aftale"),
    "correction": _("for at rette dine oplysninger"),
    "search": _("du var med, da de søgte efter en borger"),
    "list": _("du stod på listen over de borgere, de hjælper"),
    "export": _("dine oplysninger var med i en fil, de hentede"),
}


def roles(user) -> list[Role]:
    """The user's roles, fetched once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_samskab_roles", None)
    if cached is None:
        cached = list(Role.objects.filter(user=user))
        user._samskab_roles = cached
    return cached


def role_signature(user) -> tuple:
    """Every role the user holds, as plain values: a page kept for her is kept under them, so a role
    changed by a write no signal sees (an update()) still shows at once."""
    return tuple(
        sorted(
            (r.pk, r.kind, r.core_task_id, r.local_area_id, r.council_id, r.association_id)
            for r in roles(user)
        )
    )


def forget_roles(user) -> None:
    user.__dict__.pop("_samskab_roles", None)


def kinds(user) -> set[str]:
    return {r.kind for r in roles(user)}


def has_role(user, *wanted: str) -> bool:
    return bool(kinds(user) & set(wanted)) or (K.ADMIN in wanted and is_admin(user))


def is_admin(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or K.ADMIN in kinds(user)


def is_staff_member(user) -> bool:
    """Municipal staff: coordinators, playmakers and administrators. They must use two-factor login."""
    return is_admin(user) or bool(kinds(user) & STAFF_KINDS)


def core_task_ids(user) -> set[int]:
    return {r.core_task_id for r in roles(user) if r.kind == K.COORDINATOR}


def area_ids(user) -> set[int]:
    return {r.local_area_id for r in roles(user) if r.kind == K.AREA_CONTACT}


def council_ids(user) -> set[int]:
    return {r.council_id for r in roles(user) if r.kind == K.COUNCIL_MEMBER}


def association_ids(user) -> set[int]:
    return {r.association_id for r in roles(user) if r.kind == K.ASSOCIATION_REP}


def citizens_visible_to(user) -> QuerySet[Citizen]:
    """Citizens of the user's core tasks (coordinators) and areas (playmakers); nobody else's.

    Administrators manage the platform, not cases: without a coordinator or playmaker role they see none.
    """
    tasks, areas = core_task_ids(user), area_ids(user)
    if not tasks and not areas:
        return Citizen.objects.none()
    condition = Q(pk__in=[])
    if tasks:
        condition |= Q(pk__in=Citizen.objects.filter(core_tasks__in=tasks).values("pk"))
    if areas:
        condition |= Q(local_area_id__in=areas)
    return Citizen.objects.filter(condition)


def can_view_citizen(user, citizen: Citizen) -> bool:
    return citizens_visible_to(user).filter(pk=citizen.pk).exists()


def can_erase_citizen(user, citizen: Citizen) -> bool:
    """Only a coordinator of one of the citizen's core tasks erases a record (playmakers see, not erase)."""
    tasks = core_task_ids(user)
    return bool(tasks) and citizen.core_tasks.filter(pk__in=tasks).exists()


def first_or_404(queryset: QuerySet, pk, message: str):
    """The row with this pk among those the user may see; a 404 whether it exists or not."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404(message)
    return found


def refuse_citizen_read(user, pk, purpose: str, object_type: str, message: str) -> NoReturn:
    """Audit a refused attempt to read a citizen's case (the record or a need) and answer 404."""
    log_action(
        "citizen.read_denied",
        actor=user,
        purpose=purpose,
        data={"object_type": object_type, "object_id": str(pk)},
    )
    raise Http404(message)


def get_citizen_for(user, pk, *, purpose: str) -> Citizen:
    """Fetch a citizen the user may see and audit the read; a refused attempt is audited too."""
    citizen = citizens_visible_to(user).filter(pk=pk).first()
    if citizen is None:
        refuse_citizen_read(
            user,
            pk,
            purpose,
            "community.citizen",
            "Borgeren findes ikke, eller du har ikke adgang.",
        )
    log_action("citizen.read", obj=citizen, actor=user, purpose=purpose)
    return citizen


def role_required(*wanted: str):
    """View decorator: log in first, then hold one of these roles (administrators pass where listed)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *wanted):
                raise PermissionDenied("Din rolle giver ikke adgang til denne side.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
