"""The room search over many rooms: paged with the search kept, the best rooms on the first page,
each room's clash list short with a count of the rest, the in-page update showing the same."""

import html as html_lib
import re
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import Room
from bookings.room_search import CLASHES_SHOWN, ROOMS_PER_PAGE, RoomSearch, availability_search
from bookings.selectors import rooms_matching
from bookings.tests.conftest import book, holiday_free_weekday, weekly_search
from community.tests.factories import BuildingFactory, RoomFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
WEEKS = 8
ROOMS = ROOMS_PER_PAGE + 5


def _room_names(html: str) -> list[str]:
    """The rooms in the order the results list shows them."""
    return [
        html_lib.unescape(name)
        for name in re.findall(r'<h3 class="h4"><a href="/lokaler/\d+/">([^<]*)</a></h3>', html)
    ]


@pytest.fixture
def season():
    return holiday_free_weekday(1, WEEKS)


@pytest.fixture
def many_rooms(season, rep, club):
    """25 big rooms and a small one; the rooms from Sal 10 on are each taken on some Tuesdays, so
    the rooms free every week are not the first ones by name."""
    building = BuildingFactory(name="Hallen")
    RoomFactory(building=building, name="Lille rum", capacity=4)
    rooms = [RoomFactory(building=building, name=f"Sal {n:02d}", capacity=30) for n in range(ROOMS)]
    for n, room in enumerate(rooms[10:]):
        for week in range(n % 3 + 1):
            book(room, rep, season + timedelta(weeks=week), time(19), time(20), club)
    busy = rooms[0]
    for week in range(CLASHES_SHOWN + 2):
        book(busy, rep, season + timedelta(weeks=week), time(19), time(20), club)
    return rooms


def _search(season, **extra):
    return weekly_search(season, season + timedelta(weeks=WEEKS - 1), capacity=10, **extra)


def _unpaged(season) -> list[str]:
    results = availability_search(
        rooms_matching(capacity=10),
        weekday=1,
        first_date=season,
        last_date=season + timedelta(weeks=WEEKS - 1),
        start_time=time(19),
        end_time=time(21),
    )
    return [str(r.room) for r in results]


def test_the_first_page_holds_the_best_rooms_and_the_pages_follow_the_unpaged_ranking(
    client, season, many_rooms
):
    first = client.get(reverse("bookings:room-search"), _search(season)).content.decode()
    second = client.get(reverse("bookings:room-search"), _search(season, side=2)).content.decode()
    shown = _room_names(first) + _room_names(second)
    assert len(_room_names(first)) == ROOMS_PER_PAGE
    assert shown == _unpaged(season)
    assert "Hallen: Sal 01" in _room_names(first)
    assert "Hallen: Sal 00" in _room_names(second)
    assert f"{ROOMS} lokaler passer" in first and f"{ROOMS} lokaler passer" in second
    assert "Side 1 af 2" in first and "Side 2 af 2" in second


def test_page_two_of_a_filtered_search_is_page_two_of_that_search(client, season, many_rooms):
    html = client.get(reverse("bookings:room-search"), _search(season)).content.decode()
    link = re.search(r'<a rel="next" href="([^"]*)"', html).group(1)
    query = html_lib.unescape(link)
    assert "capacity=10" in query and "mode=weekly" in query and "side=2" in query
    second = client.get(reverse("bookings:room-search") + query).content.decode()
    assert "Lille rum" not in second
    assert _room_names(second) == _unpaged(season)[ROOMS_PER_PAGE:]
    assert f'value="{season.isoformat()}"' in second


def test_the_booking_links_carry_the_search_but_not_the_page(client, season, many_rooms):
    html = client.get(reverse("bookings:room-search"), _search(season, side=2)).content.decode()
    links = re.findall(r'href="/lokaler/\d+/fast/\?([^"]*)"', html)
    assert links and all("capacity=10" in q and "side" not in q for q in links)


def test_a_room_with_many_clashes_lists_the_first_few_and_says_how_many_more(
    client, season, many_rooms
):
    html = client.get(reverse("bookings:room-search"), _search(season, side=2)).content.decode()
    card = html.split("Hallen: Sal 00")[1].split("</li>\n")[0]
    assert f"{CLASHES_SHOWN + 2} datoer kan ikke bookes" in card
    assert card.count("<li>") == CLASHES_SHOWN
    assert "og 2 andre datoer" in card
    later = season + timedelta(weeks=CLASHES_SHOWN)
    assert f'/lokaler/{many_rooms[0].pk}/?uge={later.isoformat()}"' in card


