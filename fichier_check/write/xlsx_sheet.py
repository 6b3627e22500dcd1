"""The XLSX output: one sheet whose rows are rendered a column at a time by Arrow kernels.

xlsxwriter lays out the workbook: it writes a skeleton of one sheet (content types,
relationships, workbook, styles holding the date formats, document properties), whose parts are
copied as they are and whose sheet XML gives the worksheet's head and tail. The rows between are
rendered here as xlsxwriter's constant-memory mode renders them (inline strings with its escapes
and whitespace rule, numbers `%.16G`, booleans, dates as serial numbers in the skeleton's formats,
rows without cells left out), but by Arrow kernels over whole columns instead of Python calls per
cell: xlsxwriter costs about 5 µs a cell, over 7 CPU-seconds for 100,000 rows of 14 columns.
tests/write/test_xlsx_sheet.py compares the sheet with the one xlsxwriter writes, byte for byte.

Two differences, both on purpose: a text that looks like xlsxwriter's rich-string markup
(`<r>…</r>`) is escaped like any other text (xlsxwriter would paste it as XML), and the sheet has
no `<dimension>` element (optional; the row count is not known when the head is written).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from functools import lru_cache
from typing import BinaryIO, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from fichier_check.read.xlsx_source import cell_text
from fichier_check.table import join_texts, matches, write_texts

DATE_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm:ss", "time": "hh:mm:ss",
                "duration": "[h]:mm:ss"}
_SHEET_PART = "xl/worksheets/sheet1.xml"
_SLICE_ROWS = 10_000  # rows rendered at once: a slice's XML is a few MB
# zlib level 3 rather than its default 6: a third less time for about 11 % more bytes (measured
# on the 100,000-row bench workbook: 1.54 → 1.10 s, 9.7 → 10.7 MB)
_COMPRESSION = 3
_STRMAX = 32767  # UTF-16 units an XLSX cell may hold; xlsxwriter truncates longer strings
# Texts xlsxwriter rewrites before escaping (see `_string_xml`): rendered one by one, in Python.
_REWRITTEN = r"_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f\x{fffe}\x{ffff}]"
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_ESCAPE_FIRST = re.compile("(_x[0-9a-fA-F]{4}_)")
_EPOCH = dt.datetime(1899, 12, 31)


class XlsxSheet:
    """A workbook of one sheet streamed into a binary file: the header, then rows appended as
    column arrays of text cells and column lists of the typed values they came from."""

    def __init__(self, file: BinaryIO, sheet_name: str, header: Sequence[str]) -> None:
        skeleton, self._styles = _skeleton(sheet_name)
        head, tail = _split_sheet(skeleton.read(_SHEET_PART).decode("utf-8"))
        self._file = _Discardable(file)
        self._zip = zipfile.ZipFile(self._file, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=_COMPRESSION,
                                    allowZip64=True)
        self._stream = None
        try:
            for info in skeleton.infolist():
                if info.filename != _SHEET_PART:
                    self._zip.writestr(info, skeleton.read(info))  # with xlsxwriter's own dates and flags
            self._stream = self._zip.open(_SHEET_PART, "w", force_zip64=True)  # a sheet may pass 4 GB
            self._stream.write(head.encode("utf-8"))
            self._tail = tail
            self._rows_written = 0
            self.append([pa.array([name], pa.large_string()) for name in header], [])
        except BaseException:
            self.cancel()
            raise

    def append(self, texts: Sequence[pa.Array], values: Sequence[Sequence[object] | None]) -> None:
        """Rows from column arrays of texts; `values` (per column, the typed cells, None for a
        text cell) may lack columns, or be empty when no cell is typed."""
        rows = len(texts[0]) if texts else 0
        try:
            for start in range(0, rows, _SLICE_ROWS):
                stop = min(rows, start + _SLICE_ROWS)
                typed = [column[start:stop] if column is not None else None for column in values]
                xml = self._rows_xml([t.slice(start, stop - start) for t in texts], typed, self._rows_written + start)
                write_texts(self._stream, xml)
        except BaseException:
            self.cancel()
            raise
        self._rows_written += rows

    def close(self) -> None:
        try:
            self._stream.write(self._tail.encode("utf-8"))
            self._stream.close()
            self._zip.close()
        except BaseException:
            self.cancel()
            raise

    def cancel(self) -> None:
        """Let go of a workbook that will not be finished (its file is discarded): nothing more is
        written to the file, so that a full disk cannot hide the error that stopped the run."""
        self._file.discard()
        for release in (self._stream.close if self._stream is not None else None, self._zip.close):
            try:
                if release is not None:
                    release()
            except Exception:  # noqa: BLE001 - what is left of a discarded workbook does not matter
                pass

    def _rows_xml(self, texts: Sequence[pa.Array], values, before: int) -> pa.Array:
        """The <row> elements of rows numbered from `before` + 1."""
        n = len(texts[0])
        numbers = pc.cast(pa.array(np.arange(before + 1, before + 1 + n)), pa.large_string())
        cells, used = [], np.zeros(n, bool)
        for column, text in enumerate(texts):
            typed = values[column] if column < len(values) else None
            xml = _column_xml(xl_col_to_name(column), text, typed, numbers, self._styles)
            used |= pc.binary_length(xml).to_numpy(zero_copy_only=False) > 0
            cells.append(xml)
        rows = join_texts('<row r="', numbers, '">', *cells, "</row>")
        return rows if used.all() else pc.if_else(pa.array(used), rows, pa.scalar("", pa.large_string()))


class _Discardable:
    """The file a workbook is zipped into; once discarded, writes and seeks do nothing."""

    def __init__(self, file: BinaryIO) -> None:
        self._target, self._discarded = file, False

    def discard(self) -> None:
        self._discarded = True

    def write(self, data) -> int:
        return len(data) if self._discarded else self._target.write(data)

    def seek(self, *position) -> int:
        return 0 if self._discarded else self._target.seek(*position)

    def tell(self) -> int:
        return 0 if self._discarded else self._target.tell()

    def flush(self) -> None:
        if not self._discarded:
            self._target.flush()

    def seekable(self) -> bool:
        return self._target.seekable()


def _column_xml(letter: str, text: pa.Array, typed, numbers: pa.Array, styles: dict[str, int]) -> pa.Array:
    """The <c> element of each cell of one column ("" for an empty cell)."""
    text = pc.fill_null(text.cast(pa.large_string()), "")
    escaped = text
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        escaped = pc.replace_substring(escaped, character, entity)
    opening = pc.if_else(matches(text, _preserve_pattern()), pa.scalar('<t xml:space="preserve">', pa.large_string()),
                         pa.scalar("<t>", pa.large_string()))
    xml = join_texts(f'<c r="{letter}', numbers, '" t="inlineStr"><is>', opening, escaped, "</t></is></c>")
    xml = pc.if_else(pc.equal(pc.binary_length(text), 0), pa.scalar("", pa.large_string()), xml)
    rendered: dict[int, str] = {}
    first = int(numbers[0].as_py())
    unusual = np.flatnonzero(matches(text, _REWRITTEN)
                             | (pc.utf8_length(text).to_numpy(zero_copy_only=False) > _STRMAX // 2))
    for i in unusual.tolist():
        rendered[i] = _string_xml(f"{letter}{first + i}", text[i].as_py())
    if typed is not None and any(v is not None for v in typed):
        texts = text.to_pylist()
        for i, value in enumerate(typed):
            if value is not None and value.__class__ is not str and cell_text(value) == texts[i]:
                number = _typed_xml(f"{letter}{first + i}", value, styles)
                if number is not None:
                    rendered[i] = number
    if not rendered:
        return xml
    mask = np.zeros(len(text), bool)
    mask[list(rendered)] = True
    return pc.replace_with_mask(xml, pa.array(mask), pa.array([rendered[i] for i in sorted(rendered)], pa.large_string()))


def _string_xml(ref: str, text: str) -> str:
    """One string cell exactly as xlsxwriter writes it (write_string, constant-memory mode)."""
    if not text:
        return ""
    if len(text) > _STRMAX // 2 and _utf16_length(text) > _STRMAX:
        text = _utf16_prefix(text, _STRMAX)
    text = _ESCAPE_FIRST.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{ref}" t="inlineStr"><is><t{preserve}>{text}</t></is></c>'


def _typed_xml(ref: str, value: object, styles: dict[str, int]) -> str | None:
    """A number, boolean or date cell as xlsxwriter writes it; None for a value written as text
    (NaN and infinities, which an XLSX number cannot hold, or a type xlsxwriter would not write)."""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not np.isfinite(value):
            return None
        return f'<c r="{ref}"><v>{value:.16G}</v></c>'
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        serial, kind = _serial(value)
        return f'<c r="{ref}" s="{styles[kind]}"><v>{serial:.16G}</v></c>'
    return None


def _serial(value) -> tuple[float, str]:
    """Excel's serial number of a date, time or duration (1900 system), and its format, computed
    as xlsxwriter does (a date is written as the date-time of its midnight)."""
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400, "duration"
    if isinstance(value, dt.datetime):
        kind = "datetime" if value.time() != dt.time() else "date"
        moment = value
    elif isinstance(value, dt.date):
        kind, moment = "date", dt.datetime.fromordinal(value.toordinal())
    else:
        kind, moment = "time", dt.datetime.combine(_EPOCH, value)
    serial = _days(moment - _EPOCH)
    if kind != "time" and moment.isocalendar() == (1900, 1, 1):
        serial -= 1  # Excel's 1900-01-01 is day 1, after its day 0 of 1899-12-31
    return (serial + 1 if serial > 59 else serial), kind  # Excel's phantom 1900-02-29


def _days(delta: dt.timedelta) -> float:
    return delta.days + (float(delta.seconds) + float(delta.microseconds) / 1e6) / (60 * 60 * 24)


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _utf16_prefix(text: str, units: int) -> str:
    length = 0
    for index, character in enumerate(text):
        length += 2 if ord(character) > 0xFFFF else 1
        if length > units:
            return text[:index]
    return text


@lru_cache(maxsize=1)
def _preserve_pattern() -> str:
    """RE2 for a text starting or ending with what Python's `\\s` matches (xlsxwriter's test)."""
    spaces = "".join(f"\\x{{{ord(c):x}}}" for c in map(chr, range(0x3001)) if c.isspace())
    return f"^[{spaces}]|[{spaces}]$"


def _skeleton(sheet_name: str) -> tuple[zipfile.ZipFile, dict[str, int]]:
    """xlsxwriter's workbook of one empty sheet with the date formats in its styles, and each
    format's style index."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})  # no temporary file
    sheet = workbook.add_worksheet(sheet_name)
    formats = {kind: workbook.add_format({"num_format": pattern}) for kind, pattern in DATE_FORMATS.items()}
    for column, cell_format in enumerate(formats.values()):
        sheet.write_number(0, column, 0, cell_format)  # a format is in styles.xml only once used
    workbook.close()
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue())), {kind: f.xf_index for kind, f in formats.items()}


def _split_sheet(xml: str) -> tuple[str, str]:
    """The skeleton sheet's XML before its rows (without <dimension>) and after them."""
    start, end = xml.index("<sheetData>") + len("<sheetData>"), xml.index("</sheetData>")
    return re.sub(r"<dimension [^>]*/>", "", xml[:start]), xml[end:]


