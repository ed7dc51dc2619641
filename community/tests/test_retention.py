from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from community.models import AuditEntry, Citizen
from community.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_citizens_past_their_retention_date_are_erased_and_the_erasure_is_logged(capsys):
    today = date.today()
    old = CitizenFactory(first_name="Udløbet", retain_until=today - timedelta(days=1))
    kept = CitizenFactory(first_name="Gyldig", retain_until=today + timedelta(days=30))
    call_command("apply_retention")
    assert "Erased 1" in capsys.readouterr().out
    assert set(Citizen.objects.values_list("pk", flat=True)) == {kept.pk}
    entry = AuditEntry.objects.get(action="citizen.erased")
    assert entry.object_id == str(old.pk) and entry.purpose == "retention"


def test_a_new_citizen_record_gets_a_retention_date_by_default(settings):
    settings.CITIZEN_RETENTION_DAYS = 100
    citizen = CitizenFactory(retain_until=None)
    assert citizen.retain_until == timezone.localdate() + timedelta(days=100)
