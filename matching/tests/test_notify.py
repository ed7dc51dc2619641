"""Who is told what, and when, as a match goes from accepted to active or declined; the signed answer links."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from community.models import AuditEntry, Role
from community.tests.factories import CitizenFactory, UserFactory, coordinator, core_task, with_role
from matching.models import Match, Need
from matching.services import matches, notify
from matching.tests.factories import accept_pending, make_need, make_volunteer, run
from volunteers.models import NotificationPreference
from volunteers.notify import action_token

pytestmark = pytest.mark.django_db

HOPES = "Jeg har KOL og er ensom efter min mands død"


@pytest.fixture
def inger():
    """A citizen with a login, an e-mail and a phone; she reads her mails in Danish."""
    user = with_role(
        UserFactory(email="inger@example.dk", first_name="Inger", phone="11112222"),
        Role.Kind.CITIZEN,
    )
    return CitizenFactory(
        first_name="Inger",
        last_name="Holm",
        phone="11112222",
        email="inger@example.dk",
        user=user,
        core_tasks=[core_task("social-omsorg")],
    )


@pytest.fixture
def karin():
    """A volunteer who has chosen her mails in English."""
    user = UserFactory(email="karin@example.dk", first_name="Karin", phone="33334444")
    NotificationPreference.objects.create(user=user, language="en", kinds=[])
    return make_volunteer(user=user)


@pytest.fixture
def match(birthe, inger, karin, django_capture_on_commit_callbacks):
    """Inger's need and Karin, proposed and accepted by Birthe; the question mails are sent."""
    make_need(citizen=inger, hopes=HOPES)
    run(birthe)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = accept_pending(birthe)
    return accepted


def mail_to(address: str):
    return [m for m in mail.outbox if m.to == [address]]


def link_in(message) -> str:
    return re.search(r"https?://\S+(/match/svar/\S+/)", message.body).group(1)


def answer(client, message, given: str):
    return client.post(link_in(message), {"given": given}, follow=True)


def test_accepting_a_proposal_asks_each_party_for_a_yes_in_their_own_language(match):
    (to_inger,) = mail_to("inger@example.dk")
    (to_karin,) = mail_to("karin@example.dk")
    assert to_inger.subject == "Vil du sige ja til en aftale?"
    assert "Kære Inger" in to_inger.body and "Karin" in to_inger.body
    assert to_karin.subject == "Would you like to say yes to a match?"
    assert "Dear Karin" in to_karin.body and "Inger" in to_karin.body
    assert "Holm" not in to_karin.body  # first name only before both said yes
    for message in (to_inger, to_karin):
        assert "/match/svar/" in message.body
        assert "KOL" not in message.body  # the need's own words may be health data: never mailed


def test_the_mails_wait_for_the_transaction_to_commit(birthe, inger, karin):
    make_need(citizen=inger)
    run(birthe)
    accept_pending(birthe)  # the test's transaction never commits
    assert mail.outbox == []


def test_both_yeses_by_link_make_the_match_active_and_both_are_told_with_the_others_details(
    client, match, django_capture_on_commit_callbacks
):
    (to_inger,) = mail_to("inger@example.dk")
    (to_karin,) = mail_to("karin@example.dk")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, to_karin, "yes")
    assert mail.outbox == []  # one yes: nobody needs telling yet
    with django_capture_on_commit_callbacks(execute=True):
        page = answer(client, to_inger, "yes").content.decode()
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE
    assert match.provider_consent_by == match.volunteer.user
    assert "33334444" in page and "karin@example.dk" in page  # Inger sees Karin's details
    (active_inger,) = mail_to("inger@example.dk")
    (active_karin,) = mail_to("karin@example.dk")
    assert active_inger.subject == "I har begge sagt ja: jeres aftale er i gang"
    assert "33334444" in active_inger.body and "karin@example.dk" in active_inger.body
    assert active_karin.subject == "You have both said yes: your match has started"
    assert "11112222" in active_karin.body and "inger@example.dk" in active_karin.body
    vias = AuditEntry.objects.filter(action="matching.consent_given").values_list(
        "data__via", flat=True
    )
    assert list(vias) == ["link", "link"]


