"""Dates and times read the way each language writes them: Danish, and British English."""

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

SHOWN = (
    '{{ day }}|{{ day|date:"DATE_FORMAT" }}|{{ at|date:"DATETIME_FORMAT" }}|'
    '{{ at|date:"SHORT_DATETIME_FORMAT" }}|{{ at|time:"TIME_FORMAT" }}|{{ day|date:_("j. N Y") }}'
)


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "da",
            "1. december 2026|1. december 2026|1. december 2026 20:12|01.12.2026 20:12|20:12|1. dec. 2026",
        ),
        (
            "en",
            "1 December 2026|1 December 2026|1 December 2026, 20:12|1 Dec 2026, 20:12|20:12|1 Dec 2026",
        ),
    ],
)
def test_dates_and_times_read_as_the_language_writes_them(language, expected):
    with translation.override(language):
        shown = Template(SHOWN).render(
            Context({"day": date(2026, 12, 1), "at": datetime(2026, 12, 1, 20, 12)})
        )
    assert shown == expected
    assert "p.m." not in shown and "12/01/2026" not in shown


PROJECT = Path(__file__).resolve().parents[2]
# A date pattern written into a template as it stands ("j. F Y") is Danish in English too
# ("3. December 2026"): templates use a named format (DATE_FORMAT) or a translated one (_("j. N Y"): "3. dec. 2026" in Danish, "3 Dec 2026" in English).
UNTRANSLATED_PATTERN = re.compile(r"""\|date:["'][^"']*[jdDlFMNbY][^"']*["']""")
NAMED = re.compile(r"""\|date:["'](?:[A-Z_]+|Y-m-d|c|j/n)["']""")


def test_no_template_writes_a_date_pattern_that_stays_danish_in_english():
    found = []
    for template in [*PROJECT.glob("templates/**/*.html"), *PROJECT.glob("*/templates/**/*.html")]:
        if ".venv" in template.parts or "node_modules" in template.parts:
            continue
        for n, line in enumerate(template.read_text().splitlines(), 1):
            found += [
                f"{template.relative_to(PROJECT)}:{n}: {m.group(0)}"
                for m in UNTRANSLATED_PATTERN.finditer(line)
                if not NAMED.fullmatch(m.group(0))
            ]
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_an_invitation_sent_shows_its_day_in_english_as_english_writes_it(client):
    from django.urls import reverse
    from freezegun import freeze_time

    from community.tests.factories import LocalAreaFactory, LocalCouncilFactory, council_member
    from localareas.services import council_member_add

    council = LocalCouncilFactory(areas=[LocalAreaFactory()])
    hanne = council_member(council)
    with freeze_time("2026-12-08 10:00"):
        council_member_add(council=council, email="ole@example.dk", title="", actor=hanne)
    client.force_login(hanne)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("localareas:council-edit", args=[council.slug])).text
    assert "<td>8 December 2026</td>" in page
