"""Participation month by month: each counted answer in the local month it was confirmed."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from hearings.models import Response
from hearings.selectors import participation_by_month
from hearings.tests.factories import make_hearing

pytestmark = pytest.mark.django_db


def answer(hearing, confirmed_at, key):
    Response.objects.create(hearing=hearing, respondent_key=key, confirmed_at=confirmed_at)


def test_answers_count_in_the_local_month_they_were_confirmed():
    hearing = make_hearing()
    first_of_month = timezone.localdate().replace(day=1)
    midnight = timezone.make_aware(datetime.combine(first_of_month, datetime.min.time()))
    answer(hearing, midnight + timedelta(minutes=5), "a")  # this month, just after local midnight
    answer(hearing, midnight - timedelta(minutes=5), "b")  # last month, just before it
    answer(hearing, midnight - timedelta(days=20), "c")  # last month
    answer(hearing, midnight - timedelta(days=200), "d")  # before the three months shown
    Response.objects.create(hearing=hearing, respondent_key="e")  # not confirmed: does not count
    months = participation_by_month(months=3)
    assert [m["month"] for m in months][-1] == first_of_month
    assert [m["answers"] for m in months] == [0, 2, 1]


def test_an_area_counts_only_its_own_hearings():
    mine, other = make_hearing(), make_hearing()
    now = timezone.now()
    answer(mine, now, "a")
    answer(other, now, "b")
    answer(other, now, "c")
    months = participation_by_month(months=2, area=mine.local_area)
    assert [m["answers"] for m in months] == [0, 1]
