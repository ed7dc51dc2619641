"""The admin's local-area import runs in the background after its preview, as the facility import does."""

import shutil

import pytest
from django.urls import reverse

from community import imports
from community.models import AuditEntry, ImportRun
from community.tests.factories import administrator
from localareas.models import LocalArea
from localareas.services import local_areas_import_queue, local_areas_import_run_execute
from localareas.tests.test_import import PARISHES

pytestmark = pytest.mark.django_db


@pytest.fixture
def staged(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "media" / "localareas-imports"
    folder.mkdir(parents=True)
    return shutil.copy(PARISHES, folder / ("b" * 32 + PARISHES.suffix))


def _job(staged):
    return ImportRun.objects.create(
        kind=ImportRun.Kind.LOCAL_AREAS, file_name=PARISHES.name, staged_path=str(staged)
    )


def test_the_job_reads_the_file_then_saves_the_areas_counting_them_as_it_goes(staged, monkeypatch):
    seen = []
    write = imports.Progress._write

    def write_and_note(self, done, total):
        write(self, done, total)
        seen.append((self.stage, done, total))

    monkeypatch.setattr(imports.Progress, "_write", write_and_note)
    run = local_areas_import_run_execute(run_id=_job(staged).pk)
    assert run.state == ImportRun.State.DONE
    assert run.counts == {"created": 33, "updated": 0, "unchanged": 0}
    assert seen[0] == ("reading", 0, 0) and seen[-1] == ("saving", 33, 33)
    assert {stage for stage, _d, _t in seen} == {"reading", "saving"}
    assert LocalArea.objects.count() == 33
    assert not staged.exists()


def test_a_bad_file_fails_the_job_with_the_importers_words_and_changes_nothing(staged):
    staged.write_text("not geojson")
    run = local_areas_import_run_execute(run_id=_job(staged).pk)
    assert run.state == ImportRun.State.FAILED and run.stage == ImportRun.Stage.READING
    assert "kan ikke læses" in run.error
    assert not LocalArea.objects.exists() and not staged.exists()


def test_a_second_delivery_imports_nothing_again(staged):
    run = local_areas_import_queue(staged=staged, file_name=PARISHES.name)
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE
    assert local_areas_import_run_execute(run_id=run.pk).state == ImportRun.State.DONE
    assert AuditEntry.objects.filter(action="localareas.imported").count() == 1


def test_the_job_page_shows_the_result_and_links_to_the_areas(client, staged):
    run = local_areas_import_run_execute(run_id=_job(staged).pk)
    client.force_login(administrator())
    html = client.get(reverse("admin:community_importrun_change", args=[run.pk])).content.decode()
    assert "Importen er færdig" in html
    assert "Importeret: 33 nye, 0 opdaterede og 0 uændrede områder." in html
    assert reverse("admin:localareas_localarea_changelist") in html
