"""Finding a room: search by date or weekly pattern, a room's week, and utilisation for staff."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import selectors
from bookings.forms import (
    RoomSearchForm,
    season_default,
)
from bookings.models import Building, Room
from bookings.room_search import RoomSearch, season_dates
from community import access
from community.access import bookings as booking_access
from community.filters import id_param
from community.weekly import WEEKDAYS
from localareas.lookup import postcode_centroid


def room_search(request):
    """Free rooms for a date or a weekly pattern; htmx swaps the form (with its errors) and results."""
    start, end = season_default()
    initial = {
        "mode": "date",
        "day": timezone.localdate() + timedelta(days=1),
        "first_date": start,
        "last_date": end,
        "weekday": 1,
        "start_time": time(19, 0),
        "end_time": time(21, 0),
    }
    form = RoomSearchForm(request.GET or None, initial=initial)
    page, holidays = None, []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        rooms = selectors.rooms_matching(
            capacity=data["capacity"],
            equipment=data["equipment"],
            step_free=data["step_free"],
            area_id=data["area"].pk if data["area"] else None,
        )
        near = postcode_centroid(data["postcode"]) if data["postcode"] else None
        weekly = data["mode"] == "weekly"
        page = RoomSearch(
            rooms,
            start_time=data["start_time"],
            end_time=data["end_time"],
            day=None if weekly else data["day"],
            weekday=data["weekday"] if weekly else None,
            first_date=data["first_date"] if weekly else None,
            last_date=data["last_date"] if weekly else None,
            near=near,
            max_distance_km=data["max_distance_km"],
        ).page(request.GET.get("side"))
        if weekly:
            holidays = season_dates(data["weekday"], data["first_date"], data["last_date"])[1]
    # The booking links carry the search, not the page of results it was on.
    query = request.GET.copy()
    query.pop("side", None)
    context = {
        "form": form,
        "page": page,
        "results": None if page is None else page.object_list,
        "holidays": holidays,
        "query": query.urlencode(),
        "weekly": form.is_bound and form.is_valid() and form.cleaned_data["mode"] == "weekly",
    }
    if request.htmx:
        return render(request, "bookings/_room_search.html", context)
    return render(request, "bookings/room_search.html", context)


def _monday(request) -> date:
    try:
        day = date.fromisoformat(request.GET.get("uge", ""))
    except ValueError:
        day = timezone.localdate()
    return day - timedelta(days=day.weekday())


def room_detail(request, pk):
    room = get_object_or_404(
        Room.objects.select_related("building", "building__local_area").prefetch_related(
            "parts", "wholes"
        ),
        pk=pk,
    )
    week = selectors.room_week(room, _monday(request))
    context = {
        "room": room,
        "week": week,
        "may_book": booking_access.may_book_room(request.user, room),
    }
    if request.htmx:
        return render(request, "bookings/_room_week.html", context)
    return render(request, "bookings/room_detail.html", context)


@access.role_required(access.K.ADMIN)
def utilisation(request):
    today = timezone.localdate()
    try:
        first = date.fromisoformat(request.GET.get("fra", ""))
    except ValueError:
        first = today - timedelta(days=today.weekday() + 7 * 7)
    try:
        last = date.fromisoformat(request.GET.get("til", ""))
    except ValueError:
        last = first + timedelta(days=7 * 12 - 1)
    if last < first or (last - first).days > 400:
        messages.error(
            request, _("Vælg en periode på højst et år, hvor slutdatoen er efter startdatoen.")
        )
        last = first + timedelta(days=7 * 12 - 1)
    building_id = id_param(request.GET.get("bygning"))
    data = selectors.utilisation(first=first, last=last, building_id=building_id)
    chart = {
        "labels": [w["label"] for w in data["weeks"]],
        "open": [w["open_h"] for w in data["weeks"]],
        "booked": [w["booked_h"] for w in data["weeks"]],
        "buildings": [b["building"].name for b in data["buildings"]],
        "building_share": [b["share"] for b in data["buildings"]],
    }
    return render(
        request,
        "bookings/utilisation.html",
        {
            "data": data,
            "chart": chart,
            "first": first,
            "last": last,
            "buildings": Building.objects.all(),
            "building_id": building_id,
            "weekdays": WEEKDAYS,
            "idle": [
                {"room": room, "weekday": WEEKDAYS[weekday], "hour": hour}
                for room, weekday, hour in data["idle_prime"][:40]
            ],
            "idle_count": len(data["idle_prime"]),
        },
    )
