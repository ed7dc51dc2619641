"""The admin's facility import runs in the background: a job row, progress by stage, idempotent."""

import re
import threading

import pytest
from django.urls import reverse

from community import imports
from community.models import AuditEntry, ImportRun
from community.tests.factories import administrator, area_contact
from maps.models import Facility
from maps.services import facilities_import_queue, facilities_import_run_execute

pytestmark = pytest.mark.django_db
CSV = "name,layer,id,lon,lat\nShelter A,shelters,a,9.71,55.77\nShelter B,shelters,b,9.711,55.771\n"


@pytest.fixture
def staging(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "media" / "maps-imports"
    folder.mkdir(parents=True)
    return folder


def _staged(staging, text=CSV, name="a" * 32 + ".csv"):
    path = staging / name
    path.write_text(text)
    return path


def _job(staging, **options):
    """A job as the admin's apply makes it, not yet run (the task is taken out of the queue)."""
    return ImportRun.objects.create(
        kind=ImportRun.Kind.FACILITIES,
        file_name="shelters.csv",
        staged_path=str(_staged(staging)),
        options={
            "source": "upload-test",
            "profile": "auto",
            "default_layer": None,
            "retire_missing": False,
            "leave_outside": False,
        }
        | options,
    )


def _stages_shown(client, run) -> dict[str, str]:
    html = client.get(
        reverse("admin:community_importrun_change", args=[run.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    found = re.findall(r'samskab-stage--(\w+)" data-stage="(\w+)"', html)
    return {stage: status for status, stage in found}


def test_the_job_page_shows_each_stage_as_the_import_reaches_it(
    client, layers, area, staging, monkeypatch
):
    client.force_login(administrator())
    run = _job(staging)
    seen = []
    write = imports.Progress._write

    def write_and_look(self, done, total):
        write(self, done, total)
        seen.append((self.stage, _stages_shown(client, run)))

    monkeypatch.setattr(imports.Progress, "_write", write_and_look)
    facilities_import_run_execute(run_id=run.pk)
    stages = [stage for stage, _shown in seen]
    assert stages[0] == "reading" and "matching" in stages and stages[-1] == "saving"
    reading = dict(seen)["reading"]
    assert reading == {"reading": "current", "matching": "waiting", "saving": "waiting"}
    assert dict(seen)["saving"] == {"reading": "done", "matching": "done", "saving": "current"}
    assert _stages_shown(client, run) == {"reading": "done", "matching": "done", "saving": "done"}
    html = client.get(reverse("admin:community_importrun_change", args=[run.pk])).content.decode()
    assert "upload-test: 2 oprettet, 0 opdateret, 0 uændret, 0 udgået." in html
    assert f"{reverse('admin:maps_facility_changelist')}?source=upload-test" in html
    assert "hx-trigger" not in html  # a finished job's page stops polling


@pytest.mark.django_db(transaction=True)
def test_another_connection_sees_the_progress_while_the_import_transaction_is_open(
    client, layers, area, staging, monkeypatch
):
    client.force_login(administrator())
    at_saving, release = threading.Event(), threading.Event()
    enter = imports.Progress.enter

    def enter_and_hold(self, stage):
        enter(self, stage)
        if stage == ImportRun.Stage.SAVING:
            at_saving.set()
            assert release.wait(30)

    monkeypatch.setattr(imports.Progress, "enter", enter_and_hold)
    staged = _staged(staging)
    run = facilities_import_queue(staged=staged, file_name="shelters.csv", source="upload-test")
    assert at_saving.wait(30)
    try:
        # This request has its own connection: the import's open transaction hides its rows.
        shown = _stages_shown(client, run)
        assert shown == {"reading": "done", "matching": "done", "saving": "current"}
        assert not Facility.objects.exists()
    finally:
        release.set()
    from community.tasks import wait_for_embedded_tasks

    wait_for_embedded_tasks()
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and Facility.objects.count() == 2


def test_a_failure_while_saving_changes_nothing_and_says_where_it_stopped(
    client, layers, area, staging, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(Facility.objects, "bulk_update", broken)
    monkeypatch.setattr(Facility.objects, "bulk_create", broken)
    run = facilities_import_run_execute(run_id=_job(staging).pk)
    assert run.state == ImportRun.State.FAILED and run.stage == ImportRun.Stage.SAVING
    assert "fejl hos os" in run.error and "the disk is full" in run.error
    assert not Facility.objects.exists()
    assert not list(staging.iterdir())
    client.force_login(administrator())
    html = client.get(reverse("admin:community_importrun_change", args=[run.pk])).content.decode()
    assert "Importen stoppede under trinnet «Gemmer». Intet er ændret." in html


def test_a_file_the_importer_refuses_fails_the_job_with_the_importers_words(layers, area, staging):
    run = _job(staging)
    (staging / ("a" * 32 + ".csv")).write_text("name;nothing\nx;y\n")
    run = facilities_import_run_execute(run_id=run.pk)
    assert run.state == ImportRun.State.FAILED and run.stage == ImportRun.Stage.READING
    assert run.error and "fejl hos os" not in run.error
    assert not Facility.objects.exists()


def test_a_second_delivery_of_a_done_job_imports_nothing_again(layers, area, staging):
    run = _job(staging)
    assert facilities_import_run_execute(run_id=run.pk).state == ImportRun.State.DONE
    _staged(staging, CSV.replace("Shelter A", "Shelter C"))  # a file there again would be read
    again = facilities_import_run_execute(run_id=run.pk)
    assert again.state == ImportRun.State.DONE
    assert sorted(Facility.objects.values_list("name", flat=True)) == ["Shelter A", "Shelter B"]
    assert AuditEntry.objects.filter(action="maps.facilities_synced").count() == 1


def test_a_job_whose_worker_was_lost_is_imported_once_by_the_next_delivery(layers, area, staging):
    run = _job(staging)
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.RUNNING)
    assert facilities_import_run_execute(run_id=run.pk).state == ImportRun.State.DONE
    assert Facility.objects.count() == 2


def test_a_job_whose_staged_file_is_gone_fails_with_a_clear_message(layers, staging):
    run = _job(staging)
    for path in staging.iterdir():
        path.unlink()
    run = facilities_import_run_execute(run_id=run.pk)
    assert run.state == ImportRun.State.FAILED
    assert "findes ikke længere" in run.error and "Upload filen igen" in run.error


def test_apply_queues_the_job_and_takes_the_administrator_to_its_page(
    client, layers, area, staging
):
    client.force_login(administrator())
    url = reverse("admin:maps_facility_import")
    preview = client.post(
        url,
        {"file": _upload(), "source": "upload-test", "profile": "auto"},
    ).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', preview).group(1)
    response = client.post(
        url,
        {"apply": "1", "token": token, "file_name": "shelters.csv"}
        | {"source": "upload-test", "profile": "auto"},
    )
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("admin:community_importrun_change", args=[run.pk])
    assert run.file_name == "shelters.csv" and run.started_by is not None
    assert run.state == ImportRun.State.DONE and run.counts["created"] == 2
    assert not list(staging.iterdir())


def test_applying_the_same_preview_twice_makes_one_job(layers, area, staging):
    staged = _staged(staging)
    first = facilities_import_queue(staged=staged, file_name="a.csv", source="upload-test")
    _staged(staging)  # the second click came before the job deleted the file
    second = facilities_import_queue(staged=staged, file_name="a.csv", source="upload-test")
    assert second.pk == first.pk and ImportRun.objects.count() == 1
    assert Facility.objects.count() == 2


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("shelters.csv", CSV.encode())


def test_only_someone_allowed_to_import_sees_a_job(client, layers, area, staging):
    run = _job(staging)
    url = reverse("admin:community_importrun_change", args=[run.pk])
    client.force_login(area_contact(area))
    assert client.get(url).status_code in {302, 403}
    client.force_login(administrator())
    assert client.get(url).status_code == 200
    listing = client.get(reverse("admin:community_importrun_changelist")).content.decode()
    assert "shelters.csv" in listing
