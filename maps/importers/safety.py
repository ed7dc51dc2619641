"""Checks a file must pass before any GIS library opens it: size, content, zip bombs, XML."""

from __future__ import annotations

import codecs
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 50
# Real shapefiles compress 2-10x; a ratio far beyond that is a bomb, not data.
MAX_ZIP_RATIO = 100
MAX_FEATURES = 50_000

# What a file's first bytes say it is; GDAL also goes by content, so the name must not decide.
SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
SHAPEFILE_MAGIC = b"\x00\x00\x27\x0a"  # file code 9994, big-endian
SNIFF_BYTES = 4096
CONTENT_NAMES = {
    "GeoPackage": "en GeoPackage",
    "zip": "en zip-fil",
    "GPX": "GPX",
    "KML": "KML",
    "XML": "XML",
    "GeoJSON": "JSON",
    "CSV": "tekst (CSV)",
}


class ImportFileError(ValueError):
    """A file we refuse to import, with a message a person can act on."""


def check_size(path: Path, max_bytes: int = MAX_BYTES) -> None:
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError("Filen er tom.")
    if size > max_bytes:
        raise ImportFileError(
            f"Filen er for stor ({size / 1024 / 1024:.1f} MB); højst {max_bytes // 1024 // 1024} MB."
        )


def sniff_format(path: Path) -> str:
    """The format the content is, from its first bytes: GeoPackage, zip, GPX, KML, GeoJSON or CSV.

    Any XML is "XML": check_xml tells GPX from KML once it has parsed it safely. Anything that
    is not text is refused here.
    """
    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES)
    if head.startswith(SQLITE_MAGIC):
        return "GeoPackage"
    if head.startswith(ZIP_MAGICS):
        return "zip"
    text = _as_text(head)
    if text is None:
        raise ImportFileError(
            "Filen kan ikke læses: indholdet er hverken GeoJSON, GPX, KML, CSV, zip eller GeoPackage."
        )
    start = text.lstrip()
    if start.startswith("<"):
        return "XML"
    if start.startswith(("{", "[")):
        return "GeoJSON"
    return "CSV"


def _as_text(head: bytes) -> str | None:
    """The start of a text file as str (UTF-8, UTF-16 with a BOM, or Latin-1), None for binary."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom) :].decode(encoding, errors="ignore")
            break
    else:
        try:
            # The sniffed block may end inside a multi-byte character: ignore the cut.
            text = head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="strict")
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 3:
                text = head[: exc.start].removeprefix(codecs.BOM_UTF8).decode("utf-8")
            else:
                text = head.decode("latin-1")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    return None if controls else text


def check_shapefile(path: Path, member: str) -> None:
    """The .shp in a zip must really be a shapefile: GDAL would open a GPX named .shp as GPX."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member) as f:
            head = f.read(4)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ImportFileError("Zip-filen er beskadiget og kan ikke pakkes ud.") from exc
    if head != SHAPEFILE_MAGIC:
        raise ImportFileError(f"{member} i zip-filen er ikke en shapefil.")


def check_zip(path: Path) -> list[str]:
    """The member names of a harmless zip file; refuses bombs, path tricks and too many files."""
    if not zipfile.is_zipfile(path):
        raise ImportFileError("Filen er ikke en gyldig zip-fil.")
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_ENTRIES:
            raise ImportFileError(f"Zip-filen har for mange filer ({len(members)}).")
        total = 0
        for member in members:
            name = PurePosixPath(member.filename)
            if name.is_absolute() or ".." in name.parts:
                raise ImportFileError("Zip-filen indeholder ugyldige stier.")
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > MAX_ZIP_RATIO or total > MAX_UNZIPPED_BYTES:
                raise ImportFileError(
                    "Zip-filen pakker ud til alt for meget data (mulig zip-bombe) og afvises."
                )
        return [m.filename for m in members]


def check_xml(path: Path) -> str:
    """Parse with defusedxml first (DTDs, entities and external references are refused).

    Returns "GPX" or "KML" from the root element, or "XML" for any other root.
    """
    root = None
    try:
        for event, element in SafeET.iterparse(
            str(path),
            events=("start", "end"),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        ):
            if root is None:
                root = element.tag.rpartition("}")[2].lower()
            if event == "end":
                element.clear()
    except DefusedXmlException as exc:
        raise ImportFileError(
            "XML-filen indeholder DTD'er eller entiteter, som vi ikke læser af sikkerhedshensyn."
        ) from exc
    except SafeET.ParseError as exc:
        raise ImportFileError(f"XML-filen kan ikke læses: {exc}") from exc
    return {"gpx": "GPX", "kml": "KML"}.get(root, "XML")
