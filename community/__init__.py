# The Celery app is made when Django starts, so @shared_task in every app binds to it.
from community.celery import app as celery_app

__all__ = ["celery_app"]
