"""Scheduled jobs of the maps app, run by Celery beat (each is also a management command)."""

from celery import shared_task


@shared_task(name="maps.tasks.maps_sync")
def maps_sync(*, source: str, location: str) -> None:
    """Beat's nightly sync of one source (settings.MAPS_SYNC_SOURCES): the same `maps_sync` command,
    keyed by (source, external id), so a repeat changes nothing."""
    from django.core.management import call_command

    call_command("maps_sync", location, source=source, no_progress=True)


@shared_task(name="maps.tasks.import_facilities", acks_late=True)
def import_facilities(run_id: int) -> str:
    """Make an import an administrator applied in the admin; a second delivery imports nothing twice."""
    from maps.services import facilities_import_run_execute

    run = facilities_import_run_execute(run_id=run_id)
    return run.state if run is not None else "missing"
