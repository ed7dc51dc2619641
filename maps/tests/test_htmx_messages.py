"""A message made by an in-page update is shown by that update, and does not wait to pile up."""

import pytest
from django.urls import reverse

from community.tests.factories import area_contact
from maps.models import ProblemReport

pytestmark = pytest.mark.django_db


def test_each_in_page_click_shows_its_own_message_and_the_next_page_has_none_left(
    client, make_facility, area
):
    client.force_login(area_contact(area))
    reports = [
        ProblemReport.objects.create(facility=make_facility(f"Shelter {n}"), description="Knækket")
        for n in (1, 2, 3)
    ]
    for report in reports:
        answer = client.post(
            reverse("maps:problem-advance", args=[report.pk]), HTTP_HX_REQUEST="true"
        ).content.decode()
        # The row, and the page's message box swapped out of band with this click's message only.
        assert f'id="problem-{report.pk}"' in answer
        assert 'id="samskab-messages"' in answer and 'hx-swap-oob="true"' in answer
        assert answer.count("er nu: Modtaget") == 1
        assert report.facility.name in answer.split('id="samskab-messages"')[1]
    page = client.get(reverse("maps:problem-list")).content.decode()
    assert "er nu: Modtaget" not in page
