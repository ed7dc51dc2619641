"""Writes for the maps app: layers, facility sync from files, problem reports."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from community.audit import log_action, save_logged
from community.imports import ImportRefused, import_run_execute, import_run_start
from community.messaging import send_message
from community.models import ImportRun
from localareas.lookup import area_ids_for_points
from localareas.models import LocalArea
from maps.encoding import facility_feature_text
from maps.geometry import GeometryError, describe
from maps.importers import FacilityRecord, ImportFileError, read_facilities
from maps.importers.profiles import http_url
from maps.models import ATTRIBUTE_FIELDS, Facility, Layer, ProblemReport
from maps.photos import photo_cleaned
from maps.selectors import forget_data_version

# slug, Danish, English, icon, colour, shown by default
SEED_LAYERS = [
    ("shelters", "Shelterpladser", "Shelters", "⌂", "#7a3e00", True),
    ("fire-pits", "Bålpladser", "Fire pits", "▲", "#b30000", True),
    ("camp-sites", "Lejr- og teltpladser", "Camp sites", "Δ", "#2e6b30", True),
    ("playgrounds", "Legepladser", "Playgrounds", "★", "#6a1b9a", True),
    ("multi-use-courts", "Multibaner", "Multi-use courts", "▣", "#00557f", True),
    ("sports-fields", "Idrætsanlæg og boldbaner", "Sports fields", "●", "#0b5d1e", False),
    ("trails", "Stier og ruter", "Trails", "~", "#8a4b00", True),
    ("picnic-spots", "Picnicpladser", "Picnic spots", "◆", "#5d4037", False),
    ("toilets", "Toiletter", "Toilets", "WC", "#37474f", False),
    ("swimming-spots", "Badesteder", "Swimming spots", "≈", "#01579b", True),
    ("kitchen-gardens", "Køkkenhaver", "Kitchen gardens", "✿", "#33691e", False),
    (
        "green-areas",
        "Frie grønne områder til foreningers egne initiativer",
        "Free green areas for associations' own initiatives",
        "▩",
        "#1b5e20",
        True,
    ),
]

SYNCED_FIELDS = [
    "name",
    "layer_id",
    "geometry",
    "geometry_type",
    "lon",
    "lat",
    "min_lon",
    "min_lat",
    "max_lon",
    "max_lat",
    "description",
    "local_area_id",
    *ATTRIBUTE_FIELDS,
    "capacity",
    "website",
    "owner_kind",
    "owner_name",
    "extra",
    "content_hash",
    "feature_json",
    "last_verified",
    "retired_at",
    "updated_at",
]


def layers_seed(*, actor=None) -> int:
    """Create the standard layers that are missing; administrators' edits are kept."""
    existing = set(Layer.objects.values_list("slug", flat=True))
    new = [
        Layer(
            slug=slug,
            name_da=da,
            name_en=en,
            icon=icon,
            colour=colour,
            order=i * 10,
            shown_by_default=shown,
        )
        for i, (slug, da, en, icon, colour, shown) in enumerate(SEED_LAYERS)
        if slug not in existing
    ]
    Layer.objects.bulk_create(new)
    forget_data_version()
    if new:
        # bulk_create sends no signals: one entry names the layers made.
        log_action("maps.layers_seeded", actor=actor, data={"slugs": [n.slug for n in new]})
    return len(new)


@dataclass
class SyncReport:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    skipped: list[str] = field(default_factory=list)
    dry_run: bool = False
    # Places outside every local area (outside the municipality), and whether they were left out.
    outside: int = 0
    outside_left_out: bool = False
    # Why nothing was saved (retiring refused), for the command's exit and the admin preview.
    refused_reason: str = ""
    # A few examples of what changes, for the admin preview.
    examples: dict[str, list[str]] = field(
        default_factory=lambda: {"created": [], "updated": [], "retired": [], "outside": []}
    )

    @property
    def skipped_count(self) -> int:
        return len(self.skipped)

    @property
    def skipped_reasons(self) -> dict[str, int]:
        """How many were skipped for each reason ("Række 3: ingen geometri." counts as the latter)."""
        counts: dict[str, int] = {}
        for line in self.skipped:
            reason = line.partition(": ")[2] or line
            counts[reason] = counts.get(reason, 0) + 1
        return counts

    def as_dict(self) -> dict:
        return asdict(self)


