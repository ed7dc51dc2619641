"""Sync facilities from a file or URL: cron-ready (exit code 1 and a message on a bad file)."""

import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from django.core.management.base import BaseCommand, CommandError

from maps.importers import FORMATS, ImportFileError
from maps.importers.safety import MAX_BYTES
from maps.models import Layer
from maps.services import facilities_import_file


class Command(BaseCommand):
    help = (
        "Import or update facilities from a GeoJSON, GPX, KML, CSV, zipped Shapefile or GeoPackage "
        "file or URL. Keyed by (source, external id); one transaction; --dry-run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("location", help="A path or an http(s) URL")
        parser.add_argument(
            "--source", required=True, help="Stable source name, e.g. osm-campsites"
        )
        parser.add_argument(
            "--profile", default="auto", choices=["auto", "osm", "geofa", "generic"]
        )
        parser.add_argument("--default-layer", help="Layer slug for records without a known layer")
        parser.add_argument("--keep-missing", action="store_true", help="Do not retire missing ids")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self,
        *args,
        location,
        source,
        profile,
        default_layer,
        keep_missing,
        dry_run,
        no_progress,
        **options,
    ):
        layer = None
        if default_layer:
            layer = Layer.objects.filter(slug=default_layer).first()
            if layer is None:
                raise CommandError(f"Unknown layer '{default_layer}'.")
        with tempfile.TemporaryDirectory() as tmp:
            path = self._fetch(location, Path(tmp)) if "://" in location else Path(location)
            if not path.exists():
                raise CommandError(f"No such file: {path}")
            try:
                report = facilities_import_file(
                    path=path,
                    source=source,
                    profile=profile,
                    dry_run=dry_run,
                    retire_missing=not keep_missing,
                    default_layer=layer,
                    progress=None if no_progress else self._progress,
                )
            except ImportFileError as exc:
                raise CommandError(str(exc)) from exc
        if not no_progress:
            self.stderr.write("")
        prefix = "DRY RUN (nothing saved): " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{report.source}: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {report.retired} retired, {len(report.skipped)} skipped"
            )
        )
        for line in report.skipped[:20]:
            self.stdout.write(f"  skipped: {line}")

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stderr.flush()

    def _fetch(self, url: str, folder: Path) -> Path:
        parsed = urlparse(url)
        if parsed.scheme not in {"http", "https"}:
            raise CommandError("Only http(s) URLs can be fetched.")
        suffix = Path(parsed.path).suffix.lower()
        if suffix not in FORMATS:
            raise CommandError(f"Cannot tell the format of {url} from its name.")
        target = folder / f"download{suffix}"
        with urllib.request.urlopen(url, timeout=60) as response, open(target, "wb") as out:
            read = 0
            while chunk := response.read(65536):
                read += len(chunk)
                if read > MAX_BYTES:
                    raise CommandError("The download is larger than the import limit.")
                out.write(chunk)
        return target
