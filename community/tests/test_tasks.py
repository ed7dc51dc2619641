"""The task queue's plumbing (issue 16): enqueue after commit, embedded without a broker, the beat schedule."""

import threading

import pytest
from celery import shared_task
from django.conf import settings
from django.core.management import get_commands
from django.db import transaction

from community.celery import app
from community.tasks import enqueue, wait_for_embedded_tasks

ran: list[tuple[int, str]] = []


@shared_task(name="community.tests.record")
def record(value: int) -> None:
    ran.append((value, threading.current_thread().name))


@pytest.fixture(autouse=True)
def _nothing_ran_yet():
    ran.clear()


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_a_task_runs_in_a_background_thread_after_the_commit():
    with transaction.atomic():
        enqueue(record, 1)
        assert ran == []  # not before the commit
    wait_for_embedded_tasks()
    assert [value for value, _thread in ran] == [1]
    assert ran[0][1] != threading.current_thread().name


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_in_a_transaction_that_rolls_back_never_runs():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(record, 2)
        raise RuntimeError("the request failed")
    wait_for_embedded_tasks()
    assert ran == []


# Each scheduled job and the management command that does the same by hand.
COMMANDS = {
    "bookings.tasks.booking_reminders": "send_booking_reminders",
    "volunteers.tasks.volunteer_reminders": "volunteer_reminders",
    "matching.tasks.follow_ups": "matching_follow_ups",
    "community.tasks.retention": "apply_retention",
    "maps.tasks.maps_sync": "maps_sync",
}


def test_every_beat_entry_names_a_registered_task_that_is_still_a_management_command_too():
    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "bookings.tasks.booking_reminders",
        "volunteers.tasks.volunteer_reminders",
        "matching.tasks.follow_ups",
        "community.tasks.retention",
    } <= names
    for name in names | set(COMMANDS):
        assert name in app.tasks, name
        assert COMMANDS[name] in get_commands()


def test_the_worker_acknowledges_a_task_only_when_it_is_done():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.tasks["matching.tasks.run_matching"].acks_late is True
