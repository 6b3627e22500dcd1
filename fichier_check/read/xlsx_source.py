"""Read one sheet of an XLSX/XLSM workbook (python-calamine) into chunks of text cells.

Each cell becomes the text a user expects to see, and its original typed value (None for a text
cell) is kept in `Chunk.typed` so the writer can put untouched cells back as numbers or dates:
- strings as they are; booleans "TRUE"/"FALSE";
- numbers: integral values as integers ("612345678", not "612345678.0"), others their shortest repr;
- dates "YYYY-MM-DD", date-times "YYYY-MM-DD HH:MM:SS" (midnight gives the date alone), times
  "HH:MM:SS", durations "H:MM:SS";
- formulas: their cached value (what Excel last computed; a workbook written by a library that
  does not compute formulas has none, and the cell reads ""); error values (#DIV/0!…) read "";
- merged cells: the value in the top-left cell, "" in the others.
Row numbers are the sheet's own (leading empty rows and blank rows are counted, blank rows are not
records). The header is the first non-blank row; columns start at the first used column.

The sheet is parsed whole (calamine has no streaming reader), so a workbook's memory is its size
whatever is done; the chunks of a complete first pass are therefore kept and the parsed sheet let
go, and the second pass of a run (writing) replays them instead of converting every cell again.
The chunks hold about what the parsed sheet held (Arrow text, and one pointer a cell for the typed
values), and a workbook cannot exceed 1,048,576 rows.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import python_calamine

from fichier_check.errors import UserError
from fichier_check.read.csv_rows import text_frame
from fichier_check.read.xlsx_guard import check_workbook
from fichier_check.table import Chunk, LoadOptions, SourceFormat

_PHONE_HEADER = re.compile(r"t[eé]l|phone|portable|mobile|gsm|fixe|standard", re.IGNORECASE)
_EXACT_INTEGERS = 1e15  # Excel keeps 15 significant digits: beyond, an integral float is not an integer


def cell_text(value: object) -> str:
    """The text of a cell value as calamine returns it (see the module docstring)."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < _EXACT_INTEGERS else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d" if value.time() == dt.time() else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value)


class XlsxSource:
    """One sheet of a workbook opened for reading: format, header, warnings, and `chunks()`."""

    header_line = None  # a sheet has rows, not lines

    def __init__(self, path: Path, options: LoadOptions) -> None:
        self.path = path
        self._chunk_rows = max(1, options.chunk_rows)
        check_workbook(path, options.max_cell_chars)  # before calamine inflates anything
        workbook = _open_workbook(path)
        names = _worksheet_names(workbook)
        self.sheet_name = _choose_sheet(path, names, options.sheet)
        self._sheet = _read_sheet(path, workbook, self.sheet_name)
        self._replay: list[Chunk] | None = None
        self.header_row, header = self._find_header()
        self.header = [cell_text(v) for v in header]
        self._base_warnings = _other_sheets_warning(names, self.sheet_name, options.sheet)
        self.warnings = list(self._base_warnings)
        detection = f"XLSX workbook, sheet {self.sheet_name!r}" + (
            f" (1 of {len(names)})" if len(names) > 1 else "")
        self.format = SourceFormat(kind="xlsx", sheet=self.sheet_name, detection=detection)

    def chunks(self) -> Iterator[Chunk]:
        if self._replay is not None:
            yield from self._replay
            return
        read: list[Chunk] = []
        for chunk in self._read_chunks():
            read.append(chunk)
            yield chunk
        self._replay, self._sheet = read, None  # a complete pass: later passes replay it

    def _read_chunks(self) -> Iterator[Chunk]:
        width = len(self.header)
        phones = _PhoneNumberCells(self.header)
        rows: list[list[object]] = []
        numbers: list[int] = []
        for index, row in enumerate(self._rows()):
            if index < self.header_row or _blank(row):
                continue  # the header and what precedes it; blank rows are not records
            rows.append(_fit(row, width))
            numbers.append(index + 1)
            if len(rows) == self._chunk_rows:
                yield _chunk(rows, numbers, width, phones)
                rows, numbers = [], []
        if rows:
            yield _chunk(rows, numbers, width, phones)
        self.warnings = self._base_warnings + phones.warnings()

    def _rows(self) -> Iterator[list[object]]:
        try:
            yield from self._sheet.iter_rows()  # from the sheet's row 1, columns from the first used one
        except python_calamine.CalamineError as error:
            raise UserError(f"unreadable sheet {self.sheet_name!r}: {error}", path=self.path) from None

    def _find_header(self) -> tuple[int, list[object]]:
        for index, row in enumerate(self._rows()):
            if not _blank(row):
                return index + 1, row
        raise UserError(f"sheet {self.sheet_name!r} is empty", path=self.path,
                        hint="choose the sheet holding the prospects with --sheet")


