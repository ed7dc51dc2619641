import re

import pytest
from django.urls import reverse

from community.models import AuditEntry
from community.tests.factories import administrator

pytestmark = pytest.mark.django_db


def test_the_next_page_of_a_filtered_audit_search_is_the_next_page_of_that_search(client):
    AuditEntry.objects.bulk_create(
        [AuditEntry(action="room.viewed", actor_label="a") for _ in range(130)]
        + [AuditEntry(action="hearing.opened", actor_label="b") for _ in range(130)]
    )
    client.force_login(administrator())
    first = client.get(reverse("community:audit-list"), {"action": "room.viewed"})
    link = re.search(r'href="(\?[^"]*side=2[^"]*)"', first.text).group(1).replace("&amp;", "&")
    assert "action=room.viewed" in link
    second = client.get(reverse("community:audit-list") + link)
    assert second.status_code == 200
    assert "room.viewed" in second.text and "hearing.opened" not in second.text
