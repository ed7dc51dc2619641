"""Weekly series for a season: book, see and cancel."""

from __future__ import annotations

from datetime import time

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
    season_default,
)
from bookings.models import Booking, BookingSeries, Room
from community.access import bookings as booking_access
from community.weekly import WEEKDAYS


@login_required
def series_create(request, room_pk):
    """Step 1 shows the conflict report for the season; step 2 books the dates the user kept."""
    room = get_object_or_404(Room.objects.select_related("building"), pk=room_pk)
    associations = booking_access.bookable_associations(request.user)
    start, end = season_default()
    initial = {"first_date": start, "last_date": end, "start_time": time(19), "end_time": time(21)}
    # Coming from the search, the pattern the user searched for is filled in.
    initial.update(
        {
            k: v
            for k, v in request.GET.items()
            if k in {"weekday", "start_time", "end_time", "first_date", "last_date"}
        }
    )
    form = SeriesForm(request.POST or None, initial=initial, associations=associations)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        params = {
            "room": room,
            "weekday": data["weekday"],
            "start_time": data["start_time"],
            "end_time": data["end_time"],
            "first_date": data["first_date"],
            "last_date": data["last_date"],
        }
        try:
            if "confirm" in request.POST:
                series = services.series_create(
                    **params,
                    booked_by=request.user,
                    association=data["association"],
                    title=data["title"],
                    skip_dates=data["skip"],
                )
                count = series.bookings.count()
                if series.bookings.filter(status=Booking.Status.PENDING).exists():
                    messages.info(
                        request,
                        _("Tak. De %(n)s datoer venter nu på kommunens godkendelse.")
                        % {"n": count},
                    )
                else:
                    messages.success(request, _("%(n)s datoer er booket.") % {"n": count})
                return redirect("bookings:series-detail", pk=series.pk)
            refusal = booking_access.booking_refusal(request.user, room, data["association"])
            if refusal:
                raise services.BookingRefused(refusal)
            report = services.series_preview(**params)
        except services.BookingConflict as exc:
            form.add_error(None, exc.message)
            report = services.series_preview(**params)
        except services.BookingRefused as exc:
            form.add_error(None, exc.message)
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
