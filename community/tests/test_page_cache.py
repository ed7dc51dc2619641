"""Public pages kept whole for anonymous visitors (community/page_cache.py): a second visitor gets the
stored page but never the first visitor's CSRF token, CSRF cookie, session or CSP nonce, a change
shows at once, and nobody logged in is served from it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from community.tests.factories import LocalAreaFactory, UserFactory
from localareas.models import LocalCouncil
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'nonce="([^"]+)"')


@pytest.fixture
def asby():
    return LocalAreaFactory(name="Asby", slug="asby", population=1000, lon=9.70, lat=55.76)


def visit(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def area_url(area):
    return reverse("localareas:area-detail", args=[area.slug])


def unmask(token: str) -> str:
    from django.middleware.csrf import _unmask_cipher_token

    return _unmask_cipher_token(token)


def test_a_second_visitor_gets_the_stored_page_with_a_token_and_cookie_of_their_own(asby):
    first, second = Client(), Client()
    one = visit(first, area_url(asby))
    two = visit(second, area_url(asby))
    assert one["X-Page-Cache"] == "miss"
    assert two["X-Page-Cache"] == "hit"
    one_token, two_token = TOKEN.findall(one.text), TOKEN.findall(two.text)
    assert one_token and len(one_token) == len(two_token)  # the language switch posts with one
    one_secret = one.cookies["csrftoken"].value
    two_secret = two.cookies["csrftoken"].value
    assert one_secret != two_secret
    assert {unmask(t) for t in one_token} == {one_secret}
    assert {unmask(t) for t in two_token} == {two_secret}
    assert one_secret not in two.text and two_secret not in two.text
    # The page is otherwise the same, and nobody got a session from it.
    assert NONCE.sub("", TOKEN.sub("", one.text)) == NONCE.sub("", TOKEN.sub("", two.text))
    assert "sessionid" not in one.cookies and "sessionid" not in two.cookies


def test_the_second_visitor_can_switch_language_with_the_token_the_stored_page_gave(asby):
    Client().get(area_url(asby))
    visitor = Client(enforce_csrf_checks=True)
    page = visit(visitor, area_url(asby))
    assert page["X-Page-Cache"] == "hit"
    token = TOKEN.search(page.text).group(1)
    switched = visitor.post(
        reverse("set_language"),
        {"language": "en", "next": area_url(asby), "csrfmiddlewaretoken": token},
    )
    assert switched.status_code == 302
    english = visit(visitor, area_url(asby))
    assert english["Content-Language"] == "en"
    assert 'lang="en"' in english.text
    # A Danish visitor still gets Danish.
    assert 'lang="da"' in visit(Client(), area_url(asby)).text


def test_a_token_from_the_first_visitor_does_not_work_for_the_second(asby):
    first = Client(enforce_csrf_checks=True)
    stolen = TOKEN.search(visit(first, area_url(asby)).text).group(1)
    second = Client(enforce_csrf_checks=True)
    visit(second, area_url(asby))  # the second has a CSRF cookie of their own
    refused = second.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": stolen}
    )
    assert refused.status_code == 403


def test_a_stored_page_never_hands_out_the_csp_nonce_it_was_rendered_with():
    """No public page uses a nonce today; one that does gets this response's nonce, not the first's."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from community import page_cache

    first = RequestFactory().get("/")
    first._csp_nonce = "Zmlyc3Qtbm9uY2U="
    html = '<script nonce="Zmlyc3Qtbm9uY2U=">go()</script>'
    stored = page_cache._template(first, HttpResponse(html))
    assert "Zmlyc3Qtbm9uY2U=" not in stored
    second = RequestFactory().get("/")
    second.csp_nonce = "c2Vjb25kLW5vbmNl"
    assert page_cache._fill(second, stored) == '<script nonce="c2Vjb25kLW5vbmNl">go()</script>'


def test_a_page_with_a_token_outside_a_form_field_is_not_stored():
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    from community import page_cache

    request = RequestFactory().get("/")
    token = get_token(request)
    assert page_cache._template(request, HttpResponse(f"<div data-token='{token}'></div>")) is None


def test_a_change_shows_at_once(asby):
    council = LocalCouncil.objects.create(name="Asby Lokalråd", slug="asby-lokalraad")
    visit(Client(), reverse("localareas:area-list"))
    assert "Asby Lokalråd" not in visit(Client(), area_url(asby)).text
    council.areas.add(asby)  # only the many-to-many table changes
    page = visit(Client(), area_url(asby))
    assert page["X-Page-Cache"] == "miss"
    assert "Asby Lokalråd" in page.text
    VolunteerFactory(lon=9.71, lat=55.77)
    assert visit(Client(), reverse("localareas:area-list"))["X-Page-Cache"] == "miss"


def test_logged_in_visitors_and_visitors_with_a_session_are_never_served_from_it(asby):
    visit(Client(), area_url(asby))
    user = UserFactory()
    member = Client()
    member.force_login(user)
    page = visit(member, area_url(asby))
    assert "X-Page-Cache" not in page
    assert reverse("account_logout") in page.text  # their own header, with the log-out form
    # And what a logged-in visitor saw is not stored for the next anonymous one.
    visit(Client(), area_url(asby))
    assert "X-Page-Cache" not in visit(member, area_url(asby))


def test_a_visitor_with_a_pending_message_gets_the_page_rendered_for_them(asby):
    visit(Client(), area_url(asby))
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in visit(visitor, area_url(asby))


def test_another_address_or_query_string_is_its_own_page(asby):
    other = LocalAreaFactory(name="Bsby", slug="bsby", population=10, lon=9.9, lat=55.9)
    visit(Client(), area_url(asby))
    page = visit(Client(), area_url(other))
    assert page["X-Page-Cache"] == "miss" and "Bsby" in page.text
    assert visit(Client(), area_url(asby) + "?x=1")["X-Page-Cache"] == "miss"
