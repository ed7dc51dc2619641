"""Single bookings: book, list, see, move, cancel, join the waitlist, and the approval queue."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings import services
from bookings.forms import (
    BookingEditForm,
    BookingForm,
    RejectForm,
)
from bookings.models import Booking, DoorCode, Room, WaitlistEntry
from community import access
from community.access import bookings as booking_access
from community.models import Association


def _initial_from_query(request) -> dict:
    initial = {}
    for key, field, parse in [
        ("dato", "day", date.fromisoformat),
        ("fra", "start_time", time.fromisoformat),
        ("til", "end_time", time.fromisoformat),
        ("antal", "head_count", int),
    ]:
        try:
            initial[field] = parse(request.GET[key])
        except (KeyError, ValueError):
            continue
    return initial


@login_required
def booking_create(request, room_pk):
    room = get_object_or_404(Room.objects.select_related("building"), pk=room_pk)
    associations = booking_access.bookable_associations(request.user)
    form = BookingForm(
        request.POST or None,
        initial=_initial_from_query(request),
        associations=associations,
        room=room,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = services.at_local(data["day"], data["start_time"])
        ends_at = services.at_local(data["day"], data["end_time"])
        try:
            booking = services.booking_create(
                room=room,
                starts_at=starts_at,
                ends_at=ends_at,
                booked_by=request.user,
                association=data["association"],
                title=data["title"],
                head_count=data["head_count"],
            )
        except services.BookingConflict as exc:
            form.add_error(None, exc.message)
            conflict = {"starts_at": starts_at, "ends_at": ends_at}
        except services.BookingRefused as exc:
            form.add_error(None, exc.message)
        else:
            if booking.status == Booking.Status.CONFIRMED:
                messages.success(request, _("Lokalet er booket."))
            else:
                messages.info(
                    request, _("Tak. Din anmodning venter nu på, at kommunen godkender den.")
                )
            return redirect("bookings:booking-detail", pk=booking.pk)
    return render(
        request,
        "bookings/booking_form.html",
        {"room": room, "form": form, "conflict": conflict},
    )


@login_required
def booking_list(request):
    now = timezone.now()
    bookings = (
        booking_access.own_bookings(request.user)
        .filter(ends_at__gte=now - timedelta(days=1))
        .select_related("room__building", "association", "door_code", "series")
        .order_by("starts_at")[:200]
    )
    waiting = (
        WaitlistEntry.objects.filter(user=request.user)
        .exclude(status=WaitlistEntry.Status.WITHDRAWN)
        .select_related("room__building")
    )
    associations = list(
        booking_access.associations_of(request.user).prefetch_related("roles__user")
    )
    for a in associations:
        a.certificate_ok = booking_access.certificate_is_current(a)
        a.representatives = [r.user for r in a.roles.all() if r.kind == "association_rep"]
    return render(
        request,
        "bookings/booking_list.html",
        {
            "bookings": bookings,
            "waiting": waiting,
            "associations": associations,
            "now": now,
            "feed_base": request.build_absolute_uri("/")[:-1],
        },
    )


@login_required
def booking_detail(request, pk):
    booking = booking_access.get_booking_for(request.user, pk)
    code = DoorCode.objects.filter(booking=booking).first()
    return render(
        request,
        "bookings/booking_detail.html",
        {
            "booking": booking,
            "code": code,
            "deadline": services.cancel_deadline(booking),
            "can_change": booking_access.can_change_booking(request.user, booking),
        },
    )


@login_required
def booking_edit(request, pk):
    booking = booking_access.get_booking_for(request.user, pk)
    if not booking_access.can_change_booking(request.user, booking):
        raise PermissionDenied(_("Du kan ikke ændre denne booking."))
    form = BookingEditForm(request.POST or None, initial=BookingEditForm.initial_for(booking))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.booking_update(
                booking=booking,
                starts_at=services.at_local(data["day"], data["start_time"]),
                ends_at=services.at_local(data["day"], data["end_time"]),
                changed_by=request.user,
            )
        except services.BookingRefused as exc:
            form.add_error(None, exc.message)
            booking.refresh_from_db()
        else:
            messages.success(request, _("Bookingen er flyttet."))
            return redirect("bookings:booking-detail", pk=booking.pk)
    return render(request, "bookings/booking_edit.html", {"booking": booking, "form": form})


@login_required
def booking_cancel(request, pk):
    """Asks first (GET), cancels on the answer (POST)."""
    booking = booking_access.get_booking_for(request.user, pk)
    if not booking_access.can_change_booking(request.user, booking):
        raise PermissionDenied(_("Du kan ikke aflyse denne booking."))
    if request.method != "POST":
        return render(
            request,
            "bookings/booking_cancel.html",
            {"booking": booking, "deadline": services.cancel_deadline(booking)},
        )
    try:
        services.booking_cancel(booking=booking, cancelled_by=request.user)
    except services.BookingRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Bookingen er aflyst, og dørkoden virker ikke længere."))
    return redirect("bookings:booking-detail", pk=booking.pk)


@login_required
@require_POST
def waitlist_join(request, room_pk):
    room = get_object_or_404(Room, pk=room_pk)
    try:
        starts_at = datetime.fromisoformat(request.POST["starts_at"])
        ends_at = datetime.fromisoformat(request.POST["ends_at"])
        if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
            raise ValueError("naive time")
        if ends_at <= starts_at:
            raise ValueError("empty interval")
        services.waitlist_join(room=room, starts_at=starts_at, ends_at=ends_at, user=request.user)
    except (KeyError, ValueError):
        messages.error(request, _("Tidspunktet kunne ikke læses. Prøv igen."))
    except services.BookingRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Du står på ventelisten. Vi skriver til dig, hvis tiden bliver ledig.")
        )
    return redirect("bookings:booking-list")


@login_required
def approval_queue(request):
    queue = (
        booking_access.approval_queue_for(request.user)
        .select_related("room__building", "association", "booked_by", "series")
        .order_by("starts_at")
    )
    if not queue and not access.is_admin(request.user) and not access.area_ids(request.user):
        raise PermissionDenied(_("Din rolle giver ikke adgang til denne side."))
    pending_associations = (
        Association.objects.filter(status=Association.Status.PENDING)
        if access.is_admin(request.user)
        else Association.objects.none()
    )
    return render(
        request,
        "bookings/approval_queue.html",
        {
            "queue": queue[:300],
            "reject_form": RejectForm(),
            "pending_associations": pending_associations,
        },
    )


@login_required
@require_POST
def booking_decide(request, pk):
    booking = get_object_or_404(Booking.objects.select_related("room__building"), pk=pk)
    if not booking_access.can_approve(request.user, booking.room):
        raise PermissionDenied(_("Du kan ikke godkende bookinger af dette lokale."))
    try:
        if request.POST.get("decision") == "approve_series" and booking.series_id:
            approved, refused = services.series_approve(
                series=booking.series, decided_by=request.user
            )
            messages.success(request, _("%(n)s datoer er godkendt.") % {"n": approved})
            if refused:
                messages.warning(
                    request,
                    _("Disse datoer er optaget og venter stadig: %(d)s")
                    % {"d": ", ".join(refused)},
                )
        elif request.POST.get("decision") == "approve":
            services.booking_approve(booking=booking, decided_by=request.user)
            messages.success(request, _("Bookingen er godkendt."))
        else:
            form = RejectForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            services.booking_reject(booking=booking, decided_by=request.user, note=note)
            messages.success(request, _("Bookingen er afvist."))
    except services.BookingRefused as exc:
        messages.error(request, exc.message)
    return redirect("bookings:approval-queue")
