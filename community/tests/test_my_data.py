import json

import pytest
from django.urls import reverse

from community.models import AuditEntry
from community.tests.factories import CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_citizen_sees_and_downloads_what_the_municipality_holds_about_her_and_it_is_logged(
    client,
):
    inger = UserFactory(email="inger@example.dk", first_name="Inger")
    CitizenFactory(user=inger, first_name="Inger", notes="Savner selskab")
    client.force_login(inger)
    page = client.get(reverse("community:my-data"))
    assert page.status_code == 200 and "Savner selskab" in page.text
    download = client.get(reverse("community:my-data"), {"format": "json"})
    data = json.loads(download.content)
    assert data["account"]["email"] == "inger@example.dk"
    assert data["citizen_record"]["notes"] == "Savner selskab"
    assert AuditEntry.objects.filter(
        action="citizen.self_export", actor=inger, purpose="citizen_request"
    ).exists()


def test_my_data_needs_a_login(client):
    assert client.get(reverse("community:my-data")).status_code == 302
