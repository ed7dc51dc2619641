"""The performance figures of the maps issue.

    uv run python bench/maps.py

1. Import of the real 1,648-site Denmark GPX (read + sync into an empty source): target at most 5 s.
2. The embed page with 2,000 facilities, everything it transfers gzipped (HTML, our JS/CSS,
   Leaflet, markercluster, the GeoJSON and the area overlay; tiles excluded): target at most 150 KB.
   A naive folium page with 2,000 markers and popups is printed alongside for comparison.
3. The GeoJSON API for 5,000 facilities served by gunicorn on a loopback port, against the very
   same bytes served as a static file by the same gunicorn (WhiteNoise): target at least half
   the requests per second.
5. The OGC API – Features items endpoint for 5,000 facilities of one layer, in pages of 1,000
   (offset 0 to 4,000, asked for in turn), against the same five pages' bytes as static files by
   the same gunicorn: target at least half the requests per second.
4. Setting up a municipality (Kerteminde, 0440) on an empty database, and importing the 1,648-site
   GPX into it, leaving out the places outside the municipality (maps_sync --leave-outside).
   Figures only, no target.
6. /kort/ with 5,000 facilities loaded by Chromium (Playwright) from that gunicorn: every response
   the page makes (HTML, CSS, JS, fonts, GeoJSON; tiles are off) counted as the browser gets it:
   the encoded body bytes of answers our middleware compressed, and for static files the size
   of the Brotli file collectstatic (WhiteNoise) makes, or the file itself where WhiteNoise keeps
   it as it is (fonts). Target at most 450 KB.
7. Building the GeoJSON API's answer for 5,000 facilities: the stored features joined (now)
   against decoding each row's geometry and encoding the feature again (before), in one process,
   alternating rounds, median: microseconds per feature.
8. Building one OGC items page of 5,000 facilities: the stored geometry texts joined with
   properties by orjson (now, maps/features.py) against the model rows decoded and the features
   encoded by json (the former path, kept here as a reference only), same process, alternating
   rounds, median: microseconds per feature. `python bench/maps.py --ogc-build` runs only this.

Uses its own throwaway SQLite database in a temporary folder; your dev database is not touched.
"""

from __future__ import annotations

import gzip
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="samskab-bench-maps-"))
DB_URL = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["DATABASE_URL"] = DB_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
os.environ["MAP_TILES_ENABLED"] = "false"
# The GeoJSON API is a DRF view under the anonymous throttle: 400 requests a round would be 429s.
os.environ["API_ANON_RATE"] = "1000000/min"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

GPX = Path("/work/shared/data/osm-campsites-dk/denmark-campsites.gpx")
if not GPX.exists():
    GPX = ROOT / "maps/data/denmark-campsites.gpx"
REQUESTS = 100
THREADS = 4
ROUNDS = 5
REFUSED: dict[int, int] = {}


def seed(total: int, layer: str | None = None) -> None:
    """Facilities spread over the Hedensted areas, in every layer (or one), up to `total` in source bench."""
    from shapely.geometry import Point, shape
    from shapely.prepared import prep

    from localareas.models import LocalArea
    from maps.importers import FacilityRecord
    from maps.models import Layer
    from maps.services import facilities_sync

    rng = random.Random(3)
    areas = [(a, shape(a.geometry)) for a in LocalArea.objects.all()]
    slugs = [layer.slug for layer in Layer.objects.exclude(slug__in=["trails", "green-areas"])]
    records = []
    while len(records) < total:
        area, geom = areas[len(records) % len(areas)]
        prepared = prep(geom)
        p = Point(rng.uniform(area.min_lon, area.max_lon), rng.uniform(area.min_lat, area.max_lat))
        if not prepared.contains(p):
            continue
        records.append(
            FacilityRecord(
                external_id=str(len(records)),
                name=f"{rng.choice(['Shelter', 'Bålplads', 'Legeplads', 'Bord og bænke'])} {len(records)}",
                layer=layer or rng.choice(slugs),
                geometry={"type": "Point", "coordinates": [round(p.x, 6), round(p.y, 6)]},
                wheelchair=rng.choice([True, False, None]),
                free=rng.choice([True, None]),
                toilets=rng.choice([True, False, None]),
            )
        )
    facilities_sync(records=records, source="bench")


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def embed_transfer(client: Client) -> tuple[int, dict[str, int]]:
    from django.contrib.staticfiles import finders

    html = client.get("/kort/indlejret/").content
    parts = {"HTML": gzipped(html)}
    for url in re.findall(rb'(?:src|href)="(/static/[^"]+)"', html):
        name = url.decode().removeprefix("/static/")
        parts[name] = gzipped(Path(finders.find(name)).read_bytes())
    api = re.search(rb'"apiUrl": "([^"]+)"', html).group(1).decode().replace("\\u0026", "&")
    parts["GeoJSON"] = gzipped(client.get(api).content)
    parts["areas overlay"] = gzipped(client.get("/kort/api/areas.geojson").content)
    return sum(parts.values()), parts


