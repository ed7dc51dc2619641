"""The one way a CSV leaves the platform: as Danish Excel opens it, and with no live formulas."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

# A cell that starts with one of these is a formula to Excel, LibreOffice and Google Sheets
# (OWASP "CSV injection"); a leading apostrophe makes it text, shown as typed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def inert(value) -> str:
    """The cell as text that no spreadsheet will evaluate."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    stripped = text.lstrip(" ")
    if stripped.startswith(FORMULA_STARTS) or stripped[:1] in (
        "\uff1d",
        "\uff0b",
        "\uff0d",
        "\uff20",
    ):
        return "'" + text
    return text


def person_columns() -> list[str]:
    """The first columns of every export of people (citizens, volunteers), in the reader's language."""
    return [_("Nummer"), _("Fornavn"), _("Efternavn"), _("E-mail"), _("Telefon")]


def csv_response(name: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A download `name-YYYYmmdd-HHMM.csv`: UTF-8 with BOM and semicolons, every cell made inert."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    response.write("\ufeff")  # Excel needs the BOM to read UTF-8 (æøå).
    writer = csv.writer(response, delimiter=";")
    writer.writerow([inert(h) for h in header])
    for row in rows:
        writer.writerow([inert(cell) for cell in row])
    return response
