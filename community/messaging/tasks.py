from celery import shared_task

from community.messaging import delivery
from community.tasks import send_later


@shared_task(name="messaging.deliver", ignore_result=True)
def deliver(outbox_id: int, message: dict) -> str:
    """Deliver one Outbox row; a failed try schedules the next one itself (see delivery.py)."""
    status, countdown = delivery.deliver(outbox_id, message)
    if countdown is not None:
        send_later(deliver, countdown, outbox_id, message)
    return status
