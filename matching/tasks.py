"""Background tasks of the matching app."""

from celery import shared_task
from celery.signals import worker_init


@shared_task(name="matching.tasks.run_matching", acks_late=True)
def run_matching(run_id: int) -> str:
    """Make a queued matching run; a second delivery (a lost worker, a retry) creates nothing twice."""
    from matching.services.runs import matching_run_execute

    run = matching_run_execute(run_id=run_id)
    return run.state if run is not None else "missing"


@shared_task(name="matching.tasks.follow_ups")
def follow_ups() -> int:
    """Beat's daily `matching_follow_ups`: each reminder is sent once, so a repeat sends nothing."""
    from matching.services.follow_ups import follow_ups_remind

    return follow_ups_remind()


@worker_init.connect
def _import_the_engine(**_kwargs) -> None:
    """A worker imports the engine's libraries (scikit-learn, OR-Tools) as it starts, before it says
    it is ready: otherwise the first coordinator to start a run after a deploy waits for them."""
    import matching.engine.candidates  # noqa: F401
    import matching.engine.scoring  # noqa: F401
    import matching.engine.solver  # noqa: F401
