"""The shapes that loading produces and writing consumes: source format, header, chunks of rows.

A loaded file is a header plus chunks. Each chunk is a pandas DataFrame whose columns are the
positional indexes 0..n-1 (headers may repeat or be empty, so they are not used as labels) and whose
cells are all Python `str` (never NaN: a blank cell is ""), plus the spreadsheet row number of each
row (header = row 1; a quoted multi-line cell is still one row; blank lines are counted as rows a
spreadsheet would show, but yield no record).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Protocol

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class SourceFormat:
    """How the input was written, so the cleaned file can be written the same way."""

    kind: str  # "csv" or "xlsx"
    encoding: str | None = None  # Python codec name without BOM handling, e.g. "utf-8", "cp1252", "utf-16-le"
    bom: bool = False  # the input started with a byte-order mark (written back the same)
    delimiter: str | None = None
    line_terminator: str | None = None  # "\r\n", "\n" or "\r"
    quote_all: bool = False  # every field of the header was quoted: write every field quoted
    final_newline: bool = True  # the input ended with a line terminator
    sheet: str | None = None  # XLSX sheet read
    sep_line: bool = False  # the CSV started with Excel's "sep=;" line (not the header): written back too
    detection: str = ""  # how encoding/delimiter were decided, for the report

    def describe(self) -> dict:
        return {
            "format": self.kind,
            "encoding": self.encoding if not self.bom else f"{self.encoding} (BOM)",
            "delimiter": self.delimiter,
            "line_terminator": {"\r\n": "CRLF", "\n": "LF", "\r": "CR"}.get(self.line_terminator or "", None),
            "sheet": self.sheet,
            "detection": self.detection,
        }


@dataclass
class Chunk:
    """A block of consecutive data rows."""

    frame: pd.DataFrame  # columns 0..n-1, every cell a str
    row_numbers: np.ndarray  # int64, spreadsheet row number of each row
    typed: pd.DataFrame | None = None  # XLSX only: the original typed cell values (object), same shape
    line_numbers: np.ndarray | None = None  # CSV only: int64, the physical line each row starts on
    # CSV only: position in the chunk → number of fields the row had when not the header's (the row
    # was fitted to the header: padded, or its extra fields joined into the last cell)
    ragged: dict[int, int] | None = None


class TableSource(Protocol):
    """What the loader returns: read-only access to one input table."""

    path: Path
    format: SourceFormat
    header: list[str]
    warnings: list[str]
    header_row: int  # spreadsheet row of the header (1 unless blank rows precede it)
    header_line: int | None  # physical line of a CSV's header (None for a workbook)

    def chunks(self) -> Iterator[Chunk]: ...


@dataclass
class LoadOptions:
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    chunk_rows: int = 50_000
    max_cell_chars: int = 32_767  # XLSX: a longer cell is refused (Excel keeps at most 32,767 characters)


@dataclass
class TableWriter(Protocol):
    """Writes rows in the input's format to a temporary file; `commit()` renames it into place."""

    def write(self, frame: pd.DataFrame, typed: pd.DataFrame | None = None) -> None: ...

    def commit(self) -> None: ...

    def abort(self) -> None: ...


@dataclass
class OutputSpec:
    path: Path
    format: SourceFormat
    header: list[str] = field(default_factory=list)


def arrow_column(column: pd.Series):
    """A chunk's column as one pyarrow string array (no copy for the Arrow-backed frames the
    loaders make; the Python strings of other frames are converted)."""
    import pyarrow as pa
    array = pa.array(column.array) if hasattr(column.array, "_pa_array") else pa.array(column.astype(object), type=pa.string())
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def distinct_texts(column: pd.Series):
    """(codes, distinct values as str in order of first appearance) of a text column: what
    `pd.factorize(column.astype(object), use_na_sentinel=False)` gives with each value as `str`,
    from Arrow's dictionary encoding, without a Python object per cell (see `distinct_arrow`)."""
    codes, values = distinct_arrow(column)
    return codes, values.to_pylist()


