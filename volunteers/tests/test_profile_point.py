"""The exact point a volunteer picks on the profile map stays hers until she moves it or moves house."""

import pytest
from django.urls import reverse

from volunteers.forms import ProfileForm
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

PICKED = (56.215431, 9.318822)  # a farm outside Bredsten, far from the postcode's centre


def _profile_post(form: ProfileForm) -> dict:
    """What the browser sends back for the form as it was shown, nothing changed."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value in (None, ""):
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    data.pop("core_tasks", None)
    return data


def test_the_profile_form_starts_from_the_saved_point():
    volunteer = VolunteerFactory(lat=PICKED[0], lon=PICKED[1])
    form = ProfileForm(initial=ProfileForm.initial_from(volunteer))
    assert (form["lat"].value(), form["lon"].value()) == PICKED
    assert f'name="lat" value="{PICKED[0]}"' in str(form["lat"])


def test_saving_the_profile_again_without_moving_the_marker_keeps_the_picked_point(client):
    volunteer = VolunteerFactory(lat=PICKED[0], lon=PICKED[1])
    client.force_login(volunteer.user)
    page = client.get(reverse("volunteers:profile"))
    assert f'name="lat" value="{PICKED[0]}"' in page.content.decode()
    data = _profile_post(page.context["profile"])
    data["interests"] = "gåture"
    assert client.post(reverse("volunteers:profile"), data).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.interests == "gåture"
    assert (volunteer.lat, volunteer.lon) == PICKED


def test_a_new_postcode_with_the_old_point_left_alone_moves_the_point_to_the_new_address(client):
    volunteer = VolunteerFactory(lat=PICKED[0], lon=PICKED[1])
    client.force_login(volunteer.user)
    data = _profile_post(client.get(reverse("volunteers:profile")).context["profile"])
    data["postcode"] = "7130"
    assert client.post(reverse("volunteers:profile"), data).status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.lat, volunteer.lon) != PICKED
    assert volunteer.lat is not None