def naive_folium(count: int) -> int:
    import folium

    from maps.models import Facility

    m = folium.Map(location=[55.77, 9.7], zoom_start=10)
    for f in Facility.objects.filter(retired_at__isnull=True).select_related("layer")[:count]:
        folium.Marker(
            [f.lat, f.lon],
            popup=folium.Popup(f"<strong>{f.name}</strong><br>{f.layer.name_da}<br>{f.status}"),
            tooltip=f.name,
        ).add_to(m)
    return gzipped(m.get_root().render().encode())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rate(url: str | list[str]) -> float:
    """Requests per second over a bounded loop of REQUESTS requests from THREADS clients.

    A list of URLs is asked for in turn (the pages of a paged answer).
    """
    urls = [url] if isinstance(url, str) else url
    counter = iter(range(REQUESTS))
    lock = threading.Lock()

    def work():
        while True:
            with lock:
                i = next(counter, None)
                if i is None:
                    return
            try:
                urllib.request.urlopen(urls[i % len(urls)]).read()
            except urllib.error.HTTPError as error:
                # A refused request (429 from DRF's anonymous throttle) is fast: count it, say so.
                with lock:
                    REFUSED[error.code] = REFUSED.get(error.code, 0) + 1

    start = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return REQUESTS / (time.perf_counter() - start)


def compare(api_url, static_url) -> tuple[float, float, int, int]:
    """Alternate rounds of both so a busy machine hurts both alike; the best round of each counts."""
    first = [u if isinstance(u, str) else u[0] for u in (api_url, static_url)]
    sizes = [len(urllib.request.urlopen(u).read()) for u in first]
    for u in [api_url] if isinstance(api_url, str) else api_url:
        for _ in range(10):  # warm every worker's cache
            urllib.request.urlopen(u).read()
    api, static = [], []
    for _ in range(ROUNDS):
        api.append(rate(api_url))
        static.append(rate(static_url))
    return max(api), max(static), sizes[0], sizes[1]


def map_page_transfer(base: str) -> tuple[int, str, list[tuple[str, int, str]]]:
    """6. Every response /kort/ makes in Chromium, and the bytes each would cost a browser."""
    import brotli
    from playwright.sync_api import sync_playwright
    from whitenoise.compress import Compressor

    compressor = Compressor(quiet=True)
    rows, finished = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.on("requestfinished", lambda r: finished.append(r))
        page.goto(base + "/kort/")
        page.locator("[data-loaded=true]").wait_for(timeout=180000)
        page.wait_for_load_state("networkidle")
        shown = page.locator("[data-shown]").first.get_attribute("data-shown")
        accept = ""
        for request in finished:
            response = request.response()
            body = response.body()
            coding = response.headers.get("content-encoding", "")
            size = request.sizes()["responseBodySize"]
            accept = accept or request.all_headers().get("accept-encoding", "")
            path = urlsplit(request.url).path
            if path.startswith("/static/") and not coding:
                # Served from the finders here; in production WhiteNoise serves collectstatic's .br.
                packed = brotli.compress(body)
                if compressor.should_compress(path) and len(packed) <= 0.95 * len(body):
                    size, coding = len(packed), "br (collectstatic)"
                else:
                    size, coding = len(body), "as it is"
            rows.append((path, size, coding or "identity"))
        browser.close()
    return (
        sum(size for _, size, _ in rows),
        f"{shown} places shown; Accept-Encoding: {accept}",
        rows,
    )


