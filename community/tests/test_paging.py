import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import AuditEntry
from community.tests.factories import administrator

pytestmark = pytest.mark.django_db


def _link(html: str, rel: str) -> str:
    return unescape(re.search(rf'<a rel="{rel}" href="([^"]*)"', html).group(1))


def test_the_next_page_of_a_filtered_audit_search_keeps_every_filter(client):
    now = timezone.now()
    long_ago = now - timedelta(days=60)
    AuditEntry.objects.bulk_create(
        [AuditEntry(action="room.viewed", actor_label="alice", at=now) for _ in range(130)]
        # Each of these misses one filter: another action, another person, outside the dates.
        + [AuditEntry(action="hearing.opened", actor_label="alice", at=now) for _ in range(130)]
        + [AuditEntry(action="room.viewed", actor_label="bob", at=now) for _ in range(130)]
        + [AuditEntry(action="room.viewed", actor_label="alice", at=long_ago) for _ in range(130)]
    )
    filters = {
        "q": "alice",
        "action": "room.viewed",
        "date_from": (now - timedelta(days=7)).date().isoformat(),
        "date_to": now.date().isoformat(),
    }
    client.force_login(administrator())

    first = client.get(reverse("community:audit-list"), filters)
    link = _link(first.text, "next")
    assert {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()} == {**filters, "side": "2"}

    second = client.get(reverse("community:audit-list") + link)
    assert second.status_code == 200
    assert "Side 2 af 2" in second.text
    # 130 matching rows: 100 on page 1, the other 30 on page 2, and nothing from the other groups.
    assert second.text.count("<td>room.viewed</td>") == 30
    assert "hearing.opened" not in second.text and "bob" not in second.text

    back = _link(second.text, "prev")
    assert {k: v[0] for k, v in parse_qs(urlsplit(back).query).items()} == {**filters, "side": "1"}


def test_a_list_without_filters_pages_with_the_page_number_alone(client):
    AuditEntry.objects.bulk_create([AuditEntry(action="room.viewed") for _ in range(101)])
    client.force_login(administrator())
    first = client.get(reverse("community:audit-list"))
    assert _link(first.text, "next") == "?side=2"


def test_the_audit_search_filters_by_kind_of_object_and_its_number_and_ignores_junk(client):
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(action="booking.approved", object_type="bookings.booking", object_id="7"),
            AuditEntry(action="booking.cancelled", object_type="bookings.booking", object_id="8"),
            AuditEntry(action="hearing.opened", object_type="hearings.hearing", object_id="7"),
        ]
    )
    client.force_login(administrator())
    url = reverse("community:audit-list")
    page = client.get(url, {"object_type": "bookings.booking", "object_id": "7"})
    assert "booking.approved" in page.text
    assert "booking.cancelled" not in page.text and "hearing.opened" not in page.text
    assert ">Booking (bookings.booking)<" in page.text  # the kinds are offered by name
    junk = client.get(url, {"object_type": "nope.nope", "date_from": "31.02.2026"})
    assert junk.status_code == 200 and "hearing.opened" in junk.text