def distinct_arrow(column: pd.Series):
    """(codes, distinct values as an Arrow `string` array) of a text column, as `distinct_texts`.
    A column with missing values (not a loader's: a cleaner's None) takes the pandas path."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    array = arrow_column(column) if len(column) else None
    if array is None or array.null_count:
        codes, uniques = pd.factorize(column.astype(object), use_na_sentinel=False)
        return codes, pa.array([str(u) for u in uniques], type=pa.string())
    encoded = pc.dictionary_encode(array)
    values = encoded.dictionary  # as `string`, whatever the column's layout (the XLSX loader's is large)
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp), (
        values if values.type == pa.string() else values.cast(pa.string()))


def first_bytes(array) -> np.ndarray | None:
    """The first byte of each string of an Arrow string array (0 when empty), read straight from
    its buffers: a test on the first character of a million cells in a few milliseconds. None
    for an array of another layout."""
    import pyarrow as pa
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return None
    bounds, data = string_buffers(array)
    starts = bounds[:-1]
    filled = bounds[1:] > starts
    out = np.zeros(len(array), np.uint8)
    if filled.any():
        out[filled] = data[starts[filled]]
    return out


def string_buffers(array) -> tuple[np.ndarray, np.ndarray]:
    """(the len + 1 offsets of a `string` or `large_string` array's cells, its data buffer as
    bytes): cell i is data[bounds[i]:bounds[i + 1]], with no copy."""
    import pyarrow as pa
    _, offsets, data = array.buffers()
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    bounds = (np.frombuffer(offsets, dtype=width)[array.offset: array.offset + len(array) + 1]
              if offsets is not None else np.zeros(len(array) + 1, width))
    return bounds, np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)


def without_characters(array, characters: str):
    """The strings of an Arrow string array with every one of `characters` removed. ASCII
    characters are dropped from the UTF-8 bytes in one numpy pass over the data buffer (one Arrow
    replace per character costs 2-3 times as much); others by Arrow literal replaces, skipped when
    the buffer holds no byte above 0x7F at all."""
    import pyarrow as pa
    import pyarrow.compute as pc
    wide = [c for c in characters if ord(c) > 0x7F]
    narrow = np.zeros(256, dtype=bool)
    narrow[[ord(c) for c in characters if ord(c) <= 0x7F]] = True
    if not pa.types.is_string(array.type) or array.null_count or not len(array):
        for character in characters:
            array = pc.replace_substring(array, character, "")
        return array
    bounds, body = _offsets_and_body(array)
    if wide and body.size and body.max() > 0x7F:
        for character in wide:
            array = pc.replace_substring(array, character, "")
        bounds, body = _offsets_and_body(array)
    drop = narrow[body]
    if not drop.any():
        return array
    dropped_before = np.zeros(len(body) + 1, dtype=np.int32)
    np.cumsum(drop.view(np.uint8), dtype=np.int32, out=dropped_before[1:])  # numpy sums bytes 7x faster than bools
    offsets = (bounds - dropped_before[bounds]).astype(np.int32)
    return pa.Array.from_buffers(pa.string(), len(array), [None, pa.py_buffer(offsets), pa.py_buffer(body[~drop])])


def _offsets_and_body(array) -> tuple[np.ndarray, np.ndarray]:
    """A `string` array's offsets from 0 and the bytes they point into."""
    bounds, data = string_buffers(array)
    return bounds - bounds[0], data[bounds[0]:bounds[-1]]


def same_texts(count: int, value: str | None = "") -> np.ndarray:
    """An object array holding `value` `count` times: what `np.full(count, value, dtype=object)`
    gives, about 40 times faster (numpy's full() converts the value again for every element: 4 ms
    for a 50,000-row chunk, which the checks paid several times a chunk)."""
    out = np.empty(count, dtype=object)
    out[:] = value
    return out


def matches(array, pattern: str) -> np.ndarray:
    """Per string of an Arrow array: does the RE2 `pattern` match somewhere in it (False for a null)?"""
    import pyarrow.compute as pc
    return pc.fill_null(pc.match_substring_regex(array, pattern), False).to_numpy(zero_copy_only=False)


def matches_long(array, pattern: str, shortest: int, lengths: np.ndarray | None = None) -> np.ndarray:
    """`matches`, with the strings shorter than `shortest` bytes (`lengths`: each string's, when
    known) never given to the regex: most of a file's cells (names, dates, codes) when the pattern
    can only match a long one."""
    import pyarrow as pa
    import pyarrow.compute as pc
    if lengths is None:
        lengths = pc.fill_null(pc.binary_length(array), 0).to_numpy(zero_copy_only=False)
    long_enough = lengths >= shortest
    if long_enough.all():
        return matches(array, pattern)
    found = np.zeros(len(array), dtype=bool)
    rows = np.flatnonzero(long_enough)
    if len(rows):
        found[rows] = matches(array.take(pa.array(rows)), pattern)
    return found


def join_texts(*parts):
    """Concatenate, cell by cell, string arrays and literal strings (a large-string array).
    Neighbouring literals are joined first: one fewer argument for Arrow to walk per cell."""
    import pyarrow as pa
    import pyarrow.compute as pc
    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return pc.binary_join_element_wise(*[pa.scalar(p, type=pa.large_string()) if isinstance(p, str) else p
                                         for p in merged], pa.scalar("", type=pa.large_string()))


def write_texts(handle, lines, skip: int = 0) -> None:
    """Write the UTF-8 bytes of a string array's cells back to back (the first `skip` bytes left
    out), straight from its buffer."""
    if not len(lines):
        return
    bounds, data = string_buffers(lines)
    handle.write(memoryview(data)[int(bounds[0]) + skip:int(bounds[-1])])
