"""Room search, bookings, series, approval, associations, calendar feeds and utilisation."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import access, selectors, services
from community.access import bookings as booking_access
from community.forms_bookings import (
    AssociationRegisterForm,
    BookingEditForm,
    BookingForm,
    DeclarationForm,
    RejectForm,
    RepresentativeForm,
    RoomSearchForm,
    SeriesForm,
    season_default,
)
from community.models import (
    Association,
    Booking,
    BookingSeries,
    Building,
    DoorCode,
    Room,
    WaitlistEntry,
)
from localareas.lookup import postcode_centroid


def _bookable_associations(user):
    return [
        a for a in booking_access.associations_of(user) if a.status == Association.Status.APPROVED
    ]


def room_search(request):
    """Free rooms for a date or a weekly pattern; htmx swaps only the results."""
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
    results = None
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
        results = selectors.availability_search(
            rooms,
            start_time=data["start_time"],
            end_time=data["end_time"],
            day=None if weekly else data["day"],
            weekday=data["weekday"] if weekly else None,
            first_date=data["first_date"] if weekly else None,
            last_date=data["last_date"] if weekly else None,
            near=near,
            max_distance_km=data["max_distance_km"],
        )
    context = {
        "form": form,
        "results": results,
        "query": request.GET.urlencode(),
        "weekly": form.is_bound and form.is_valid() and form.cleaned_data["mode"] == "weekly",
    }
    if request.htmx and form.is_bound:
        return render(request, "community/_room_results.html", context)
    return render(request, "community/room_search.html", context)


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
        return render(request, "community/_room_week.html", context)
    return render(request, "community/room_detail.html", context)


def _initial_from_query(request) -> dict:
    initial = {}
    for key, field, parse in [
        ("dato", "day", date.fromisoformat),
        ("fra", "start_time", time.fromisoformat),
        ("til", "end_time", time.fromisoformat),
    ]:
        try:
            initial[field] = parse(request.GET[key])
        except (KeyError, ValueError):
            continue
    return initial


@login_required
def booking_create(request, room_pk):
    room = get_object_or_404(Room.objects.select_related("building"), pk=room_pk)
    associations = _bookable_associations(request.user)
    form = BookingForm(
        request.POST or None, initial=_initial_from_query(request), associations=associations
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
            return redirect("community:booking-detail", pk=booking.pk)
    return render(
        request,
        "community/booking_form.html",
        {"room": room, "form": form, "conflict": conflict},
    )


@login_required
def series_create(request, room_pk):
    """Step 1 shows the conflict report for the season; step 2 books the dates the user kept."""
    room = get_object_or_404(Room.objects.select_related("building"), pk=room_pk)
    associations = _bookable_associations(request.user)
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
                return redirect("community:series-detail", pk=series.pk)
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
    return render(request, "community/series_form.html", context)


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
        "community/booking_list.html",
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
        "community/booking_detail.html",
        {
            "booking": booking,
            "code": code,
            "deadline": services.cancel_deadline(booking),
            "can_change": booking_access.can_change_booking(request.user, booking),
            "edit_form": BookingEditForm(
                initial={
                    "day": services.local(booking.starts_at).date(),
                    "start_time": services.local(booking.starts_at).time(),
                    "end_time": services.local(booking.ends_at).time(),
                }
            ),
        },
    )


@login_required
def booking_edit(request, pk):
    booking = booking_access.get_booking_for(request.user, pk)
    if not booking_access.can_change_booking(request.user, booking):
        raise PermissionDenied(_("Du kan ikke ændre denne booking."))
    form = BookingEditForm(request.POST or None)
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
            return redirect("community:booking-detail", pk=booking.pk)
    return render(request, "community/booking_edit.html", {"booking": booking, "form": form})


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = booking_access.get_booking_for(request.user, pk)
    if not booking_access.can_change_booking(request.user, booking):
        raise PermissionDenied(_("Du kan ikke aflyse denne booking."))
    try:
        services.booking_cancel(booking=booking, cancelled_by=request.user)
    except services.BookingRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Bookingen er aflyst, og dørkoden virker ikke længere."))
    return redirect("community:booking-detail", pk=booking.pk)


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
        "community/series_detail.html",
        {
            "series": series,
            "bookings": bookings,
            "weekday": services.WEEKDAYS[series.weekday],
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
    return redirect("community:series-detail", pk=series.pk)


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
    return redirect("community:booking-list")


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
        "community/approval_queue.html",
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
    return redirect("community:approval-queue")


@login_required
def association_register(request):
    form = AssociationRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        association = services.association_register(
            user=request.user,
            name=data["name"],
            cvr=data["cvr"],
            purpose=data["purpose"],
            email=data["email"],
            postcode=data["postcode"],
            works_with_children=data["works_with_children"],
            core_tasks=data["core_tasks"],
        )
        messages.success(
            request,
            _("%(name)s er registreret. Kommunen godkender foreningen, før I kan booke.")
            % {"name": association.name},
        )
        return redirect("community:booking-list")
    return render(request, "community/association_form.html", {"form": form})


@login_required
def association_declare(request, pk):
    association = get_object_or_404(Association, pk=pk)
    if not booking_access.may_act_for(request.user, association):
        raise PermissionDenied(_("Du er ikke repræsentant for foreningen."))
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.association_declare_child_certificates(
            association=association, declared_by=request.user
        )
        messages.success(request, _("Tak. Erklæringen gælder i 12 måneder."))
        return redirect("community:booking-list")
    return render(
        request, "community/association_declare.html", {"form": form, "association": association}
    )


@login_required
@require_POST
def association_add_representative(request, pk):
    association = get_object_or_404(Association, pk=pk)
    form = RepresentativeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en gyldig e-mailadresse."))
        return redirect("community:booking-list")
    try:
        role = services.association_add_representative(
            association=association, email=form.cleaned_data["email"], added_by=request.user
        )
    except services.BookingRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(who)s er nu repræsentant for %(name)s.")
            % {"who": role.user.email, "name": association.name},
        )
    return redirect("community:booking-list")


@login_required
@require_POST
def association_rotate_feed(request, pk):
    association = get_object_or_404(Association, pk=pk)
    try:
        services.association_rotate_feed_token(association=association, rotated_by=request.user)
    except services.BookingRefused as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(
        request,
        _(
            "%(name)s har fået en ny kalenderadresse. Den gamle virker ikke længere: abonnér på "
            "den nye i jeres kalender."
        )
        % {"name": association.name},
    )
    return redirect("community:booking-list")


@login_required
@require_POST
def association_decide(request, pk):
    if not access.is_admin(request.user):
        raise PermissionDenied(_("Kun administratorer kan godkende foreninger."))
    association = get_object_or_404(Association, pk=pk)
    services.association_decide(
        association=association,
        decided_by=request.user,
        approve=request.POST.get("decision") == "approve",
    )
    messages.success(request, _("%(name)s er behandlet.") % {"name": association.name})
    return redirect("community:approval-queue")


def _calendar(name: str, bookings, *, show_code: bool) -> HttpResponse:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Samskab//Hedensted Kommune//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Copenhagen")
    for booking in bookings:
        event = icalendar.Event()
        event.add("uid", f"booking-{booking.pk}@samskab")
        event.add("dtstamp", booking.created_at)
        event.add("dtstart", booking.starts_at)
        event.add("dtend", booking.ends_at)
        summary = booking.title or (
            booking.association.name if booking.association else _("Booket")
        )
        event.add("summary", f"{summary} ({booking.room.name})")
        event.add("location", f"{booking.room.building.name}, {booking.room.building.address}")
        code = getattr(booking, "door_code", None) if show_code else None
        if code is not None and code.revoked_at is None:
            event.add("description", _("Dørkode: %(code)s") % {"code": code.code})
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


def room_feed(request, token):
    """The room's confirmed bookings as iCal. The unguessable token is the key; no names of citizens."""
    room = Room.objects.select_related("building").filter(feed_token=token).first()
    if room is None or len(token) < 20:
        raise Http404
    bookings = list(selectors.bookings_of_room_feed(room))
    for b in bookings:
        if b.association is None:
            b.title = ""
    return _calendar(str(room), bookings, show_code=False)


def association_feed(request, token):
    """The association's bookings with their door codes, as iCal behind an unguessable token."""
    association = Association.objects.filter(feed_token=token).first()
    if association is None or len(token) < 20:
        raise Http404
    return _calendar(
        association.name, selectors.bookings_of_association_feed(association), show_code=True
    )


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
    building_id = request.GET.get("bygning")
    building_id = int(building_id) if building_id and building_id.isdigit() else None
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
        "community/utilisation.html",
        {
            "data": data,
            "chart": chart,
            "first": first,
            "last": last,
            "buildings": Building.objects.all(),
            "building_id": building_id,
            "weekdays": services.WEEKDAYS,
            "idle": [
                {"room": room, "weekday": services.WEEKDAYS[weekday], "hour": hour}
                for room, weekday, hour in data["idle_prime"][:40]
            ],
            "idle_count": len(data["idle_prime"]),
        },
    )
