"""Citizens' ways in: a request without an account, a phone call taken by a coordinator, her own
requests, postcodes of the municipality, and what the need page tells the coordinator."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from community.models import AuditEntry, Citizen, Role
from community.tests.factories import CitizenFactory, UserFactory, core_task, with_role
from matching.models import Need
from matching.tests.factories import make_need

pytestmark = pytest.mark.django_db

OPEN_REQUEST = {
    "name": "Inger Marie Holm",
    "phone": "22 33 44 55",
    "email": "",
    "kind": "visiting_friend",
    "postcode": "8722",
    "message": "Jeg vil gerne have en at drikke kaffe med",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_a_visitor_without_an_account_asks_and_gets_a_receipt(client, birthe):
    page = client.get(reverse("matching:need-request"))
    assert page.status_code == 200
    assert "Du behøver ikke en konto" in page.content.decode()
    response = client.post(reverse("matching:need-request"), OPEN_REQUEST, follow=True)
    assert response.redirect_chain[-1][0] == reverse("matching:need-request-received")
    assert "ringer dig op" in response.content.decode()
    need = Need.objects.get()
    assert (need.status, need.source, need.call_back) == ("requested", "form", True)
    assert need.core_task.slug == "social-omsorg"
    assert (need.citizen.first_name, need.citizen.last_name) == ("Inger Marie", "Holm")
    assert need.citizen.phone == "22334455"
    assert AuditEntry.objects.filter(
        action="matching.need_created", object_id=str(need.pk)
    ).exists()


def test_the_coordinator_of_the_core_task_sees_the_call_back_on_her_overview(client, birthe):
    client.post(reverse("matching:need-request"), OPEN_REQUEST)
    client.force_login(birthe)
    page = client.get(reverse("matching:overview")).content.decode()
    assert "Skal ringes op" in page
    assert "Inger Marie Holm" in page and "22334455" in page
    need = Need.objects.get()
    client.post(reverse("matching:need-review", args=[need.pk]))
    need.refresh_from_db()
    assert (need.status, need.call_back) == ("open", False)
    assert "Inger Marie Holm" not in client.get(reverse("matching:overview")).content.decode()


def test_a_coordinator_of_another_core_task_does_not_see_the_call_back(client):
    from community.tests.factories import coordinator

    lars = coordinator("laering", email="lars@example.dk")
    client.post(reverse("matching:need-request"), OPEN_REQUEST)
    client.force_login(lars)
    assert "Inger Marie Holm" not in client.get(reverse("matching:overview")).content.decode()


def test_a_visitor_must_give_a_phone_number_or_an_email(client):
    response = client.post(reverse("matching:need-request"), {**OPEN_REQUEST, "phone": ""})
    assert response.status_code == 400
    assert "Skriv dit telefonnummer eller din e-mail" in response.content.decode()
    assert not Need.objects.exists()
    response = client.post(
        reverse("matching:need-request"), {**OPEN_REQUEST, "phone": "", "email": "inger@example.dk"}
    )
    assert response.status_code == 302
    assert Need.objects.get().citizen.email == "inger@example.dk"


def test_a_known_phone_number_finds_the_citizen_instead_of_making_a_second(client):
    inger = CitizenFactory(
        first_name="Inger",
        last_name="Holm",
        phone="22334455",
        core_tasks=[core_task("social-omsorg")],
    )
    client.post(reverse("matching:need-request"), {**OPEN_REQUEST, "name": "Someone Else"})
    assert Citizen.objects.count() == 1
    assert Need.objects.get().citizen == inger
    inger.refresh_from_db()
    assert inger.first_name == "Inger"


def test_a_bot_filling_the_hidden_field_sees_the_receipt_and_nothing_is_saved(client):
    response = client.post(
        reverse("matching:need-request"), {**OPEN_REQUEST, "website": "http://spam.example"}
    )
    assert response.status_code == 302
    assert not Need.objects.exists() and not Citizen.objects.exists()


@override_settings(MATCHING_OPEN_REQUESTS_PER_HOUR=2)
def test_many_requests_from_one_address_are_refused_for_a_while(client):
    for _ in range(2):
        assert client.post(reverse("matching:need-request"), OPEN_REQUEST).status_code == 302
    response = client.post(reverse("matching:need-request"), OPEN_REQUEST)
    assert response.status_code == 429
    assert "Prøv igen om 60 minutter" in response.content.decode()
    assert Need.objects.count() == 2


@pytest.mark.parametrize("postcode", ["0000", "9999", "2100"])
def test_a_postcode_outside_the_municipality_is_refused_with_a_clear_reason(client, postcode):
    response = client.post(reverse("matching:need-request"), {**OPEN_REQUEST, "postcode": postcode})
    assert response.status_code == 400
    assert f"Postnummeret {postcode} ligger ikke i Hedensted Kommune" in response.content.decode()
    assert not Need.objects.exists()


def test_a_logged_in_citizen_with_copenhagen_postcode_is_told_and_nothing_is_made(client):
    inger = with_role(UserFactory(), Role.Kind.CITIZEN)
    client.force_login(inger)
    response = client.post(
        reverse("matching:need-request"),
        {
            "kind": "visiting_friend",
            "hopes": "Kaffe",
            "times": ["1-afternoon"],
            "languages": ["da"],
            "street": "Østerbrogade 1",
            "postcode": "2100",
            "city": "København Ø",
            "phone": "22334455",
            "consent": "on",
        },
    )
    assert response.status_code == 200
    assert "Postnummeret 2100 ligger ikke i Hedensted Kommune" in response.content.decode()
    assert not Need.objects.exists()


# A citizen's own requests ------------------------------------------------------------------------


@pytest.fixture
def inger_user():
    user = with_role(UserFactory(first_name="Inger", last_name="Holm"), Role.Kind.CITIZEN)
    CitizenFactory(user=user, core_tasks=[core_task("social-omsorg")], postcode="8722")
    return user


LOGGED_IN_REQUEST = {
    "kind": "visiting_friend",
    "hopes": "Kaffe og en snak",
    "times": ["1-afternoon"],
    "languages": ["da"],
    "street": "Skolegade 1",
    "postcode": "8722",
    "city": "Hedensted",
    "phone": "22334455",
    "consent": "on",
}


def test_a_citizen_is_warned_before_sending_the_same_request_twice(client, inger_user):
    client.force_login(inger_user)
    assert client.post(reverse("matching:need-request"), LOGGED_IN_REQUEST).status_code == 302
    response = client.post(reverse("matching:need-request"), LOGGED_IN_REQUEST)
    assert response.status_code == 200
    assert "Du har allerede bedt om det samme" in response.content.decode()
    assert Need.objects.count() == 1
    # Another kind is no duplicate, and she may still send the same one on purpose.
    meal = {**LOGGED_IN_REQUEST, "kind": "meal_buddy"}
    assert client.post(reverse("matching:need-request"), meal).status_code == 302
    again = {**LOGGED_IN_REQUEST, "duplicate_ok": "1"}
    assert client.post(reverse("matching:need-request"), again).status_code == 302
    assert Need.objects.count() == 3


def test_a_citizen_sees_what_and_when_she_asked_and_withdraws_one(client, inger_user):
    citizen = inger_user.citizen
    first = make_need(citizen=citizen, status=Need.Status.REQUESTED)
    make_need(citizen=citizen, kind="meal_buddy")
    client.force_login(inger_user)
    page = client.get(reverse("matching:mine")).content.decode()
    assert "Besøgsven" in page and "Spiseven" in page
    assert first.created_at.strftime("%Y") in page
    url = reverse("matching:mine-need-withdraw", args=[first.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Ja, træk ønsket tilbage" in confirm.content.decode()
    assert Need.objects.get(pk=first.pk).status == Need.Status.REQUESTED
    assert client.post(url).status_code == 302
    assert Need.objects.get(pk=first.pk).status == Need.Status.WITHDRAWN
    entry = AuditEntry.objects.get(action="matching.need_withdrawn", object_id=str(first.pk))
    assert entry.actor == inger_user
    assert client.get(url).status_code == 404


def test_a_citizen_cannot_withdraw_another_citizens_request(client, inger_user):
    other = make_need(status=Need.Status.REQUESTED)
    client.force_login(inger_user)
    assert client.post(reverse("matching:mine-need-withdraw", args=[other.pk])).status_code == 404
    assert Need.objects.get(pk=other.pk).status == Need.Status.REQUESTED


# The coordinator's phone intake -----------------------------------------------------------------


def test_a_coordinator_searches_before_creating_and_sees_only_her_citizens(client, birthe):
    CitizenFactory(
        first_name="Inger",
        last_name="Holm",
        phone="22334455",
        core_tasks=[core_task("social-omsorg")],
    )
    CitizenFactory(first_name="Inger", last_name="Lund", core_tasks=[core_task("laering")])
    client.force_login(birthe)
    page = client.get(reverse("matching:intake")).content.decode()
    assert "Søg først efter borgeren" in page
    assert "Opret en ny borger" not in page
    page = client.get(reverse("matching:intake"), {"q": "inger"}).content.decode()
    assert "Inger Holm" in page and "Inger Lund" not in page
    assert "Opret en ny borger" in page
    page = client.get(reverse("matching:intake"), {"q": "2233 4455"}).content.decode()
    assert "Inger Holm" in page


def test_a_coordinator_picks_a_found_citizen_and_records_her_need(client, birthe):
    inger = CitizenFactory(
        first_name="Inger",
        last_name="Holm",
        phone="22334455",
        core_tasks=[core_task("social-omsorg")],
    )
    client.force_login(birthe)
    url = reverse("matching:intake") + f"?borger={inger.pk}"
    assert "Nyt behov for Inger Holm" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": "meal_buddy",
            "core_task": core_task("social-omsorg").pk,
            "hopes": "Spise",
            "times": ["2-evening"],
            "languages": ["da"],
            "consent": "on",
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302
    assert (need.citizen, need.source, need.status) == (inger, "phone", "open")
    assert need.availability == [{"day": 2, "start": "17:00", "end": "21:00"}]
    assert Citizen.objects.count() == 1


def test_a_coordinator_creates_a_new_citizen_and_her_need_in_one_form(client, birthe):
    client.force_login(birthe)
    url = reverse("matching:intake") + "?ny=1"
    data = {
        "first_name": "Karen",
        "last_name": "Dam",
        "phone": "40 50 60 70",
        "postcode": "7130",
        "kind": "visiting_friend",
        "core_task": core_task("social-omsorg").pk,
        "languages": ["da"],
        "consent": "on",
    }
    response = client.post(url, {**data, "postcode": "2100"})
    assert "Postnummeret 2100 ligger ikke i Hedensted Kommune" in response.content.decode()
    assert not Citizen.objects.exists()
    response = client.post(url, data)
    need = Need.objects.get()
    assert response.status_code == 302
    karen = need.citizen
    assert (karen.first_name, karen.phone, karen.city) == ("Karen", "40506070", "Juelsminde")
    assert karen.core_tasks.filter(slug="social-omsorg").exists()
    assert AuditEntry.objects.filter(action="matching.citizen_created", actor=birthe).exists()
    page = client.get(reverse("matching:intake"), {"q": "karen"}).content.decode()
    assert "Karen Dam" in page


def test_another_core_tasks_citizen_cannot_be_picked(client, birthe):
    lund = CitizenFactory(first_name="Inger", last_name="Lund", core_tasks=[core_task("laering")])
    client.force_login(birthe)
    url = reverse("matching:intake") + f"?borger={lund.pk}"
    assert client.get(url).status_code == 404


# The need page -------------------------------------------------------------------------------------


def test_the_need_page_shows_phone_times_languages_and_a_link_to_the_citizen(client, birthe):
    citizen = CitizenFactory(
        first_name="Inger",
        last_name="Holm",
        phone="22334455",
        core_tasks=[core_task("social-omsorg")],
    )
    need = make_need(citizen=citizen, languages=["da", "en"])
    client.force_login(birthe)
    page = client.get(reverse("matching:need-detail", args=[need.pk])).content.decode()
    assert "22334455" in page
    assert "Tirsdag 13:00–16:00" in page
    assert "dansk, engelsk" in page
    assert reverse("community:citizen-detail", args=[citizen.pk]) in page


def _call_back(n: int):
    for i in range(n):
        citizen = CitizenFactory(
            first_name="Inger", last_name=f"Holm{'x' * i}", core_tasks=[core_task("social-omsorg")]
        )
        make_need(citizen=citizen, status=Need.Status.REQUESTED, source="form", call_back=True)


@pytest.mark.parametrize(
    "name,query", [("matching:overview", {}), ("matching:intake", {"q": "inger"})]
)
def test_the_call_backs_and_the_intake_search_do_not_grow_their_queries_with_the_data(
    client, birthe, name, query, django_assert_max_num_queries
):
    _call_back(1)
    client.force_login(birthe)
    client.get(reverse(name), query)
    with django_assert_max_num_queries(25) as small:
        client.get(reverse(name), query)
    _call_back(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse(name), query)
    assert page.status_code == 200
    assert page.content.decode().count("Inger Holm") >= 7
