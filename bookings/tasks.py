"""Scheduled jobs of the bookings app, run by Celery beat (each is also a management command)."""

from celery import shared_task


@shared_task(name="bookings.tasks.booking_reminders")
def booking_reminders(hours: int = 24) -> int:
    """Beat's hourly `send_booking_reminders`: each booking is reminded once, so a repeat sends nothing."""
    from bookings.services.mail import booking_reminders_send

    return booking_reminders_send(hours=hours)