def _payload_before(f, limit: int) -> bytes:
    """7. The answer as it was built before features were stored: every row decoded and encoded."""
    import json

    from community.municipality import current_municipality
    from maps import selectors
    from maps.geometry import rfc7946
    from maps.models import ATTRIBUTE_FIELDS

    qs = selectors.facilities_filtered(f).order_by("id")
    matched = qs.count()
    rows = qs.values_list(
        "id",
        "name",
        "layer__slug",
        "geometry",
        "status",
        "local_area__name",
        "capacity",
        *ATTRIBUTE_FIELDS,
    )[:limit]
    features = []
    for row in rows:
        pk, name, layer, geometry, status, area, capacity, *attrs = row
        props = {"name": name, "layer": layer, "status": status}
        if area:
            props["area"] = area
        if capacity:
            props["capacity"] = capacity
        for attr, value in zip(ATTRIBUTE_FIELDS, attrs, strict=True):
            if value is not None:
                props[attr] = value
        features.append(
            {"type": "Feature", "id": pk, "geometry": rfc7946(geometry), "properties": props}
        )
    collection = {
        "type": "FeatureCollection",
        "numberMatched": matched,
        "numberReturned": len(features),
        "attribution": "© OpenStreetMap contributors (ODbL); "
        + current_municipality().authority_name,
        "features": features,
    }
    return json.dumps(collection, separators=(",", ":"), ensure_ascii=False).encode()


def build_cost(rounds: int = 7) -> tuple[float, float, int]:
    """7. Median microseconds per feature, before and now, same process, alternating rounds."""
    import json
    import statistics

    from maps import selectors

    f = selectors.FacilityFilter()
    before, now = [], []
    count = len(json.loads(selectors.geojson_payload(f, 10000))["features"])
    assert json.loads(_payload_before(f, 10000))["features"][0]["geometry"]
    for _ in range(rounds):
        for build, times in ((_payload_before, before), (selectors.geojson_payload, now)):
            t0 = time.process_time()
            build(f, 10000)
            times.append((time.process_time() - t0) / count * 1e6)
    return statistics.median(before), statistics.median(now), count


def _ogc_page_before(c, q) -> bytes:
    """8. The items page's features as maps/features.py built them before: rows decoded, re-encoded."""
    import json

    from maps import selectors
    from maps.features import _iso
    from maps.geometry import rfc7946
    from maps.models import ATTRIBUTE_FIELDS

    qs = selectors.facilities_filtered(q.facility_filter).order_by("id")
    matched = qs.count()
    features = []
    for f in qs.select_related("local_area")[q.offset : q.offset + q.limit]:
        props = {
            "name": f.name,
            "layer": c.id,
            "status": f.status,
            "area": f.local_area.slug if f.local_area else None,
            "area_name": f.local_area.name if f.local_area else None,
            "capacity": f.capacity,
            **{name: getattr(f, name) for name in ATTRIBUTE_FIELDS},
            "website": f.website_url or None,
            "updated": _iso(f.updated_at),
        }
        features.append(
            {"type": "Feature", "id": f.pk, "geometry": rfc7946(f.geometry), "properties": props}
        )
    page = {"numberMatched": matched, "features": features}
    return json.dumps(page, separators=(",", ":"), ensure_ascii=False).encode()


def _ogc_page_now(c, q) -> bytes:
    """8. The same page as maps/ogc.py builds it now: the feature texts of items_page joined."""
    from maps import features

    page, matched = features.items_page(c, q)
    return f'{{"numberMatched":{matched},"features":[{",".join(page)}]}}'.encode()


def ogc_build_cost(layer: str = "shelters", rounds: int = 7) -> tuple[float, float, int]:
    """8. Median microseconds per feature of one OGC items page, before and now, alternating rounds."""
    import json
    import statistics

    from maps import features

    c = features.collection(layer)
    q = features.items_query(c, {"limit": str(features.MAX_LIMIT)})
    before_page, now_page = json.loads(_ogc_page_before(c, q)), json.loads(_ogc_page_now(c, q))
    assert before_page == now_page, "the joined page must say what the decoded one said"
    count = len(now_page["features"])
    before, now = [], []
    for _ in range(rounds):
        for build, times in ((_ogc_page_before, before), (_ogc_page_now, now)):
            t0 = time.process_time()
            build(c, q)
            times.append((time.process_time() - t0) / count * 1e6)
    return statistics.median(before), statistics.median(now), count