def test_a_no_tells_the_other_party_in_her_language_and_reopens_the_need(
    client, match, django_capture_on_commit_callbacks
):
    (to_inger,) = mail_to("inger@example.dk")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, to_inger, "no")
    match.refresh_from_db()
    assert match.status == Match.Status.DECLINED
    assert match.need.status == Need.Status.OPEN
    (told,) = mail.outbox
    assert told.to == ["karin@example.dk"]
    assert told.subject == "The match did not happen"
    assert "KOL" not in told.body


def test_opening_the_link_shows_the_question_and_changes_nothing(client, match):
    (to_inger,) = mail_to("inger@example.dk")
    response = client.get(link_in(to_inger))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vil du gerne mødes?" in page and ">Ja<" in page and "Nej tak" in page
    assert "33334444" not in page  # no contact details before both said yes
    match.refresh_from_db()
    assert match.citizen_consent_at is None
    assert not AuditEntry.objects.filter(action__startswith="matching.consent").exists()


def test_a_used_link_says_so_and_changes_nothing(client, match):
    (to_karin,) = mail_to("karin@example.dk")
    answer(client, to_karin, "yes")
    page = answer(client, to_karin, "no").content.decode()
    assert "allerede svaret ja" in page
    assert "Tak for dit ja" in page
    match.refresh_from_db()
    assert match.status == Match.Status.AWAITING_CONSENT
    assert AuditEntry.objects.filter(action="matching.consent_given").count() == 1
    assert not AuditEntry.objects.filter(action="matching.consent_declined").exists()


def test_a_link_of_a_declined_match_cannot_be_used(client, match):
    (to_inger,) = mail_to("inger@example.dk")
    (to_karin,) = mail_to("karin@example.dk")
    answer(client, to_inger, "no")
    page = answer(client, to_karin, "yes").content.decode()
    assert "venter ikke længere" in page
    match.refresh_from_db()
    assert match.status == Match.Status.DECLINED and match.provider_consent_at is None


def test_an_expired_link_says_so_and_changes_nothing(client, match):
    (to_inger,) = mail_to("inger@example.dk")
    later = timezone.now() + timedelta(seconds=notify.LINK_MAX_AGE_S + 60)
    with freeze_time(later):
        shown = client.get(link_in(to_inger))
        posted = client.post(link_in(to_inger), {"given": "yes"})
    assert shown.status_code == posted.status_code == 400
    assert "Linket er for gammelt" in shown.content.decode()
    match.refresh_from_db()
    assert match.citizen_consent_at is None


@pytest.mark.parametrize(
    "forge",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # a changed signature
        lambda t: "nonsense",
        lambda t: action_token(action="unsubscribe", user_id=1, object_id="status"),  # other salt
    ],
)
def test_a_tampered_link_gives_a_clear_message_and_changes_nothing(client, match, forge):
    token = notify.answer_token(match_id=match.pk, party="citizen")
    for response in (
        client.get(reverse("matching:answer", args=[forge(token)])),
        client.post(reverse("matching:answer", args=[forge(token)]), {"given": "yes"}),
    ):
        assert response.status_code == 400
        assert "Linket er ikke gyldigt" in response.content.decode()
    match.refresh_from_db()
    assert match.citizen_consent_at is None


def test_a_link_answers_only_for_its_own_party_and_match(client, match):
    other = notify.answer_token(match_id=match.pk + 1000, party="citizen")
    assert (
        client.post(reverse("matching:answer", args=[other]), {"given": "yes"}).status_code == 400
    )
    provider_link = reverse(
        "matching:answer", args=[notify.answer_token(match_id=match.pk, party="provider")]
    )
    client.post(provider_link, {"given": "yes"})
    match.refresh_from_db()
    assert match.provider_consent_at is not None and match.citizen_consent_at is None


