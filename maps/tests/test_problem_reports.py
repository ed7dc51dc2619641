"""A reporter's photo keeps no location and is shown only to those who handle the report; a reporter
who left an e-mail hears when the report is acknowledged and fixed."""

import re
from io import BytesIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from community.tests.factories import LocalAreaFactory, UserFactory, area_contact
from maps.models import ProblemReport

pytestmark = pytest.mark.django_db


def photo_with_location(name="ferie-hjemme-hos-os.jpg") -> SimpleUploadedFile:
    """A JPEG as a phone writes it: EXIF with the camera and the GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "Telefonmærke"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (55.0, 46.0, 12.0), "E", (9.0, 42.0, 30.0)
    out = BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, format="JPEG", exif=exif)
    assert Image.open(BytesIO(out.getvalue())).getexif().get_ifd(0x8825)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def report_with_photo(client, facility, **extra) -> ProblemReport:
    response = client.post(
        reverse("maps:problem-create", args=[facility.pk]),
        {"description": "Taget er knækket", "photo": photo_with_location(), **extra},
    )
    assert response.status_code == 302
    return ProblemReport.objects.get()


def test_a_photo_is_kept_without_its_location_under_a_random_name_outside_public_media(
    client, make_facility
):
    report = report_with_photo(client, make_facility())
    name = report.photo.name
    assert "ferie" not in name and re.search(r"/[0-9a-f]{32}\.jpg$", name)
    kept = Image.open(report.photo.path)
    assert not kept.getexif() and "exif" not in kept.info
    assert kept.size == (40, 30)
    assert str(settings.MEDIA_ROOT) not in report.photo.path
    with pytest.raises(ValueError):
        _ = report.photo.url


def test_only_those_who_handle_the_report_see_the_photo(client, make_facility, area):
    report = report_with_photo(client, make_facility())
    url = reverse("maps:problem-photo", args=[report.pk])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(area_contact(LocalAreaFactory(lon=10.0, lat=55.9)))
    assert client.get(url).status_code == 404
    client.force_login(area_contact(area))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    page = client.get(reverse("maps:problem-list")).text
    assert url in page and "/media/" not in page


def test_the_reporter_hears_by_mail_when_the_report_is_acknowledged_and_fixed(
    client, make_facility, area
):
    shelter = make_facility("Shelteret ved skoven")
    client.post(
        reverse("maps:problem-create", args=[shelter.pk]),
        {"description": "Taget er knækket", "reporter_email": "maja@example.dk"},
    )
    report = ProblemReport.objects.get()
    assert not mail.outbox
    client.force_login(area_contact(area))
    advance = reverse("maps:problem-advance", args=[report.pk])
    client.post(advance)
    assert mail.outbox[-1].to == ["maja@example.dk"]
    assert "modtaget" in mail.outbox[-1].subject and "Taget er knækket" in mail.outbox[-1].body
    client.post(advance)
    assert len(mail.outbox) == 2 and mail.outbox[-1].subject == "Udbedret: Shelteret ved skoven"


def test_a_reporter_without_an_e_mail_gets_no_mail(client, make_facility, area):
    shelter = make_facility()
    client.post(reverse("maps:problem-create", args=[shelter.pk]), {"description": "Væltet træ"})
    client.force_login(area_contact(area))
    client.post(reverse("maps:problem-advance", args=[ProblemReport.objects.get().pk]))
    assert not mail.outbox
