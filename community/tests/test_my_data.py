import json

import pytest
from django.urls import reverse
from django.utils import translation

from community.models import AuditEntry
from community.tests.factories import CitizenFactory, UserFactory, coordinator, core_task
from matching.models import Match
from matching.tests.factories import make_need, make_volunteer
from volunteers.models import HoursEntry

pytestmark = pytest.mark.django_db


def test_a_citizen_sees_and_downloads_what_the_municipality_holds_about_her_and_it_is_logged(
    client,
):
    inger = UserFactory(email="inger@example.dk", first_name="Inger")
    CitizenFactory(user=inger, first_name="Inger", notes="Savner selskab")
    client.force_login(inger)
    page = client.get(reverse("community:my-data"))
    assert page.status_code == 200 and "Savner selskab" in page.text
    download = client.get(reverse("community:my-data"), {"format": "json"})
    data = json.loads(download.content)
    sections = data["sections"]
    assert sections["account"]["records"][0]["email"] == "inger@example.dk"
    assert sections["citizen"]["records"][0]["notes"] == "Savner selskab"
    assert AuditEntry.objects.filter(
        action="citizen.self_export", actor=inger, purpose="citizen_request"
    ).exists()


def test_my_data_gathers_needs_matches_and_volunteer_hours_from_every_app(client):
    inger = UserFactory(email="inger@example.dk")
    need = make_need(citizen=CitizenFactory(user=inger), hopes="En at gå tur med om tirsdagen")
    karl = UserFactory(email="karl@example.dk", first_name="Karl", last_name="Frivillig")
    volunteer = make_volunteer(user=karl, interests="fuglekig og kaffe")
    Match.objects.create(
        need=need,
        volunteer=volunteer,
        core_task=need.core_task,
        status=Match.Status.ACTIVE,
    )
    HoursEntry.objects.create(
        volunteer=volunteer, core_task=need.core_task, duration_min=180, worked_on="2026-11-02"
    )

    client.force_login(inger)
    mine = client.get(reverse("community:my-data")).text
    assert "En at gå tur med om tirsdagen" in mine
    assert "Dine match" in mine and "Karl Frivillig" in mine
    assert "Aktiv" in mine  # the match's status by its label, not its code

    client.force_login(karl)
    data = json.loads(client.get(reverse("community:my-data"), {"format": "json"}).content)
    sections = data["sections"]
    assert sections["volunteer_profile"]["records"][0]["interests"] == "fuglekig og kaffe"
    assert len(sections["volunteer_hours"]["records"]) == 1
    assert sections["matches"]["records"][0]["status"] == {"value": "active", "label": "Aktiv"}
    assert "En at gå tur med om tirsdagen" not in json.dumps(data, ensure_ascii=False)


def test_my_data_needs_a_login(client):
    assert client.get(reverse("community:my-data")).status_code == 302


def test_my_data_says_how_long_each_kind_is_kept_in_everyday_words_from_the_retention_table(
    client, settings
):
    settings.RETENTION = {**settings.RETENTION, "audit_log": 365, "door_access_events": 14}
    client.force_login(UserFactory())
    page = client.get(reverse("community:my-data")).text
    assert "Så længe gemmer vi dine oplysninger" in page
    assert "Slettes 3 år efter, at det blev skrevet ned" in page  # citizens: 3 * 365 days
    assert "Slettes 1 år efter, at det skete." in page  # the audit log, from the override
    assert "Slettes 2 uger efter, at det skete." in page  # door events, from the override
    assert "Slettes 3 måneder efter, at du sendte meldingen." in page
    with translation.override("da"):  # the requests switch this thread to English: switch back
        client.post(reverse("set_language"), {"language": "en"})  # the language button
        english = client.get(reverse("community:my-data")).text
    assert "How long we keep your data" in english
    assert "Deleted 1 year after it happened." in english and "Slettes" not in english


@pytest.mark.parametrize(
    "days,words",
    [
        (0, "samme dag"),
        (1, "1 dag"),
        (10, "10 dage"),
        (14, "2 uger"),
        (30, "1 måned"),
        (90, "3 måneder"),
        (365, "1 år"),
        (1825, "5 år"),
    ],
)
def test_a_retention_period_is_said_in_everyday_words(days, words):
    from community.retention import duration_text

    with translation.override("da"):
        assert duration_text(days) == words


def test_a_citizen_sees_who_read_her_record_when_and_why_in_everyday_words(client):
    inger_user = UserFactory(email="inger@example.dk", first_name="Inger")
    inger = CitizenFactory(
        user=inger_user, first_name="Inger", core_tasks=[core_task("social-omsorg")]
    )
    birthe = coordinator("social-omsorg", first_name="Birthe", last_name="Holm")
    client.force_login(birthe)
    detail = reverse("community:citizen-detail", args=[inger.pk])
    client.get(detail, {"purpose": "matching"})
    client.get(detail, {"purpose": "matching"})
    client.get(reverse("community:citizen-list"))
    client.logout()

    client.force_login(inger_user)
    client.get(reverse("community:my-data"))  # her own look-up is not one to tell her about
    page = client.get(reverse("community:my-data")).text

    section = page.split("Hvem har set dine oplysninger")[1]
    assert "Birthe Holm, frivilligkoordinator" in section
    assert "For at finde en frivillig eller et tilbud til dig" in section
    assert "(2 gange)" in section
    assert "Du stod på listen over de borgere, de hjælper" in section
    assert "Borgerens egen anmodning" not in section and "citizen_request" not in section
    client.cookies.load({"django_language": "en"})
    english = client.get(reverse("community:my-data")).text
    assert "Who has seen your information" in english
    assert "To find a volunteer or an offer for you" in english


def test_a_citizen_nobody_has_looked_up_is_told_so(client):
    inger_user = UserFactory(email="inger@example.dk")
    CitizenFactory(user=inger_user)
    client.force_login(inger_user)
    page = client.get(reverse("community:my-data")).text
    assert "Ingen medarbejdere har set dine oplysninger endnu." in page
