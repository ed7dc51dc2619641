"""Weekly series for a season: book, see and cancel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from bookings import services
from bookings.forms import SeriesCancelForm, SeriesForm
from bookings.models import Booking, BookingSeries, Room
from bookings.selectors import series_skipped_dates
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
        room=room,
    )
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        who = {"booked_by": request.user, "association": data["association"]}
        try:
            if "confirm" in request.POST:
                series = services.series_create(
                    room=room,
                    pattern=form.pattern(),
                    **who,
                    title=data["title"],
                    head_count=data["head_count"],
                    skip_dates=data["skip"],
                )
                _booked_message(request, series)
                return redirect("bookings:series-detail", pk=series.pk)
            report = services.series_preview(room=room, pattern=form.pattern(), **who)
        except services.BookingRefused as exc:
            form.add_error(None, exc.message)
            if isinstance(exc, services.BookingConflict):
                report = services.series_preview(room=room, pattern=form.pattern())
    context = {"room": room, "form": form, "report": report}
    if report is not None:
        context["free"] = [o for o in report if o.ok]
        context["holidays"] = [o for o in report if o.holiday is not None]
        context["clashing"] = [o for o in report if o.holiday is None and not o.ok]
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
            "skipped": series_skipped_dates(series),
            "weekday": ", ".join(
                str(WEEKDAYS[d]) for d in sorted({series.weekday, *series.also_weekdays})
            ),
            "can_approve": booking_access.can_approve(request.user, series.room),
        },
    )


@login_required
def series_cancel(request, pk):
    """Tick the dates to cancel, see them once more, then cancel them (nothing is ticked to begin)."""
    series = _series_for(request.user, pk)
    first = series.bookings.first()
    if first is None or not booking_access.can_change_booking(request.user, first):
        raise PermissionDenied(_("Du kan ikke aflyse denne faste booking."))
    form = SeriesCancelForm(request.POST or None, cancellable=services.series_cancellable(series))
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["bookings"])
        if "confirm" not in request.POST:
            return render(
                request,
                "bookings/series_cancel_confirm.html",
                {"series": series, "form": form, "chosen": chosen},
            )
        done, kept = services.series_cancel(
            series=series, cancelled_by=request.user, bookings=chosen
        )
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
    return render(request, "bookings/series_cancel.html", {"series": series, "form": form})
