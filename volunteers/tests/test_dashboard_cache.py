"""The dashboard's main part is kept per user and core task (community/page_cache.py): a coordinator
never sees another's, every access rule is checked on each request even while the part is kept, and
a change shows at once."""

import pytest
from django.test import Client
from django.urls import reverse

from community.models import Role
from community.tests.factories import UserFactory, coordinator, core_task
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def dashboard(user, **params):
    client = Client()
    client.force_login(user)
    return client.get(reverse("volunteers:dashboard"), params)


def applicant(first: str, slug: str):
    return VolunteerFactory(
        user=UserFactory(first_name=first, last_name="Jensen"),
        status="applied",
        core_tasks=[core_task(slug)],
    )


def test_two_coordinators_each_see_their_own_core_task():
    applicant("Ole", "social-omsorg")
    applicant("Lise", "laering")
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    karl = coordinator("laering", email="karl@example.dk")
    for _ in range(2):  # the second round comes from the cache
        birthes, karls = dashboard(birthe).text, dashboard(karl).text
        assert "Ole Jensen" in birthes and "Lise Jensen" not in birthes
        assert "Lise Jensen" in karls and "Ole Jensen" not in karls


def test_another_core_task_is_refused_even_when_its_part_is_kept():
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    karl = coordinator("laering", email="karl@example.dk")
    social = core_task("social-omsorg")
    assert dashboard(birthe, core_task=social.pk).status_code == 200
    assert dashboard(karl, core_task=social.pk).status_code == 404


def test_a_role_moved_without_any_signal_shows_the_new_core_task_at_once():
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    applicant("Ole", "social-omsorg")
    social, laering = core_task("social-omsorg"), core_task("laering")
    assert "Ole Jensen" in dashboard(birthe).text
    # update() moves no data version: the kept part is still there, the access check is not.
    Role.objects.filter(user=birthe, kind=Role.Kind.COORDINATOR).update(core_task=laering)
    page = dashboard(birthe)
    assert laering.name in page.text and "Ole Jensen" not in page.text
    assert dashboard(birthe, core_task=social.pk).status_code == 404


def test_a_new_applicant_shows_on_the_next_view():
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    assert "Ole Jensen" not in dashboard(birthe).text
    applicant("Ole", "social-omsorg")
    assert "Ole Jensen" in dashboard(birthe).text