def retire_refusal(*, active: int, kept: int) -> str:
    """Why retiring is refused, or "": a file that still has fewer than half of the source's
    active facilities is more likely broken or mismapped than a real change."""
    if active and kept * 2 < active:
        return (
            f"Filen indeholder kun {kept} af kildens {active} aktive steder (under halvdelen). "
            "Så mange trækkes ikke tilbage på én gang: tjek filen og feltprofilen. Intet er gemt."
        )
    return ""


class LayerResolver:
    """Find a layer from a profile's key: a slug, or a Danish or English name."""

    def __init__(self, default: Layer | None = None):
        self.default = default
        self.by_key = {}
        for layer in Layer.objects.all():
            for key in (layer.slug, layer.name_da, layer.name_en):
                if key:
                    self.by_key[key.strip().lower()] = layer

    def __call__(self, key: str | None) -> Layer | None:
        if key:
            found = self.by_key.get(key.strip().lower())
            if found:
                return found
        return self.default


def _content_hash(record: FacilityRecord, layer_id: int) -> str:
    payload = asdict(record) | {"layer": layer_id}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def facilities_sync(
    *,
    records: list[FacilityRecord],
    source: str,
    dry_run: bool = False,
    retire_missing: bool = True,
    default_layer: Layer | None = None,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
    skipped: list[str] | None = None,
    leave_outside: bool = False,
    on_saving: Callable[[], None] | None = None,
) -> SyncReport:
    """Bring the facilities of one source in line with these records, in one transaction.

    A place outside every local area lies outside the municipality (a national file holds the
    whole country): it is counted, and with leave_outside it is not imported (an earlier import's
    copy is then retired like any place the source no longer has).

    Keyed by (source, external id): new ids are created, changed ones updated, ids the source
    no longer has are retired (hidden, not deleted: their problem reports stay). Bulk writes
    and one summary audit entry, so a national file takes seconds, not minutes.
    """
    source = source.strip()
    if not source:
        raise ValidationError({"source": "Angiv et navn på kilden."})
    report = SyncReport(source=source, dry_run=dry_run, skipped=list(skipped or []))
    resolve = LayerResolver(default_layer)
    now = timezone.now()
    today = timezone.localdate()
    total = len(records)

    with transaction.atomic():
        existing = {
            f.external_id: f
            for f in Facility.objects.select_for_update()
            .filter(source=source)
            .only("id", "external_id", "content_hash", "retired_at", "name", "status")
        }
        active_before = sum(1 for f in existing.values() if f.retired_at is None)
        prepared = []
        for record in records:
            layer = resolve(record.layer)
            if layer is None:
                report.skipped.append(
                    f"{record.name}: intet kortlag passer til '{record.layer or '(tomt)'}'."
                )
                continue
            try:
                info = describe(record.geometry)
            except GeometryError as exc:
                report.skipped.append(f"{record.name}: {exc}")
                continue
            prepared.append((record, layer, info))
        area_ids = area_ids_for_points([info.point for _, _, info in prepared])
        # With no local areas at all the municipality has no known boundary: nothing is "outside".
        left_out = set()
        if LocalArea.objects.exists():
            kept = []
            for item, area_id in zip(prepared, area_ids, strict=True):
                if area_id is None:
                    report.outside += 1
                    _example(report, "outside", item[0].name)
                    if leave_outside:
                        left_out.add(item[0].external_id)
                        continue
                kept.append((item, area_id))
            report.outside_left_out = leave_outside and report.outside > 0
            prepared = [item for item, _ in kept]
            area_ids = [area_id for _, area_id in kept]

        to_create, to_update = [], []
        for i, ((record, layer, info), area_id) in enumerate(zip(prepared, area_ids, strict=True)):
            digest = _content_hash(record, layer.pk)
            current = existing.pop(record.external_id, None)
            if current is not None and current.content_hash == digest and not current.retired_at:
                report.unchanged += 1
            else:
                facility = current or Facility(
                    source=source, external_id=record.external_id, created_at=now
                )
                facility.name = record.name[:200]
                facility.layer_id = layer.pk
                facility.geometry = record.geometry
                facility.geometry_type = info.geometry_type
                facility.lon, facility.lat = info.point
                (
                    facility.min_lon,
                    facility.min_lat,
                    facility.max_lon,
                    facility.max_lat,
                ) = info.bounds
                facility.local_area_id = area_id
                facility.description = record.description
                for name in (*ATTRIBUTE_FIELDS, "capacity", "owner_kind", "extra"):
                    setattr(facility, name, getattr(record, name))
                # bulk_create skips field validation: only http(s) links are kept.
                facility.website = http_url(record.website)
                facility.owner_name = record.owner_name[:200]
                facility.content_hash = digest
                facility.feature_json = facility_feature_text(facility)
                facility.last_verified = today
                facility.retired_at = None
                facility.updated_at = now
                if current is None:
                    to_create.append(facility)
                    report.created += 1
                    _example(report, "created", facility.name)
                else:
                    to_update.append(facility)
                    report.updated += 1
                    _example(report, "updated", facility.name)
            if progress and (i % 100 == 0 or i == total - 1):
                progress(i + 1, total)

        to_retire = [f for f in existing.values() if f.retired_at is None] if retire_missing else []
        if to_retire:
            active = active_before
            # Places the file still has but that were left out as outside the municipality are the
            # admin's choice, not a sign of a broken file: they do not count as missing.
            missing = [f for f in to_retire if f.external_id not in left_out]
            report.refused_reason = retire_refusal(active=active, kept=active - len(missing))
            if report.refused_reason:
                # Nothing is created, changed or retired: the file is not trusted.
                report.created = report.updated = report.unchanged = 0
                report.examples = {"created": [], "updated": [], "retired": []}
                return report
        report.retired = len(to_retire)
        for facility in to_retire:
            _example(report, "retired", facility.name)

        if dry_run:
            return report
        if on_saving:
            on_saving()
        Facility.objects.bulk_create(to_create, batch_size=500)
        Facility.objects.bulk_update(to_update, SYNCED_FIELDS, batch_size=500)
        if to_retire:
            Facility.objects.filter(pk__in=[f.pk for f in to_retire]).update(
                retired_at=now, updated_at=now
            )
        forget_data_version()
        transaction.on_commit(forget_data_version)
        # Bulk writes send no signals: the one entry names every facility created, changed or retired.
        log_action(
            "maps.facilities_synced",
            actor=actor,
            data={k: v for k, v in report.as_dict().items() if k != "examples"}
            | {
                "skipped": len(report.skipped),
                "created_ids": [f.pk for f in to_create],
                "updated_ids": [f.pk for f in to_update],
                "retired_ids": [f.pk for f in to_retire],
            },
        )
    return report


