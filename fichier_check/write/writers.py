"""Write a table in its input's format, so that untouched cells come out byte for byte as they went in.

CSV: same encoding (strict: a character the encoding cannot hold is a UserError naming the cell),
BOM, delimiter, line terminator, `sep=` line and final newline as the input; minimal RFC 4180
quoting like Excel (a field is quoted only if it holds the delimiter, a quote, CR or LF; quotes are
doubled), or every field quoted when the input quoted its whole header. Rows are rendered by
polars (fast), or by Python for what polars cannot do (a single column, whose empty cell must be
written `""` or it would read back as a blank line); both give the same bytes.

XLSX: one sheet named as the input's (xlsx_sheet.py: the rows rendered by Arrow kernels as
xlsxwriter would write them, in a workbook xlsxwriter lays out). A cell whose text is still the
loader's rendering of its original typed value is written back typed (numbers stay numbers, dates
stay dates); any other cell is written as a string, including one starting with "=", which must
never become a formula. Formulas, merged cells and styles of the input are not reproduced.
"""
from __future__ import annotations

import codecs
import io
import re
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa

from fichier_check.errors import UserError
from fichier_check.write.formulas import neutralised
from fichier_check.write.output import OutputSet
from fichier_check.runtime import ForkedSink
from fichier_check.table import SourceFormat, TableWriter, arrow_column

_BOMS = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
         "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}


def open_writer(outputs: OutputSet, path: Path, fmt: SourceFormat, header: list[str],
                background: bool = False, neutralise: bool = True) -> TableWriter:
    """A writer of `path` in the format `fmt`; the header is written at once, rows by `write()`.
    `background`: write it in a second process where that pays (XLSX; see `writes_in_background`).
    `neutralise`: a CSV cell a spreadsheet would run is written as text (`formulas`)."""
    if fmt.kind == "xlsx":
        return XlsxWriter(outputs, Path(path), fmt, header, background=background)
    return CsvWriter(outputs, Path(path), fmt, header, neutralise=neutralise)


# Below this many rows a chunk is rendered by Python (a few milliseconds): a small file's run does not
# import polars at all (0.15-0.4 s, most of a 20-row run's own work).
POLARS_MIN_ROWS = 2_000

# Below this many cells (about 0.15 s of rendering and zlib at ~0.75 µs a cell, measured), a
# workbook is written faster than a second process is worth.
BACKGROUND_MIN_CELLS = 200_000


def writes_in_background(fmt: SourceFormat, jobs: int, cells: dict[str, int]) -> str | None:
    """Which of the outputs (by name, with their cell counts) to write in a second process: the
    largest XLSX one, when there is a second core. CSV rendering is native code already."""
    if fmt.kind != "xlsx" or jobs < 2 or not cells:
        return None
    name, count = max(cells.items(), key=lambda item: item[1])
    return name if count >= BACKGROUND_MIN_CELLS else None


