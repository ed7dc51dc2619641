"""The coordinator's dashboard writes big figures with the language's thousands separator."""

import pytest
from django.urls import reverse
from django.utils import timezone

from community.tests.factories import core_task
from volunteers.models import HoursEntry
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_writes_1248_hours_this_month_with_a_separator(client, social):
    volunteer = VolunteerFactory(status="active")
    # 52 approved days of 24 hours today: 1,248 hours, more than fit in one entry.
    HoursEntry.objects.bulk_create(
        HoursEntry(
            volunteer=volunteer,
            core_task=core_task("social-omsorg"),
            worked_on=timezone.localdate(),
            duration_min=24 * 60,
            status=HoursEntry.Status.APPROVED,
        )
        for _ in range(52)
    )
    client.force_login(social)
    page = client.get(reverse("volunteers:dashboard")).text
    assert "<strong>1.248,0</strong>" in page
    client.cookies.load({"django_language": "en"})
    assert "<strong>1,248.0</strong>" in client.get(reverse("volunteers:dashboard")).text
