import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from community.models import Role, User
from community.tests.factories import UserFactory, core_task
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

PROFILE = {
    "activities": ["visiting_friend", "driver"],
    "age_groups": ["seniors"],
    "interests": "gåture, kaffe",
    "skills": "at lytte",
    "languages": ["da", "en"],
    "times": ["1-morning", "3-evening"],
    "away_from": "2026-12-20",
    "away_to": "2027-01-03",
    "street": "Skolegade 1",
    "postcode": "8722",
    "city": "Hedensted",
    "travel_km": "10",
    "travel_mode": "bike",
    "capacity": "2",
    "birth_year": "1960",
    "contact-phone": "+45 21 43 65 87",
    "consent": "on",
}


def test_a_visitor_signs_up_with_account_and_profile_in_one_step(client):
    task = core_task("social-omsorg")
    data = {
        **PROFILE,
        "core_tasks": [task.pk],
        "account-first_name": "Grethe",
        "account-last_name": "Hansen",
        "account-email": "grethe@example.dk",
        "account-password1": "En-god-adgangskode-42",
        "account-password2": "En-god-adgangskode-42",
    }
    response = client.post(reverse("volunteers:signup"), data)
    assert response.status_code == 200
    assert "Tak for din tilmelding" in response.content.decode()
    user = User.objects.get(email="grethe@example.dk")
    volunteer = user.volunteer
    assert volunteer.status == Volunteer.Status.APPLIED
    assert volunteer.availability == [
        {"day": 1, "start": "09:00", "end": "12:00"},
        {"day": 3, "start": "17:00", "end": "21:00"},
    ]
    assert volunteer.availability_exceptions == [{"from": "2026-12-20", "to": "2027-01-03"}]
    assert volunteer.lat is not None and volunteer.consent_at and volunteer.retain_until
    assert list(volunteer.core_tasks.all()) == [task]
    assert Role.objects.filter(user=user, kind=Role.Kind.VOLUNTEER).exists()
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1 and "grethe@example.dk" in mail.outbox[0].to


def test_nonsense_in_the_sign_up_gets_clear_messages_and_creates_nothing(client):
    data = {
        **PROFILE,
        "postcode": "87",
        "consent": "",
        "account-first_name": "Grethe",
        "account-last_name": "Hansen",
        "account-email": "grethe@example.dk",
        "account-password1": "En-god-adgangskode-42",
        "account-password2": "noget-andet",
    }
    response = client.post(reverse("volunteers:signup"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Et postnummer er fire cifre" in body
    assert "De to adgangskoder er ikke ens" in body
    assert "Du skal give samtykke" in body
    assert not User.objects.filter(email="grethe@example.dk").exists()


def test_a_logged_in_citizen_can_also_become_a_volunteer(client):
    user = UserFactory()
    Role.objects.create(user=user, kind=Role.Kind.CITIZEN)
    client.force_login(user)
    page = client.get(reverse("volunteers:signup")).content.decode()
    assert "account-email" not in page
    response = client.post(reverse("volunteers:signup"), PROFILE)
    assert response.status_code == 302
    assert Volunteer.objects.filter(user=user).exists()
    assert set(Role.objects.filter(user=user).values_list("kind", flat=True)) == {
        "citizen",
        "volunteer",
    }


def test_signing_up_with_an_email_that_has_an_account_asks_to_log_in(client):
    UserFactory(email="taken@example.dk")
    data = {
        **PROFILE,
        "account-first_name": "A",
        "account-last_name": "B",
        "account-email": "taken@example.dk",
        "account-password1": "En-god-adgangskode-42",
        "account-password2": "En-god-adgangskode-42",
    }
    body = client.post(reverse("volunteers:signup"), data).content.decode()
    assert "Log ind først" in body
    assert Volunteer.objects.count() == 0


def test_many_sign_ups_from_one_address_are_slowed_down(client):
    statuses = [
        client.post(reverse("volunteers:signup"), {"account-email": "x"}).status_code
        for _ in range(21)
    ]
    assert statuses[0] == 200 and statuses[-1] == 429


@pytest.mark.parametrize(
    "language, hint",
    [("da", "Mindst 10 tegn."), ("en", "At least 10 characters.")],
)
def test_the_password_hint_states_the_length_the_rule_asks_for(client, language, hint):
    client.cookies["django_language"] = language
    response = client.get(reverse("volunteers:signup"))
    assert hint in response.content.decode()
    assert "8 tegn" not in response.content.decode()


def test_the_password_hint_follows_the_rule_when_the_rule_changes(client, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 14},
        }
    ]
    response = client.get(reverse("volunteers:signup"))
    assert "Mindst 14 tegn." in response.content.decode()


def test_the_sign_up_keeps_the_phone_number_on_the_account(client):
    data = {
        **PROFILE,
        "contact-phone": "21 43 65 87",
        "account-first_name": "Grethe",
        "account-last_name": "Hansen",
        "account-email": "grethe@example.dk",
        "account-password1": "En-god-adgangskode-42",
        "account-password2": "En-god-adgangskode-42",
    }
    response = client.post(reverse("volunteers:signup"), data)
    assert response.status_code == 200
    assert User.objects.get(email="grethe@example.dk").phone == "+45 21436587"


@pytest.mark.parametrize("phone", ["", "1234567", "+46 12345678", "12 34 56 7a", "123456789"])
def test_a_sign_up_without_a_danish_phone_number_is_refused(client, phone):
    data = {
        **PROFILE,
        "contact-phone": phone,
        "account-first_name": "Grethe",
        "account-last_name": "Hansen",
        "account-email": "grethe@example.dk",
        "account-password1": "En-god-adgangskode-42",
        "account-password2": "En-god-adgangskode-42",
    }
    response = client.post(reverse("volunteers:signup"), data)
    assert response.status_code == 200
    assert not User.objects.filter(email="grethe@example.dk").exists()
    assert "Telefonnummer" in response.content.decode()
