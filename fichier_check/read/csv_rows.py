"""Records → chunks of text cells, for both readers of `csv_source`.

- the fast reader's Arrow batches: the header row dropped (and checked), an all-empty row found
  (`_Irregular` hands over to the exact reader), the batches regrouped into chunks of exactly
  `chunk_rows` rows;
- the exact reader's records: fitted to the header width (`_RaggedRows` pads short rows, drops
  empty trailing fields, joins extra ones into the last cell and marks such rows malformed, refuses
  a file where they are too many, and words the warnings), gathered into chunks.

`text_frame` is the frame of text cells every reader produces (the XLSX one too).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pa_compute

from fichier_check.errors import UserError
from fichier_check.table import Chunk, string_buffers


class _Irregular(Exception):
    """The fast reader met something only the exact reader handles precisely."""


class _RaggedRows:
    """Fits records to the header width, losing nothing: a short record is padded with empty cells,
    extra empty fields (trailing delimiters) are dropped, extra non-empty fields are joined into the
    last cell with the delimiter. A padded or joined record is *malformed*: the `malformed-row` rule
    quarantines it (`Chunk.ragged`). Many malformed records mean the delimiter or the encoding is
    wrong, not the lines: `refuse_if_too_many` ends the run then (exit 2)."""

    # More than this share of the rows, and more than TOLERATED_ROWS of them: a wrong delimiter or
    # encoding shifts the field count of most rows, a typing slip in an export a handful.
    TOLERATED_SHARE = 0.10
    TOLERATED_ROWS = 10

    def __init__(self, path: Path, width: int, delimiter: str) -> None:
        self.path, self.width, self.delimiter = path, width, delimiter
        self.malformed = 0
        self.first: tuple[int, int, int] | None = None  # first line, last line, field count
        self.trailing: list[int] = []

    def fit(self, fields: list[str], first_line: int, last_line: int) -> tuple[list[str], bool]:
        """The record as wide as the header, and whether it is malformed."""
        count = len(fields)
        if count > self.width and not any(fields[self.width:]):
            self.trailing.append(first_line)
            return fields[: self.width], False
        self.malformed += 1
        if self.first is None:
            self.first = (first_line, last_line, count)
        if count < self.width:
            return fields + [""] * (self.width - count), True
        return fields[: self.width - 1] + [self.delimiter.join(fields[self.width - 1:])], True

    def refuse_if_too_many(self, rows: int) -> None:
        """Exit 2 when malformed records are so many that the file, not a line, is wrong."""
        if self.malformed <= self.TOLERATED_ROWS or self.malformed <= self.TOLERATED_SHARE * rows:
            return
        first_line, last_line, count = self.first
        where = f"lines {first_line}-{last_line}" if last_line > first_line else f"line {first_line}"
        raise UserError(f"{self.malformed} of {rows} rows do not have the header's {self.width} fields "
                        f"(the first: {where}, {count} field{'s' if count != 1 else ''}): the delimiter or the encoding is probably wrong",
                        path=self.path, line=first_line,
                        hint="give the right one with --delimiter or --encoding, or fix the lines")

    def warnings(self) -> list[str]:
        if not self.trailing:
            return []
        return [f"{_rows(self.trailing)} had more fields than the header, all empty "
                f"({_lines(self.trailing)}): the extra empty fields were dropped"]


def _rows(lines: list[int]) -> str:
    return "1 row" if len(lines) == 1 else f"{len(lines)} rows"


def _lines(lines: list[int], shown: int = 10) -> str:
    listed = ", ".join(str(n) for n in lines[:shown])
    more = f" and {len(lines) - shown} more" if len(lines) > shown else ""
    return ("line " if len(lines) == 1 else "lines ") + listed + more


class _Rechunker:
    """Regroups Arrow record batches into tables of exactly `size` rows (the last one shorter)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.parts: list[pa.RecordBatch] = []
        self.count = 0

    def push(self, batch: pa.RecordBatch) -> Iterator[pa.Table]:
        self.parts.append(batch)
        self.count += batch.num_rows
        while self.count >= self.size:
            table = pa.Table.from_batches(self.parts)
            yield table.slice(0, self.size)
            rest = table.slice(self.size)
            self.parts, self.count = rest.to_batches(), rest.num_rows

    def flush(self) -> Iterator[pa.Table]:
        if self.count:
            yield pa.Table.from_batches(self.parts)


