import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.models import Booking, BookingSlot, ClosedPeriod, DoorCode, WaitlistEntry
from bookings.services import BookingConflict, BookingRefused, at_local
from bookings.tests.conftest import (
    book,
    coming_easter_monday,
    holiday_free_weekday,
    next_weekday,
    slot,
    thursday_series_form,
    weekly,
    weekly_search,
)
from community import services as community_services
from community.models import Association
from community.tests.factories import (
    AssociationFactory,
    RoomFactory,
    UserFactory,
    administrator,
    association_rep,
)

pytestmark = pytest.mark.django_db


# --- series across daylight-saving changes ---


def test_a_weekly_series_stays_at_19_over_the_march_clock_change():
    room = RoomFactory()
    occurrences = services.series_preview(
        room=room,
        pattern=weekly(date(2027, 3, 10), date(2027, 4, 14), weekday=2),
        now=timezone.make_aware(datetime(2027, 1, 1)),
    )
    assert [services.local(o.starts_at).strftime("%H:%M") for o in occurrences] == ["19:00"] * 6
    utc_hours = [o.starts_at.astimezone(UTC).hour for o in occurrences]
    # Winter time is UTC+1, summer time (from 28 March 2027) UTC+2.
    assert utc_hours == [18, 18, 18, 17, 17, 17]


def test_a_weekly_series_stays_at_19_over_the_october_clock_change(club, rep):
    room = RoomFactory()
    now = timezone.make_aware(datetime(2027, 9, 1))
    series = services.series_create(
        room=room,
        pattern=weekly(date(2027, 10, 12), date(2027, 11, 9)),
        booked_by=rep,
        association=club,
        now=now,
    )
    bookings = list(series.bookings.order_by("starts_at"))
    assert len(bookings) == 5
    assert {services.local(b.starts_at).strftime("%H:%M") for b in bookings} == {"19:00"}
    assert {services.local(b.ends_at).strftime("%H:%M") for b in bookings} == {"21:00"}
    assert [b.starts_at.astimezone(UTC).hour for b in bookings] == [17, 17, 17, 18, 18]
    assert all((b.ends_at - b.starts_at) == timedelta(hours=2) for b in bookings)


def test_the_conflict_report_names_each_clashing_date_and_the_series_books_the_rest(club, rep):
    room = RoomFactory()
    neighbours = AssociationFactory()
    other = association_rep(neighbours, email="other@example.dk")
    first = holiday_free_weekday(1, 5)
    taken = first + timedelta(weeks=2)
    book(room, other, taken, time(19, 30), time(20, 30), neighbours)
    ClosedPeriod.objects.create(
        room=room, starts_on=first + timedelta(weeks=4), ends_on=first + timedelta(weeks=4)
    )
    season = weekly(first, first + timedelta(weeks=5))
    report = services.series_preview(room=room, pattern=season)
    clashing = [o.day for o in report if not o.ok]
    assert clashing == [taken, first + timedelta(weeks=4)]
    with pytest.raises(BookingConflict) as exc:
        services.series_create(room=room, pattern=season, booked_by=rep, association=club)
    assert f"{taken:%d.%m.%Y}" in exc.value.message
    assert not Booking.objects.filter(association=club).exists()
    series = services.series_create(
        room=room, pattern=season, booked_by=rep, association=club, skip_dates=clashing
    )
    assert series.bookings.count() == 4
    assert DoorCode.objects.filter(booking__series=series).count() == 0  # the room has no lock


# --- linked rooms ---


def test_the_whole_hall_blocks_both_halves_and_each_half_blocks_the_whole(hall, club, rep):
    day = next_weekday(2)
    book(hall["a"], rep, day, time(17), time(19), club)
    book(hall["b"], rep, day, time(17), time(19), club)  # the other half is free
    with pytest.raises(BookingConflict):
        book(hall["whole"], rep, day, time(18), time(20), club)
    book(hall["whole"], rep, day, time(19), time(21), club)
    with pytest.raises(BookingConflict):
        book(hall["b"], rep, day, time(20), time(21), club)
    assert Booking.objects.filter(status="confirmed").count() == 3


