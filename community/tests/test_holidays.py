from datetime import date

import pytest
from django.utils import translation

from community.demo import demo_school_holidays
from community.holidays import easter_sunday, holiday_names, holidays_between, public_holidays
from community.tests.factories import school_holiday


@pytest.mark.parametrize(
    "year, easter",
    [
        (2019, date(2019, 4, 21)),
        (2023, date(2023, 4, 9)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
        (2285, date(2285, 3, 22)),
    ],
)
def test_easter_sunday_falls_on_the_known_dates(year, easter):
    assert easter_sunday(year) == easter


def test_the_danish_public_holidays_of_2027_are_the_known_days():
    assert public_holidays(2027) == {
        date(2027, 1, 1): "nytaarsdag",
        date(2027, 3, 25): "skaertorsdag",
        date(2027, 3, 26): "langfredag",
        date(2027, 3, 28): "paaskedag",
        date(2027, 3, 29): "2-paaskedag",
        date(2027, 5, 6): "kristi-himmelfartsdag",
        date(2027, 5, 16): "pinsedag",
        date(2027, 5, 17): "2-pinsedag",
        date(2027, 6, 5): "grundlovsdag",
        date(2027, 12, 24): "juleaftensdag",
        date(2027, 12, 25): "1-juledag",
        date(2027, 12, 26): "2-juledag",
        date(2027, 12, 31): "nytaarsaftensdag",
    }


def test_store_bededag_is_a_holiday_until_2023_and_not_after():
    assert public_holidays(2023)[date(2023, 5, 5)] == "store-bededag"
    assert "store-bededag" not in public_holidays(2024).values()


@pytest.mark.django_db
def test_holidays_between_names_public_and_school_holidays_in_both_languages():
    autumn = school_holiday("Efterårsferie", date(2027, 10, 16), date(2027, 10, 24), "Autumn break")
    days = holidays_between(date(2027, 10, 1), date(2027, 12, 31))
    assert days[date(2027, 10, 18)].name == "Efterårsferie"
    assert days[date(2027, 10, 18)].key == f"school:{autumn.pk}"
    assert str(days[date(2027, 12, 26)].name) == "2. juledag"
    assert date(2027, 10, 25) not in days
    assert date(2027, 10, 18) not in holidays_between(
        date(2027, 10, 1), date(2027, 12, 31), school=False
    )
    with translation.override("en"):
        names = holiday_names(["public:2-paaskedag", f"school:{autumn.pk}", "school:999999"])
    assert names == {"public:2-paaskedag": "Easter Monday", f"school:{autumn.pk}": "Autumn break"}


@pytest.mark.django_db
def test_a_public_holiday_inside_a_school_holiday_keeps_its_own_name():
    school_holiday("Påskeferie", date(2027, 3, 20), date(2027, 3, 29))
    days = holidays_between(date(2027, 3, 20), date(2027, 3, 31))
    assert str(days[date(2027, 3, 29)].name) == "2. påskedag"
    assert days[date(2027, 3, 23)].name == "Påskeferie"


def test_the_demo_plans_the_school_year_the_way_danish_schools_do():
    assert demo_school_holidays(2026) == [
        ("Efterårsferie", "Autumn break", date(2026, 10, 10), date(2026, 10, 18)),
        ("Juleferie", "Christmas holidays", date(2026, 12, 19), date(2027, 1, 3)),
        ("Vinterferie", "Winter break", date(2027, 2, 13), date(2027, 2, 21)),
        ("Påskeferie", "Easter holidays", date(2027, 3, 20), date(2027, 3, 29)),
        ("Sommerferie", "Summer holidays", date(2027, 6, 26), date(2027, 8, 9)),
    ]
