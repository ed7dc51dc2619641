"""community/counting.py: several counts or sums in one query give what each queryset alone gives."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community import counting
from community.models import User
from community.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_counts_and_sums_of_one_query_are_those_of_each_queryset_alone():
    now = timezone.now()
    for days in (1, 2, 2, 40, 41, 400):
        UserFactory(date_joined=now - timedelta(days=days), first_name=f"U{days}")
    ranges = {
        "this month": User.objects.filter(date_joined__gte=now - timedelta(days=30)),
        "last month": User.objects.filter(
            date_joined__gte=now - timedelta(days=60), date_joined__lt=now - timedelta(days=30)
        ),
        "none": User.objects.filter(date_joined__gt=now),
        "by name": User.objects.filter(first_name__in=["U2", "U400"]),
    }
    with CaptureQueriesContext(connection) as queries:
        counts = counting.counts(ranges)
        sums = counting.sums(ranges, "id")
    assert len(queries.captured_queries) == 2
    assert counts == {name: qs.count() for name, qs in ranges.items()}
    assert counts == {"this month": 3, "last month": 2, "none": 0, "by name": 3}
    assert sums == {name: qs.aggregate(s=Sum("id"))["s"] or 0 for name, qs in ranges.items()}
    assert sums["none"] == 0


def test_nothing_asked_is_no_query():
    with CaptureQueriesContext(connection) as queries:
        assert counting.counts({}) == {}
    assert not queries.captured_queries
