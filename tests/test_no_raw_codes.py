"""No page shows a person a raw code: a choice value that has a label, a language code, an ISO date,
or an American date or clock in English.

One pass over every GET page the access matrix knows, as a coordinator, a volunteer and a citizen,
with scope A's objects: first in Danish (choice values), then in English (language codes, which are
Danish words such as "en" and "de", and the British date style). Only the text a person reads is
searched: tags, attributes, scripts and styles are stripped, so an <input value="2026-12-01"> or a
<time datetime="..."> is fine.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import import_module

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import translation

from tests.matrix_table import NOBODY, TABLE
from tests.matrix_world import build_world
from tests.test_access_matrix import _request, body, build_url, client_for, url_patterns

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "volunteer", "citizen"]
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
AMERICAN = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b[ap]\.m\.|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\. \d"
)
# "so" (Somali) is left out: it is an English word. The Danish pass skips these codes altogether,
# since "da", "de" and "en" are Danish words.
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES} | {"de", "ar", "uk", "pl", "tr"}
# Choice values that are also ordinary Danish words, or read as they are ("18-29" years).
PLAIN_WORDS = {"mentor", "status", "problem", "email"}
RANGE = re.compile(r"^\d+-\d+$")


def _flat(choices):
    for value, label in choices or []:
        if isinstance(label, (list, tuple)):
            yield from _flat(label)
        else:
            yield value, label


def _choices_in_forms():
    for app in apps.get_app_configs():
        try:
            module = import_module(f"{app.name}.forms")
        except ImportError:
            continue
        for thing in vars(module).values():
            if isinstance(thing, type) and issubclass(thing, forms.BaseForm):
                for field in getattr(thing, "base_fields", {}).values():
                    # A model choice's values are ids, not codes (and its queryset may be set later).
                    if not isinstance(field, forms.ModelChoiceField):
                        yield from _flat(getattr(field, "choices", None))
            elif isinstance(thing, list) and thing and isinstance(thing[0], tuple):
                yield from _flat(thing)


def raw_codes() -> set[str]:
    """Every choice value of every model field and form whose Danish label says it otherwise."""
    codes = set()
    with translation.override("da"):
        pairs = [
            p
            for m in apps.get_models()
            for f in m._meta.get_fields()
            for p in _flat(getattr(f, "choices", None))
        ]
        for value, label in [*pairs, *_choices_in_forms()]:
            if isinstance(value, str) and value and value.lower() != str(label).lower():
                codes.add(value)
    return {
        c
        for c in codes
        if not c.isdigit() and not RANGE.match(c) and c not in LANGUAGE_CODES | {"so"} | PLAIN_WORDS
    }


class _Text(HTMLParser):
    """The text a person reads: no tags, attributes, scripts, styles or templates."""

    HIDDEN = {"script", "style", "template", "textarea"}

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _words(codes):
    return re.compile(
        r"(?<![\w-])("
        + "|".join(map(re.escape, sorted(codes, key=len, reverse=True)))
        + r")(?![\w-])"
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def _pages(world, role):
    for pattern in url_patterns():
        spec = TABLE[pattern.key]
        if spec.who == NOBODY or role not in spec.who:
            continue
        if pattern.key in {"account_logout", "set_language"} or pattern.key.startswith("admin:"):
            continue
        yield pattern.key, build_url(pattern, spec.kwargs(world["A"], world) if spec.kwargs else {})


def _problems(text: str, language: str, codes) -> list[str]:
    found = []
    if language == "da":
        found += [f"choice value {m!r}" for m in sorted(set(codes.findall(text)))]
    else:
        found += [f"language code {m!r}" for m in sorted(set(_words(LANGUAGE_CODES).findall(text)))]
        found += [f"American date or time {m!r}" for m in sorted(set(AMERICAN.findall(text)))]
    found += [f"ISO date {m!r}" for m in sorted(set(ISO_DATE.findall(text)))]
    return found


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_raw_code_or_an_iso_date(world, role):
    codes = _words(raw_codes())
    problems, seen = [], 0
    for language in ["da", "en"]:
        client = client_for(world, role)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for key, url in _pages(world, role):
            response, error = _request(client, "get", url)
            if "_auth_user_id" not in client.session:
                client = client_for(world, role)
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            if error or response.status_code != 200:
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            seen += 1
            text = visible_text(body(response))
            problems += [f"{key} [{language}] {url}: {p}" for p in _problems(text, language, codes)]
    assert seen > 10, "too few pages: did the access matrix change?"
    assert not problems, f"{len(problems)} raw codes as {role}:\n" + "\n".join(problems)


def test_the_check_knows_the_codes_it_looks_for():
    codes = raw_codes()
    assert {"visiting_friend", "meal_buddy", "car", "applied"} <= codes
    text = visible_text(
        '<p>Vil gerne: visiting_friend</p><input value="2026-12-01"><time datetime="2026-12-01">1. december</time>'
    )
    assert _problems(text, "da", _words(codes)) == ["choice value 'visiting_friend'"]
    assert _problems("Sprog: da, en · 12/01/2026 8:12 p.m.", "en", _words(codes))[:2] == [
        "language code 'da'",
        "language code 'en'",
    ]