class _PhoneNumberCells:
    """Counts cells stored as numbers in phone-like columns: Excel drops their leading zero."""

    def __init__(self, header: list[str]) -> None:
        self.columns = [i for i, name in enumerate(header) if _PHONE_HEADER.search(_fold(name))]
        self.header = header
        self.counts = dict.fromkeys(self.columns, 0)

    def count(self, position: int, column: tuple) -> None:
        """Count the number cells of one column of a chunk (a column of text cells has none)."""
        if position in self.counts:
            self.counts[position] += sum(1 for v in column if _is_number(v))

    def warnings(self) -> list[str]:
        return [f"column {self.header[i]!r} holds numbers stored as numbers in {n} cell{'s' if n > 1 else ''}: "
                "leading zeros may have been lost by Excel" for i, n in self.counts.items() if n]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _blank(row: list[object]) -> bool:
    return row.count("") + row.count(None) == len(row)


def _fit(row: list[object], width: int) -> list[object]:
    return row if len(row) == width else (row + [""] * (width - len(row)))[:width]


def _chunk(rows: list[list[object]], numbers: list[int], width: int, phones: _PhoneNumberCells) -> Chunk:
    columns = list(zip(*rows)) if rows else [()] * width
    texts, typed = [], {}
    for i, column in enumerate(columns):
        text = _all_text(column)
        if text is not None:  # the common case, converted in C: no typed value to keep
            texts.append(text)
            typed[i] = pd.Series([None] * len(column), dtype=object)
            continue
        phones.count(i, column)
        texts.append([v if type(v) is str else cell_text(v) for v in column])
        # a text cell's typed value would only repeat its text: None (one shared pointer) instead
        typed[i] = pd.Series([None if type(v) is str else v for v in column], dtype=object)
    typed = pd.DataFrame(typed)
    typed.columns = pd.RangeIndex(width)
    return Chunk(text_frame(texts), np.asarray(numbers, dtype=np.int64), typed)


def _all_text(column: tuple) -> pa.Array | None:
    """The column as an Arrow string array when every cell is a str or empty (None), else None."""
    try:
        array = pa.array(column, type=pa.string())
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return None
    return pc.fill_null(array, "") if array.null_count else array


def _open_workbook(path: Path) -> python_calamine.CalamineWorkbook:
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise _protected(path) from None
    except (python_calamine.CalamineError, OSError, ValueError) as error:
        raise UserError(f"unreadable XLSX workbook: {error}", path=path,
                        hint="open it in Excel and save it again as .xlsx") from None


def _protected(path: Path) -> UserError:
    return UserError("password-protected or legacy .xls workbook", path=path,
                     hint="save it as .xlsx without a password")


def _worksheet_names(workbook: python_calamine.CalamineWorkbook) -> list[str]:
    sheets = [m for m in workbook.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
    visible = [m.name for m in sheets if m.visible == python_calamine.SheetVisibleEnum.Visible]
    hidden = [m.name for m in sheets if m.visible != python_calamine.SheetVisibleEnum.Visible]
    return visible + hidden  # "the first sheet" is the first one a user sees


def _choose_sheet(path: Path, names: list[str], wanted: str | None) -> str:
    if not names:
        raise UserError("the workbook has no worksheet", path=path)
    if wanted is None:
        return names[0]
    if wanted in names:
        return wanted
    listed = ", ".join(repr(n) for n in names)
    raise UserError(f"no sheet named {wanted!r} in the workbook", path=path, hint=f"its sheets are: {listed}")


def _read_sheet(path: Path, workbook, name: str) -> python_calamine.CalamineSheet:
    try:
        return workbook.get_sheet_by_name(name)
    except python_calamine.CalamineError as error:
        raise UserError(f"unreadable sheet {name!r}: {error}", path=path,
                        hint="open it in Excel and save it again as .xlsx") from None


def _other_sheets_warning(names: list[str], chosen: str, wanted: str | None) -> list[str]:
    if wanted is not None or len(names) < 2:
        return []
    others = ", ".join(repr(n) for n in names if n != chosen)
    return [f"the workbook has {len(names)} sheets: read {chosen!r}, not {others} (choose with --sheet)"]
