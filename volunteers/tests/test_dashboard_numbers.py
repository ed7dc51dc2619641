"""The coordinator's dashboard: what it counts, and big figures with the language's thousands separator."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from community.tests.factories import LocalAreaFactory, core_task
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


def test_the_dashboard_counts_its_own_core_task_s_applicants_sign_ups_and_areas(client, social):
    """What Birthe reads: her core task's applicants, the active without a task, the sign-ups per month
    and the volunteers per area; another core task's volunteers count nowhere."""
    losning, juelsminde = LocalAreaFactory(name="Løsning"), LocalAreaFactory(name="Juelsminde")

    def inside(area):
        return {"lon": area.min_lon + 0.01, "lat": area.min_lat + 0.01}

    today = timezone.localdate()
    last_month = today.replace(day=1) - timedelta(days=10)
    noon_last_month = timezone.make_aware(datetime.combine(last_month, time(12)))
    for status in ("applied", "talk", "active"):
        VolunteerFactory(status=status, **inside(losning))
    for _ in range(2):
        VolunteerFactory(status="active", created_at=noon_last_month, **inside(losning))
    VolunteerFactory(status="approved", **inside(juelsminde))
    VolunteerFactory(status="paused", **inside(juelsminde))
    for _ in range(4):
        VolunteerFactory(status="active", core_tasks=[core_task("laering")], **inside(juelsminde))

    client.force_login(social)
    page = client.get(reverse("volunteers:dashboard")).text
    assert "<strong>2</strong>nye ansøgere" in page
    assert "<strong>4</strong>aktive uden en opgave" in page  # 3 active and 1 approved, none busy
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td>', page))
    # Approved and active volunteers per area; the paused one and the other core task's are left out.
    assert rows["Løsning"] == "3" and rows["Juelsminde"] == "1"
    with override("da"):
        this, before = (date_format(d, "YEAR_MONTH_FORMAT") for d in (today, last_month))
    assert rows[this] == "5" and rows[before] == "2"
