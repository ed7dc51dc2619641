"""Weekly series for a season: book, see and cancel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings import services
from bookings.forms import (
    SeriesForm,
)
from bookings.models import Booking, BookingSeries, Room
from community.access import bookings as booking_access
from community.weekly import WEEKDAYS


def _booked_message(request, series: BookingSeries) -> None:
    count = series.bookings.count()
    if series.bookings.filter(status=Booking.Status.PENDING).exists():
        messages.info(
            request,
            _("Tak. De %(n)s datoer venter nu på kommunens godkendelse.") % {"n": count},
        )
    else:
        messages.success(request, _("%(n)s datoer er booket.") % {"n": count})


@login_required
def series_create(request, room_pk):
    """Step 1 shows the conflict report for the season; step 2 books the dates the user kept."""
    room = get_object_or_404(Room.objects.select_related("building"), pk=room_pk)
    form = SeriesForm(
        request.POST or None,
        initial=SeriesForm.initial_from(request.GET),
        associations=booking_access.bookable_associations(request.user),
    )
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        who = {"booked_by": request.user, "association": data["association"]}
        try:
            if "confirm" in request.POST:
                series = services.series_create(
                    room=room, **form.pattern(), **who, title=data["title"], skip_dates=data["skip"]
                )
                _booked_message(request, series)
                return redirect("bookings:series-detail", pk=series.pk)
            report = services.series_preview(room=room, **form.pattern(), **who)
        except services.BookingRefused as exc:
            form.add_error(None, exc.message)
            if isinstance(exc, services.BookingConflict):
                report = services.series_preview(room=room, **form.pattern())
    context = {"room": room, "form": form, "report": report}
    if report is not None:
        context["free"] = [o for o in report if o.ok]
        context["clashing"] = [o for o in report if not o.ok]
    return render(request, "bookings/series_form.html", context)


def _series_for(user, pk) -> BookingSeries:
    series = get_object_or_404(BookingSeries.objects.select_related("room__building"), pk=pk)
    if not booking_access.bookings_visible_to(user).filter(series=series).exists():
        raise Http404(_("Den faste booking findes ikke, eller du har ikke adgang til den."))
    return series


@login_required
def series_detail(request, pk):
    series = _series_for(request.user, pk)
    bookings = series.bookings.select_related("door_code").order_by("starts_at")
    return render(
        request,
        "bookings/series_detail.html",
        {
            "series": series,
            "bookings": bookings,
            "weekday": WEEKDAYS[series.weekday],
            "can_approve": booking_access.can_approve(request.user, series.room),
        },
    )


@login_required
@require_POST
def series_cancel(request, pk):
    series = _series_for(request.user, pk)
    first = series.bookings.first()
    if first is None or not booking_access.can_change_booking(request.user, first):
        raise PermissionDenied(_("Du kan ikke aflyse denne faste booking."))
    done, kept = services.series_cancel(series=series, cancelled_by=request.user)
    messages.success(
        request,
        _("%(done)s datoer er aflyst.") % {"done": done}
        + (
            " " + _("%(kept)s datoer er efter fristen og er ikke aflyst.") % {"kept": kept}
            if kept
            else ""
        ),
    )
    return redirect("bookings:series-detail", pk=series.pk)
