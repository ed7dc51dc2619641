"""Every URL of the project, as each of the eight roles, with objects of the user's own scope and another's.

The users are all scoped to A (core task Social Omsorg, local area A, association A, council A); scope B
(core task Læring, area B, association B, council B) has the same kinds of objects, whose private text
carries a marker such as "Bjarne-B-Borger-7731". For every URL pattern (admin included) the matrix
- GETs it as each role with A's and with B's objects: no 500, no B marker a role may not see, no 200
  on a page the role may not open at all;
- POSTs to it as each role with B's objects, with the fields of B's own forms where a B user has one:
  no 500 and no change to any row of any table.
A URL pattern the table below cannot fill fails the test, so no new URL goes untested.
"""

from __future__ import annotations

import hashlib
import re
import time as clock
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from bookings.models import Booking
from community.api_errors import API_PREFIXES
from localareas.models_workspace import AreaResource
from tests.matrix_table import ALL, ROLES, TABLE, forged
from tests.matrix_world import B_MARKERS, build_world
from volunteers.models import Application

pytestmark = pytest.mark.django_db

# What of B's private data each A-scoped role may see (see community/access/*.py):
# coordinators see every volunteer so core tasks can share them; administrators manage rooms, bookings,
# workspaces, hearings and facility reports of every area, and the user accounts, but not cases
# (citizens, needs, proposals, matches).
MAY_SEE_OF_B = {
    "anonymous": set(),
    "citizen": set(),
    "volunteer": set(),
    "rep": set(),
    "coordinator": {"volunteer"},
    "playmaker": set(),
    "council": set(),
    "admin": {
        "volunteer",
        "volunteer_note",
        "booking",
        "series",
        "door_code",
        "resource",
        "contact",
        "project",
        "problem",
        "answer",
        "application",
        "hours",
        "rep_email",
    },
}


# Pages that must show a role its own scope's data (and what B's it may see): proof that the users
# are logged in with their roles and that the pages render real rows, so the checks above can fail.
MUST_SEE = {
    "anonymous": [
        ("localareas:area-detail", "A", "Område A"),
        ("hearings:detail", "B", "Høring B"),
    ],
    "citizen": [("community:my-data", "-", "Behov A"), ("matching:mine", "-", "Frivillig-A")],
    "volunteer": [("community:my-data", "-", "Timer A")],
    "rep": [
        ("bookings:booking-detail", "A", "Booking A"),
        ("volunteers:opportunity-manage", "A", "Ansøgning A"),
    ],
    "coordinator": [
        ("community:citizen-list", "-", "A-Borger"),
        ("matching:need-detail", "A", "Behov A"),
        ("volunteers:volunteer-detail", "B", B_MARKERS["volunteer"]),
    ],
    "playmaker": [
        ("localareas:workspace-area", "A", "Kontaktlog A"),
        ("bookings:approval-queue", "-", "Booking A"),
        ("maps:problem-list", "-", "Problem A"),
    ],
    "council": [("hearings:results", "A", "Svar A")],
    "admin": [
        ("bookings:booking-detail", "B", B_MARKERS["booking"]),
        ("localareas:workspace-area", "B", B_MARKERS["contact"]),
        ("admin:community_citizen_changelist", "-", "0 borgere"),
    ],
}

