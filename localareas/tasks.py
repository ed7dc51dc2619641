"""Background tasks of the local-areas app."""

from celery import shared_task


@shared_task(name="localareas.tasks.import_local_areas", acks_late=True)
def import_local_areas(run_id: int) -> str:
    """Make an import of areas applied in the admin; a second delivery imports nothing twice."""
    from localareas.services import local_areas_import_run_execute

    run = local_areas_import_run_execute(run_id=run_id)
    return run.state if run is not None else "missing"
