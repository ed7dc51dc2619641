"""The involvement index page on known data, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Building
from community.tests.factories import (
    AssociationFactory,
    LocalAreaFactory,
    RoomFactory,
    UserFactory,
)
from hearings import services
from hearings.models import Response
from hearings.tests.factories import make_hearing
from localareas.involvement import involvement_table
from matching.models import Match
from matching.tests.factories import make_need, make_volunteer
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_areas():
    """Asby (1,000 inhabitants): 10 volunteers, 5 answers, 2 active matches.
    Bestrup (2,000): 10 volunteers, 4 association bookings."""
    now = timezone.now()
    asby = LocalAreaFactory(name="Asby", slug="asby", population=1000)
    bestrup = LocalAreaFactory(name="Bestrup", slug="bestrup", population=2000)
    for area in (asby, bestrup):
        for _ in range(10):
            v = make_volunteer()
            Volunteer.objects.filter(pk=v.pk).update(
                local_area=area, created_at=now - timedelta(days=60)
            )
    hearing = make_hearing(area=asby)
    for _ in range(5):
        services.response_submit(hearing=hearing, user=UserFactory(), answers={})
    for _ in range(2):
        need = make_need()
        Match.objects.create(
            need=need,
            volunteer=make_volunteer(),
            core_task=need.core_task,
            status=Match.Status.ACTIVE,
            started_at=now - timedelta(days=30),
            local_area=asby,
        )
    room = RoomFactory()
    Building.objects.filter(pk=room.building_id).update(local_area=bestrup)
    association, booker = AssociationFactory(), UserFactory()
    for week in range(4):
        start = now - timedelta(days=7 * (week + 1))
        Booking.objects.create(
            room=room,
            booked_by=booker,
            association=association,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            status=Booking.Status.CONFIRMED,
        )
    return asby, bestrup


def test_the_index_on_known_data(two_areas):
    asby, bestrup = two_areas
    rows = {r["area"].slug: r for r in involvement_table()}
    assert rows["asby"]["rates"] == {
        "volunteers": 10.0,
        "answers": 5.0,
        "bookings": 0.0,
        "matches": 2.0,
    }
    assert rows["bestrup"]["rates"] == {
        "volunteers": 5.0,
        "answers": 0.0,
        "bookings": 2.0,
        "matches": 0.0,
    }
    # Asby is highest on three of four components: (1 + 1 + 0 + 1) / 4; Bestrup (0.5 + 0 + 1 + 0) / 4.
    assert rows["asby"]["index"] == 75.0
    assert rows["bestrup"]["index"] == 37.5
    # Four quarters: everything happened in the last one, so the trend rises.
    assert rows["asby"]["quarters"][0] == 0.0 and rows["asby"]["quarters"][-1] == 75.0
    assert rows["asby"]["change"] == 75.0


def test_answers_waiting_for_confirmation_do_not_count(two_areas):
    asby, _ = two_areas
    Response.objects.update(confirmed_at=None)
    rows = {r["area"].slug: r for r in involvement_table()}
    assert rows["asby"]["rates"]["answers"] == 0.0


def test_the_index_page_shows_map_data_and_table_in_a_fixed_number_of_queries(
    client, two_areas, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as small:
        page = client.get(reverse("localareas:involvement"))
    assert page.status_code == 200
    assert "<strong>75,0</strong>" in page.text and "Bestrup" in page.text
    for i in range(10):
        LocalAreaFactory(name=f"Ekstra {i}", slug=f"ekstra-{i}", population=500)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("localareas:involvement"))


def test_rows_outside_every_period_do_not_count_and_those_at_its_edges_do(two_areas):
    """The counts read only rows that can fall in a period (an index range); what they count is
    that of testing every row against every period."""
    from localareas.involvement import component_counts, periods

    asby, bestrup = two_areas
    now = timezone.now()
    year_start = periods(now)["year"][0]
    hearing = Response.objects.first().hearing
    old, edge = (
        services.response_submit(hearing=hearing, user=UserFactory(), answers={})[0]
        for _ in range(2)
    )
    Response.objects.filter(pk=old.pk).update(confirmed_at=year_start - timedelta(seconds=1))
    Response.objects.filter(pk=edge.pk).update(confirmed_at=year_start)
    need = make_need()
    common = {"core_task": need.core_task, "local_area": asby, "status": Match.Status.ENDED}
    common["outcome"] = Match.Outcome.GOAL_REACHED
    # Ended before the year began: no period. Began two years ago and still going: every period.
    Match.objects.create(
        need=need,
        volunteer=make_volunteer(),
        started_at=now - timedelta(days=800),
        ended_at=year_start - timedelta(days=1),
        **common,
    )
    Match.objects.create(
        need=make_need(),
        volunteer=make_volunteer(),
        started_at=now - timedelta(days=800),
        **{**common, "status": Match.Status.ACTIVE, "outcome": ""},
    )
    counts = component_counts(now=now)
    assert counts["answers"]["year"][asby.pk] == 6  # five, and the one on the first moment
    assert counts["answers"]["q0"].get(asby.pk, 0) == 0  # the quarters start a day later
    assert counts["matches"]["year"][asby.pk] == 3
    assert counts["matches"]["q0"][asby.pk] == 1  # only the one still going
    assert counts["bookings"]["year"][bestrup.pk] == 4
