"""Queueing background work, and the scheduled jobs of the community app.

`enqueue(task, ...)` is the one way to start a task: after the current transaction commits, so the
task sees what the request saved. With a broker configured the task goes to the Celery workers;
without one (`make run`, the test suite) it runs in a thread of this process, so a page that
polls for progress still sees it move.
"""

from __future__ import annotations

import logging
import threading
import time

from celery import shared_task
from django.conf import settings
from django.db import close_old_connections, connections, transaction

logger = logging.getLogger(__name__)

_threads: list[threading.Thread] = []
_threads_lock = threading.Lock()


def enqueue(task, *args, **kwargs) -> None:
    """Queue a Celery task with these (JSON-able) arguments once the current transaction commits."""
    after_commit(lambda: _send(task, args, kwargs))


def after_commit(fn) -> None:
    """Run `fn` once the current transaction commits (at once outside one): the one rule for queued
    tasks and queued mail. Robust: a broker that is down must not turn a saved booking into an error
    page (the outbox row stays queued and shows on the person's page)."""
    if settings.AFTER_COMMIT_AT_ONCE:
        # A test inside a transaction rolled back at its end (conftest.py): its commit never comes,
        # so what would run then runs now, in this thread, where the test's data is seen.
        fn()
        return
    transaction.on_commit(fn, robust=True)


def embedded() -> bool:
    """True when no broker is configured: tasks then run in this process."""
    return not settings.CELERY_BROKER_URL


def send_now(task, *args, **kwargs) -> None:
    """Hand a short task to the workers at once, for callers that already run after the commit (the
    mail outbox). Without a broker it runs right here: a mail takes no time to hand over, and a
    second thread writing beside the request's could only wait for it (or, on SQLite, fail)."""
    if embedded():
        task.apply(args=args, kwargs=kwargs)
    else:
        task.apply_async(args=args, kwargs=kwargs)


def send_later(task, countdown_s: float, *args, **kwargs) -> None:
    """Run a task again after a pause (a retry with back-off): a worker's countdown, or a timer
    thread without a broker."""
    _send(task, args, kwargs, countdown_s=countdown_s)


def _send(task, args, kwargs, countdown_s: float = 0) -> None:
    if not embedded():
        task.apply_async(args=args, kwargs=kwargs, countdown=countdown_s or None)
        return
    if not getattr(settings, "TASKS_IN_THREAD", True):
        # A test inside a rolled-back transaction: another thread could not see its data.
        task.apply(args=args, kwargs=kwargs)
        return
    if countdown_s:
        thread = threading.Timer(countdown_s, _run_in_thread, args=(task, args, kwargs))
        thread.daemon = True
    else:
        thread = threading.Thread(
            target=_run_in_thread, args=(task, args, kwargs), name=f"task {task.name}", daemon=True
        )
    with _threads_lock:
        _threads[:] = [t for t in _threads if t.is_alive()]
        _threads.append(thread)
    thread.start()


def _run_in_thread(task, args, kwargs) -> None:
    close_old_connections()
    try:
        # apply() runs the task here as a worker would, retries included; it records, not raises.
        result = task.apply(args=args, kwargs=kwargs)
        if result.failed():
            logger.error("Background task %s failed: %r", task.name, result.result)
    finally:
        connections.close_all()


def wait_for_embedded_tasks(timeout_s: float = 60) -> None:
    """Wait until the tasks this process started in threads have finished (tests, benchmarks)."""
    deadline = time.monotonic() + timeout_s
    with _threads_lock:
        running = list(_threads)
    for thread in running:
        thread.join(max(0, deadline - time.monotonic()))
        if thread.is_alive():
            raise TimeoutError(f"{thread.name} still running after {timeout_s} s")


@shared_task(name="community.tasks.retention")
def retention() -> dict:
    """Beat's nightly `apply_retention`: deleting what is past its date is safe to repeat."""
    from community.retention import retention_apply

    return retention_apply()