def test_a_room_buffer_keeps_time_free_after_each_booking(club, rep):
    room = RoomFactory(buffer_min=30)
    day = next_weekday(3)
    book(room, rep, day, time(10), time(12), club)
    with pytest.raises(BookingConflict):
        book(room, rep, day, time(12), time(13), club)
    book(room, rep, day, time(12, 30), time(13), club)


# --- who may book what ---


def test_an_association_that_is_not_approved_cannot_book(rep, club):
    club.status = Association.Status.PENDING
    club.save()
    with pytest.raises(BookingRefused, match="ikke godkendt"):
        book(RoomFactory(), rep, next_weekday(0), time(10), time(12), club)


def test_an_old_child_certificate_declaration_refuses_the_booking_with_the_reason(rep, club):
    club.works_with_children = True
    club.child_certificate_declared_on = timezone.localdate() - timedelta(days=400)
    club.save()
    with pytest.raises(BookingRefused, match="børneattest"):
        book(RoomFactory(), rep, next_weekday(0), time(10), time(12), club)
    community_services.association_declare_child_certificates(association=club, declared_by=rep)
    assert book(RoomFactory(), rep, next_weekday(0), time(10), time(12), club).pk


def test_a_citizen_may_book_only_rooms_open_to_citizens_and_pays_for_them():
    citizen = UserFactory()
    with pytest.raises(BookingRefused, match="foreninger"):
        book(RoomFactory(), citizen, next_weekday(4), time(10), time(12))
    open_room = RoomFactory(bookable_by_citizens=True, price_per_hour_dkk=50)
    booking = book(open_room, citizen, next_weekday(4), time(10), time(12))
    assert booking.price_dkk == 100


def test_a_representative_cannot_book_for_another_association(rep):
    other = AssociationFactory()
    with pytest.raises(BookingRefused, match="ikke repræsentant"):
        book(RoomFactory(), rep, next_weekday(0), time(10), time(12), other)


def test_opening_hours_duration_and_booking_window_are_enforced(rep, club):
    room = RoomFactory(
        opens_at=time(8), closes_at=time(20), max_duration_min=180, max_days_ahead=30
    )
    with pytest.raises(BookingRefused, match="åbent"):
        book(room, rep, next_weekday(0), time(19), time(21), club)
    with pytest.raises(BookingRefused, match="højst"):
        book(room, rep, next_weekday(0), time(9), time(13), club)
    with pytest.raises(BookingRefused, match="dage frem"):
        book(room, rep, next_weekday(0, 8), time(9), time(10), club)


# --- approval, editing, cancellation ---


def test_approval_goes_through_the_same_clash_check(club, rep, django_capture_on_commit_callbacks):
    room = RoomFactory(requires_approval=True)
    admin = administrator()
    day = next_weekday(1)
    first = book(room, rep, day, time(18), time(20), club)
    second = book(room, rep, day, time(19), time(21), club)
    assert first.status == second.status == Booking.Status.PENDING
    assert not BookingSlot.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_approve(booking=first, decided_by=admin)
    with pytest.raises(BookingConflict):
        services.booking_approve(booking=second, decided_by=admin)
    second.refresh_from_db()
    assert second.status == Booking.Status.PENDING
    assert mail.outbox[-1].subject.endswith("er godkendt")


def test_moving_a_booking_goes_through_the_same_clash_check(club, rep):
    room = RoomFactory()
    day = next_weekday(1)
    a = book(room, rep, day, time(10), time(12), club)
    book(room, rep, day, time(14), time(16), club)
    with pytest.raises(BookingConflict):
        services.booking_update(
            booking=a,
            starts_at=at_local(day, time(13)),
            ends_at=at_local(day, time(15)),
            changed_by=rep,
        )
    a.refresh_from_db()
    assert services.local(a.starts_at).hour == 10
    services.booking_update(
        booking=a,
        starts_at=at_local(day, time(11)),
        ends_at=at_local(day, time(13)),
        changed_by=rep,
    )
    assert BookingSlot.objects.filter(booking=a).get().starts_at == at_local(day, time(11))


