"""Numbers people read carry the language's thousands separator: "4.100 indbyggere", "4,100"."""

import pytest
from django.urls import reverse

from community.tests.factories import LocalAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def uldum(db):
    return LocalAreaFactory(name="Uldum", slug="uldum", population=4100)


def english(client):
    client.cookies.load({"django_language": "en"})
    return client


def test_the_area_page_writes_4100_inhabitants_with_a_separator_in_both_languages(client, uldum):
    url = reverse("localareas:area-detail", args=["uldum"])
    assert "Indbyggere</dt><dd>4.100</dd>" in client.get(url).text
    assert "Inhabitants</dt><dd>4,100</dd>" in english(client).get(url).text


def test_the_area_list_writes_the_population_with_a_separator(client, uldum):
    url = reverse("localareas:area-list")
    assert "<td>4.100</td>" in client.get(url).text
    assert "<td>4,100</td>" in english(client).get(url).text


def test_the_report_writes_the_population_with_a_separator(client, uldum):
    url = reverse("localareas:area-report", args=["uldum"])
    assert "Indbyggere</th><td>4.100</td>" in client.get(url).text
    assert "Inhabitants</th><td>4,100</td>" in english(client).get(url).text


def test_the_involvement_and_participation_pages_write_the_population_with_a_separator(
    client, uldum
):
    assert "<td>4.100</td>" in client.get(reverse("localareas:involvement")).text
    assert "<td>4.100</td>" in client.get(reverse("hearings:participation")).text
    assert "<td>4,100</td>" in english(client).get(reverse("hearings:participation")).text