def print_ogc_build_cost(before_us: float, now_us: float, count: int) -> None:
    print(
        f"8. Building an OGC items page of {count} facilities: {now_us:.1f} µs a feature (stored "
        f"geometry texts joined, properties by orjson) against {before_us:.1f} µs by the former "
        f"path (rows decoded, features encoded by json): {before_us / now_us:.1f}x faster "
        f"(CPU time, median of alternating rounds)"
    )


def ogc_build_only() -> None:
    """8. alone: a migrated throwaway database, the Hedensted areas, 5,000 shelters."""
    from localareas.services import local_areas_import
    from maps.services import layers_seed

    call_command("migrate", verbosity=0)
    local_areas_import(path=ROOT / "localareas/data/sogne_hedensted.geojson", source="bench")
    layers_seed()
    seed(5000, layer="shelters")
    try:
        print_ogc_build_cost(*ogc_build_cost())
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


def municipality_figures() -> dict:
    """4. On the freshly migrated (empty) database: set up Kerteminde, import the GPX into it."""
    from io import StringIO

    from community.models import AuditEntry
    from community.municipality import Municipality
    from localareas import lookup
    from localareas.models import LocalArea, Postcode
    from maps.models import Facility
    from maps.services import facilities_import_file

    t0 = time.perf_counter()
    call_command("setup_municipality", "0440", stdout=StringIO())
    setup_s = time.perf_counter() - t0
    areas = LocalArea.objects.count()
    t0 = time.perf_counter()
    report = facilities_import_file(path=GPX, source="bench-kerteminde", leave_outside=True)
    import_s = time.perf_counter() - t0
    # Back to an empty database for the Hedensted figures.
    Facility.objects.all().delete()
    LocalArea.objects.all().delete()
    Postcode.objects.all().delete()
    Municipality.objects.all().delete()
    AuditEntry.objects.all().delete()
    lookup._state.update(version=None, tree=None, ids=[])
    return {
        "setup_s": setup_s,
        "areas": areas,
        "import_s": import_s,
        "created": report.created,
        "outside": report.outside,
        "skipped": report.skipped_count,
    }


