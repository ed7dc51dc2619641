"""Scheduled jobs of the volunteers app, run by Celery beat (each is also a management command)."""

from celery import shared_task


@shared_task(name="volunteers.tasks.volunteer_reminders")
def volunteer_reminders() -> dict:
    """Beat's daily `volunteer_reminders`: certificate reminders and lapsed waiting-list offers."""
    from volunteers.services import certificate_reminders
    from volunteers.waitlist import waitlist_lapse_offers

    return {"sent": certificate_reminders(), "offered": waitlist_lapse_offers()}
