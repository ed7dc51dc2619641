"""Admin imports in the background: the job row, its progress in the cache, and its execution.

An app's admin stages the uploaded file and calls `import_run_start(...)` with its own task; the task
calls `import_run_execute(run_id=..., work=...)` with the app's import. Progress is kept in the
cache (locmem in `make run`, Redis in production), not on the row: the import runs in one
transaction, and a row written inside it stays invisible to the page that polls until it commits.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit import log_action
from community.models import ImportRun

logger = logging.getLogger(__name__)
PROGRESS_TIMEOUT_S = 24 * 60 * 60
# A staged upload's name under MEDIA_ROOT: random, so a form cannot point the job at another file.
TOKEN = re.compile(r"^[0-9a-f]{32}\.[a-z]{3,7}$")
# A preview nobody applied leaves its file behind; after this long it is deleted.
STAGED_MAX_AGE_S = 24 * 60 * 60


def stage_upload(upload, staging: Path) -> tuple[str, Path]:
    """Keep an uploaded file for its preview and the job that may follow: its token and path."""
    staging.mkdir(parents=True, exist_ok=True)
    token = f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    staged = staging / token
    with open(staged, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token, staged


def staged_file(staging: Path, token: str) -> Path | None:
    """The staged file a preview's token names, or None when the token is forged or the file gone."""
    if not TOKEN.match(token or ""):
        return None
    staged = staging / token
    return staged if staged.is_file() else None


def forget_stale(staging: Path) -> None:
    if not staging.is_dir():
        return
    cutoff = time.time() - STAGED_MAX_AGE_S
    for staged in staging.iterdir():
        if staged.is_file() and staged.stat().st_mtime < cutoff:
            staged.unlink(missing_ok=True)


class ImportRefused(Exception):
    """A file the import will not take; the message is for the administrator, as it stands."""


def _key(run_id: int) -> str:
    return f"import-run:{run_id}:progress"


class Progress:
    """What a running import reports: its stage and, within it, how many of how many are done."""

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.stage = ""

    def enter(self, stage: str) -> None:
        self.stage = stage
        self._write(0, 0)

    def count(self, done: int, total: int) -> None:
        self._write(done, total)

    def _write(self, done: int, total: int) -> None:
        cache.set(
            _key(self.run_id),
            {"stage": self.stage, "done": done, "total": total},
            PROGRESS_TIMEOUT_S,
        )


def import_run_progress(run: ImportRun) -> dict:
    """The stage rows and the bar's value for a job's page: from the cache while it runs."""
    stages = ImportRun.STAGES[run.kind]
    live = (cache.get(_key(run.pk)) or {}) if run.active else {}
    current = live.get("stage") or (run.stage if run.state == ImportRun.State.FAILED else "")
    if run.state == ImportRun.State.DONE:
        reached = len(stages)
    elif current in stages:
        reached = stages.index(current)
    else:
        reached = -1
    rows = []
    for i, stage in enumerate(stages):
        status = "done" if i < reached else "current" if i == reached else "waiting"
        rows.append((stage.value, stage.label, status))
    done, total = live.get("done", 0), live.get("total", 0)
    fraction = done / total if total and reached >= 0 else 0
    return {
        "stages": rows,
        "max": len(stages) * 100,
        "value": round(max(reached, 0) * 100 + fraction * 100),
        "done": done,
        "total": total,
    }


def import_run_start(
    *, kind: str, staged: Path, file_name: str, options: dict, actor, task
) -> ImportRun:
    """Queue an import of a staged file for a background worker; its admin page shows the progress."""
    from community.tasks import enqueue

    # A second click on "apply" (or a reload of its POST) finds the job of that file.
    earlier = ImportRun.objects.filter(kind=kind, staged_path=str(staged)).first()
    if earlier is not None:
        return earlier
    run = ImportRun.objects.create(
        kind=kind,
        file_name=file_name[:255],
        staged_path=str(staged),
        options=options,
        started_by=actor if getattr(actor, "pk", None) else None,
    )
    log_action("imports.queued", obj=run, actor=actor, data={"kind": kind, "file": run.file_name})
    enqueue(task, run.pk)
    return run


def import_run_execute(*, run_id: int, work) -> ImportRun | None:
    """Make a queued import: `work(run, path, progress)` imports the file and returns its counts.

    Safe to deliver twice: a job done or failed is left as it is, and the job row is locked and
    marked done in the import's own transaction, so two deliveries at once import once. A job whose
    worker was lost saved nothing and kept its file, so the next delivery starts it over.
    """
    run = ImportRun.objects.select_related("started_by").filter(pk=run_id).first()
    if run is None or not run.active:
        return run
    staged = Path(run.staged_path)
    if not staged.is_file():
        _fail(
            run,
            stage="",
            error=_(
                "Den uploadede fil findes ikke længere (en fil slettes, når dens import slutter, "
                "eller efter et døgn). Upload filen igen."
            ),
        )
        return run
    ImportRun.objects.filter(pk=run.pk, state__in=ImportRun.ACTIVE).update(
        state=ImportRun.State.RUNNING
    )
    progress = Progress(run.pk)
    progress.enter(ImportRun.Stage.READING)
    try:
        with transaction.atomic():
            locked = ImportRun.objects.select_for_update().filter(
                pk=run.pk, state__in=ImportRun.ACTIVE
            )
            if locked.first() is not None:
                counts = work(run, staged, progress)
                ImportRun.objects.filter(pk=run.pk).update(
                    state=ImportRun.State.DONE, stage="", counts=counts, finished_at=timezone.now()
                )
                log_action(
                    "imports.done",
                    obj=run,
                    actor=run.started_by,
                    data={"kind": run.kind, "file": run.file_name, **counts},
                )
    except ImportRefused as exc:
        _fail(run, stage=progress.stage, error=str(exc))
    except Exception as exc:
        logger.exception("Import %s failed at %s", run.pk, progress.stage)
        _fail(
            run,
            stage=progress.stage,
            error=_("Importen stoppede på grund af en fejl hos os (%(error)s).")
            % {"error": f"{type(exc).__name__}: {exc}"[:400]},
        )
    run.refresh_from_db()
    if not run.active:
        staged.unlink(missing_ok=True)
        cache.delete(_key(run.pk))
    return run


def _fail(run: ImportRun, *, stage: str, error: str) -> None:
    ImportRun.objects.filter(pk=run.pk, state__in=ImportRun.ACTIVE).update(
        state=ImportRun.State.FAILED, stage=stage, error=error, finished_at=timezone.now()
    )
    log_action(
        "imports.failed", obj=run, actor=run.started_by, data={"kind": run.kind, "stage": stage}
    )
    run.refresh_from_db()