def test_cancelling_after_the_deadline_is_refused_but_staff_may(club, rep):
    room = RoomFactory(cancel_deadline_hours=48, lock_enabled=True)
    day = next_weekday(1)
    booking = book(room, rep, day, time(10), time(12), club)
    late = booking.starts_at - timedelta(hours=24)
    with pytest.raises(BookingRefused, match="Fristen"):
        services.booking_cancel(booking=booking, cancelled_by=rep, now=late)
    services.booking_cancel(booking=booking, cancelled_by=administrator(), now=late)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.door_code.revoked_at is not None
    assert not BookingSlot.objects.filter(booking=booking).exists()


def test_a_cancelled_slot_is_offered_to_the_first_on_the_waitlist(
    club, rep, django_capture_on_commit_callbacks
):
    room = RoomFactory()
    day = next_weekday(2)
    booking = book(room, rep, day, time(18), time(20), club)
    waiting = UserFactory(email="venter@example.dk")
    s, e = slot(day, time(18), time(19))
    entry = services.waitlist_join(room=room, starts_at=s, ends_at=e, user=waiting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, cancelled_by=rep)
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    assert any(m.to == ["venter@example.dk"] for m in mail.outbox)


def test_reminders_are_sent_once_for_bookings_in_the_next_day(club, rep):
    room = RoomFactory()
    booking = book(room, rep, next_weekday(1), time(10), time(12), club)
    mail.outbox.clear()
    call_command("send_booking_reminders", "--hours", str(24 * 30))
    call_command("send_booking_reminders", "--hours", str(24 * 30))
    assert len(mail.outbox) == 1
    assert str(booking.room) in mail.outbox[0].subject


# --- pages, API, feeds ---


def test_the_room_search_answers_with_free_rooms_and_names_clashing_dates(client, rep, club):
    room = RoomFactory(name="Salen")
    RoomFactory(name="Lille rum", capacity=4)
    first = holiday_free_weekday(1, 3)
    book(room, rep, first + timedelta(weeks=1), time(19), time(20), club)
    response = client.get(
        reverse("bookings:room-search"),
        weekly_search(first, first + timedelta(weeks=3), capacity=10),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Salen" in html and "Lille rum" not in html
    assert "Ledig 3 af 4 uger" in html
    assert f"{(first + timedelta(weeks=1)).day}." in html


def test_the_room_search_query_count_does_not_grow_with_rooms(
    client, django_assert_max_num_queries
):
    params = weekly_search(next_weekday(2), next_weekday(2, 20), weekday=2)
    RoomFactory.create_batch(3)
    with django_assert_max_num_queries(12):
        client.get(reverse("bookings:room-search"), params)
    RoomFactory.create_batch(30)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("bookings:room-search"), params).status_code == 200


def test_a_representative_books_a_series_through_the_pages_and_sees_the_codes(client, club, rep):
    room = RoomFactory(lock_enabled=True)
    client.force_login(rep)
    first = holiday_free_weekday(3, 9)
    data = thursday_series_form(club, first, first + timedelta(weeks=9), title="Fællesspisning")
    url = reverse("bookings:series-create", args=[room.pk])
    preview = client.post(url, {**data, "preview": ""})
    assert preview.status_code == 200
    assert "10 datoer kan bookes" in preview.content.decode()
    done = client.post(url, {**data, "confirm": ""}, follow=True)
    assert done.status_code == 200
    assert Booking.objects.filter(association=club, status="confirmed").count() == 10
    code = DoorCode.objects.filter(booking__association=club).first().code
    assert code in done.content.decode()


def test_a_clash_on_the_booking_page_is_a_clear_message_and_offers_the_waitlist(client, club, rep):
    room = RoomFactory()
    day = next_weekday(1)
    book(room, rep, day, time(10), time(12), club)
    citizen = UserFactory()
    client.force_login(rep)
    response = client.post(
        reverse("bookings:booking-create", args=[room.pk]),
        {
            "association": str(club.pk),
            "day": day.isoformat(),
            "start_time": "11:00",
            "end_time": "13:00",
            "head_count": 8,
        },
    )
    assert response.status_code == 200
    assert "allerede booket" in response.content.decode()
    assert "venteliste" in response.content.decode()
    assert Booking.objects.count() == 1
    assert citizen.pk