class CsvWriter:
    """Streams rows to a temporary file; the final newline is added by `commit()`."""

    def __init__(self, outputs: OutputSet, path: Path, fmt: SourceFormat, header: list[str],
                 engine: str = "auto", neutralise: bool = True) -> None:
        self._outputs, self._path, self._header = outputs, path, header
        self._neutralise = neutralise
        self._codec = fmt.encoding or "utf-8"
        self._delimiter = fmt.delimiter or ","
        self._terminator = fmt.line_terminator or "\r\n"
        self._quote_all, self._final_newline = fmt.quote_all, fmt.final_newline
        self._engine = engine if engine != "auto" else ("python" if len(header) < 2 else "polars")
        self._small_by_python = engine == "auto"  # chunks under POLARS_MIN_ROWS rows then go to Python
        self._rows_written = 0
        self._finished = False
        # UTF-8 rows are rendered by polars in a thread while the run splits the next chunk (1M rows:
        # the writing pass 3.6-4.9 -> 3.2-3.3 s); they are written here, in order, by the thread that owns
        # the output files, whose errors abort the run.
        self._renderer: ThreadPoolExecutor | None = None
        self._rendering: deque[Future] = deque()
        self._file = outputs.open_binary(path)
        outputs.before_commit(self.commit)
        outputs.on_abort(self._stop_rendering)
        preamble = f"sep={self._delimiter}{self._terminator}" if fmt.sep_line else ""
        self._file.write(_BOMS.get(self._codec, b"") if fmt.bom else b"")
        if neutralise:
            header = neutralised(pa.array(header, type=pa.string())).to_pylist()
        self._emit(preamble + self._render_python([header])[: -len(self._terminator)], pd.DataFrame([header]), 1)

    def write(self, frame: pd.DataFrame, typed: pd.DataFrame | None = None) -> None:
        if not len(frame):
            return
        _check_width(frame, self._header)
        if self._neutralise:
            frame = _neutralised(frame)
        first_row = self._rows_written + 2  # the output row of the frame's first row (the header is row 1)
        self._rows_written += len(frame)
        engine = "python" if self._small_by_python and len(frame) < POLARS_MIN_ROWS else self._engine
        if engine == "polars" and self._codec == "utf-8":
            if self._renderer is None:
                self._renderer = ThreadPoolExecutor(1, thread_name_prefix="csv-render")
            self._rendering.append(self._renderer.submit(self._render_polars, frame))
            if len(self._rendering) > 1:  # at most one chunk rendered ahead: memory stays bounded
                self._write_rendered(self._rendering.popleft())
            return
        while self._rendering:  # chunks rendered ahead go first: rows keep their order
            self._write_rendered(self._rendering.popleft())
        # Other encodings are rendered here: a character the encoding cannot hold is refused by this call.
        body = (self._render_polars(frame).decode() if engine == "polars"
                else self._render_python(_rows(frame)))
        self._emit(self._terminator + body[: -len(self._terminator)], frame, first_row)

    def _write_rendered(self, rendering: Future) -> None:
        # The terminator goes before each row, not after: the input may lack a final newline.
        body = rendering.result()
        self._file.write(self._terminator.encode())
        self._file.write(memoryview(body)[: -len(self._terminator)])

    def commit(self) -> None:
        """Finish the file (final newline); the OutputSet renames it into place."""
        if not self._finished:
            while self._rendering:
                self._write_rendered(self._rendering.popleft())
            self._stop_rendering()
            self._finished = True
            if self._final_newline:
                self._emit(self._terminator)

    def _stop_rendering(self) -> None:
        """Let the rendering thread go (after the chunk it renders, if any); what it rendered is dropped."""
        self._rendering.clear()
        if self._renderer is not None:
            self._renderer.shutdown(wait=True, cancel_futures=True)
            self._renderer = None

    def abort(self) -> None:
        self._stop_rendering()
        self._finished = True
        self._outputs.discard(self._path)

    def _render_polars(self, frame: pd.DataFrame) -> bytes:
        """UTF-8 rows, each followed by the terminator. "" becomes null, which polars leaves unquoted."""
        import polars as pl
        table = _as_polars(frame).with_columns(pl.all().replace("", None))
        buffer = io.BytesIO()
        table.write_csv(buffer, separator=self._delimiter, line_terminator=self._terminator, include_header=False,
                        quote_style="always" if self._quote_all else "necessary", null_value="")
        return buffer.getvalue()

    def _render_python(self, rows) -> str:
        return "".join(render_row(row, self._delimiter, self._quote_all) + self._terminator for row in rows)

    def _emit(self, text: str, frame: pd.DataFrame | None = None, first_row: int = 0) -> None:
        """Encode strictly and write; `frame` (whose first row is output row `first_row`) locates a failure."""
        try:
            data = text.encode(self._codec, errors="strict")
        except UnicodeEncodeError as error:
            raise self._unencodable(frame, first_row, error.object[error.start:error.end]) from None
        self._file.write(data)

    def _unencodable(self, frame: pd.DataFrame | None, first_row: int, characters: str) -> UserError:
        where = ""
        for position, column in enumerate(frame.columns if frame is not None else []):
            hits = [i for i, v in enumerate(frame[column]) if isinstance(v, str) and characters in v]
            if hits:
                where = f" (column {self._header[position]!r}, row {first_row + hits[0]} of the output)"
                break
        return UserError(f"{characters!r} cannot be written in {self._codec}{where}", path=self._path,
                         hint="the cleaned file keeps the input's encoding: save the input as UTF-8")


_QUOTE_TRIGGERS: dict[str, re.Pattern[str]] = {}


