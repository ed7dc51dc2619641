"""Every change a hearing's service makes is in the audit log, with the ids of rows changed in bulk."""

import pytest
from django.utils import timezone

from community.models import AuditEntry
from community.tests.factories import LocalAreaFactory, UserFactory, area_contact
from hearings import services
from hearings.models import Response
from hearings.tests.factories import make_hearing

pytestmark = pytest.mark.django_db


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def test_opening_and_editing_a_hearing_is_audited_with_its_editor():
    area = LocalAreaFactory()
    alice = area_contact(area)
    today = timezone.localdate()
    fields = dict(
        kind="hearing",
        title="Ny sti",
        intro="Hvor?",
        local_area=area,
        council=None,
        opens_on=today,
        closes_on=today,
        results_public=True,
    )
    question = {"text": "Hvor?", "kind": "text", "options": [], "required": False}
    hearing = services.hearing_save(user=alice, questions=[question], **fields)
    services.hearing_save(user=alice, hearing=hearing, questions=None, **fields)
    created, updated = entries("hearing.created"), entries("hearing.updated")
    assert [(e.object_id, e.actor) for e in created] == [(str(hearing.pk), alice)]
    assert created[0].data == {"questions": 1}
    assert updated[0].data == {"questions": "unchanged"} and updated[0].actor == alice


def test_the_first_answer_locks_the_questions_and_a_new_answer_names_the_one_it_replaced():
    hearing = make_hearing()
    bob = UserFactory()
    first, _ = services.response_submit(hearing=hearing, user=bob, answers={})
    second, replaced = services.response_submit(hearing=hearing, user=bob, answers={})
    assert replaced
    answered = entries("hearing.answered")
    assert [e.data["response"] for e in answered] == [first.pk, second.pk]
    assert answered[1].data["replaced"] == [first.pk] and answered[1].actor == bob
    locked = entries("hearing.questions_locked")
    assert len(locked) == 1 and locked[0].data == {"response": first.pk}


def test_confirming_by_mail_and_purging_expired_answers_are_audited():
    hearing = make_hearing()
    waiting, _ = services.response_submit(hearing=hearing, answers={}, email="karen@example.dk")
    services.response_confirm(services.confirm_token(waiting))
    confirmed = entries("hearing.answer_confirmed")
    assert [e.data for e in confirmed] == [{"response": waiting.pk, "replaced": []}]
    assert "karen" not in str(AuditEntry.objects.values_list("data", "object_repr"))

    stale, _ = services.response_submit(hearing=hearing, answers={}, email="ole@example.dk")
    later = timezone.now() + services.confirm_max_age() + timezone.timedelta(days=1)
    assert services.responses_purge_unconfirmed(now=later) == 1
    assert not Response.objects.filter(pk=stale.pk).exists()
    purged = entries("hearing.unconfirmed_answers_purged")
    assert [e.data for e in purged] == [{"responses": [stale.pk]}]


def test_a_purge_with_nothing_to_delete_writes_no_entry():
    assert services.responses_purge_unconfirmed() == 0
    assert not entries("hearing.unconfirmed_answers_purged")
