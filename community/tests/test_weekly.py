from django.utils import translation

from community.weekly import (
    TIME_CHOICES,
    WEEKDAYS,
    choices_from_slots,
    slots_from_choices,
)


def test_weekday_and_time_choices_follow_the_language_of_the_request():
    with translation.override("da"):
        assert str(WEEKDAYS[0]) == "mandag"
        assert str(dict(TIME_CHOICES)["0-morning"]) == "Mandag formiddag"
    with translation.override("en"):
        assert str(WEEKDAYS[0]) == "Monday"
        assert str(dict(TIME_CHOICES)["6-evening"]).startswith("Sunday ")


def test_chosen_times_become_weekly_slots_and_back():
    slots = slots_from_choices(["2-evening", "0-morning"])
    assert slots == [
        {"day": 0, "start": "09:00", "end": "12:00"},
        {"day": 2, "start": "17:00", "end": "21:00"},
    ]
    assert choices_from_slots(slots) == ["0-morning", "2-evening"]
