"""The Celery app: configured from Django's settings (the CELERY_ names), tasks found in every app.

Workers: `uv run celery -A community worker --loglevel=INFO`; the schedule: `uv run celery -A
community beat` (exactly one). See the README's production section.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")

app = Celery("community")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