# --- walking the URL patterns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # the URL name (namespaced), or the route for an unnamed pattern
    name: str | None
    route: str


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the project, through every include, except static and media files."""
    found = []

    def walk(resolver, prefix, namespace):
        for p in resolver.url_patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(p, route, ns)
                continue
            assert isinstance(p, URLPattern)
            if route.lstrip("^").startswith(("static/", "media/")):
                continue
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            found.append(Pattern(key=name or route, name=name, route=route))

    walk(get_resolver(), "", None)
    return found


def build_url(pattern: Pattern, kwargs: dict) -> str:
    from django.urls import reverse

    if pattern.name:
        return reverse(pattern.name, kwargs=kwargs)
    route = pattern.route
    for key, value in kwargs.items():
        route = re.sub(rf"<(?:\w+:)?{key}>|\(\?P<{key}>[^)]*\)", str(value), route)
    return "/" + route.lstrip("^").rstrip("$")


def test_every_url_pattern_of_the_project_is_in_the_access_matrix():
    missing = sorted(p.key for p in url_patterns() if p.key not in TABLE)
    assert not missing, (
        "These URL patterns are not in tests/matrix_table.py's TABLE; add them (with the "
        f"objects their kwargs take and the roles that may open them): {missing}"
    )
    stale = sorted(set(TABLE) - {p.key for p in url_patterns()})
    assert not stale, f"TABLE names URL patterns that no longer exist: {stale}"


# Query parameters that name a scope, or are malformed: each URL is also asked for with these (scope
# "B?"), with A's objects in its path.
QUERIES = {
    "volunteers:dashboard": lambda w: {"core_task": w["B"].task.pk},
    "volunteers:export": lambda w: {"core_task": w["B"].task.pk},
    "volunteers:volunteer-list": lambda w: {"core_task": w["B"].task.pk},
    "localareas:workspace": lambda w: {"omraade": w["B"].area.slug},
    "localareas:project-create": lambda w: {"omraade": w["B"].area.slug},
    "localareas:contact-create": lambda w: {"ressource": w["B"].resource.pk},
    "community:citizen-list": lambda w: {"q": "Bjarne"},
    # and malformed ones, which must not be a 500
    "bookings:booking-create": lambda w: {"dato": "31.02.2027", "fra": "25:00"},
    "bookings:room-detail": lambda w: {"uge": "uge-7"},
    "bookings:series-create": lambda w: {"ugedag": "ni", "fra": "x"},
    "maps:map": lambda w: {"center": "a,b", "zoom": "z"},
    "maps:api-facilities": lambda w: {"bbox": "1,2,x", "limit": "-5", "layer": "findes-ikke"},
    "hearings:results": lambda w: {"side": "-1"},
    "maps:api-places": lambda w: {"area": w["B"].area.slug},
    "bookings:utilisation": lambda w: {"bygning": w["B"].building.pk},
    "matching:need-list": lambda w: {"status": "open"},
}


def scoped_urls(world) -> list[tuple[Pattern, str, str]]:
    """(pattern, scope, url) for every pattern: with A's and B's objects, or once when it takes none."""
    rows = []
    for pattern in url_patterns():
        spec = TABLE[pattern.key]
        if spec.kwargs is None:
            rows.append((pattern, "-", build_url(pattern, {})))
            continue
        urls = {}
        for name in ("A", "B"):
            kwargs = spec.kwargs(world[name], world)
            if spec.token and name == "B":
                kwargs = {k: forged(str(v)) for k, v in kwargs.items()}
            urls[name] = build_url(pattern, kwargs)
        if urls["A"] == urls["B"]:
            # No object of this kind in the scopes (an admin page of a model without scope).
            rows.append((pattern, "-", urls["A"]))
        else:
            rows.extend((pattern, name, url) for name, url in urls.items())
    for pattern in url_patterns():
        if pattern.key in QUERIES:
            spec = TABLE[pattern.key]
            base = build_url(pattern, spec.kwargs(world["A"], world) if spec.kwargs else {})
            rows.append((pattern, "B?", f"{base}?{urlencode(QUERIES[pattern.key](world))}"))
    return rows


# --- data, logins and form payloads, built once per module ---------------------------------------------


class _Forms(HTMLParser):
    """The POST forms of a page: their action and the fields a browser would send as they stand."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[tuple[str, dict]] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = (a.get("action") or self.page_url, {})
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form[1]
        if tag == "option" and self._select:
            # The selected option, else the first real one: B's citizen, B's association, B's area.
            if "selected" in a or not fields.get(self._select):
                fields[self._select] = a.get("value", "")
            return
        name = a.get("name")
        if not name:
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind in {"file", "image"} or (kind == "submit" and name in fields):
                return
            fields.setdefault(name, a.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "button" and (a.get("type") or "submit") == "submit":
            fields.setdefault(name, a.get("value", ""))
        elif tag == "select":
            self._select = name
            fields.setdefault(name, "")
        elif tag == "textarea":
            self._textarea = name
            fields[name] = ""

    def handle_data(self, data):
        if self._textarea and self._form:
            fields = self._form[1]
            # A browser drops the newline that follows <textarea>.
            fields[self._textarea] = (fields[self._textarea] + data).removeprefix("\n")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def csp_breaches(html: str) -> list[str]:
    """What the strict Content-Security-Policy would block: inline scripts and inline handlers."""
    found = [
        f"inline script <script{attrs}>"
        for attrs in SCRIPT_TAG.findall(html)
        if "src=" not in attrs and "application/json" not in attrs
    ]
    if INLINE_HANDLER.search(html):
        found.append("inline event handler " + INLINE_HANDLER.search(html).group(0)[:80])
    return found


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def client_for(world, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def _written_payloads(world) -> dict[str, dict]:
    """Bodies no HTML form of ours shows: the JSON API's, naming B's room and association."""
    from django.urls import reverse

    b = world["B"]
    starts = timezone.localtime(b.booking.starts_at) + timedelta(days=2)
    return {
        reverse("bookings:api-bookings"): {
            "room": b.room.pk,
            "association": b.association.pk,
            "title": "Overtaget",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
        },
    }


def _harvest_payloads(world) -> dict[str, dict]:
    """The forms B's own users (and the administrator) see on B's pages, by the URL they post to."""
    payloads: dict[str, dict] = {}
    owners = {**world["B"].users, "admin": world["users"]["admin"]}
    clients = {}
    for pattern, scope, url in scoped_urls(world):
        if scope == "A" or pattern.key.startswith(("admin", "account_", "mfa_")):
            continue
        who = TABLE[pattern.key].who
        # A public page shows everyone the same forms; a staff page shows each role its own.
        for role in ["citizen"] if who == ALL else sorted(who & set(owners)):
            if role not in clients:
                clients[role] = Client()
                clients[role].force_login(owners[role])
            response, _error = _request(clients[role], "get", url)
            if (
                response is None
                or response.status_code != 200
                or "html" not in response.get("Content-Type", "")
            ):
                continue
            parser = _Forms(url)
            parser.feed(body(response))
            for action, fields in parser.forms:
                fields.pop("csrfmiddlewaretoken", None)
                payloads.setdefault(action.split("?")[0], fields)
    return payloads


TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    started = clock.perf_counter()
    with django_db_blocker.unblock(), transaction.atomic():
        w = build_world()
        w["payloads"] = {**_harvest_payloads(w), **_written_payloads(w)}
        TIMINGS["data and form payloads"] = clock.perf_counter() - started
        yield w
        transaction.set_rollback(True)
    print("\naccess matrix timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in TIMINGS.items()))


def _request(client, method: str, url: str, data=None):
    try:
        return getattr(client, method)(url, data or {}), None
    except Exception as exc:  # a view that raises would be a 500 for the user
        return None, f"{type(exc).__name__}: {exc}"[:300]


# --- the matrix ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_get_never_fails_and_never_shows_a_role_what_it_may_not_see(world, role):
    started = clock.perf_counter()
    client = client_for(world, role)
    problems = []
    expected = {}
    for key, scope, text in MUST_SEE[role]:
        expected.setdefault((key, scope), []).append(text)
    for pattern, scope, url in scoped_urls(world):
        spec = TABLE[pattern.key]
        response, error = _request(client, "get", url)
        if role != "anonymous" and "_auth_user_id" not in client.session:
            client = client_for(world, role)  # the logout pages log out on GET too
        if error or response.status_code >= 500:
            problems.append(f"{pattern.key} [{scope}] {url}: {error or response.status_code}")
            continue
        if role == "anonymous" and response.status_code == 403 and not url.startswith(API_PREFIXES):
            # Not "you may not" to someone who has not said who she is: the log-in page, then back.
            problems.append(f"{pattern.key} [{scope}] {url}: 403 for a visitor, not the log-in")
        if response.status_code != 200:
            continue
        allowed = spec.who if not (spec.token and scope == "B") else frozenset()
        if role not in allowed:
            problems.append(f"{pattern.key} [{scope}] {url}: 200 for {role}")
        text = body_text = body(response)
        leaked = [k for k, v in B_MARKERS.items() if v in text and k not in MAY_SEE_OF_B[role]]
        if leaked:
            problems.append(f"{pattern.key} [{scope}] {url}: shows B's {', '.join(leaked)}")
        if response.get("Content-Type", "").startswith("text/html"):
            problems += [f"{pattern.key} [{scope}] {url}: {p}" for p in csp_breaches(body_text)]
        for text in expected.pop((pattern.key, scope), []):
            if text not in body_text:
                problems.append(f"{pattern.key} [{scope}] {url}: should show {text!r}, does not")
    problems += [
        f"{key} [{scope}]: no 200, so {texts} not seen" for (key, scope), texts in expected.items()
    ]
    TIMINGS[f"GET {role}"] = clock.perf_counter() - started
    assert not problems, f"{len(problems)} problems as {role}:\n" + "\n".join(problems)


# Tables whose rows a refused request still writes: the audit log records refused reads on purpose.
UNWATCHED_TABLES = {"community_auditentry", "django_session"}


def database_fingerprint() -> dict[str, str]:
    """A hash of every row of every table, by table."""
    tables = sorted(set(connection.introspection.table_names()) - UNWATCHED_TABLES)
    prints = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(row) for row in cursor.fetchall())
            prints[table] = hashlib.sha1("\n".join(rows).encode()).hexdigest()
    return prints


# Changes to B's objects that are a role's job: the administrator runs the admin and decides on every
# area's rooms, bookings, associations, workspaces and hearings; meetings are shared by all playmakers.
# A coordinator's matching run with the form's defaults runs her own core task, which is its job.
MAY_CHANGE_OF_B = {
    "admin": {
        "bookings:booking-cancel",
        "bookings:booking-decide",
        "bookings:booking-edit",
        "bookings:series-cancel",
        "community:association-decide",
        "community:association-rotate-feed",
        "bookings:api-booking-cancel",
        "bookings:api-bookings",
        "volunteers:opportunity-manage",
        "volunteers:opportunity-edit",
        "volunteers:opportunity-close",
        "volunteers:volunteer-detail",
        "localareas:council-edit",
        "localareas:council-member-add",
        "localareas:council-member-remove",
        "localareas:council-member-title",
        "localareas:council-invitation-withdraw",
        "localareas:meeting-edit",
        "localareas:project-edit",
        "localareas:resource-edit",
        "localareas:resource-delete",
        "localareas:resource-verify",
        "localareas:contact-follow-up-done",
        "localareas:resource-create",
        "localareas:contact-create",
        "maps:problem-advance",
        "hearings:edit",
    },
    "playmaker": {"localareas:meeting-edit"},
    "coordinator": {"matching:run-create"},
}


# Self-service pages that change only the user's own row, whatever B's form said.
OWN_ROWS = {"volunteers:preferences"}


def _may_change(role: str, key: str) -> bool:
    if key in OWN_ROWS:
        return True
    if role == "admin" and key.startswith("admin") and "citizen" not in key:
        return True  # the Django admin is the administrator's, for every scope but citizens'
    return key in MAY_CHANGE_OF_B.get(role, set())


def _write_count() -> int | None:
    """SQLite counts every row written on the connection: unchanged means nothing was written."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT total_changes()")
        return cursor.fetchone()[0]


@pytest.mark.parametrize("role", ROLES)
def test_a_post_with_another_scopes_objects_changes_nothing(world, role):
    started = clock.perf_counter()
    client = client_for(world, role)
    baseline = database_fingerprint()
    problems = []
    with_payload = 0
    for pattern, scope, url in scoped_urls(world):
        if scope == "A":
            continue
        if role == "admin" and _may_change(role, pattern.key) and pattern.key.startswith("admin"):
            if not pattern.key.endswith("_delete"):
                continue  # the administrator's own admin forms; a delete still must not fail
        data = world["payloads"].get(url, {})
        if pattern.key.endswith("_delete"):
            data = {"post": "yes"}
        with_payload += bool(data)
        with transaction.atomic():
            writes = _write_count()
            response, error = _request(client, "post", url, data)
            if error or response.status_code >= 500:
                problems.append(f"{pattern.key} [{scope}] {url}: {error or response.status_code}")
            if not error and (writes is None or writes != _write_count()):
                changed = [t for t, h in database_fingerprint().items() if baseline.get(t) != h]
                if changed and not _may_change(role, pattern.key):
                    problems.append(
                        f"{pattern.key} [{scope}] {url}: POST {data} changed {', '.join(changed)}"
                    )
            transaction.set_rollback(True)
        if role != "anonymous" and "_auth_user_id" not in client.session:
            client = client_for(world, role)
            baseline = database_fingerprint()
    TIMINGS[f"POST {role}"] = clock.perf_counter() - started
    assert with_payload > 40, "B's pages showed too few forms to post: did the pages change?"
    assert not problems, f"{len(problems)} problems as {role}:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "role, url_name, attr, row",
    [
        (
            "rep",
            "bookings:booking-cancel",
            "booking",
            lambda s: Booking.objects.get(pk=s.booking.pk).status,
        ),
        (
            "coordinator",
            "matching:need-withdraw",
            "need",
            lambda s: s.need.__class__.objects.get(pk=s.need.pk).status,
        ),
        (
            "playmaker",
            "localareas:resource-delete",
            "resource",
            lambda s: AreaResource.objects.filter(pk=s.resource.pk).exists(),
        ),
        (
            "volunteer",
            "volunteers:application-withdraw",
            "application",
            lambda s: Application.objects.get(pk=s.application.pk).status,
        ),
    ],
)
def test_a_state_change_without_the_csrf_token_is_refused_and_with_it_goes_through(
    world, role, url_name, attr, row
):
    from django.urls import reverse

    a = world["A"]
    url = reverse(url_name, kwargs={"pk": getattr(a, attr).pk})
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"][role])
    before = row(a)
    assert client.post(url, {"reason": "Borgeren er flyttet"}).status_code == 403
    assert row(a) == before
    client.get(reverse("community:home"))  # sets the CSRF cookie, as a page with the form would
    token = client.cookies["csrftoken"].value
    response = client.post(url, {"reason": "Borgeren er flyttet", "csrfmiddlewaretoken": token})
    assert response.status_code in {200, 302}
    assert row(a) != before


def test_a_visitor_on_a_page_that_needs_a_log_in_is_sent_to_log_in_and_then_back(world):
    """Every page the table opens to logged-in roles only: an anonymous GET is the log-in page with
    ?next= naming the page (the admin's own log-in for the admin), never a 403 or a bare 404."""
    from urllib.parse import parse_qs, urlsplit

    from django.urls import reverse

    client = Client()
    problems = []
    checked = 0
    for pattern, scope, url in scoped_urls(world):
        spec = TABLE[pattern.key]
        if scope == "B?" or "anonymous" in spec.who or not spec.who or spec.token:
            continue
        if (scope == "B" and pattern.key.startswith("admin")) or url.startswith(API_PREFIXES):
            continue  # the API answers 403 in JSON: a program has no log-in page to go to
        checked += 1
        response, error = _request(client, "get", url)
        if response is not None and response.status_code == 301:
            url = response["Location"]  # allauth's old address of the page: the new one is checked
            response, error = _request(client, "get", url)
        if error:
            problems.append(f"{pattern.key} [{scope}] {url}: {error}")
            continue
        login = reverse("admin:login") if url.startswith("/admin/") else reverse("account_login")
        target = urlsplit(response.get("Location", ""))
        if response.status_code != 302 or target.path != login:
            problems.append(f"{pattern.key} [{scope}] {url}: {response.status_code} {target.path}")
        elif parse_qs(target.query).get("next") != [url]:
            problems.append(f"{pattern.key} [{scope}] {url}: next={parse_qs(target.query)}")
    assert checked > 60, "the table names too few log-in pages: did it change?"
    assert not problems, f"{len(problems)} pages do not send a visitor to log in:\n" + "\n".join(
        problems
    )