def _without_header(batches: Iterator[pa.RecordBatch], header: list[str]) -> Iterator[pa.RecordBatch]:
    """Drops pyarrow's first row, which is the header (checked against the exact reader's)."""
    for batch in batches:
        if batch.num_rows:
            if [batch.column(i)[0].as_py() for i in range(batch.num_columns)] != header:
                raise _Irregular()
            yield batch.slice(1)
            break
    yield from batches


def _has_all_empty_row(batch: pa.RecordBatch) -> bool:
    """A row whose every cell is empty (a blank line, to pyarrow): the exact reader decides what it is.
    Columns are looked at until no row is empty in all of them so far (usually the first or second)."""
    rows = np.arange(batch.num_rows)
    for column in batch.columns:
        if not len(rows):
            return False
        lengths = pa_compute.binary_length(column if len(rows) == batch.num_rows else column.take(pa.array(rows)))
        rows = rows[lengths.to_numpy(zero_copy_only=False) == 0]
    return bool(len(rows))


def _chunk_from_arrow(table: pa.Table, first_row: int, first_line: int) -> tuple[Chunk, int]:
    """A chunk of the fast reader, whose rows start on line `first_line` (its row `first_row`),
    and the line the row after it starts on."""
    frame = table.to_pandas()
    frame.columns = pd.RangeIndex(table.num_columns)
    rows = np.arange(first_row, first_row + table.num_rows, dtype=np.int64)
    extra = _extra_lines(table)
    lines = rows + (first_line - first_row)
    if extra is not None:  # a cell spans lines: each later row starts that much further down
        lines[1:] += np.cumsum(extra[:-1])
    after = first_line + table.num_rows + (int(extra.sum()) if extra is not None else 0)
    return Chunk(frame, rows, line_numbers=lines), after


def _extra_lines(table: pa.Table) -> np.ndarray | None:
    """Per row, the line breaks inside its cells (what Python's universal newlines count: CRLF,
    LF or CR), or None when no cell has one: the usual case, settled by one search of each
    column's bytes (a millisecond a 50,000-row chunk)."""
    extra = None
    for column in table.columns:
        start = 0
        for array in column.chunks:
            bounds, data = string_buffers(array)
            body = data[bounds[0]:bounds[-1]].tobytes()
            if b"\n" in body or b"\r" in body:
                breaks = (pa_compute.count_substring(array, "\n").to_numpy(zero_copy_only=False).astype(np.int64)
                          + pa_compute.count_substring(array, "\r").to_numpy(zero_copy_only=False)
                          - pa_compute.count_substring(array, "\r\n").to_numpy(zero_copy_only=False))
                if extra is None:
                    extra = np.zeros(table.num_rows, dtype=np.int64)
                extra[start:start + len(array)] += breaks
            start += len(array)
    return extra


def line_breaks(texts: list[str]) -> int:
    """Line breaks inside some cells (counted as `_extra_lines` counts them)."""
    return sum(t.count("\n") + t.count("\r") - t.count("\r\n") for t in texts)


def _chunk_from_cells(cells: list[str], numbers: list[int], width: int, lines: list[int],
                      ragged: dict[int, int]) -> Chunk:
    return Chunk(text_frame([cells[i::width] for i in range(width)]), np.asarray(numbers, dtype=np.int64),
                 line_numbers=np.asarray(lines, dtype=np.int64), ragged=ragged or None)


def text_frame(columns: list) -> pd.DataFrame:
    """A frame of text cells (columns 0..n-1) with the same dtype as the fast reader produces."""
    table = pa.table({f"f{i}": column if isinstance(column, pa.Array) else pa.array(column, type=pa.string())
                      for i, column in enumerate(columns)})
    frame = table.to_pandas()
    frame.columns = pd.RangeIndex(len(columns))
    return frame