def _example(report: SyncReport, kind: str, name: str) -> None:
    if len(report.examples[kind]) < 10:
        report.examples[kind].append(name)


def facilities_import_file(
    *,
    path,
    source: str,
    profile: str = "auto",
    dry_run: bool = False,
    retire_missing: bool = True,
    default_layer: Layer | None = None,
    actor=None,
    progress=None,
    leave_outside: bool = False,
) -> SyncReport:
    """Read a file (raises ImportFileError with a clear message) and sync its facilities."""
    result = read_facilities(path, profile=profile, max_features=settings.MAPS_IMPORT_MAX_FEATURES)
    return facilities_sync(
        records=result.records,
        source=source,
        dry_run=dry_run,
        retire_missing=retire_missing,
        default_layer=default_layer,
        actor=actor,
        progress=progress,
        skipped=result.skipped,
        leave_outside=leave_outside,
    )


# ---------------------------------------------------------------- problem reports


def problem_report_create(
    *,
    facility: Facility,
    description: str,
    photo=None,
    reporter_email: str = "",
    reporter=None,
    language: str = "da",
) -> ProblemReport:
    """Anyone's report of a problem; an open facility shows it on the map at once."""
    report = ProblemReport(
        facility=facility,
        description=description.strip(),
        photo=photo_cleaned(photo) if photo else "",
        reporter_email=reporter_email.strip(),
        reporter=reporter if getattr(reporter, "is_authenticated", False) else None,
        reporter_language="en" if language.startswith("en") else "da",
    )
    report.full_clean()
    actor = report.reporter
    with transaction.atomic():
        report.save()
        # The reporter's e-mail is personal data: the entry names the report, not the person.
        log_action("maps.problem_reported", obj=report, actor=actor, data={"facility": facility.pk})
        if facility.status == Facility.Status.OPEN:
            _facility_status_set(facility, Facility.Status.PROBLEM, report=report, actor=actor)
    return report


