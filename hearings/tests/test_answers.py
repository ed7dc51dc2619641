"""One counted answer per person: logged in by account, otherwise by a confirmed e-mail address."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from community.tests.factories import UserFactory
from hearings import selectors, services
from hearings.models import Answer, Response
from hearings.tests.factories import answer_data, make_hearing

pytestmark = pytest.mark.django_db


def counted(hearing) -> int:
    return Response.objects.filter(hearing=hearing, confirmed_at__isnull=False).count()


def confirm_link(message) -> str:
    return re.search(r"https?://\S+/hoeringer/bekraeft/\S+/", message.body).group(0)


def answer_anonymously(client, hearing, email, **kwargs):
    return client.post(
        reverse("hearings:detail", args=[hearing.pk]), answer_data(hearing, email=email, **kwargs)
    )


def follow_link(client, message):
    """Open the mailed link and press the button."""
    path = re.sub(r"^https?://[^/]+", "", confirm_link(message))
    assert "Bekræft mit svar" in client.get(path).text
    return client.post(path)


def test_an_anonymous_answer_counts_only_after_the_mailed_link_is_followed(client):
    hearing = make_hearing()
    response = answer_anonymously(client, hearing, "karen@example.dk")
    assert response.status_code == 302
    assert counted(hearing) == 0 and Response.objects.count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["karen@example.dk"]
    assert "karen@example.dk" not in str(list(Response.objects.values()))

    page = follow_link(client, mail.outbox[0])
    assert page.status_code == 200 and "talt med" in page.text
    assert counted(hearing) == 1


def test_the_same_email_confirmed_twice_counts_once_and_the_newest_answer_wins(client):
    hearing = make_hearing()
    answer_anonymously(client, hearing, "karen@example.dk", choice="Legeplads")
    answer_anonymously(client, hearing, "KAREN@example.dk ", choice="Scene")
    for message in mail.outbox:
        follow_link(client, message)
    assert counted(hearing) == 1
    assert Answer.objects.get(
        response__confirmed_at__isnull=False, question__kind="single"
    ).choices == ["Scene"]


def test_two_different_emails_are_two_answers(client):
    hearing = make_hearing()
    answer_anonymously(client, hearing, "karen@example.dk")
    answer_anonymously(client, hearing, "ole@example.dk")
    for message in mail.outbox:
        follow_link(client, message)
    assert counted(hearing) == 2


def test_a_logged_in_citizen_answering_again_replaces_her_answer(client):
    hearing = make_hearing()
    inger = UserFactory(email="inger@example.dk")
    client.force_login(inger)
    url = reverse("hearings:detail", args=[hearing.pk])
    client.post(url, answer_data(hearing, choice="Legeplads"))
    page = client.post(url, answer_data(hearing, choice="Bænke"), follow=True)
    assert "erstattet det gamle" in page.text
    assert counted(hearing) == 1 and not mail.outbox
    assert Answer.objects.get(question__kind="single").choices == ["Bænke"]


def test_an_anonymous_answer_with_the_email_of_a_logged_in_answer_replaces_it(client):
    hearing = make_hearing()
    inger = UserFactory(email="inger@example.dk")
    client.force_login(inger)
    client.post(reverse("hearings:detail", args=[hearing.pk]), answer_data(hearing))
    client.logout()
    answer_anonymously(client, hearing, "inger@example.dk", choice="Scene")
    follow_link(client, mail.outbox[0])
    assert counted(hearing) == 1


def test_a_closed_or_unopened_hearing_refuses_answers_and_saves_nothing(client):
    closed = make_hearing(days_open=(-20, -1))
    page = client.get(reverse("hearings:detail", args=[closed.pk]))
    assert "lukkede" in page.text and "Send mit svar" not in page.text
    answer_anonymously(client, closed, "karen@example.dk")
    upcoming = make_hearing(days_open=(3, 10))
    with pytest.raises(services.HearingClosed):
        services.response_submit(hearing=upcoming, answers={}, email="ole@example.dk")
    assert not Response.objects.exists() and not mail.outbox


def test_nonsense_input_gives_a_clear_message_and_saves_nothing(client):
    hearing = make_hearing()
    page = answer_anonymously(client, hearing, "ikke-en-mail", choice="Måske en hest")
    assert page.status_code == 200
    assert "Angiv en gyldig e-mailadresse" in page.text
    assert "Måske en hest er ikke en af de tilgængelige valgmuligheder" in page.text
    assert not Response.objects.exists()


def test_opening_the_mailed_link_only_asks_and_the_button_confirms(client):
    """Mail link scanners open links with GET: that must not count the answer."""
    hearing = make_hearing()
    answer_anonymously(client, hearing, "karen@example.dk")
    path = re.sub(r"^https?://[^/]+", "", confirm_link(mail.outbox[0]))
    page = client.get(path)
    assert page.status_code == 200 and "Bekræft mit svar" in page.text
    client.get(path)
    assert counted(hearing) == 0
    page = client.post(path)
    assert page.status_code == 200 and "talt med" in page.text
    assert counted(hearing) == 1
    again = client.post(path)
    assert "allerede bekræftet" in again.text and counted(hearing) == 1


def test_a_broken_or_expired_link_says_so(client):
    for method in (client.get, client.post):
        page = method(reverse("hearings:confirm", args=["noget-vrøvl"]))
        assert page.status_code == 400 and "Linket virker ikke" in page.text


def test_an_expired_link_says_so_and_counts_nothing(client):
    hearing = make_hearing()
    answer_anonymously(client, hearing, "karen@example.dk")
    path = re.sub(r"^https?://[^/]+", "", confirm_link(mail.outbox[0]))
    later = timezone.now() + services.confirm_max_age() + timedelta(days=1)
    with freeze_time(later):
        for method in (client.get, client.post):
            page = method(path)
            assert page.status_code == 400 and "Linket virker ikke" in page.text
    assert counted(hearing) == 0


def test_unconfirmed_answers_are_purged_when_their_link_expires(client):
    hearing = make_hearing()
    answer_anonymously(client, hearing, "karen@example.dk")
    assert services.responses_purge_unconfirmed(now=timezone.now() + timedelta(days=6)) == 0
    assert services.responses_purge_unconfirmed(now=timezone.now() + timedelta(days=8)) == 1


def test_participation_per_1000_and_by_age_band_on_known_data(client):
    hearing = make_hearing()  # area of 2,000 inhabitants
    for i, band in enumerate(["u18", "u18", "65+", "65+", "65+", ""]):
        user = UserFactory(email=f"p{i}@example.dk")
        services.response_submit(hearing=hearing, user=user, age_band=band, answers={})
    figures = selectors.participation(hearing)
    assert figures["answers"] == 6 and figures["per_1000"] == 3.0
    bands = {b["label"]: b for b in figures["bands"]}
    assert bands["Under 18 år"]["count"] == 2 and bands["Under 18 år"]["share"] == 33
    # 2,000 inhabitants x 22 % aged 65+ = 440; 3 answers -> 6.8 per 1,000.
    assert bands["65 år eller mere"]["per_1000"] == 6.8
    assert bands["Ikke oplyst"]["count"] == 1
