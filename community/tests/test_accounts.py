import pytest
from django.core import mail
from django.urls import reverse

from community.models import Role, User

pytestmark = pytest.mark.django_db

GOOD = {
    "first_name": "Karen",
    "last_name": "Holm-Jensen",
    "email": "karen@example.dk",
    "password1": "Sommer-i-Juelsminde-26",
    "password2": "Sommer-i-Juelsminde-26",
    "accept_terms": "on",
}


def test_a_citizen_signs_up_by_email_and_must_verify_it(client, settings):
    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS
    response = client.post(reverse("account_signup"), GOOD)
    assert response.status_code == 302
    karen = User.objects.get(email="karen@example.dk")
    assert (karen.first_name, karen.last_name) == ("Karen", "Holm-Jensen")
    assert Role.objects.filter(user=karen, kind=Role.Kind.CITIZEN).exists()
    assert karen.password.startswith("argon2")
    assert len(mail.outbox) == 1 and "karen@example.dk" in mail.outbox[0].to


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("first_name", "12345", "Skriv navnet med bogstaver"),
        ("last_name", "<script>", "Skriv navnet med bogstaver"),
        ("email", "ikke-en-adresse", "e-mail"),
        ("password2", "noget-helt-andet-99", "adgangskode"),
        ("accept_terms", "", "sætte flueben"),
    ],
)
def test_a_sign_up_with_nonsense_gets_a_clear_message_and_creates_nothing(
    client, field, value, message
):
    data = {**GOOD, field: value}
    if not value:
        data.pop(field)
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert message.lower() in response.text.lower()
    assert not User.objects.exists()


def test_login_by_email_is_rate_limited_after_repeated_failures(client):
    from community.tests.factories import TEST_PASSWORD, UserFactory

    UserFactory(email="target@example.dk")
    for _ in range(6):
        client.post(reverse("account_login"), {"login": "target@example.dk", "password": "wrong"})
    # Even the right password is refused until the limit expires.
    response = client.post(
        reverse("account_login"), {"login": "target@example.dk", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert "for mange mislykkede" in response.text.lower()
    assert "_auth_user_id" not in client.session


def test_a_forgotten_password_can_be_reset_by_email(client):
    from community.tests.factories import UserFactory

    UserFactory(email="glemsom@example.dk")
    response = client.post(reverse("account_reset_password"), {"email": "glemsom@example.dk"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(
        word for word in mail.outbox[0].body.split() if "/accounts/password/reset/key/" in word
    )
    page = client.get(link, follow=True)
    assert page.status_code == 200
    response = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link,
        {"password1": "Nyt-kodeord-i-Uldum-7", "password2": "Nyt-kodeord-i-Uldum-7"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="glemsom@example.dk").check_password("Nyt-kodeord-i-Uldum-7")
