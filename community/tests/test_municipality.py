"""The municipality is data: an administrator renames it on its admin page and every page follows."""

import pytest
from django.urls import reverse

from community.models import AuditEntry, Municipality, SchoolHoliday
from community.tests.factories import administrator

pytestmark = pytest.mark.django_db


def school_holiday_rows(*rows) -> dict:
    """The municipality page's inline form of school holidays, with these (name, first, last) rows."""
    data = {
        "school_holidays-TOTAL_FORMS": str(len(rows)),
        "school_holidays-INITIAL_FORMS": "0",
        "school_holidays-MIN_NUM_FORMS": "0",
        "school_holidays-MAX_NUM_FORMS": "1000",
    }
    for i, (name, first, last) in enumerate(rows):
        data.update(
            {
                f"school_holidays-{i}-name": name,
                f"school_holidays-{i}-name_en": "",
                f"school_holidays-{i}-starts_on": first,
                f"school_holidays-{i}-ends_on": last,
            }
        )
    return data


def test_an_administrator_enters_the_school_holidays_on_the_municipality_page(client):
    Municipality(name="Testby", code="0999").save()
    client.force_login(administrator())
    url = reverse("admin:community_municipality_change", args=[1])
    page = {"code": "0999", "name": "Testby", "center_lat": "", "center_lon": ""}
    backwards = client.post(
        url, {**page, **school_holiday_rows(("Vinterferie", "2027-02-21", "2027-02-13"))}
    )
    assert backwards.status_code == 200
    assert "Sidste feriedag skal ligge efter første feriedag." in backwards.content.decode()
    assert not SchoolHoliday.objects.exists()
    response = client.post(
        url, {**page, **school_holiday_rows(("Vinterferie", "2027-02-13", "2027-02-21"))}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    holiday = SchoolHoliday.objects.get()
    assert (holiday.municipality_id, holiday.name, holiday.ends_on.isoformat()) == (
        1,
        "Vinterferie",
        "2027-02-21",
    )
    assert "Vinterferie" in client.get(url).content.decode()


def test_an_administrator_edits_the_municipality_and_the_pages_and_audit_follow(client):
    Municipality(name="Kerteminde", code="0440").save()
    client.force_login(administrator())
    url = reverse("admin:community_municipality_change", args=[1])
    response = client.post(
        url,
        {
            "code": "0440",
            "name": "Kerteminde",
            "email": "kommune@kerteminde.dk",
            "phone": "65 15 15 15",
            "website": "https://www.kerteminde.dk",
            "logo_url": "",
            "address": "",
            "center_lat": "55.45",
            "center_lon": "10.66",
            "tile_url": "",
            "tile_attribution": "",
            **school_holiday_rows(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    home = client.get(reverse("community:home")).content.decode()
    assert "Samskab drives af Kerteminde Kommune." in home
    assert "https://www.kerteminde.dk" in home and "kommune@kerteminde.dk" in home
    assert AuditEntry.objects.filter(action="admin.changed").exists()
    assert client.get(reverse("admin:community_municipality_add")).status_code == 403


def test_the_map_may_load_tiles_from_the_municipalitys_own_tile_server(client, settings):
    settings.MAP_TILES_ENABLED = True
    Municipality(
        name="Kerteminde", code="0440", tile_url="https://{s}.kort.example.dk/{z}/{x}/{y}.png"
    ).save()
    policy = client.get(reverse("maps:map"))["Content-Security-Policy"]
    img_src = next(d for d in policy.split(";") if d.strip().startswith("img-src"))
    assert "https://*.kort.example.dk" in img_src
    assert "tile.openstreetmap.org" in img_src  # the settings' server stays allowed
