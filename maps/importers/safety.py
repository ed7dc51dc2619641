"""Checks a file must pass before any GIS library opens it: size, zip bombs, XML entities."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 50
# Real shapefiles compress 2-10x; a ratio far beyond that is a bomb, not data.
MAX_ZIP_RATIO = 100


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


def check_xml(path: Path) -> None:
    """Parse with defusedxml first: DTDs, entities and external references are refused."""
    try:
        SafeET.parse(str(path), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ImportFileError(
            "XML-filen indeholder DTD'er eller entiteter, som vi ikke læser af sikkerhedshensyn."
        ) from exc
    except SafeET.ParseError as exc:
        raise ImportFileError(f"XML-filen kan ikke læses: {exc}") from exc
