"""The XLSX sheet writer renders rows exactly as xlsxwriter would, cell by cell.

The reference is xlsxwriter itself, driven one cell at a time in constant-memory mode as the
cleaner used to drive it: the sheet XML must be the same bytes (style numbers compared through the
number format they name), and the workbook must read back the same cells.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pyarrow as pa
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from fichier_check.read.xlsx_source import cell_text
from fichier_check.write.xlsx_sheet import DATE_FORMATS, XlsxSheet, _preserve_pattern

SHEET = "xl/worksheets/sheet1.xml"


def reference_workbook(header, rows, typed_rows=None) -> bytes:
    """What xlsxwriter writes when given the cells one by one (the cleaner's former writer)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("Feuil1")
    formats = {kind: book.add_format({"num_format": code}) for kind, code in DATE_FORMATS.items()}
    for number, (texts, values) in enumerate(zip([header, *rows], [[], *(typed_rows or [[]] * len(rows))])):
        for column, text in enumerate(texts):
            value = values[column] if column < len(values) else None
            if value is not None and value.__class__ is not str and cell_text(value) == text:
                if isinstance(value, dt.timedelta):
                    sheet.write_number(number, column, value.total_seconds() / 86400, formats["duration"])
                elif isinstance(value, dt.datetime):
                    sheet.write_datetime(number, column, value,
                                         formats["datetime" if value.time() != dt.time() else "date"])
                elif isinstance(value, dt.date):
                    sheet.write_datetime(number, column, dt.datetime.combine(value, dt.time()), formats["date"])
                elif isinstance(value, dt.time):
                    sheet.write_datetime(number, column, value, formats["time"])
                else:
                    sheet.write(number, column, value)
            elif text:
                sheet.write_string(number, column, text)
    book.close()
    return buffer.getvalue()


def our_workbook(header, rows, typed_rows=None, chunk=None) -> bytes:
    buffer = io.BytesIO()
    sheet = XlsxSheet(buffer, "Feuil1", header)
    chunk = chunk or max(1, len(rows))
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        texts = [pa.array([row[c] for row in part], pa.string()) for c in range(len(header))]
        values = []
        if typed_rows:
            typed = typed_rows[start:start + chunk]
            values = [[row[c] if c < len(row) else None for row in typed] for c in range(len(header))]
        sheet.append(texts, values)
    sheet.close()
    return buffer.getvalue()


def sheet_xml(workbook: bytes) -> str:
    """The sheet's XML without <dimension>, each style number replaced by its number format."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        styles = archive.read("xl/styles.xml").decode()
        xml = archive.read(SHEET).decode()
    codes = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles))
    cell_xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S).group(1)
    formats = [codes.get(m, m) for m in re.findall(r'<xf numFmtId="(\d+)"', cell_xfs)]
    xml = re.sub(r'<dimension ref="[^"]*"/>', "", xml)
    return re.sub(r' s="(\d+)"', lambda m: f' format="{formats[int(m.group(1))]}"', xml)


def assert_same_sheet(header, rows, typed_rows=None, chunk=None):
    ours = our_workbook(header, rows, typed_rows, chunk)
    assert sheet_xml(ours) == sheet_xml(reference_workbook(header, rows, typed_rows))
    return ours


ODD_TEXTS = [
    "plain", "Dupont & Fils <SARL>", 'dit "le Grand"', " leading space", "trailing space ", "\ttab first",
    "line\nbreak", "ends with a line break\n", "\u00a0non-breaking first", "ideographic last\u3000",
    "carriage\rreturn", "literal _x0041_ escape", "_x005F_ too", "non-character \ufffe", "emoji 😀",
    "=SUM(A1:A2)", "+33 6 12 34 56 78", "0612345678", "", "é", "\u2028separator",
]


def test_texts_are_written_as_xlsxwriter_writes_them():
    header = ["Nom", " Commentaire "]
    rows = [[text, text[::-1]] for text in ODD_TEXTS]
    assert_same_sheet(header, rows)


def test_a_string_too_long_for_a_cell_is_cut_as_xlsxwriter_cuts_it():
    rows = [["a" * 40_000, "😀" * 20_000], ["b" * 32_767, "é" * 16_384]]
    assert_same_sheet(["x", "y"], rows)


def test_typed_cells_keep_their_type_with_the_same_numbers_and_formats():
    values = [7, 0.1, 1e20, -2.5, 10**17, True, False, dt.date(2024, 3, 1), dt.datetime(2024, 3, 1, 8, 30),
              dt.datetime(2024, 3, 1), dt.time(8, 30), dt.timedelta(hours=26, minutes=3), dt.date(1900, 1, 1),
              dt.datetime(1900, 1, 1, 12), dt.date(1900, 2, 28), dt.date(1900, 3, 1), dt.datetime(1899, 12, 31, 6)]
    header = [f"c{i}" for i in range(len(values))]
    texts = [cell_text(v) for v in values]
    changed = ["changed"] + texts[1:]  # a cell whose text no longer matches its value is text
    assert_same_sheet(header, [texts, changed], [values, values])


def test_a_number_that_is_not_finite_is_written_as_its_text():
    ours = our_workbook(["x"], [["nan"], ["inf"]], [[float("nan")], [float("inf")]])
    sheet = openpyxl.load_workbook(io.BytesIO(ours)).active
    assert [c.value for c in sheet["A"]] == ["x", "nan", "inf"]


def test_rows_without_any_cell_are_left_out_and_numbering_goes_on():
    rows = [["a", ""], ["", ""], ["", "b"]]
    ours = assert_same_sheet(["x", "y"], rows)
    assert '<row r="3">' not in sheet_xml(ours) and '<row r="4">' in sheet_xml(ours)


@pytest.mark.parametrize("chunk", [9_999, 15_000])  # a chunk is rendered in slices of 10,000 rows
def test_rows_appended_in_several_chunks_and_slices_give_the_same_sheet(chunk):
    rows = [[f"name {i}", str(i) if i % 3 else "", "x & y" if i % 7 == 0 else "z"] for i in range(23_456)]
    assert_same_sheet(["a", "b", "c"], rows, chunk=chunk)


def test_the_workbook_reads_back_with_every_cell_and_the_other_parts_of_xlsxwriter():
    rows = [["<r>not markup</r>", "x"], ["=1+1", "y"]]  # xlsxwriter would paste the first as XML
    ours = our_workbook(["a", "b"], rows)
    sheet = openpyxl.load_workbook(io.BytesIO(ours)).active
    assert sheet.title == "Feuil1"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["a", "b"], *rows]
    assert sheet["A3"].data_type == "s"  # a string, never a formula
    with zipfile.ZipFile(io.BytesIO(ours)) as a, zipfile.ZipFile(io.BytesIO(reference_workbook(["a"], []))) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for name in ("[Content_Types].xml", "xl/workbook.xml", "_rels/.rels", "xl/_rels/workbook.xml.rels"):
            assert a.read(name) == b.read(name)


def test_the_whitespace_rule_knows_every_character_python_calls_whitespace():
    # the pattern lists the whitespace below U+3001: there is none above
    assert not [c for c in map(chr, range(0x3001, 0x110000)) if c.isspace()]
    assert _preserve_pattern().count("\\x{") == 2 * sum(1 for c in map(chr, range(0x3001)) if c.isspace())


FRAGMENTS = [*"ab &<>\"'_x0F9", "\t", "\n", "\r", "\u00a0", "\u2009", "\u3000", "\ufffe", "\x01", "é", "😀",
             "_x00", "1F_", "_x0041_"]
CELL_TEXT = st.lists(st.sampled_from(FRAGMENTS), max_size=10).map("".join).filter(
    lambda t: not (t.startswith("<r>") and t.endswith("</r>")))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(CELL_TEXT, CELL_TEXT), min_size=1, max_size=30))
def test_any_text_cell_is_written_as_xlsxwriter_writes_it(rows):
    assert_same_sheet(["x", "y"], [list(row) for row in rows])


@pytest.mark.parametrize("name", ["Feuil1", "Prospects 2026", "L'été & co"])
def test_the_sheet_keeps_its_name(name):
    buffer = io.BytesIO()
    sheet = XlsxSheet(buffer, name, ["x"])
    sheet.append([pa.array(["1"])], [])
    sheet.close()
    assert openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).sheetnames == [name]


def test_the_big_list_of_naughty_strings_is_written_as_xlsxwriter_writes_it(shared):
    import json
    strings = json.loads((shared / "testdata" / "naughty" / "blns" / "blns.json").read_text(encoding="utf-8"))
    texts = [t for t in strings if not (t.startswith("<r>") and t.endswith("</r>"))]
    assert len(texts) > 500
    assert_same_sheet(["naughty", "reversed"], [[t, t[::-1]] for t in texts], chunk=97)


class FullDisk(io.BytesIO):
    """A file that takes `room` bytes, then fails as a full disk does."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def write(self, data) -> int:
        if self.tell() + len(data) > self.room:
            raise OSError(28, "No space left on device")
        return super().write(data)


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("room", [0, 2_000])
def test_a_disk_full_while_the_workbook_opens_is_raised_and_nothing_is_left_open(room):
    import gc
    with pytest.raises(OSError, match="No space left"):
        XlsxSheet(FullDisk(room), "Feuil1", ["nom"] * 2000)
    gc.collect()  # a workbook left open would complain here, from ZipFile.__del__


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_a_cancelled_workbook_writes_nothing_more_so_its_end_cannot_fail_on_a_full_disk():
    import gc
    file = FullDisk(10**9)
    sheet = XlsxSheet(file, "Feuil1", ["nom"])
    sheet.append([pa.array([f"ligne {i}" for i in range(50_000)])], [])
    before = file.tell()
    file.room = before  # the disk is full from now on
    sheet.cancel()  # neither the rest of the sheet nor the zip's directory is written
    assert file.tell() == before
    gc.collect()
