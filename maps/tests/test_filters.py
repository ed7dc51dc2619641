"""The URL filters of the map, the list, the embed, the API and the problem list (maps/filters.py)."""

import pytest
from django.urls import reverse

from community.tests.factories import area_contact
from maps.models import ProblemReport

pytestmark = pytest.mark.django_db
API = "/kort/api/facilities.geojson"


@pytest.fixture
def places(make_facility, area):
    return [
        make_facility("Shelter i Testby", "shelters", 9.71, 55.77, wheelchair=True),
        make_facility("Bålplads i Testby", "fire-pits", 9.715, 55.775, fire_allowed=True),
        make_facility("Legeplads ved Vejle", "playgrounds", 9.53, 55.71, wheelchair=False),
    ]


def names(response):
    return sorted(f["properties"]["name"] for f in response.json()["features"])


def listed(client, params) -> str:
    response = client.get(reverse("maps:facility-list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_layers_may_come_comma_separated_or_one_parameter_each(client, places):
    both = ["Bålplads i Testby", "Shelter i Testby"]
    assert names(client.get(API, {"layers": "shelters,fire-pits"})) == both
    assert names(client.get(API + "?layers=shelters&layers=fire-pits")) == both
    assert names(client.get(API, {"layers": " shelters , "})) == ["Shelter i Testby"]


def test_yes_and_no_are_understood_in_danish_and_english(client, places):
    for yes in ["1", "ja", "JA", "true", "yes", "on"]:
        assert names(client.get(API, {"wheelchair": yes})) == ["Shelter i Testby"]
    for no in ["0", "nej", "false", "no", "off"]:
        assert names(client.get(API, {"wheelchair": no})) == ["Legeplads ved Vejle"]


def test_a_value_that_makes_no_sense_is_ignored(client, places):
    everything = names(client.get(API))
    assert len(everything) == 3
    for params in [{"wheelchair": "måske"}, {"status": "burning"}, {"layers": ","}]:
        response = client.get(API, params)
        assert response.status_code == 200 and names(response) == everything


def test_the_status_filter_takes_the_known_statuses(client, places):
    places[1].status = "closed"
    places[1].save()
    assert names(client.get(API, {"status": "closed"})) == ["Bålplads i Testby"]


@pytest.mark.parametrize(
    "bbox", ["nonsense", "9.5,55.7,9.6", "9.6,55.7,9.5,55.72", "nan,55.7,9.6,55.72", "-inf,1,inf,2"]
)
def test_a_bbox_that_is_not_four_or_six_ordered_finite_numbers_gets_400_with_the_reason(
    client, places, bbox
):
    response = client.get(API, {"bbox": bbox})
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "bbox skal være fire eller seks tal: vest,syd,øst,nord eller vest,syd,lav,øst,nord,høj "
        "(WGS84, længdegrad før breddegrad)."
    )


def test_a_bad_bbox_on_the_list_page_is_ignored(client, places):
    html = listed(client, {"bbox": "nonsense"})
    assert "Shelter i Testby" in html and "Legeplads ved Vejle" in html


def test_a_long_search_is_cut_not_refused(client, places):
    html = listed(client, {"q": "Shelter" + " " * 200 + "x"})
    assert "Shelter i Testby" in html and "Legeplads ved Vejle" not in html


@pytest.mark.parametrize("name", ["maps:map", "maps:embed", "maps:share", "maps:facility-list"])
def test_a_nul_character_in_a_filter_is_ignored_on_every_page(client, places, name):
    # PostgreSQL refuses NUL in a query parameter: the filter must never reach it.
    response = client.get(
        reverse(name), {"area": "test\x00by", "layers": "shel\x00ters", "q": "\x00"}
    )
    assert response.status_code == 200
    if name == "maps:facility-list":
        html = response.content.decode()
        assert "Shelter i Testby" in html and "Legeplads ved Vejle" in html


def test_the_filters_on_the_list_page_combine(client, places):
    html = listed(client, {"area": "testby", "wheelchair": "1", "q": "shelter"})
    assert "Shelter i Testby" in html
    assert "Bålplads i Testby" not in html and "Legeplads ved Vejle" not in html


@pytest.fixture
def reports(make_facility, area):
    shelter = make_facility()
    new = ProblemReport.objects.create(facility=shelter, description="Knækket bænk")
    fixed = ProblemReport.objects.create(
        facility=shelter, description="Væltet skilt", status=ProblemReport.Status.FIXED
    )
    return new, fixed


def problem_page(client, area, params) -> str:
    client.force_login(area_contact(area))
    response = client.get(reverse("maps:problem-list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_problem_list_shows_open_reports_first_and_all_when_asked(client, area, reports):
    html = problem_page(client, area, {})
    assert "Knækket bænk" in html and "Væltet skilt" not in html
    html = problem_page(client, area, {"status": "all"})
    assert "Knækket bænk" in html and "Væltet skilt" in html
    html = problem_page(client, area, {"status": "fixed"})
    assert "Knækket bænk" not in html and "Væltet skilt" in html
    assert '<option value="fixed" selected>' in html


def test_an_unknown_problem_status_shows_the_open_reports(client, area, reports):
    html = problem_page(client, area, {"status": "bogus"})
    assert "Knækket bænk" in html and "Væltet skilt" not in html
    assert '<option value="open" selected>' in html