def test_the_booking_api_answers_409_on_a_taken_slot(client, club, rep):
    room = RoomFactory()
    client.force_login(rep)
    s, e = slot(next_weekday(1), time(10), time(12))
    body = {
        "room": room.pk,
        "association": club.pk,
        "starts_at": s.isoformat(),
        "ends_at": e.isoformat(),
    }
    first = client.post(reverse("bookings:api-bookings"), body, content_type="application/json")
    assert first.status_code == 201, first.content
    again = client.post(reverse("bookings:api-bookings"), body, content_type="application/json")
    assert again.status_code == 409
    assert "allerede booket" in again.json()["detail"]


def test_the_openapi_schema_describes_availability_booking_and_lock(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ["/api/rooms/availability/", "/api/bookings/", "/api/doors/{id}/check/"]:
        assert path in schema


def test_ical_feeds_need_the_token_and_show_the_door_code_only_to_the_association(
    client, room, club, rep
):
    booking = book(room, rep, next_weekday(1), time(10), time(12), club, title="Bestyrelsesmøde")
    assoc_feed = client.get(reverse("bookings:association-feed", args=[club.feed_token]))
    assert assoc_feed.status_code == 200
    assert assoc_feed["Content-Type"].startswith("text/calendar")
    body = assoc_feed.content.decode()
    assert "BEGIN:VEVENT" in body and booking.door_code.code in body
    room_feed = client.get(reverse("bookings:room-feed", args=[room.feed_token]))
    assert "Bestyrelsesmøde" in room_feed.content.decode()
    assert booking.door_code.code not in room_feed.content.decode()
    assert client.get(reverse("bookings:room-feed", args=["x" * 32])).status_code == 404


def test_the_association_rotates_its_feed_address_and_the_old_one_stops_at_once(
    client, room, club, rep
):
    booking = book(room, rep, next_weekday(1), time(10), time(12), club)
    old = reverse("bookings:association-feed", args=[club.feed_token])
    assert booking.door_code.code in client.get(old).content.decode()
    client.force_login(rep)
    page = client.get(reverse("bookings:booking-list"))
    assert reverse("community:association-rotate-feed", args=[club.pk]) in page.text
    done = client.post(reverse("community:association-rotate-feed", args=[club.pk]), follow=True)
    assert "ny kalenderadresse" in done.text
    club.refresh_from_db()
    new = reverse("bookings:association-feed", args=[club.feed_token])
    assert new != old and new in done.text
    assert client.get(old).status_code == 404
    assert booking.door_code.code in client.get(new).content.decode()


def test_only_the_association_may_rotate_its_feed_address(client, club):
    before = club.feed_token
    client.force_login(association_rep(AssociationFactory(), email="other@example.dk"))
    response = client.post(reverse("community:association-rotate-feed", args=[club.pk]))
    assert response.status_code == 403
    club.refresh_from_db()
    assert club.feed_token == before


def test_only_administrators_see_utilisation(client, room, club, rep):
    client.force_login(rep)
    assert client.get(reverse("bookings:utilisation")).status_code == 403
    client.force_login(administrator())
    response = client.get(reverse("bookings:utilisation"))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(room) in html and "chart-weeks" in html and '<th scope="row">' in html


def test_utilisation_counts_booked_open_hours_and_no_shows(room, club, rep):
    from bookings import selectors

    day = next_weekday(1)
    used = book(room, rep, day, time(10), time(12), club)
    book(room, rep, day, time(14), time(15), club)
    door, _ = services.door_create(room=room, name="Dør")
    services.door_check(door=door, code=used.door_code.code, at=used.starts_at)
    data = selectors.utilisation(first=day, last=day, now=used.starts_at + timedelta(days=1))
    row = next(r for r in data["rooms"] if r["room"] == room)
    assert row["open_h"] == 15
    assert row["booked_h"] == 3
    assert (row["used"], row["no_shows"]) == (1, 1)
    assert row["share"] == 20
    building = next(b for b in data["buildings"] if b["building"] == room.building)
    assert building["weeks"] == [20]


def test_a_weekly_search_over_easter_counts_the_weeks_a_series_would_book(client, rep, club):
    room = RoomFactory(name="Salen", max_days_ahead=500)
    easter_monday = coming_easter_monday()
    first, last = easter_monday - timedelta(weeks=1), easter_monday + timedelta(weeks=1)
    html = client.get(
        reverse("bookings:room-search"),
        weekly_search(first, last, weekday=0),
        HTTP_HX_REQUEST="true",
    ).text
    assert "Ledig alle 2 uger" in html  # 2. påskedag is skipped, as the series skips it
    assert re.search(
        r"springer helligdage og skoleferier over: mandag \d+\. \w+ \d{4} \(2\. påskedag\)\.", html
    )
    preview = services.series_preview(room=room, pattern=weekly(first, last, weekday=0))
    assert len([o for o in preview if o.ok]) == 2


def test_free_weekly_slots_and_the_nearest_accessible_room(rep, club):
    from bookings import selectors

    room = RoomFactory(opens_at=time(8), closes_at=time(12), open_weekdays=[0])
    room.building.lat, room.building.lon = 55.77, 9.70
    room.building.save()
    start = holiday_free_weekday(0, 3)
    book(room, rep, start + timedelta(weeks=1), time(8), time(10), club)
    slots = selectors.free_weekly_slots(room, weeks=3, duration_min=120, start=start)
    assert slots == [(0, time(10), time(12))]
    found = selectors.nearest_accessible_room_with_free_slot(lon=9.70, lat=55.77, weekday=0)
    assert found is not None and found[0] == room


def test_association_booking_counts_by_area(hedensted_areas, rep, club):
    from bookings import selectors
    from community.tests.factories import BuildingFactory

    building = BuildingFactory(postcode="8723", street="Skolegade 3")
    room = RoomFactory(building=building)
    book(room, rep, next_weekday(1), time(10), time(12), club)
    counts = selectors.association_booking_counts_by_area()
    assert counts == {building.local_area_id: 1}


def test_nobody_else_sees_or_cancels_a_booking(client, room, club, rep):
    booking = book(room, rep, next_weekday(1), time(10), time(12), club)
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(reverse("bookings:booking-detail", args=[booking.pk])).status_code == 404
    assert client.post(reverse("bookings:booking-cancel", args=[booking.pk])).status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_the_confirmation_email_carries_the_door_code(
    room, club, rep, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(room, rep, next_weekday(1), time(10), time(12), club)
    message = mail.outbox[-1]
    assert message.to == [rep.email]
    assert booking.door_code.code in message.body
    assert "10:00" in message.body


def test_the_utilisation_page_query_count_does_not_grow_with_rooms(
    client, club, rep, django_assert_max_num_queries
):
    client.force_login(administrator())
    for i in range(2):
        book(RoomFactory(lock_enabled=True), rep, next_weekday(1), time(10 + i), time(12 + i), club)
    with django_assert_max_num_queries(15):
        client.get(reverse("bookings:utilisation"))
    for i in range(12):
        book(RoomFactory(lock_enabled=True), rep, next_weekday(2), time(8 + i), time(9 + i), club)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("bookings:utilisation")).status_code == 200


def test_a_door_code_shows_only_while_its_booking_is_confirmed(client, room, club, rep):
    booking = book(room, rep, next_weekday(1), time(10), time(12), club)
    code = booking.door_code.code
    client.force_login(rep)
    assert code in client.get(reverse("bookings:booking-list")).text
    assert code in client.get(reverse("bookings:booking-detail", args=[booking.pk])).text
    services.booking_cancel(booking=booking, cancelled_by=rep)
    booking.refresh_from_db()
    assert booking.live_door_code is None
    assert code not in client.get(reverse("bookings:booking-list")).text
    detail = client.get(reverse("bookings:booking-detail", args=[booking.pk])).text
    assert code not in detail and "slettet" in detail


def test_my_bookings_are_the_same_in_the_page_and_the_api_also_for_an_administrator(
    client, room, club, rep
):
    theirs = book(room, rep, next_weekday(1), time(10), time(12), club, title="Foreningens møde")
    ada = administrator()
    mine = book(room, ada, next_weekday(2), time(10), time(12), title="Adas møde")
    client.force_login(ada)
    api = client.get(reverse("bookings:api-bookings")).json()
    assert [b["id"] for b in api] == [mine.pk]
    page = client.get(reverse("bookings:booking-list")).text
    assert reverse("bookings:booking-detail", args=[mine.pk]) in page
    assert reverse("bookings:booking-detail", args=[theirs.pk]) not in page
    client.force_login(rep)
    assert [b["id"] for b in client.get(reverse("bookings:api-bookings")).json()] == [theirs.pk]
