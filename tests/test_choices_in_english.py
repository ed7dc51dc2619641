"""Choice labels are translated when the form is drawn, not when the module is imported.

Each form is made and drawn under English after Danish was the active language at import, so a
label frozen at import time would show up here in Danish.
"""

import re

import pytest
from django.utils import translation

from bookings.forms import RoomSearchForm, SeriesForm
from bookings.models import Room
from matching.forms import NeedRequestForm
from volunteers.forms import PreferenceForm, ProfileForm, StatusForm
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def _shown(form) -> set[str]:
    """The texts of the labels and options a person sees in the form."""
    html = str(form)
    return {
        text.strip()
        for text in re.findall(r"<(?:label|option)[^>]*>([^<]+)<", html)
        if text.strip()
    }


@pytest.mark.parametrize(
    "make_form, english, danish",
    [
        (ProfileForm, {"Monday morning", "Sunday evening", "Visiting friend", "Danish"}, "Mandag"),
        (ProfileForm, {"Car", "On foot", "Woman"}, "Bil"),
        (NeedRequestForm, {"Tuesday afternoon", "Someone to eat with"}, "Tirsdag"),
        (PreferenceForm, {"Danish", "English"}, "Dansk"),
        (
            lambda: StatusForm(volunteer=Volunteer(status=Volunteer.Status.APPROVED)),
            {"Active", "Paused"},
            "Aktiv",
        ),
        (RoomSearchForm, {"Monday", "Sunday"}, "Søndag"),
        (lambda: SeriesForm(room=Room(capacity=20)), {"Wednesday"}, "Onsdag"),
    ],
)
def test_choices_read_english_in_english(make_form, english, danish):
    translation.activate("da")
    try:
        with translation.override("en"):
            shown = _shown(make_form())
    finally:
        translation.deactivate()
    assert english <= shown, sorted(shown)
    assert not any(text.startswith(danish) for text in shown)
