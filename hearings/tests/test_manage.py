"""Who opens hearings for which area; results; participation; the involvement index on known data."""

import pytest
from django.urls import reverse
from freezegun import freeze_time

from community.tests.factories import (
    LocalAreaFactory,
    LocalCouncilFactory,
    UserFactory,
    area_contact,
    council_member,
)
from hearings import services
from hearings.models import Hearing
from hearings.tests.factories import make_hearing

pytestmark = pytest.mark.django_db


def new_hearing_post(area, **extra) -> dict:
    data = {
        "kind": "hearing",
        "title": "Ny legeplads",
        "intro": "Hvor skal den ligge?",
        "local_area": area.pk,
        "opens_on": "2026-12-01",
        "closes_on": "2026-12-20",
        "results_public": "on",
        "q-TOTAL_FORMS": "2",
        "q-INITIAL_FORMS": "0",
        "q-0-text": "Hvor skal den ligge?",
        "q-0-kind": "single",
        "q-0-options": "Ved skolen\nVed hallen",
        "q-1-text": "Hvad skal den have?",
        "q-1-kind": "text",
    }
    data.update(extra)
    return data


def test_a_council_member_opens_a_hearing_only_for_an_area_her_council_covers(client):
    ours, theirs = LocalAreaFactory(), LocalAreaFactory()
    member = council_member(LocalCouncilFactory(areas=[ours]))
    client.force_login(member)
    created = client.post(reverse("hearings:create"), new_hearing_post(ours))
    assert created.status_code == 302
    hearing = Hearing.objects.get()
    assert hearing.local_area == ours and hearing.questions.count() == 2
    assert hearing.questions.first().options == ["Ved skolen", "Ved hallen"]

    refused = client.post(reverse("hearings:create"), new_hearing_post(theirs, title="Ikke vores"))
    assert refused.status_code == 200 and "Marker en gyldig valgmulighed" in refused.text
    assert Hearing.objects.count() == 1
    other = make_hearing(area=theirs)
    assert client.get(reverse("hearings:edit", args=[other.pk])).status_code == 403


def test_a_playmaker_opens_hearings_for_her_own_areas_and_a_citizen_for_none(client):
    area, elsewhere = LocalAreaFactory(), LocalAreaFactory()
    client.force_login(area_contact(area))
    assert client.post(reverse("hearings:create"), new_hearing_post(area)).status_code == 302
    assert client.post(reverse("hearings:create"), new_hearing_post(elsewhere)).status_code == 200
    client.force_login(UserFactory())
    assert client.get(reverse("hearings:create")).status_code == 403
    assert client.get(reverse("hearings:manage")).status_code == 403
    client.logout()
    assert client.get(reverse("hearings:create")).status_code == 302


def test_a_hearing_needs_a_question_and_sensible_dates(client):
    area = LocalAreaFactory()
    client.force_login(area_contact(area))
    page = client.post(
        reverse("hearings:create"),
        new_hearing_post(area, closes_on="2026-11-01", **{"q-0-options": "Kun én", "q-1-text": ""}),
    )
    assert page.status_code == 200
    assert "lukke samme dag eller efter" in page.text
    assert "mindst to svarmuligheder" in page.text
    assert not Hearing.objects.exists()


def test_questions_lock_once_someone_has_answered(client):
    area = LocalAreaFactory()
    hearing = make_hearing(area=area)
    services.response_submit(hearing=hearing, user=UserFactory(), answers={})
    client.force_login(area_contact(area))
    page = client.get(reverse("hearings:edit", args=[hearing.pk]))
    assert "kan ikke længere ændres" in page.text


def test_results_show_counts_to_all_and_free_text_only_to_the_owners(client):
    area = LocalAreaFactory()
    hearing = make_hearing(area=area)
    first, _, text_q = hearing.questions.all()
    for i, choice in enumerate(["Legeplads", "Legeplads", "Scene"]):
        services.response_submit(
            hearing=hearing,
            user=UserFactory(),
            answers={first.pk: choice, text_q.pk: f"Min nabo Hans {i} siger nej"},
        )
    public = client.get(reverse("hearings:results", args=[hearing.pk])).text
    assert '<th scope="row">Legeplads</th><td>2</td><td>67 %</td>' in public
    assert "Min nabo Hans" not in public
    client.force_login(area_contact(area))
    assert (
        "Min nabo Hans 0 siger nej"
        in client.get(reverse("hearings:results", args=[hearing.pk])).text
    )


