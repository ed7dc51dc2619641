"""The coordinators' lists and summary read their data in a fixed number of queries, however much
there is. They start from the same two proposed pairs."""

import pytest
from django.urls import reverse

from community.tests.factories import coordinator, core_task
from matching import selectors
from matching.tests.factories import make_need, proposed

pytestmark = pytest.mark.django_db


@pytest.fixture
def birthe(db):
    """Coordinator of Social & Omsorg, with two pairs proposed. Built per test: each test adds
    data of its own, and a module-wide transaction under it was seen to break under load."""
    user = coordinator("social-omsorg", email="birthe@example.dk")
    proposed(user, n=2)
    return user


def test_coordinator_summary_has_the_agreed_keys_in_a_fixed_number_of_queries(
    birthe, django_assert_max_num_queries
):
    make_need(km_north=30)
    tasks = {core_task("social-omsorg").pk}
    with django_assert_max_num_queries(5):
        small = selectors.coordinator_summary(core_task_ids=tasks)
    for i in range(5):
        make_need(km_north=40 + i)
    with django_assert_max_num_queries(5):
        big = selectors.coordinator_summary(core_task_ids=tasks)
    assert set(big) == {
        "open_needs",
        "open_needs_count",
        "proposals_waiting_count",
        "follow_ups_due_count",
        "needs_by_area",
    }
    assert big["open_needs_count"] == small["open_needs_count"] + 5
    assert big["proposals_waiting_count"] == 2
    assert set(big["open_needs"][0]) == {"pk", "kind_label", "area_name", "waiting_days"}
    assert sum(big["needs_by_area"].values()) == big["open_needs_count"]
    assert (
        selectors.coordinator_summary(core_task_ids={core_task("laering").pk})["open_needs_count"]
        == 0
    )


@pytest.mark.parametrize(
    "name",
    ["matching:need-list", "matching:proposal-list", "matching:match-list", "matching:overview"],
)
def test_lists_do_not_grow_their_queries_with_the_data(
    client, birthe, name, django_assert_max_num_queries
):
    client.force_login(birthe)
    client.get(reverse(name))
    with django_assert_max_num_queries(25) as small:
        client.get(reverse(name))
    proposed(birthe, n=6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name)).status_code == 200
