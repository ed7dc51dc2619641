"""Every figure on the coordinator's dashboard links to the list of exactly what it counts."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.tests.factories import UserFactory, core_task
from volunteers.models import Application
from volunteers.tests.factories import OpportunityFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def named(first, **fields):
    return VolunteerFactory(user=UserFactory(first_name=first, last_name="Jensen"), **fields)


def tile_link(page: str, label: str) -> str:
    match = re.search(
        r'<a class="samskab-figure" href="([^"]+)"><strong>\d+</strong>' + label, page
    )
    assert match, f"no link on the tile {label}"
    return match.group(1).replace("&amp;", "&")


def test_each_volunteer_tile_opens_the_list_of_those_it_counts(client, social):
    named("Ole", status="applied")
    named("Tove", status="talk")
    named("Karen", status="active")
    busy = named("Bent", status="active")
    Application.objects.create(volunteer=busy, opportunity=OpportunityFactory(), status="approved")
    named(
        "Inge",
        status="active",
        child_certificate_checked_on=timezone.localdate() - timedelta(days=360),
    )
    named("Fremmed", status="applied", core_tasks=[core_task("laering")])
    client.force_login(social)
    page = client.get(reverse("volunteers:dashboard")).text
    listed = {
        label: client.get(tile_link(page, label)).text
        for label in ("nye ansøgere", "aktive uden en opgave", "børneattester udløber snart")
    }

    def names(text):
        return {
            n
            for n in ("Ole", "Tove", "Karen", "Bent", "Inge", "Fremmed")
            if f">{n} Jensen<" in text
        }

    assert names(listed["nye ansøgere"]) == {"Ole", "Tove"}
    assert names(listed["aktive uden en opgave"]) == {"Karen", "Inge"}
    assert names(listed["børneattester udløber snart"]) == {"Inge"}
    assert tile_link(page, "timeregistreringer venter").startswith(
        reverse("volunteers:hours-approve")
    )