def test_the_clash_count_and_the_rest_read_in_english(client, season, many_rooms):
    client.cookies.load({"django_language": "en"})
    html = client.get(reverse("bookings:room-search"), _search(season, side=2)).content.decode()
    card = html.split("Hallen: Sal 00")[1].split("</li>\n")[0]
    assert "and 2 other dates" in card
    assert "Taken" in card
    assert "See the room&#x27;s calendar" in card or "See the room's calendar" in card
    assert "Page 2 of 2" in html


def test_the_in_page_update_shows_the_same_page_of_the_same_search(client, season, many_rooms):
    full = client.get(reverse("bookings:room-search"), _search(season, side=2)).content.decode()
    partial = client.get(
        reverse("bookings:room-search"), _search(season, side=2), **HTMX
    ).content.decode()
    assert "<html" not in partial
    assert _room_names(partial) == _room_names(full) == _unpaged(season)[ROOMS_PER_PAGE:]
    assert "og 2 andre datoer" in partial and "Side 2 af 2" in partial
    assert 'hx-boost="true" hx-target="#room-search"' in partial


def test_a_page_number_past_the_end_or_not_a_number_shows_a_real_page(client, season, many_rooms):
    past = client.get(reverse("bookings:room-search"), _search(season, side=99))
    junk = client.get(reverse("bookings:room-search"), _search(season, side="x"))
    assert past.status_code == junk.status_code == 200
    assert "Side 2 af 2" in past.content.decode()
    assert "Side 1 af 2" in junk.content.decode()


def test_errors_still_show_at_the_fields_of_a_paged_search(client, season, many_rooms):
    query = _search(season, side=2, end_time="18:00")
    for extra in ({}, HTMX):
        html = client.get(reverse("bookings:room-search"), query, **extra).content.decode()
        assert re.search(
            r'id="id_end_time_error">.*Sluttidspunktet skal ligge efter starttidspunktet', html
        )
        assert "lokaler passer" not in html


def _search_queries(rooms, season, **when) -> list[str]:
    when = when or {
        "weekday": 1,
        "first_date": season,
        "last_date": season + timedelta(weeks=WEEKS - 1),
    }
    with CaptureQueriesContext(connection) as queries:
        RoomSearch(rooms, start_time=time(19), end_time=time(21), **when).page(1)
    return [q["sql"] for q in queries.captured_queries]


def _slot_reads(queries: list[str]) -> int:
    return len([q for q in queries if "community_bookingslot" in q.lower()])


def test_a_weekly_search_reads_the_slots_once_for_ranking_and_the_shown_clashes(season, many_rooms):
    few = list(Room.objects.select_related("building"))[:3]
    RoomFactory.create_batch(10, capacity=30)
    everyone = list(Room.objects.select_related("building"))
    few_sql, all_sql = _search_queries(few, season), _search_queries(everyone, season)
    assert len(few_sql) == len(all_sql)
    assert _slot_reads(all_sql) == 1


def test_a_search_from_a_queryset_costs_the_same_queries_for_more_rooms(season, many_rooms):
    few_sql = _search_queries(rooms_matching(capacity=10), season)
    RoomFactory.create_batch(30, capacity=30)
    all_sql = _search_queries(rooms_matching(capacity=10), season)
    assert len(few_sql) == len(all_sql)
    day_sql = _search_queries(rooms_matching(capacity=10), season, day=season)
    # One day also shows each shown room's free intervals: one more read, of those rooms' slots.
    assert _slot_reads(all_sql) == 1 and _slot_reads(day_sql) == 2


def test_the_ranking_counts_the_same_free_dates_as_the_detail(season, many_rooms):
    found = RoomSearch(
        list(Room.objects.select_related("building")),
        weekday=1,
        first_date=season,
        last_date=season + timedelta(weeks=WEEKS - 1),
        start_time=time(19),
        end_time=time(21),
    )
    counted = {str(r.room): r.dates_free for r in found.ranked}
    detailed = found.detail(found.ranked)
    assert all(r.dates_taken == len(r.clashes) for r in detailed)
    assert counted["Hallen: Sal 00"] == WEEKS - CLASHES_SHOWN - 2
    assert found.page(2).object_list[0].clashes


def test_the_equipment_filter_keeps_only_rooms_with_all_of_it(many_rooms):
    from bookings.models import Equipment

    RoomFactory(name="Biografen", equipment=[Equipment.PROJECTOR, Equipment.SPEAKERS])
    RoomFactory(name="Klassen", equipment=[Equipment.PROJECTOR])
    found = rooms_matching(equipment=[Equipment.PROJECTOR, Equipment.SPEAKERS])
    assert [room.name for room in found] == ["Biografen"]
    assert {r.name for r in rooms_matching(equipment=[Equipment.PROJECTOR])} == {
        "Biografen",
        "Klassen",
    }
