"""The exact reader over a stretch of a CSV file, and the chunks it builds.

The fast reader (pyarrow) stops at the first record it cannot take as it is: a malformed row, a
blank line, a row of empty cells. `ExactSegment` reads from the first row it had not delivered with
Python's csv module, which knows line numbers and fits ragged rows, and stops once `CALM_ROWS`
regular rows have followed the last irregular one: from there the fast reader takes over again
(`CsvSource.chunks`). A segment that never meets an irregular row reads to the end of the file,
which is what the exact reader always did.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from fichier_check.errors import UserError
from fichier_check.read.csv_lines import CountingLines
from fichier_check.read.csv_rows import _chunk_from_cells, _RaggedRows
from fichier_check.table import Chunk

CALM_ROWS = 1000


@dataclass
class Position:
    """Where the next record starts: its spreadsheet row, its physical line and (when known) its byte offset."""

    row: int
    line: int
    offset: int | None = None


class ChunkBuilder:
    """Gathers fitted records into chunks of `size` rows, with their rows, lines and malformed rows."""

    def __init__(self, width: int, size: int) -> None:
        self.width, self.size = width, size
        self._reset()

    def _reset(self) -> None:
        self.cells: list[str] = []  # row after row, flat: columns are then cheap strided slices
        self.rows: list[int] = []
        self.lines: list[int] = []
        self.ragged: dict[int, int] = {}

    def add(self, fields: list[str], row: int, line: int, malformed_count: int | None = None) -> Chunk | None:
        """Adds one record; returns the chunk it completes, if it does."""
        if malformed_count is not None:
            self.ragged[len(self.rows)] = malformed_count
        self.cells.extend(fields)
        self.rows.append(row)
        self.lines.append(line)
        return self.take() if len(self.rows) == self.size else None

    def take(self) -> Chunk | None:
        """The rows gathered so far as a chunk (None if there are none)."""
        if not self.rows:
            return None
        chunk = _chunk_from_cells(self.cells, self.rows, self.width, self.lines, self.ragged)
        self._reset()
        return chunk


class ExactSegment:
    """Chunks read by Python's csv module from `start` (whose offset is known); once iterated,
    `end` is where the fast reader may resume, or None at the end of the file."""

    def __init__(self, path: Path, codec: str, delimiter: str, builder: ChunkBuilder, fitter: _RaggedRows,
                 start: Position) -> None:
        self.path, self.codec, self.delimiter = path, codec, delimiter
        self.builder, self.fitter, self.start = builder, fitter, start
        self.end: Position | None = None
        self._line = start.line  # the line the record being read starts on, for errors

    def __iter__(self) -> Iterator[Chunk]:
        start, width = self.start, self.builder.width
        with open(self.path, "rb") as raw:
            lines = CountingLines(raw, start.offset, self.codec)
            reader = csv.reader(lines, delimiter=self.delimiter, quotechar='"', doublequote=True, strict=False)
            row, calm = start.row, None  # calm: regular rows since the last irregular one
            self._line = first_line = start.line
            for fields in self._records(reader):
                next_line = start.line + lines.count
                count = len(fields)
                if count == width and any(fields):
                    chunk = self.builder.add(fields, row, first_line)
                    calm = None if calm is None else calm + 1
                else:
                    calm = 0
                    chunk = self._irregular(fields, row, first_line, next_line - 1)
                row, first_line = row + 1, next_line
                self._line = first_line
                if chunk is not None:
                    yield chunk
                if calm is not None and calm >= CALM_ROWS:
                    self.end = Position(row, first_line, start.offset + lines.consumed)
                    break
        rest = self.builder.take()
        if rest is not None:
            yield rest

    def _irregular(self, fields: list[str], row: int, first_line: int, last_line: int) -> Chunk | None:
        if not fields:
            return None  # a blank line: a row a spreadsheet shows, no record
        count = len(fields)
        malformed = False
        if count != self.builder.width:
            fields, malformed = self.fitter.fit(fields, first_line, last_line)
        return self.builder.add(fields, row, first_line, count if malformed else None)

    def _records(self, reader) -> Iterator[list[str]]:
        try:
            yield from reader
        except (csv.Error, UnicodeDecodeError) as error:
            raise unreadable(error, self.path, self.codec, self._line) from None


def unreadable(error: Exception, path: Path, codec: str, line: int) -> UserError:
    """The one-line error for a record Python's csv module could not read, for both exact readers."""
    if isinstance(error, UnicodeDecodeError):  # the file changed since its encoding was checked
        return UserError(f"cannot read as {codec}: {error.reason}", path=path, line=line,
                         hint="give the right encoding with --encoding")
    return UserError(f"unreadable CSV: {error}", path=path, line=line)
