"""The printable area report shows real figures next to the municipality's."""

import pytest
from django.urls import reverse

from community.tests.factories import LocalAreaFactory, LocalCouncilFactory, council_member
from localareas.models import Project
from matching.models import Need
from matching.tests.factories import make_need

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
