"""The figures a coordinator reads on the matching overview and the volunteer dashboard link to the
list of exactly what they count."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.tests.factories import CitizenFactory, core_task
from matching.models import FollowUp, Need
from matching.tests.factories import active_match, make_need

pytestmark = pytest.mark.django_db


def figure(page: str, label: str) -> tuple[int, str]:
    """The number on a figure and the address it links to (the link wraps it or sits beside it)."""
    found = re.search(
        r'<a class="samskab-figure" href="([^"]+)"><strong>(\d+)</strong>' + label, page
    ) or re.search(r'<strong>(\d+)</strong> <a href="([^"]+)">' + label, page)
    assert found, f"no link on the figure {label}"
    number, href = (
        (found.group(2), found.group(1)) if found.re.pattern.startswith("<a") else found.groups()
    )
    return int(number), href.replace("&amp;", "&")


def named(first: str):
    return CitizenFactory(
        first_name=first, last_name="Jensen", core_tasks=[core_task("social-omsorg")]
    )


def names(page: str) -> set[str]:
    return set(re.findall(r"<td>(\w+) Jensen</td>", page))


@pytest.fixture
def needs_and_matches(birthe):
    _need, _volunteer, due = active_match(birthe, citizen=named("Erna"))
    active_match(birthe, citizen=named("Frida"))
    make_need(citizen=named("Asta"), status=Need.Status.REQUESTED)
    make_need(citizen=named("Bodil"), status=Need.Status.OPEN)
    make_need(citizen=named("Carla"), status=Need.Status.PROPOSED)
    make_need(citizen=named("Dagny"), status=Need.Status.CLOSED)
    FollowUp.objects.filter(match=due, stage=FollowUp.Stage.TWO_WEEKS).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )


@pytest.mark.parametrize(
    "page_name, needs_label, due_label",
    [
        ("matching:overview", "åbne behov", "opfølgninger skal laves nu"),
        ("volunteers:dashboard", "åbne behov", "opfølgninger skal laves"),
    ],
)
def test_the_open_needs_and_the_follow_ups_due_open_the_lists_of_those_they_count(
    client, birthe, needs_and_matches, page_name, needs_label, due_label
):
    client.force_login(birthe)
    page = client.get(reverse(page_name)).text

    count, href = figure(page, needs_label)
    assert count == 2
    assert names(client.get(href).text) == {"Asta", "Bodil"}

    count, href = figure(page, due_label)
    assert count == 1
    assert names(client.get(href).text) == {"Erna"}


def test_the_need_list_still_shows_needs_with_a_proposal_waiting_without_the_figure_s_filter(
    client, birthe, needs_and_matches
):
    client.force_login(birthe)
    page = client.get(reverse("matching:need-list")).text
    assert names(page) == {"Asta", "Bodil", "Carla"}