def test_the_coordinator_records_a_yes_given_on_the_phone_with_a_note(client, birthe, match):
    client.force_login(birthe)
    response = client.post(
        reverse("matching:match-consent", args=[match.pk]),
        {"party": "provider", "given": "yes", "note": "Ringede tirsdag"},
        follow=True,
    )
    assert "Svaret er gemt" in response.content.decode()
    match.refresh_from_db()
    assert match.provider_consent_at is not None
    assert match.provider_consent_by == birthe
    entry = AuditEntry.objects.get(action="matching.consent_given")
    assert entry.actor == birthe
    assert entry.data == {"party": "provider", "via": "phone", "note": "Ringede tirsdag"}


def test_a_coordinator_of_another_core_task_cannot_record_an_answer(client, match):
    lars = coordinator("laering", email="lars@example.dk")
    client.force_login(lars)
    response = client.post(
        reverse("matching:match-consent", args=[match.pk]), {"party": "citizen", "given": "yes"}
    )
    assert response.status_code == 404
    match.refresh_from_db()
    assert match.citizen_consent_at is None
    assert not AuditEntry.objects.filter(action="matching.consent_given").exists()


def test_contact_details_are_shown_to_the_parties_only_once_the_match_is_active(
    client, birthe, inger, match
):
    volunteer = match.volunteer

    def pages():
        client.force_login(volunteer.user)
        karins = client.get(reverse("matching:mine")).content.decode()
        client.force_login(inger.user)
        ingers = client.get(reverse("matching:mine")).content.decode()
        client.force_login(birthe)
        birthes = client.get(reverse("matching:match-detail", args=[match.pk])).content.decode()
        return karins, ingers, birthes

    karins, ingers, birthes = pages()
    assert "11112222" not in karins and "inger@example.dk" not in karins
    assert "33334444" not in ingers and "karin@example.dk" not in ingers
    assert "Kontaktoplysninger" not in birthes
    matches.match_consent(match=match, party="citizen", actor=inger.user, given=True)
    matches.match_consent(match=match, party="provider", actor=volunteer.user, given=True)
    karins, ingers, birthes = pages()
    assert "Inger" in karins and "11112222" in karins and "inger@example.dk" in karins
    assert "Karin" in ingers and "33334444" in ingers and "karin@example.dk" in ingers
    assert "Kontaktoplysninger" in birthes and "33334444" in birthes


def test_the_follow_up_reminder_reaches_each_party_in_their_own_language(birthe, match):
    from matching.services.follow_ups import follow_ups_remind

    matches.match_consent(match=match, party="citizen", actor=birthe, given=True)
    matches.match_consent(match=match, party="provider", actor=match.volunteer.user, given=True)
    mail.outbox.clear()
    follow_ups_remind(today=timezone.localdate() + timedelta(days=15))
    (to_inger,) = mail_to("inger@example.dk")
    (to_karin,) = mail_to("karin@example.dk")
    assert to_inger.subject == "Hvordan går det? Et par korte spørgsmål"
    assert "Kære Inger" in to_inger.body and "fire korte spørgsmål" in to_inger.body
    assert to_karin.subject == "How is it going? A few short questions"
    assert "Dear Karin" in to_karin.body and "four short questions" in to_karin.body
    assert reverse("matching:mine") in to_karin.body


def test_a_citizen_without_a_login_is_told_the_coordinator_will_call_about_the_follow_up(
    birthe, karin, django_capture_on_commit_callbacks
):
    from matching.services.follow_ups import follow_ups_remind

    ole = CitizenFactory(
        first_name="Ole", email="ole@example.dk", core_tasks=[core_task("social-omsorg")]
    )
    make_need(citizen=ole)
    run(birthe)
    accepted = accept_pending(birthe)
    matches.match_consent(match=accepted, party="citizen", actor=birthe, given=True)
    matches.match_consent(match=accepted, party="provider", actor=karin.user, given=True)
    follow_ups_remind(today=timezone.localdate() + timedelta(days=15))
    (to_ole,) = mail_to("ole@example.dk")
    assert "Log ind" not in to_ole.body
    assert "ringer til dig" in to_ole.body
