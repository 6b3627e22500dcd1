"""Loading XLSX workbooks: the sheet, its real row numbers, cells as the text a user sees, typed values kept."""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fichier_check.errors import UserError
from fichier_check.read.source import open_table
from fichier_check.read.xlsx_source import cell_text
from fichier_check.table import LoadOptions


def workbook(path: Path, sheets: dict[str, list[list[object]]], start: str = "A1") -> Path:
    """Write `sheets` (name → rows) with openpyxl, the first row at `start`."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    column, row = openpyxl.utils.cell.coordinate_from_string(start)
    first_column = openpyxl.utils.column_index_from_string(column)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                if value is not None:
                    sheet.cell(row=row + r, column=first_column + c, value=value)
    book.save(path)
    return path


def load(path: Path, **options):
    source = open_table(path, LoadOptions(**options))
    chunks = list(source.chunks())
    rows = [row for chunk in chunks for row in chunk.frame.values.tolist()]
    typed = [row for chunk in chunks for row in chunk.typed.values.tolist()]
    numbers = [n for chunk in chunks for n in chunk.row_numbers.tolist()]
    return source, rows, typed, numbers


def refused(path: Path, **options) -> UserError:
    with pytest.raises(UserError) as caught:
        source = open_table(path, LoadOptions(**options))
        list(source.chunks())
    return caught.value


def patch_sheet_xml(path: Path, replacements: dict[str, str]) -> None:
    """Edit xl/worksheets/sheet1.xml in place (to give formulas the cached values Excel would store)."""
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    xml = files["xl/worksheets/sheet1.xml"].decode()
    for old, new in replacements.items():
        assert old in xml, old
        xml = xml.replace(old, new)
    files["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)


def test_cells_are_rendered_as_the_text_a_user_sees(tmp_path):
    path = workbook(tmp_path / "p.xlsx", {"Prospects": [
        ["Nom", "Téléphone", "SIRET", "Montant", "Actif", "Date", "Rappel", "Heure"],
        ["Dupont", 612345678, 12345678900012, 1.5, True, dt.date(2025, 1, 13),
         dt.datetime(2025, 1, 13, 8, 30), dt.time(8, 30)],
        ["0612345678", "NA", None, 1234.5678, False, dt.datetime(2025, 2, 1), None, None],
    ]})
    source, rows, typed, numbers = load(path)
    assert source.format.kind == "xlsx" and source.format.sheet == "Prospects"
    assert source.header == ["Nom", "Téléphone", "SIRET", "Montant", "Actif", "Date", "Rappel", "Heure"]
    assert rows == [
        ["Dupont", "612345678", "12345678900012", "1.5", "TRUE", "2025-01-13", "2025-01-13 08:30:00", "08:30:00"],
        ["0612345678", "NA", "", "1234.5678", "FALSE", "2025-02-01", "", ""],
    ]
    assert numbers == [2, 3]
    assert typed[0][1] == 612345678 and typed[0][5] == dt.date(2025, 1, 13)


@pytest.mark.parametrize("value, text", [
    (612345678.0, "612345678"), (1e20, "1e+20"), (-3.0, "-3"), (2.5, "2.5"), (7, "7"), (True, "TRUE"),
    (dt.datetime(2025, 1, 13), "2025-01-13"), (dt.timedelta(hours=30, minutes=5), "30:05:00"), (None, ""),
])
def test_cell_text_of_typed_values(value, text):
    assert cell_text(value) == text


def test_row_numbers_are_the_sheets_own_and_blank_rows_are_skipped(tmp_path):
    path = workbook(tmp_path / "p.xlsx", {"S": [["Nom", "Ville"], ["Dupont", "Lyon"], [], ["Durand", "Paris"]]},
                    start="B3")
    source, rows, _, numbers = load(path)
    assert source.header == ["Nom", "Ville"]
    assert rows == [["Dupont", "Lyon"], ["Durand", "Paris"]]
    assert numbers == [4, 6]


def test_the_first_sheet_is_read_and_the_others_are_mentioned(tmp_path):
    path = workbook(tmp_path / "p.xlsx", {"Prospects": [["Nom"], ["A"]], "Notes": [["x"], ["y"]]})
    source, rows, _, _ = load(path)
    assert source.format.sheet == "Prospects" and rows == [["A"]]
    assert any("2 sheets" in w and "--sheet" in w for w in source.warnings)


def test_a_sheet_is_chosen_by_name(tmp_path):
    path = workbook(tmp_path / "p.xlsx", {"Prospects": [["Nom"], ["A"]], "Notes": [["x"], ["y"]]})
    source, rows, _, _ = load(path, sheet="Notes")
    assert source.header == ["x"] and rows == [["y"]] and source.warnings == []


def test_an_unknown_sheet_is_refused_with_the_sheet_names(tmp_path):
    path = workbook(tmp_path / "p.xlsx", {"Prospects": [["Nom"]], "Notes": [["x"]]})
    error = refused(path, sheet="Clients")
    assert "Clients" in error.message and "'Prospects', 'Notes'" in error.hint


def test_an_empty_sheet_is_refused(tmp_path):
    path = workbook(tmp_path / "p.xlsx", {"Vide": []})
    assert refused(path).message == "sheet 'Vide' is empty"


def test_merged_cells_keep_the_value_in_the_top_left_cell_only(tmp_path):
    path = workbook(tmp_path / "p.xlsx", {"S": [["Nom", "Ville", "CP"], ["Dupont", "Lyon", "69000"],
                                                ["Durand", None, None]]})
    book = openpyxl.load_workbook(path)
    book["S"].merge_cells("B2:C3")
    book.save(path)
    _, rows, _, _ = load(path)
    assert rows == [["Dupont", "Lyon", ""], ["Durand", "", ""]]


def test_formulas_give_their_cached_value_and_none_without_one(tmp_path):
    # openpyxl stores formulas without computing them; Excel stores the last computed value: we add
    # one by hand, as Excel would, to the first formula, and leave the second without.
    path = workbook(tmp_path / "p.xlsx", {"S": [["Prix", "Double", "Jamais calculé"], [2, "=A2*2", "=A2*3"]]})
    patch_sheet_xml(path, {"<f>A2*2</f><v /></c>": "<f>A2*2</f><v>4</v></c>"})
    _, rows, typed, _ = load(path)
    assert rows == [["2", "4", ""]]
    assert typed[0][1] == 4.0


def test_phone_numbers_stored_as_numbers_are_warned_about(tmp_path):
    path = workbook(tmp_path / "p.xlsx", {"S": [["Nom", "Téléphone", "Portable"], ["A", 612345678, "0612345678"],
                                                ["B", 123456789, 612345678], ["C", "01 23 45 67 89", None]]})
    source, rows, _, _ = load(path)
    assert rows[0][1] == "612345678"  # reported as it is: the phone check judges it, the loader does not fix it
    assert source.warnings == [
        "column 'Téléphone' holds numbers stored as numbers in 2 cells: leading zeros may have been lost by Excel",
        "column 'Portable' holds numbers stored as numbers in 1 cell: leading zeros may have been lost by Excel",
    ]


def test_chunks_respect_chunk_rows(tmp_path):
    path = workbook(tmp_path / "p.xlsx", {"S": [["n"]] + [[i] for i in range(7)]})
    source = open_table(path, LoadOptions(chunk_rows=3))
    assert [c.row_numbers.tolist() for c in source.chunks()] == [[2, 3, 4], [5, 6, 7], [8]]
    assert [c.typed.shape for c in source.chunks()] == [(3, 1), (3, 1), (1, 1)]


def test_a_corrupt_workbook_is_refused(tmp_path):
    good = workbook(tmp_path / "good.xlsx", {"S": [["Nom"], ["A"]]})
    path = tmp_path / "broken.xlsx"
    path.write_bytes(good.read_bytes()[:300])
    assert "unreadable XLSX workbook" in refused(path).message


def test_a_password_protected_workbook_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "secret.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"EncryptedPackage" * 8)
    error = refused(path)
    assert error.message == "password-protected or legacy .xls workbook"
    assert "without a password" in error.hint


def test_csv_text_renamed_xlsx_is_refused(tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"Nom;Ville\r\nDupont;Lyon\r\n")
    error = refused(path)
    assert "CSV text" in error.message and error.hint == "rename it .csv"


@pytest.mark.parametrize("name", ["old.xls", "book.ods", "book.xlsb"])
def test_other_workbook_formats_are_refused_with_what_to_do(tmp_path, name):
    (tmp_path / name).write_bytes(b"PK\x03\x04" + bytes(100))
    error = refused(tmp_path / name)
    assert "not supported" in error.message and error.hint == "save it as .xlsx or CSV"


def test_a_second_pass_replays_the_chunks_of_the_first(tmp_path):
    path = workbook(tmp_path / "p.xlsx", {"S": [["n", "d"]] + [[i, dt.date(2026, 1, 1 + i)] for i in range(7)]})
    source = open_table(path, LoadOptions(chunk_rows=3))
    first = [(c.frame.values.tolist(), c.typed.values.tolist(), c.row_numbers.tolist()) for c in source.chunks()]
    assert source._sheet is None  # the parsed sheet is let go once the chunks are kept
    again = [(c.frame.values.tolist(), c.typed.values.tolist(), c.row_numbers.tolist()) for c in source.chunks()]
    assert again == first and len(first) == 3


def test_a_text_cell_has_no_typed_value_to_write_back(tmp_path):
    path = workbook(tmp_path / "p.xlsx", {"S": [["a", "b"], ["texte", 4]]})
    _, rows, typed, _ = load(path)
    assert rows == [["texte", "4"]] and typed == [[None, 4]]
