"""Sync facilities from a file or URL: cron-ready, and never loses data in silence.

Exit code 1 and a message on a bad file, on skipped features (unless --skips-expected), and
when retiring is refused. Facilities the file lacks are retired only with --retire-missing.
--leave-outside leaves out places outside the municipality (outside every local area).
"""

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
        parser.add_argument(
            "--retire-missing",
            action="store_true",
            help="Retire the source's facilities the file no longer has (refused when the file "
            "has fewer than half of them)",
        )
        parser.add_argument(
            "--keep-missing",
            action="store_true",
            help="Do not retire missing ids (the default; kept for old cron lines)",
        )
        parser.add_argument(
            "--skips-expected",
            action="store_true",
            help="Exit 0 even if some features are skipped (they are still listed)",
        )
        parser.add_argument(
            "--leave-outside",
            action="store_true",
            help="Leave out places outside the municipality (outside every local area)",
        )
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
        retire_missing,
        skips_expected,
        leave_outside=False,
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
                    retire_missing=retire_missing and not keep_missing,
                    default_layer=layer,
                    progress=None if no_progress else self._progress,
                    leave_outside=leave_outside,
                )
            except ImportFileError as exc:
                raise CommandError(str(exc)) from exc
        if not no_progress:
            self.stderr.write("")
        if report.refused_reason:
            raise CommandError(f"{report.source}: {report.refused_reason}")
        prefix = "DRY RUN (nothing saved): " if dry_run else ""
        summary = (
            f"{prefix}{report.source}: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.retired} retired, "
            f"{report.skipped_count} skipped"
        )
        style = self.style.WARNING if report.skipped else self.style.SUCCESS
        self.stdout.write(style(summary))
        if report.outside_left_out:
            self.stdout.write(f"  {report.outside} steder uden for kommunen er udeladt")
        elif report.outside:
            self.stdout.write(
                f"  {report.outside} steder ligger uden for kommunen (udelad dem med "
                "--leave-outside)"
            )
        for reason, count in report.skipped_reasons.items():
            self.stdout.write(f"  {count} × {reason}")
        for line in report.skipped[:20]:
            self.stdout.write(f"  skipped: {line}")
        if report.skipped_count > 20:
            self.stdout.write(f"  ... and {report.skipped_count - 20} more skipped")
        if report.skipped and not skips_expected:
            raise CommandError(
                f"{report.skipped_count} features skipped (listed above). Fix the file, or pass "
                "--skips-expected if they are."
            )

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
