"""The printable area report shows real figures next to the municipality's."""

import re

import pytest
from django.urls import reverse

from community.tests.factories import LocalAreaFactory, LocalCouncilFactory, council_member
from localareas.models import Project
from matching.models import Need
from matching.tests.factories import make_need, make_volunteer
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def test_the_report_shows_the_areas_figures_council_and_projects(client):
    area = LocalAreaFactory(name="Uldum", slug="uldum", population=2000)
    LocalAreaFactory(name="Barrit", slug="barrit", population=2000)
    council = LocalCouncilFactory(name="Uldum Lokalråd", areas=[area])
    council_member(council, first_name="Hanne", last_name="Holm")
    for _ in range(3):
        need = make_need()
        Need.objects.filter(pk=need.pk).update(local_area=area)
    project = Project.objects.create(
        title="Lektiecafé i Uldum", goal="Hjælp til lektierne", is_public=True
    )
    project.areas.add(area)

    page = client.get(reverse("localareas:area-report", args=["uldum"]))
    assert page.status_code == 200
    text = page.text
    assert "Borgere, der venter på en frivillig eller et fællesskab</th><td>3</td>" in text
    assert "Uldum Lokalråd" in text and "Hanne Holm" in text
    assert "Lektiecafé i Uldum" in text
    assert "Området sammenlignet med hele kommunen" in text
    assert "data-print" in text
    assert client.get(reverse("localareas:area-report", args=["findes-ikke"])).status_code == 404


def test_the_area_page_list_and_report_show_the_same_volunteers_per_1000_with_one_decimal(client):
    area = LocalAreaFactory(name="Uldum", slug="uldum", population=1500)
    for status in ("active", "approved", "applied", "ended"):
        Volunteer.objects.filter(pk=make_volunteer(status=status).pk).update(local_area=area)
    # Two of the four count (applied and stopped do not): 1000 * 2 / 1500 = 1.333...
    page = client.get(reverse("localareas:area-detail", args=["uldum"])).text
    assert "Frivillige pr. 1.000 indbyggere</dt><dd>1,3</dd>" in page
    listing = client.get(reverse("localareas:area-list")).text
    assert "<td>1,3</td>" in listing
    report = client.get(reverse("localareas:area-report", args=["uldum"])).text
    counted, compared = re.findall(r'<th scope="row">Frivillige</th>\s*<td>([^<]*)</td>', report)
    assert counted == "2" and compared == "1,3"
