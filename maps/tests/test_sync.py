"""Syncing facilities from files: idempotent, keyed by (source, external id), one transaction."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from community.models import AuditEntry
from maps.models import Facility
from maps.services import facilities_import_file, facilities_sync
from maps.tests.conftest import record

pytestmark = pytest.mark.django_db
REAL_GPX = Path("/work/shared/data/osm-campsites-dk/denmark-campsites.gpx")


def test_a_sync_creates_then_finds_everything_unchanged_and_writes_one_audit_entry(layers, area):
    records = [record("a"), record("b", name="Bålpladsen", layer="fire-pits")]
    first = facilities_sync(records=records, source="test")
    assert (first.created, first.updated, first.unchanged, first.retired) == (2, 0, 0, 0)
    shelter = Facility.objects.get(external_id="a")
    assert shelter.local_area == area
    assert shelter.last_verified is not None
    second = facilities_sync(records=records, source="test")
    assert (second.created, second.updated, second.unchanged, second.retired) == (0, 0, 2, 0)
    assert Facility.objects.count() == 2
    assert AuditEntry.objects.filter(action="maps.facilities_synced").count() == 2
    assert not AuditEntry.objects.filter(object_type="maps.facility").exists()


def test_a_changed_record_is_updated_and_a_missing_one_is_retired_not_deleted(layers, area):
    facilities_sync(records=[record("a"), record("b")], source="test")
    report = facilities_sync(records=[record("a", name="Nyt navn")], source="test")
    assert (report.created, report.updated, report.unchanged, report.retired) == (0, 1, 0, 1)
    assert Facility.objects.get(external_id="a").name == "Nyt navn"
    assert Facility.objects.get(external_id="b").retired_at is not None
    back = facilities_sync(records=[record("a", name="Nyt navn"), record("b")], source="test")
    assert (back.updated, back.unchanged) == (1, 1)
    assert Facility.objects.get(external_id="b").retired_at is None


def test_another_source_with_the_same_ids_is_left_alone(layers):
    facilities_sync(records=[record("a")], source="one")
    report = facilities_sync(records=[record("a", name="Andet")], source="two")
    assert report.created == 1
    assert Facility.objects.get(source="one").name == "Shelteret"


def test_a_dry_run_reports_the_changes_and_saves_nothing(layers):
    report = facilities_sync(records=[record("a"), record("b")], source="test", dry_run=True)
    assert report.created == 2 and report.examples["created"] == ["Shelteret", "Shelteret"]
    assert Facility.objects.count() == 0
    assert not AuditEntry.objects.filter(action="maps.facilities_synced").exists()


def test_records_without_a_known_layer_are_skipped_with_a_reason_or_get_the_default(layers):
    report = facilities_sync(records=[record("a", layer="ufo-landing")], source="test")
    assert report.created == 0 and "ufo-landing" in report.skipped[0]
    report = facilities_sync(
        records=[record("a", layer="ufo-landing")], source="test", default_layer=layers["toilets"]
    )
    assert Facility.objects.get().layer == layers["toilets"]


def test_the_1648_site_denmark_gpx_imports_and_a_second_run_changes_nothing(layers):
    first = facilities_import_file(path=REAL_GPX, source="osm-dk")
    assert first.created == 1648
    assert Facility.objects.filter(source="osm-dk").count() == 1648
    again = facilities_import_file(path=REAL_GPX, source="osm-dk")
    assert again.unchanged == 1648 and again.created == again.updated == 0


def test_the_command_syncs_from_a_path_with_a_progress_bar_and_a_dry_run(layers):
    out, err = StringIO(), StringIO()
    call_command(
        "maps_sync", str(REAL_GPX), "--source", "osm-dk", "--dry-run", stdout=out, stderr=err
    )
    assert "DRY RUN" in out.getvalue() and "1648 created" in out.getvalue()
    assert "1648/1648" in err.getvalue()
    assert Facility.objects.count() == 0
    call_command("maps_sync", str(REAL_GPX), "--source", "osm-dk", stdout=out, stderr=err)
    assert Facility.objects.count() == 1648


def test_the_command_stops_with_a_message_on_a_bad_file_and_changes_nothing(layers, tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text("nonsense")
    with pytest.raises(CommandError, match="kan ikke"):
        call_command("maps_sync", str(bad), "--source", "x", stdout=StringIO(), stderr=StringIO())
    assert Facility.objects.count() == 0


def test_the_demo_is_idempotent_and_puts_facilities_in_hedensted_areas(hedensted_areas):
    from maps import demo

    demo.load(None, StringIO())
    count = Facility.objects.count()
    demo.load(None, StringIO())
    assert Facility.objects.count() == count
    assert Facility.objects.filter(source="osm-campsites").count() == 53
    demo_facilities = Facility.objects.filter(source="demo")
    assert demo_facilities.filter(local_area__isnull=True).count() == 0
    assert {"Point", "LineString", "Polygon"} <= set(
        demo_facilities.values_list("geometry_type", flat=True)
    )
    juelsminde = Facility.objects.filter(name="Juelsminde Strand Camping").first()
    assert juelsminde.local_area.name == "Juelsminde"


def test_the_command_syncs_from_a_url(layers):
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    folder = Path(__file__).resolve().parents[1] / "data"

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/osm_campsites_hedensted.geojson"
        out = StringIO()
        call_command("maps_sync", url, "--source", "osm", "--no-progress", stdout=out)
    finally:
        server.shutdown()
    assert "53 created" in out.getvalue()
    assert Facility.objects.filter(source="osm").count() == 53
