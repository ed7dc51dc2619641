import pytest
from django.core.management import call_command

from bookings.models import Room
from community.models import Association, Citizen, Role, SchoolHoliday
from localareas.models import LocalArea, LocalCouncil
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def demo_counts() -> tuple[int, ...]:
    """Areas, councils, playmakers, coordinators, citizens, volunteers."""
    return (
        LocalArea.objects.count(),
        LocalCouncil.objects.count(),
        Role.objects.filter(kind=Role.Kind.AREA_CONTACT).values("user").distinct().count(),
        Role.objects.filter(kind=Role.Kind.COORDINATOR).count(),
        Citizen.objects.count(),
        Volunteer.objects.count(),
    )


def test_the_demo_loads_hedensted_and_can_be_loaded_twice_without_duplicates(capsys):
    call_command("load_demo")
    printed = capsys.readouterr().out
    counts = demo_counts()
    assert counts[:4] == (33, 30, 10, 4)
    assert Association.objects.count() >= 15 and Room.objects.count() >= 25
    # Every area has a playmaker and every citizen and volunteer lives inside an area.
    assert not LocalArea.objects.filter(roles__isnull=True).exists()
    assert not Citizen.objects.filter(local_area__isnull=True).exists()
    assert not Volunteer.objects.filter(local_area__isnull=True).exists()
    for login in [
        "admin@",
        "koordinator.social-omsorg@",
        "playmaker1@",
        "lokalraad.juelsminde@",
        "frivillig@",
        "borger@",
    ]:
        assert login in printed
    # Two school years of school holidays, for the municipality's row.
    assert SchoolHoliday.objects.filter(municipality_id=1, name="Efterårsferie").count() == 2
    call_command("load_demo", "--quiet-logins")
    assert demo_counts() == counts
    assert SchoolHoliday.objects.count() == 10


def test_every_printed_demo_login_works(client, capsys):
    from community.demo import DEMO_PASSWORD

    call_command("load_demo")
    printed = capsys.readouterr().out
    emails = [
        word
        for line in printed.splitlines()
        for word in line.split()
        if word.endswith("@demo.samskab.dk")
    ]
    assert len(emails) >= 7
    for email in emails:
        assert client.login(email=email, password=DEMO_PASSWORD), email
        client.logout()
