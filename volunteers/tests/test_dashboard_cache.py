"""The dashboard is kept whole per user, session and roles
(community/page_cache.py): a coordinator never sees another's, every access rule is checked on each
request even while the page is kept, a change shows at once, the kept page's form tokens are this
request's own and work, and a message waiting to be shown is shown, once."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory
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


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_the_second_view_is_the_kept_page_with_tokens_of_this_request_that_work():
    applicant("Ole", "social-omsorg")
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    client = Client(enforce_csrf_checks=True)
    client.force_login(birthe)
    first = client.get(reverse("volunteers:dashboard"))
    second = client.get(reverse("volunteers:dashboard"))
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert "Ole Jensen" in second.text
    first_tokens, second_tokens = TOKEN.findall(first.text), TOKEN.findall(second.text)
    assert second_tokens and len(first_tokens) == len(second_tokens)
    assert not set(first_tokens) & set(second_tokens)  # each masked afresh
    secret = client.cookies["csrftoken"].value
    assert {_unmask_cipher_token(t) for t in second_tokens} == {secret}
    # The kept page's language switch posts with its token.
    switched = client.post(
        reverse("set_language"),
        {"language": "en", "next": "/", "csrfmiddlewaretoken": second_tokens[0]},
    )
    assert switched.status_code == 302
    english = client.get(reverse("volunteers:dashboard"))
    assert english["X-Page-Cache"] == "miss" and 'lang="en"' in english.text


def test_a_message_waiting_for_the_coordinator_is_shown_once_and_never_kept():
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    client = Client()
    client.force_login(birthe)
    assert client.get(reverse("volunteers:dashboard"))["X-Page-Cache"] == "miss"
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode(
        [Message(constants.SUCCESS, "Timerne er godkendt")]
    )
    shown = client.get(reverse("volunteers:dashboard"))
    assert "Timerne er godkendt" in shown.text and "X-Page-Cache" not in shown
    again = client.get(reverse("volunteers:dashboard"))
    assert "Timerne er godkendt" not in again.text and again["X-Page-Cache"] == "hit"


def test_another_session_of_the_same_coordinator_gets_a_page_of_its_own():
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    one, two = Client(), Client()
    one.force_login(birthe)
    two.force_login(birthe)
    assert one.get(reverse("volunteers:dashboard"))["X-Page-Cache"] == "miss"
    assert two.get(reverse("volunteers:dashboard"))["X-Page-Cache"] == "miss"
    assert one.get(reverse("volunteers:dashboard"))["X-Page-Cache"] == "hit"
