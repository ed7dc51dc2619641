"""No 500 from a query string: every GET page the access matrix knows, as a role that may open it,
with junk in every GET parameter the page reads.

The parameters of a page are the fields of its <form method="get">, the query keys of its links back
to itself (pagination, admin filters) and the names its view reads from request.GET (READS below).
Each junk value goes into all of them at once, and into each one alone when the page then does not
render, so one bad value that ends the view early cannot hide another.
"""

from __future__ import annotations

import time as clock
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.db import transaction

from tests.matrix_table import NOBODY, TABLE
from tests.matrix_world import build_world
from tests.test_access_matrix import _request, body, build_url, client_for, url_patterns

pytestmark = pytest.mark.django_db

OVERSIZED = "99999999999999999999999"
# "²" passes str.isdigit() but int() refuses it.
JUNK = [OVERSIZED, "-1", "abc", "æøå", "", "²", ["1", "2"]]

# What views read from request.GET that no form or link on the page names.
READS = {
    "community:citizen-list": ["q"],
    "community:citizen-detail": ["purpose"],
    "community:audit-list": ["q", "action", "object_type", "object_id", "date_from", "date_to"],
    "community:my-data": ["format"],
    "bookings:room-search": ["day", "start_time", "end_time", "capacity"],
    "bookings:room-detail": ["uge"],
    "bookings:booking-create": ["dato", "fra", "til", "antal"],
    "bookings:series-create": [
        "weekday",
        "start_time",
        "end_time",
        "first_date",
        "last_date",
        "capacity",
    ],
    "bookings:utilisation": ["fra", "til", "bygning"],
    "bookings:api-availability": ["room", "day", "start", "end", "date", "from", "to"],
    "volunteers:dashboard": ["core_task"],
    "volunteers:volunteer-list": ["q", "status", "core_task"],
    "volunteers:export": ["core_task"],
    "volunteers:hours-approve": ["core_task", "worked_from", "worked_to"],
    "localareas:workspace": ["omraade"],
    "localareas:project-create": ["omraade"],
    "localareas:contact-create": ["ressource"],
    "hearings:list": ["omraade"],
    "hearings:results": ["side"],
    "matching:need-list": ["status", "core_task"],
    "matching:proposal-list": ["core_task", "local_area"],
    "matching:match-list": ["core_task", "status"],
    "maps:map": ["center", "zoom", "layers", "area", "bbox", "status", "q"],
    "maps:area-map": ["center", "zoom", "steder", "layers"],
    "maps:embed": ["center", "zoom", "layers", "area", "lang", "steder"],
    "maps:share": ["layers", "area", "lang"],
    "maps:facility-list": ["layers", "area", "bbox", "status", "q"],
    "maps:problem-list": ["status"],
    "maps:api-facilities": [
        "bbox",
        "limit",
        "layers",
        "area",
        "status",
        "q",
        "lang",
        "geometry_type",
    ],
    "maps:api-facilities-download": [
        "bbox",
        "limit",
        "offset",
        "layers",
        "area",
        "status",
        "q",
        "lang",
        "geometry_type",
    ],
    "maps:api-places": ["area"],
    "maps:ogc-landing": ["f", "lang"],
    "maps:ogc-conformance": ["f"],
    "maps:ogc-collections": ["f", "lang"],
    "maps:ogc-collection": ["f", "lang"],
    "maps:ogc-items": [
        "f",
        "lang",
        "bbox",
        "bbox-crs",
        "limit",
        "offset",
        "datetime",
        "geometry_type",
        "status",
        "area",
        "wheelchair",
    ],
    "maps:ogc-item": ["f", "lang"],
}


class _GetParams(HTMLParser):
    """The names a page itself puts in its own query strings: GET form fields and self-links."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_get_form = (a.get("method") or "get").lower() == "get"
        elif self._in_get_form and tag in {"input", "select", "textarea"} and a.get("name"):
            self.names.add(a["name"])
        elif tag == "a" and a.get("href") and "?" in a["href"]:
            link = urlsplit(a["href"])
            if link.path in ("", self.path):
                self.names.update(k for k, _v in parse_qsl(link.query, keep_blank_values=True))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def _get_pages(world):
    """(key, url, roles) for every pattern a GET may open, with scope A's objects."""
    for pattern in url_patterns():
        spec = TABLE[pattern.key]
        if spec.who == NOBODY or pattern.key in {"account_logout", "set_language"}:
            continue
        url = build_url(pattern, spec.kwargs(world["A"], world) if spec.kwargs else {})
        yield pattern.key, url, sorted(spec.who)


# One role per page: the first of these that may open it (the views branch on role, not on scope).
ROLE_ORDER = ["coordinator", "playmaker", "admin", "rep", "volunteer", "citizen", "council"]


def _role_for(roles: list[str]) -> str:
    if "anonymous" in roles:
        return "anonymous"
    return next(r for r in ROLE_ORDER if r in roles)


# The pages are shared out over SHARDS tests, so the suite's processes (pytest-xdist) share the work.
SHARDS = 4


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_page_answers_junk_in_its_query_string_with_a_500(world, shard):
    started = clock.perf_counter()
    clients = {}
    problems, sent = [], 0
    pages = [p for i, p in enumerate(_get_pages(world)) if i % SHARDS == shard]
    for key, url, roles in pages:
        role = _role_for(roles)
        if role not in clients or (
            role != "anonymous" and "_auth_user_id" not in clients[role].session
        ):
            clients[role] = client_for(world, role)
        client = clients[role]
        response, error = _request(client, "get", url)
        if error or response.status_code >= 500:
            problems.append(f"{key} as {role} {url}: {error or response.status_code}")
            continue
        names = set(READS.get(key, []))
        if "html" in response.get("Content-Type", ""):
            parser = _GetParams(urlsplit(url).path)
            parser.feed(body(response))
            names |= parser.names
        for value in JUNK:
            # All at once; when the page then does not render (a redirect, a 400), one by one, so
            # a value that ends the view early cannot hide the others.
            together = [urlencode({n: value for n in sorted(names)}, doseq=True)]
            for query in together if names else []:
                response, error = _request(client, "get", f"{url}?{query}")
                sent += 1
                if error or response.status_code >= 500:
                    problems.append(f"{key} as {role} ?{query}: {error or response.status_code}")
                elif response.status_code != 200 and len(names) > 1:
                    for name in sorted(names):
                        alone = urlencode({name: value}, doseq=True)
                        response, error = _request(client, "get", f"{url}?{alone}")
                        sent += 1
                        if error or response.status_code >= 500:
                            problems.append(
                                f"{key} as {role} ?{alone}: {error or response.status_code}"
                            )
    elapsed = clock.perf_counter() - started
    print(f"\n{sent} junk queries in {elapsed:.1f} s")
    # Pages fall to shards by position, so a new URL pattern moves pages between shards: each
    # shard must still send a good share, not exactly a quarter of the whole.
    assert sent > 400 / SHARDS, "too few parameters found: did the pages or READS change?"
    assert not problems, f"{len(problems)} queries gave a 500:\n" + "\n".join(problems)
