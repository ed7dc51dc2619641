"""The figures of the area page, the area list, the involvement index and participation come from the
cache: a change shows at once (the data version moves), and the pages read the same number of queries
at any size."""

import re
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Building
from community import page_cache
from community.tests.factories import AssociationFactory, LocalAreaFactory, RoomFactory, UserFactory
from hearings import services as hearing_services
from hearings.models import Response
from hearings.tests.factories import make_hearing
from localareas import figures
from matching.models import Match, Need
from matching.tests.factories import make_need, make_volunteer
from volunteers.models import Volunteer
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


# A point inside Asby: saving a row with an address places it in its area by the point.
IN_ASBY = {"lon": 9.71, "lat": 55.77}


@pytest.fixture
def asby():
    return LocalAreaFactory(name="Asby", slug="asby", population=1000, lon=9.70, lat=55.76)


@pytest.fixture(autouse=True)
def _fresh_area_lookup():
    """Facilities are placed in their area by a per-process tree: start it again for this database."""
    from localareas import lookup

    lookup._state.update(version=None, tree=None, ids=[])


def area_page(client, area):
    response = client.get(reverse("localareas:area-detail", args=[area.slug]))
    assert response.status_code == 200
    return response.text


def figure(page: str, label: str) -> str:
    """The value shown next to one key figure's label on the area page."""
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd>([^<]*)</dd>", page)
    assert match, label
    return match.group(1)


def test_a_new_volunteer_shows_on_the_area_page_at_once(client, asby):
    assert figure(area_page(client, asby), "Frivillige") == "0"
    VolunteerFactory(**IN_ASBY)
    page = area_page(client, asby)
    assert figure(page, "Frivillige") == "1"
    assert figure(page, "Frivillige pr. 1.000 indbyggere") == "1,0"


def test_a_need_that_is_matched_moves_from_waiting_to_active_at_once(client, asby):
    need = make_need(**IN_ASBY)
    page = area_page(client, asby)
    assert figure(page, "Borgere, der venter på en frivillig eller et fællesskab") == "1"
    assert figure(page, "Aktive match mellem borgere og frivillige") == "0"
    need.status = Need.Status.MATCHED
    need.save(update_fields=["status"])
    Match.objects.create(
        need=need,
        volunteer=make_volunteer(),
        core_task=need.core_task,
        status=Match.Status.ACTIVE,
        started_at=timezone.now(),
        local_area=asby,
    )
    page = area_page(client, asby)
    assert figure(page, "Borgere, der venter på en frivillig eller et fællesskab") == "0"
    assert figure(page, "Aktive match mellem borgere og frivillige") == "1"


def test_facilities_synced_in_bulk_show_on_the_area_page_at_once(client, asby):
    from maps.importers import FacilityRecord
    from maps.services import facilities_sync, layers_seed

    layers_seed()
    assert figure(area_page(client, asby), "Steder på kortet") == "0"
    point = {"type": "Point", "coordinates": [IN_ASBY["lon"], IN_ASBY["lat"]]}
    facilities_sync(
        records=[
            FacilityRecord(
                external_id=str(i), name=f"Shelter {i}", layer="shelters", geometry=point
            )
            for i in range(3)
        ],
        source="test",
    )
    assert figure(area_page(client, asby), "Steder på kortet") == "3"


def test_a_repeat_visit_counts_nothing_again(client, asby, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    VolunteerFactory(**IN_ASBY)
    url = reverse("localareas:area-detail", args=[asby.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert not [q for q in warm.captured_queries if "volunteers_volunteer" in q["sql"]]
    figures.forget_figures()
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    assert [q for q in cold.captured_queries if "volunteers_volunteer" in q["sql"]]


def test_a_change_no_signal_sees_shows_after_the_time_limit(client, asby, monkeypatch):
    VolunteerFactory(**IN_ASBY)
    monkeypatch.setattr(figures, "FIGURES_TTL_S", 1.5)
    monkeypatch.setattr(page_cache, "PAGE_TTL_S", 1.5)  # the whole page is kept too
    assert figure(area_page(client, asby), "Frivillige") == "1"
    Volunteer.objects.update(status=Volunteer.Status.ENDED)  # update() sends no signals
    assert figure(area_page(client, asby), "Frivillige") == "1"
    time.sleep(1.6)
    assert figure(area_page(client, asby), "Frivillige") == "0"


def test_a_confirmed_answer_shows_on_participation_the_index_and_the_list_at_once(client, asby):
    hearing = make_hearing(area=asby)
    participation = reverse("hearings:participation")
    index = reverse("localareas:involvement")
    assert "0 svar det seneste år" in client.get(participation).text
    before = client.get(index).text
    hearing_services.response_submit(hearing=hearing, user=UserFactory(), answers={})
    assert "1 svar det seneste år" in client.get(participation).text
    assert client.get(index).text != before
    assert "Asby" in client.get(reverse("localareas:area-list")).text


def test_the_maps_namespace_is_the_one_the_figures_follow():
    from maps.selectors import DATA_NAMESPACE

    assert figures.FACILITIES_NAMESPACE == DATA_NAMESPACE


def add_counted_rows(areas, n: int) -> None:
    """n volunteers, answers, active matches and association bookings in each area."""
    now = timezone.now()
    association, booker = AssociationFactory(), UserFactory()
    for area in areas:
        hearing = make_hearing(area=area)
        room = RoomFactory()
        Building.objects.filter(pk=room.building_id).update(local_area=area)
        for i in range(n):
            user = UserFactory()
            Volunteer.objects.create(user=user, status=Volunteer.Status.ACTIVE, local_area=area)
            Response.objects.create(
                hearing=hearing, user=user, respondent_key=f"{area.pk}-{user.pk}", confirmed_at=now
            )
            need = make_need(local_area=area)
            Match.objects.create(
                need=need,
                volunteer=make_volunteer(),
                core_task=need.core_task,
                status=Match.Status.ACTIVE,
                started_at=now - timedelta(days=3),
                local_area=area,
            )
            start = now - timedelta(days=7 * (i + 1))
            Booking.objects.create(
                room=room,
                booked_by=booker,
                association=association,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                status=Booking.Status.CONFIRMED,
            )


PAGES = {
    "area page": lambda area: reverse("localareas:area-detail", args=[area.slug]),
    "area list": lambda area: reverse("localareas:area-list"),
    "index": lambda area: reverse("localareas:involvement"),
    "participation": lambda area: reverse("hearings:participation"),
    "report": lambda area: reverse("localareas:area-report", args=[area.slug]),
}


@pytest.mark.parametrize("name", PAGES)
def test_the_pages_read_no_more_queries_at_ten_times_the_data(
    client, name, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    areas = [LocalAreaFactory(population=2000) for _ in range(3)]
    url = PAGES[name](areas[0])
    client.get(reverse("community:home"))  # the municipality row is read once, then cached
    add_counted_rows(areas, 1)
    figures.forget_figures()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert len(warm.captured_queries) < len(cold.captured_queries)
    add_counted_rows(areas, 9)
    figures.forget_figures()  # some rows above were written with update(), which sends no signals
    with django_assert_max_num_queries(len(cold.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(warm.captured_queries)):
        client.get(url)