def _facility_status_set(facility: Facility, status: str, *, report: ProblemReport, actor) -> None:
    """Set a facility's status with update() (no signals, no full save) and audit it here."""
    previous = facility.status
    Facility.objects.filter(pk=facility.pk).update(status=status, updated_at=timezone.now())
    transaction.on_commit(forget_data_version)
    facility.status = status
    log_action(
        "maps.facility_status_changed",
        obj=facility,
        actor=actor,
        data={"from": previous, "to": status, "problem_report": report.pk},
    )


def problem_report_advance(*, report: ProblemReport, user) -> ProblemReport:
    """Move a report one step: new → acknowledged → fixed. Only its owner or the area's playmaker."""
    from community.access.maps import can_handle_problem

    if not can_handle_problem(user, report.facility):
        raise PermissionDenied("Du kan ikke behandle meldinger om denne facilitet.")
    step = report.next_status
    if step is None:
        raise ValidationError("Meldingen er allerede udbedret.")
    now = timezone.now()
    previous = report.status
    report.status = step
    report.handled_by = user
    if step == ProblemReport.Status.ACKNOWLEDGED:
        report.acknowledged_at = now
    else:
        report.fixed_at = now
    with transaction.atomic():
        save_logged(
            report,
            "maps.problem_advanced",
            actor=user,
            data={"from": previous, "to": step, "facility": report.facility_id},
        )
        facility = report.facility
        still_open = facility.problems.exclude(status=ProblemReport.Status.FIXED).exists()
        wanted = Facility.Status.PROBLEM if still_open else Facility.Status.OPEN
        if facility.status != Facility.Status.CLOSED and facility.status != wanted:
            _facility_status_set(facility, wanted, report=report, actor=user)
    _tell_reporter(report)
    return report


def _tell_reporter(report: ProblemReport) -> None:
    """The reporter who left an e-mail (or reported logged in) hears when the report moves on."""
    address = report.reporter_email or (report.reporter.email if report.reporter else "")
    if not address:
        return
    context = {
        "report": report,
        "facility": report.facility,
        "fixed": report.status == ProblemReport.Status.FIXED,
        "link": settings.SITE_URL.rstrip("/")
        + reverse("maps:facility-detail", args=[report.facility_id]),
    }
    send_message(
        "maps.problem_status",
        address,
        context,
        language=report.reporter_language,
        user=report.reporter,
    )


# ---------------------------------------------------------------- imports in the background


def facilities_import_queue(
    *,
    staged,
    file_name: str,
    source: str,
    profile: str = "auto",
    default_layer: Layer | None = None,
    retire_missing: bool = False,
    leave_outside: bool = False,
    actor=None,
) -> ImportRun:
    """Queue the import of a previewed file; a background task makes it (`maps.tasks`)."""
    from maps.tasks import import_facilities

    return import_run_start(
        kind=ImportRun.Kind.FACILITIES,
        staged=staged,
        file_name=file_name,
        options={
            "source": source,
            "profile": profile,
            "default_layer": default_layer.pk if default_layer else None,
            "retire_missing": retire_missing,
            "leave_outside": leave_outside,
        },
        actor=actor,
        task=import_facilities,
    )


def facilities_import_run_execute(*, run_id: int) -> ImportRun | None:
    """Make a queued facility import: read the file, compare it with the source's facilities, save."""

    def work(run: ImportRun, path, progress) -> dict:
        options = run.options
        layer = None
        if options.get("default_layer"):
            layer = Layer.objects.filter(pk=options["default_layer"]).first()
        try:
            result = read_facilities(
                path, profile=options["profile"], max_features=settings.MAPS_IMPORT_MAX_FEATURES
            )
            progress.enter(ImportRun.Stage.MATCHING)
            report = facilities_sync(
                records=result.records,
                source=options["source"],
                retire_missing=options["retire_missing"],
                default_layer=layer,
                actor=run.started_by,
                progress=progress.count,
                skipped=result.skipped,
                leave_outside=options["leave_outside"],
                on_saving=lambda: progress.enter(ImportRun.Stage.SAVING),
            )
        except (ImportFileError, ValidationError) as exc:
            raise ImportRefused(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        if report.refused_reason:
            raise ImportRefused(report.refused_reason)
        return {
            "source": report.source,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "retired": report.retired,
            "skipped": len(report.skipped),
            "outside": report.outside,
            "outside_left_out": report.outside_left_out,
        }

    return import_run_execute(run_id=run_id, work=work)
