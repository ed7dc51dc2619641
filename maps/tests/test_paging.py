"""Paging the facility list and the problem reports keeps the filters (community/_pagination.html)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from community.tests.factories import administrator
from maps.models import Facility, ProblemReport

pytestmark = pytest.mark.django_db


def next_link(html: str) -> dict[str, str]:
    href = unescape(re.search(r'<a rel="next" href="([^"]*)"', html).group(1))
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


def test_page_2_of_the_filtered_facility_list_keeps_the_search_the_layer_and_the_yes_no_filter(
    client, layers, area
):
    shelters, fire_pits = layers["shelters"], layers["fire-pits"]
    point = {"type": "Point", "coordinates": [9.71, 55.77]}
    Facility.objects.bulk_create(
        [
            Facility(name=f"Shelter {i:02}", layer=shelters, geometry=point, wheelchair=True)
            for i in range(60)
        ]
        + [
            Facility(name=f"Shelter uden rampe {i}", layer=shelters, geometry=point)
            for i in range(60)
        ]
        + [
            Facility(name=f"Shelterbål {i}", layer=fire_pits, geometry=point, wheelchair=True)
            for i in range(60)
        ]
    )
    filters = {"q": "Shelter", "layers": "shelters", "wheelchair": "1"}

    first = client.get(reverse("maps:facility-list"), filters)
    assert next_link(first.text) == {**filters, "page": "2"}
    second = client.get(reverse("maps:facility-list"), {**filters, "page": "2"})
    assert "Side 2 af 2" in second.text
    assert "Shelter 59" in second.text
    assert "uden rampe" not in second.text and "Shelterbål" not in second.text


def test_the_problem_reports_have_a_second_page_that_keeps_the_status_filter(client, make_facility):
    shelter = make_facility()
    ProblemReport.objects.bulk_create(
        [
            ProblemReport(facility=shelter, description=f"Modtaget {i}", status="acknowledged")
            for i in range(55)
        ]
        + [ProblemReport(facility=shelter, description=f"Ny {i}") for i in range(55)]
    )
    client.force_login(administrator())

    first = client.get(reverse("maps:problem-list"), {"status": "acknowledged"})
    assert next_link(first.text) == {"status": "acknowledged", "page": "2"}
    second = client.get(reverse("maps:problem-list"), {"status": "acknowledged", "page": "2"})
    assert second.text.count("Modtaget ") == 5
    assert "Ny " not in second.text