def render_row(row, delimiter: str, quote_all: bool = False) -> str:
    """One CSV record with minimal RFC 4180 quoting (or every field quoted), without terminator."""
    triggers = _QUOTE_TRIGGERS.get(delimiter)
    if triggers is None:
        triggers = _QUOTE_TRIGGERS.setdefault(delimiter, re.compile(f'[{re.escape(delimiter)}"\r\n]'))
    fields = ["" if not isinstance(v, str) else v for v in row]
    if len(fields) == 1 and fields[0] == "":
        return '""'  # an empty line would read back as a blank line, not as an empty cell
    return delimiter.join(
        '"' + v.replace('"', '""') + '"' if quote_all or triggers.search(v) else v for v in fields)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns that are not text (a cleaner's None or NaN) as text, blank for missing values."""
    odd = [c for c in frame.columns if not isinstance(frame[c].dtype, pd.StringDtype)]
    if not odd:
        return frame
    frame = frame.copy()
    for column in odd:
        values = frame[column]
        frame[column] = values.where(values.notna(), "").astype(str).astype("str")
    return frame


def _as_polars(frame: pd.DataFrame):
    """The frame's text columns as a polars frame, from the Arrow arrays pandas holds (half the
    time of pl.from_pandas, which inspects and converts each column itself)."""
    import polars as pl
    import pyarrow as pa
    text = _as_text(frame)
    columns = {}
    for i, column in enumerate(text.columns):
        held = getattr(text[column].array, "_pa_array", None)
        columns[str(i)] = held if held is not None else pa.array(text[column].astype(object), type=pa.large_string())
    return pl.from_arrow(pa.table(columns)) if columns else pl.from_pandas(text.rename(columns=str))


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its cells a spreadsheet would run made text (the same frame when none is)."""
    changed = {}
    for column in frame.columns:
        dtype = frame[column].dtype
        if not (isinstance(dtype, pd.StringDtype) or dtype == object):
            continue
        cells = arrow_column(frame[column])
        safe = neutralised(cells)
        if safe is not cells:
            mapper = {safe.type: dtype}.get if isinstance(dtype, pd.StringDtype) else None
            changed[column] = pd.Series(safe.to_pandas(types_mapper=mapper), index=frame.index)
    if not changed:
        return frame
    frame = frame.copy()
    for column, values in changed.items():
        frame[column] = values
    return frame


def _rows(frame: pd.DataFrame):
    return frame.itertuples(index=False, name=None)


def _check_width(frame: pd.DataFrame, header: list[str]) -> None:
    if frame.shape[1] != len(header):
        raise ValueError(f"the frame has {frame.shape[1]} columns, the header {len(header)}")


XLSX_MAX_COLUMNS = 16_384  # column XFD: Excel's grid ends there


class XlsxWriter:
    """Rows go to an `XlsxSheet` streamed into the temporary file, a chunk at a time; `commit()`
    closes the workbook.

    With `background`, the sheet is written by a forked child process (`ForkedSink`) while this
    one goes on: cells are checked here (a control character is refused with its row), and only
    their column arrays (and the typed cells, if any) cross the pipe."""

    def __init__(self, outputs: OutputSet, path: Path, fmt: SourceFormat, header: list[str],
                 background: bool = False) -> None:
        self._outputs, self._path, self._header = outputs, path, header
        if len(header) > XLSX_MAX_COLUMNS:
            raise UserError(f"this output would have {len(header)} columns; an XLSX sheet holds at most "
                            f"{XLSX_MAX_COLUMNS}", path=path, hint="save the input as CSV and audit that")
        from fichier_check.write.xlsx_sheet import XlsxSheet  # xlsxwriter: imported by XLSX runs only (50 ms)
        file = outputs.open_binary(path)
        outputs.before_commit(self.commit)
        sheet_name = fmt.sheet or "Sheet1"
        if background:
            # the child writes through its own file object: its errors come back here as they are
            self._sheet = ForkedSink(lambda: XlsxSheet(file.for_child(), sheet_name, header))
        else:
            self._sheet = XlsxSheet(file, sheet_name, header)
        outputs.on_abort(self._sheet.cancel)
        self._rows_written = 0
        self._finished = False

    def write(self, frame: pd.DataFrame, typed: pd.DataFrame | None = None) -> None:
        _check_width(frame, self._header)
        if typed is not None and typed.shape[0] != frame.shape[0]:
            raise ValueError(f"typed has {typed.shape[0]} rows, the frame {frame.shape[0]}")
        if not len(frame):
            return
        texts = [arrow_column(frame[c]) for c in frame.columns]
        values = [typed[c].tolist() if typed[c].notna().any() else None for c in typed.columns] if typed is not None else []
        if all(column is None for column in values):
            values = []  # no typed cell (all text, or from a CSV): only the texts cross to a second process
        self._guard(self._sheet.append, texts, values)
        self._rows_written += len(frame)

    def commit(self) -> None:
        if not self._finished:
            self._finished = True
            self._guard(self._sheet.close)

    def abort(self) -> None:
        self._finished = True
        self._sheet.cancel()
        self._outputs.discard(self._path)

    def _guard(self, action, *args) -> None:
        try:
            action(*args)
        except OSError as error:
            raise self._outputs.fail(self._path, error) from None