def test_private_results_are_for_the_owners_only(client):
    hearing = make_hearing(results_public=False)
    assert client.get(reverse("hearings:results", args=[hearing.pk])).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("hearings:results", args=[hearing.pk])).status_code == 403


def test_open_hearings_appear_on_the_area_page_and_the_list(client):
    hearing = make_hearing(title="Skal vi have en hundeskov?")
    closed = make_hearing(area=hearing.local_area, title="Gammel høring", days_open=(-30, -2))
    area_page = client.get(reverse("localareas:area-detail", args=[hearing.local_area.slug])).text
    assert "Skal vi have en hundeskov?" in area_page and "Gammel høring" not in area_page
    listing = client.get(reverse("hearings:list")).text
    assert "Skal vi have en hundeskov?" in listing and closed.title in listing


@pytest.mark.parametrize(
    "language, shown", [("da", "åbner 8. december"), ("en", "opens 8 December")]
)
def test_a_hearing_coming_soon_says_the_day_it_opens_as_the_language_writes_it(
    client, language, shown
):
    with freeze_time("2026-12-01 10:00"):
        make_hearing(area=LocalAreaFactory(name="Uldum", population=2000), days_open=(7, 20))
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        listing = client.get(reverse("hearings:list")).text
    assert f"(Uldum, {shown})" in listing


def test_an_answer_that_arrives_while_the_questions_are_edited_changes_nothing_and_says_so(client):
    area = LocalAreaFactory()
    client.force_login(area_contact(area))
    hearing = make_hearing(area=area)
    before = list(hearing.questions.values_list("text", flat=True))
    url = reverse("hearings:edit", args=[hearing.pk])
    page = client.get(url)
    assert 'name="q-TOTAL_FORMS"' in page.text  # the questions could be edited when the page opened
    # Someone answers before the editor saves.
    services.response_submit(hearing=hearing, user=UserFactory(), answers={})
    response = client.post(url, new_hearing_post(area, title="Ændret titel"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(url, 302)]
    assert "Spørgsmålene er derfor låst" in response.text
    hearing.refresh_from_db()
    assert hearing.title != "Ændret titel"
    assert list(hearing.questions.values_list("text", flat=True)) == before


def test_a_page_opened_after_the_lock_still_saves_the_title_and_dates(client):
    area = LocalAreaFactory()
    client.force_login(area_contact(area))
    hearing = make_hearing(area=area)
    services.response_submit(hearing=hearing, user=UserFactory(), answers={})
    data = {
        k: v for k, v in new_hearing_post(area, title="Ny titel").items() if not k.startswith("q-")
    }
    response = client.post(reverse("hearings:edit", args=[hearing.pk]), data)
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.title == "Ny titel" and hearing.questions.count() == 3


def test_add_a_question_shows_one_more_empty_question_and_saves_nothing(client):
    area = LocalAreaFactory()
    client.force_login(council_member(LocalCouncilFactory(areas=[area])))
    url = reverse("hearings:create")
    page = client.get(url)
    assert "Tilføj spørgsmål" in page.text and 'name="q-3-text"' not in page.text
    data = new_hearing_post(area, **{"q-TOTAL_FORMS": "5", "add_question": "1"})
    for _ in range(3):
        page = client.post(url, data)
        assert page.status_code == 200 and not Hearing.objects.exists()
        total = int(data["q-TOTAL_FORMS"]) + 1
        assert f'name="q-TOTAL_FORMS" value="{total}"' in page.text
        assert f'name="q-{total - 1}-text"' in page.text
        assert "Hvad skal den have?" in page.text  # what was written stays
        assert "Der er noget, der skal rettes" not in page.text
        data["q-TOTAL_FORMS"] = str(total)
    data.pop("add_question")
    data.update({"q-7-text": "Hvornår bruger du den?", "q-7-kind": "text"})
    assert client.post(url, data).status_code == 302
    assert Hearing.objects.get().questions.count() == 3
