"""People who answered follow a hearing: mails when the results and the decision are published."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community.tests.factories import LocalAreaFactory, UserFactory, area_contact
from hearings import publishing
from hearings.models import Follower
from hearings.tests.factories import answer_data, make_hearing

pytestmark = pytest.mark.django_db


def link(message, path: str) -> str:
    return re.sub(r"^https?://[^/]+", "", re.search(rf"https?://\S+{path}\S+/", message.body)[0])


def answer_and_confirm(client, hearing, email, **extra):
    client.post(
        reverse("hearings:detail", args=[hearing.pk]),
        answer_data(hearing, email=email, **extra),
    )
    confirm = link(mail.outbox[-1], "/hoeringer/bekraeft/")
    client.post(confirm)


@pytest.fixture
def hearing():
    return make_hearing(area=LocalAreaFactory(), title="Ny hundeskov")


def close(hearing):
    hearing.closes_on = timezone.localdate() - timedelta(days=1)
    hearing.opens_on = hearing.closes_on - timedelta(days=10)
    hearing.save()


def test_a_citizen_who_ticks_follow_hears_of_the_results_and_the_decision(
    client, hearing, settings
):
    answer_and_confirm(client, hearing, "maja@example.dk", follow="on")
    answer_and_confirm(client, hearing, "ole@example.dk")  # did not tick the box
    mail.outbox.clear()
    close(hearing)
    playmaker = area_contact(hearing.local_area)
    client.force_login(playmaker)
    detail = reverse("hearings:detail", args=[hearing.pk])
    assert "1 person følger høringen" in client.get(detail).text

    with_message = client.post(
        reverse("hearings:publish", args=[hearing.pk]), {"step": "resultat"}, follow=True
    )
    assert "1, der følger høringen, får besked" in with_message.text
    assert [m.to for m in mail.outbox] == [["maja@example.dk"]]
    assert "Ny hundeskov" in mail.outbox[0].subject
    assert f"/hoeringer/{hearing.pk}/resultat/" in mail.outbox[0].body

    hearing.decision = "Hundeskoven kommer ved hallen."
    hearing.save()
    client.post(reverse("hearings:publish", args=[hearing.pk]), {"step": "beslutning"})
    assert len(mail.outbox) == 2
    assert "Hundeskoven kommer ved hallen." in mail.outbox[1].body
    assert not Follower.objects.exists()  # nothing more to tell, so the address goes
    client.logout()
    assert "Hundeskoven kommer ved hallen." in client.get(detail).text


def test_the_mail_is_in_the_language_the_person_answered_in(client, hearing):
    client.post(reverse("set_language"), {"language": "en"})
    answer_and_confirm(client, hearing, "anna@example.com", follow="on")
    close(hearing)
    publishing.hearing_publish_results(hearing=hearing, user=area_contact(hearing.local_area))
    assert mail.outbox[-1].subject.startswith("The results are ready")
    assert "stop following" in mail.outbox[-1].body


def test_an_unconfirmed_answer_follows_nothing(client, hearing):
    client.post(
        reverse("hearings:detail", args=[hearing.pk]),
        answer_data(hearing, email="maja@example.dk", follow="on"),
    )
    mail.outbox.clear()
    close(hearing)
    assert publishing.hearing_publish_results(hearing=hearing, user=None) == 0
    assert mail.outbox == []


def test_a_logged_in_person_follows_with_her_account_address(client, hearing):
    user = UserFactory(email="signe@example.dk")
    client.force_login(user)
    client.post(reverse("hearings:detail", args=[hearing.pk]), answer_data(hearing, follow="on"))
    close(hearing)
    publishing.hearing_publish_results(hearing=hearing, user=None)
    assert mail.outbox[-1].to == ["signe@example.dk"]


def test_the_mailed_link_asks_first_and_then_stops_the_mails(client, hearing):
    answer_and_confirm(client, hearing, "maja@example.dk", follow="on")
    close(hearing)
    publishing.hearing_publish_results(hearing=hearing, user=None)
    stop = link(mail.outbox[-1], "/hoeringer/stop/")
    page = client.get(stop)
    assert "Stop med at følge" in page.text and Follower.objects.count() == 1
    stopped = client.post(stop)
    assert "Du følger ikke høringen" in stopped.text and not Follower.objects.exists()
    assert "Du følger ikke høringen" in client.post(stop).text  # a second press says the same
    mail.outbox.clear()
    hearing.decision = "Vi gør det."
    hearing.save()
    assert publishing.hearing_publish_decision(hearing=hearing, user=None) == 0
    assert mail.outbox == []


def test_a_broken_stop_link_says_so_and_changes_nothing(client, hearing):
    answer_and_confirm(client, hearing, "maja@example.dk", follow="on")
    response = client.post(reverse("hearings:unfollow", args=["not-a-token"]))
    assert response.status_code == 400 and "Linket virker ikke" in response.text
    assert Follower.objects.count() == 1


def test_results_wait_for_the_hearing_to_close_and_go_out_once(client, hearing):
    answer_and_confirm(client, hearing, "maja@example.dk", follow="on")
    mail.outbox.clear()
    client.force_login(area_contact(hearing.local_area))
    url = reverse("hearings:publish", args=[hearing.pk])
    page = client.post(url, {"step": "resultat"}, follow=True)
    assert "når høringen er lukket" in page.text and mail.outbox == []
    close(hearing)
    client.post(url, {"step": "resultat"})
    again = client.post(url, {"step": "resultat"}, follow=True)
    assert "allerede offentliggjort" in again.text and len(mail.outbox) == 1


def test_a_decision_needs_its_text_and_a_bad_step_changes_nothing(client, hearing):
    client.force_login(area_contact(hearing.local_area))
    url = reverse("hearings:publish", args=[hearing.pk])
    page = client.post(url, {"step": "beslutning"}, follow=True)
    assert "Skriv beslutningen" in page.text
    page = client.post(url, {"step": "noget"}, follow=True)
    assert page.status_code == 200 and "Vælg, om det er resultatet" in page.text
    hearing.refresh_from_db()
    assert hearing.decision_published_at is None and hearing.results_published_at is None


def test_only_those_who_manage_the_hearing_publish(client, hearing):
    close(hearing)
    client.force_login(area_contact(LocalAreaFactory()))
    response = client.post(reverse("hearings:publish", args=[hearing.pk]), {"step": "resultat"})
    assert response.status_code == 403
    hearing.refresh_from_db()
    assert hearing.results_published_at is None


def test_a_new_answer_without_the_tick_stops_the_following(client, hearing):
    user = UserFactory()
    client.force_login(user)
    detail = reverse("hearings:detail", args=[hearing.pk])
    client.post(detail, answer_data(hearing, follow="on"))
    assert Follower.objects.count() == 1
    client.post(detail, answer_data(hearing))
    assert not Follower.objects.exists()


def test_publishing_is_in_the_audit_log(hearing):
    from community.models import AuditEntry

    close(hearing)
    publishing.hearing_publish_results(hearing=hearing, user=None)
    assert AuditEntry.objects.filter(action="hearing.results_published").count() == 1


def test_addresses_go_a_year_after_a_hearing_closed_without_a_decision(client, hearing, settings):
    from community.retention import retention_apply

    answer_and_confirm(client, hearing, "maja@example.dk", follow="on")
    recent = make_hearing(area=hearing.local_area, title="Ny")
    answer_and_confirm(client, recent, "ole@example.dk", follow="on")
    hearing.opens_on = timezone.localdate() - timedelta(days=400)
    hearing.closes_on = timezone.localdate() - timedelta(days=366)
    hearing.save()
    assert retention_apply(now=timezone.now())["hearing_followers"] == 1
    assert list(Follower.objects.values_list("email", flat=True)) == ["ole@example.dk"]
