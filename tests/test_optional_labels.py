"""Every form on the site, as each role sees it: a required field's label never says "(valgfrit)",
and an optional one's does (checkboxes and filter bars, where every field is optional, excepted; the admin marks required
fields in bold instead, so there only the first half holds).

The pages are every URL of the access matrix, opened by every role with the matrix's data."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.db import transaction

from tests.matrix_table import ROLES
from tests.matrix_world import build_world
from tests.test_access_matrix import _request, body, client_for, scoped_urls

OPTIONAL = re.compile(r"\((valgfri|valgfrit|optional)\)", re.IGNORECASE)
# "(frivillig)" in a label that also gets "(valgfrit)" says it twice.
MARKS = re.compile(r"\((valgfri|valgfrit|frivillig|frivilligt|optional)\)", re.IGNORECASE)
# Formset rows: an empty extra row may be left empty, so its browser-side "required" is off by design.
FORMSET_ROW = re.compile(r"-(\d+|__prefix__)-")
pytestmark = pytest.mark.django_db

NOT_TEXT = {"hidden", "submit", "button", "checkbox", "radio", "reset", "image"}


class _Fields(HTMLParser):
    """The controls of a page's POST forms, and the text of the label or legend that names each."""

    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []  # id, name, type, required, legend
        self.labels: dict[str, str] = {}
        self._form_method = None
        self._label_for = None
        self._label_text = []
        self._legends: list[list[str]] = []  # a stack of fieldsets' legend text
        self._in_legend = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form_method = (a.get("method") or "get").lower()
        elif tag == "fieldset":
            self._legends.append([])
        elif tag == "legend":
            self._in_legend = True
        elif tag == "label":
            self._label_for, self._label_text = a.get("for"), []
        elif tag in {"input", "select", "textarea"} and self._form_method == "post":
            kind = (a.get("type") or "text").lower() if tag == "input" else tag
            if "disabled" in a or "readonly" in a:
                return
            self.controls.append(
                {
                    "id": a.get("id"),
                    "name": a.get("name") or "",
                    "type": kind,
                    "required": "required" in a,
                    "legend": "".join(self._legends[-1]) if self._legends else "",
                    "can_be_empty": tag != "select",
                }
            )
        elif tag == "option" and self.controls and self.controls[-1]["type"] == "select":
            # A select with no empty choice always sends a value: Django leaves "required" off it.
            if (a.get("value") or "") == "":
                self.controls[-1]["can_be_empty"] = True

    def handle_data(self, data):
        if self._in_legend and self._legends:
            self._legends[-1].append(data)
        if self._label_for is not None:
            self._label_text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form_method = None
        elif tag == "fieldset" and self._legends:
            self._legends.pop()
        elif tag == "legend":
            self._in_legend = False
        elif tag == "label" and self._label_for is not None:
            self.labels[self._label_for] = " ".join("".join(self._label_text).split())
            self._label_for = None


def label_problems(html: str, *, marks_optional: bool = True) -> list[str]:
    parser = _Fields()
    parser.feed(html)
    problems = []
    for c in parser.controls:
        if FORMSET_ROW.search(c["name"]):
            continue
        own = parser.labels.get(c["id"] or "", "")
        # A group of radios or checkboxes is named by its legend; other controls by their label.
        name = c["legend"] if c["type"] in {"radio", "checkbox"} else own
        says_optional = bool(OPTIONAL.search(name))
        if len(MARKS.findall(name)) > 1:
            problems.append(f"{c['name']}: labelled optional twice, {name!r}")
        if c["required"] and says_optional:
            problems.append(f"{c['name']}: required, but labelled {name!r}")
        elif (
            marks_optional
            and not c["required"]
            and not says_optional
            and c["type"] not in NOT_TEXT
            and c["can_be_empty"]
            and own
        ):
            problems.append(f"{c['name']}: optional, but labelled {own!r} without (valgfrit)")
    return problems


def test_the_checker_catches_both_mistakes():
    html = (
        '<form method="post"><label for="a">Navn (valgfrit)</label><input id="a" name="a" required>'
        '<label for="b">Telefon</label><input id="b" name="b">'
        '<label for="c">E-mail</label><input id="c" name="c" required>'
        '<label for="d">Noter (valgfrit)</label><textarea id="d" name="d"></textarea>'
        '<input type="checkbox" id="e" name="e"><label for="e">Følg</label>'
        '<label for="f">Type</label><select id="f" name="f"><option value="x">X</option></select>'
        '<label for="h">E-mail (frivillig) (valgfrit)</label><input id="h" name="h">'
        '<label for="g">Titel</label><select id="g" name="g"><option value="">-</option></select>'
        "</form>"
        '<form><label for="q">Søg</label><input id="q" name="q"></form>'
    )
    assert label_problems(html) == [
        "a: required, but labelled 'Navn (valgfrit)'",
        "b: optional, but labelled 'Telefon' without (valgfrit)",
        "h: labelled optional twice, 'E-mail (frivillig) (valgfrit)'",
        "g: optional, but labelled 'Titel' without (valgfrit)",
    ]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
def test_no_form_calls_a_required_field_optional_or_leaves_an_optional_one_unmarked(world, role):
    client = client_for(world, role)
    problems, pages = [], set()
    for pattern, _scope, url in scoped_urls(world):
        response, error = _request(client, "get", url)
        if role != "anonymous" and "_auth_user_id" not in client.session:
            client = client_for(world, role)  # the logout pages log out on GET too
        if error or response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        # Django's admin marks the required fields instead (bold labels), so it is checked one way.
        found = label_problems(body(response), marks_optional=not url.startswith("/admin/"))
        if found:
            pages.add(pattern.key)
        problems += [f"{pattern.key} {url}: {p}" for p in found]
    assert not problems, f"{len(problems)} labels on {sorted(pages)}:\n" + "\n".join(
        dict.fromkeys(problems)
    )