def main() -> None:
    from community.models import AuditEntry
    from maps.models import Facility
    from maps.services import facilities_import_file, layers_seed

    call_command("migrate", verbosity=0)
    municipality = municipality_figures()
    from localareas.services import local_areas_import

    local_areas_import(path=ROOT / "localareas/data/sogne_hedensted.geojson", source="bench")
    layers_seed()

    # 1. GPX import
    t0 = time.perf_counter()
    report = facilities_import_file(path=GPX, source="bench-gpx")
    gpx_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = facilities_import_file(path=GPX, source="bench-gpx")
    gpx_again_s = time.perf_counter() - t0
    Facility.objects.filter(source="bench-gpx").delete()
    AuditEntry.objects.all().delete()

    # 2. Embed page with 2,000 facilities
    seed(2000)
    client = Client(HTTP_HOST="127.0.0.1")
    total, parts = embed_transfer(client)
    naive = naive_folium(2000)

    # 3. API vs static file, 5,000 facilities, the same gunicorn
    Facility.objects.filter(source="bench").delete()
    # One layer, so the OGC collection of it (5.) holds all 5,000.
    seed(5000, layer="shelters")
    body = client.get("/kort/api/facilities.geojson").content
    static_dir = Path(settings.STATIC_ROOT) / "bench-maps"
    static_dir.mkdir(parents=True, exist_ok=True)
    (static_dir / "facilities.geojson").write_bytes(body)
    # 5. The OGC items endpoint paged by 1,000: the same bytes as files. Its links are absolute,
    # so the pages are asked for with the host and port the gunicorn below will be asked with.
    port = free_port()
    here = Client(HTTP_HOST=f"127.0.0.1:{port}")
    ogc_paths = [
        f"/kort/ogc/collections/shelters/items?f=json&limit=1000&offset={offset}"
        for offset in range(0, 5000, 1000)
    ]
    for i, path in enumerate(ogc_paths):
        page = here.get(path)
        assert page.status_code == 200 and len(page.json()["features"]) == 1000, path
        (static_dir / f"ogc-{i}.geojson").write_bytes(page.content)
    before_us, now_us, built = build_cost()
    ogc_cost = ogc_build_cost()
    load = os.getloadavg()[0]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "community.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": DB_URL},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/kort/api/areas.geojson").read()
                break
            except OSError:
                time.sleep(0.1)
        api_rps, static_rps, api_size, static_size = compare(
            base + "/kort/api/facilities.geojson", base + "/static/bench-maps/facilities.geojson"
        )
        api_refused = dict(REFUSED)
        REFUSED.clear()
        ogc_rps, ogc_static_rps, ogc_size, ogc_static_size = compare(
            [base + path for path in ogc_paths],
            [base + f"/static/bench-maps/ogc-{i}.geojson" for i in range(len(ogc_paths))],
        )
        transfer, transfer_note, transfer_rows = map_page_transfer(base)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:  # a busy machine, or the browser's kept-open connections
            server.kill()
            server.wait(10)
        shutil.rmtree(static_dir, ignore_errors=True)
        shutil.rmtree(TMP, ignore_errors=True)

    print(
        f"1. Denmark GPX import ({report.created} sites, read + sync): {gpx_s:.2f} s (target <= 5 s)"
    )
    print(f"   second run, all {again.unchanged} unchanged: {gpx_again_s:.2f} s")
    print(f"   skipped: {report.skipped_count} first run, {again.skipped_count} second run")
    print(
        f"2. Embed page with 2,000 facilities, gzipped transfer: {total / 1024:.1f} KB (target <= 150 KB)"
    )
    for name, size in parts.items():
        print(f"     {name:50s} {size / 1024:7.1f} KB")
    print(f"   naive folium page with 2,000 markers and popups, gzipped: {naive / 1024:.1f} KB")
    print(
        f"3. GeoJSON API, 5,000 facilities ({api_size / 1024:.0f} KB): {api_rps:.0f} req/s; "
        f"same bytes as a static file ({static_size / 1024:.0f} KB): {static_rps:.0f} req/s; "
        f"ratio {api_rps / static_rps:.2f} (target >= 0.5)"
    )
    print(
        f"   gunicorn, 2 sync workers, {THREADS} concurrent clients, best of {ROUNDS} alternating "
        f"rounds of {REQUESTS} requests; load average before: {load:.1f} on {os.cpu_count()} CPUs"
    )
    if api_refused:
        print(f"   refused answers among them (status: count): {api_refused}: not a fair figure")
    print(
        f"5. OGC API items, 5,000 facilities in pages of 1,000 ({ogc_size / 1024:.0f} KB a page): "
        f"{ogc_rps:.0f} req/s; same bytes as static files ({ogc_static_size / 1024:.0f} KB): "
        f"{ogc_static_rps:.0f} req/s; ratio {ogc_rps / ogc_static_rps:.2f} (target >= 0.5)"
    )
    if REFUSED:
        print(f"   refused answers among them (status: count): {REFUSED}")
    print(
        f"6. /kort/ with 5,000 facilities in Chromium, as the browser gets it: "
        f"{transfer / 1024:.1f} KB (target <= 450 KB); {transfer_note}"
    )
    for path, size, coding in transfer_rows:
        print(f"     {path[:60]:60s} {size / 1024:7.1f} KB  {coding}")
    print(
        f"7. Building the GeoJSON answer of {built} facilities: {now_us:.1f} µs a feature (stored "
        f"features joined) against {before_us:.1f} µs before (rows decoded and encoded): "
        f"{before_us / now_us:.1f}x faster (CPU time, median of alternating rounds)"
    )
    print_ogc_build_cost(*ogc_cost)
    print(
        f"4. setup_municipality 0440 (Kerteminde) on an empty database: "
        f"{municipality['setup_s']:.2f} s ({municipality['areas']} parishes)"
    )
    print(
        f"   Denmark GPX into Kerteminde, leaving out places outside it: "
        f"{municipality['import_s']:.2f} s ({municipality['created']} imported, "
        f"{municipality['outside']} outside left out, {municipality['skipped']} skipped)"
    )


if __name__ == "__main__":
    if "--ogc-build" in sys.argv:
        ogc_build_only()
    else:
        main()
