"""Where the findings of one (rule, column) wait for the reports: on disk, not in memory.

A million-row file can give millions of findings; keeping each one's masked value as a Python
string until the JSON report is written made memory grow with the file. A `FindingStore` appends
each chunk's findings (spreadsheet row, display value, detail) as one Arrow record batch to an
anonymous temporary file (created readable by its owner only and already unlinked, so nothing is
left behind even if the run is killed), keeps the counts, the first and last rows and the first
few findings as examples for the reports, and replays the batches, in order, for the findings
side file.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.errors import IncompleteAudit

KEPT_EXAMPLES = 100  # examples kept per (rule, column) by default (`--examples`; the terminal shows 3)
_SCHEMA = pa.schema([("row", pa.int64()), ("line", pa.int64()), ("value", pa.large_string()),
                     ("detail", pa.large_string()), ("fingerprint", pa.uint64())])


@dataclass
class FindingStore:
    """Findings of one (rule, column), appended chunk by chunk."""

    examples: int = KEPT_EXAMPLES  # how many of the first findings are kept in memory
    count: int = 0
    rows_affected: int = 0  # distinct rows among the findings
    first_row: int | None = None
    last_row: int | None = None
    example_rows: list[int] = field(default_factory=list)
    example_lines: list[int | None] = field(default_factory=list)
    example_values: list[str] = field(default_factory=list)
    example_details: list[str | None] = field(default_factory=list)
    _recent: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # the current chunk's rows
    _chunk: int | None = None
    _file: object = None
    _writer: pa.ipc.RecordBatchStreamWriter | None = None
    _closed: bool = False

    def append(self, rows: np.ndarray, values, details, lines: np.ndarray | None = None,
               chunk: int | None = None, fingerprints: np.ndarray | None = None) -> None:
        """Add one chunk's findings: rows (int64), values and details (sequences of str / None),
        the physical line of each row (int64; None where the input has no lines), the number
        of the chunk they come from (for the count of distinct rows) and their fingerprints
        (uint64, `engine/fingerprints`; None when the run makes none)."""
        if not len(rows):
            return
        rows = np.asarray(rows, dtype=np.int64)
        line_array = pa.array(lines, type=pa.int64()) if lines is not None else pa.nulls(len(rows), pa.int64())
        prints = (pa.array(fingerprints, type=pa.uint64()) if fingerprints is not None
                  else pa.nulls(len(rows), pa.uint64()))
        batch = pa.record_batch([pa.array(rows, type=pa.int64()), line_array, _strings(values), _strings(details),
                                 prints], schema=_SCHEMA)
        self._keep_examples(batch)
        self._count_rows(rows, chunk)
        self._write(batch)
        self.count += len(rows)

    def _write(self, batch: pa.RecordBatch) -> None:
        try:
            if self._writer is None:
                self._file = tempfile.TemporaryFile(prefix="fichier-check-findings-")
                self._writer = pa.ipc.new_stream(self._file, _SCHEMA)
            self._writer.write_batch(batch)
        except OSError as error:
            raise IncompleteAudit(f"cannot keep the findings in the temporary folder "
                                  f"{tempfile.gettempdir()}: {error.strerror or error} — free space there, or "
                                  "point TMPDIR at a folder with room; no output file was written") from None

    def _keep_examples(self, findings: pa.RecordBatch | pa.Table) -> None:
        """The first findings, up to `examples`, kept in memory for the reports."""
        room = self.examples - len(self.example_rows)
        if room > 0:
            head = findings.slice(0, room)
            self.example_rows.extend(head.column(0).to_pylist())
            self.example_lines.extend(head.column(1).to_pylist())
            self.example_values.extend(head.column(2).to_pylist())
            self.example_details.extend(head.column(3).to_pylist())

    def _count_rows(self, rows: np.ndarray, chunk: int | None) -> None:
        """Distinct rows, exactly: chunks hold disjoint rows, so a row can only repeat among the
        appends of one chunk, and only those are remembered (`chunk` None: one chunk for ever)."""
        ascending = len(rows) < 2 or bool((rows[1:] > rows[:-1]).all())  # the usual case: no sort
        distinct = rows if ascending else np.unique(rows)
        if chunk is not None and chunk != self._chunk:
            self._recent, self._chunk = distinct, chunk
            self.rows_affected += len(distinct)
        else:
            new = np.setdiff1d(distinct, self._recent, assume_unique=True)
            self._recent = np.union1d(self._recent, new)
            self.rows_affected += len(new)
        low, high = int(distinct[0]), int(distinct[-1])
        self.first_row = low if self.first_row is None else min(self.first_row, low)
        self.last_row = high if self.last_row is None else max(self.last_row, high)

    def batches(self) -> Iterator[tuple[np.ndarray, pa.Array, pa.Array, pa.Array, pa.Array]]:
        """Every finding, in the order appended (re-readable), a batch at a time: its int64 rows,
        lines (int64, null where none), display values, details and fingerprints (uint64, null
        where the run made none)."""
        if self._writer is None:
            return
        self._file.flush()
        self._file.seek(0)
        try:
            for batch in pa.ipc.open_stream(self._file):
                yield (batch.column(0).to_numpy(), batch.column(1), batch.column(2), batch.column(3),
                       batch.column(4))
        finally:
            self._file.seek(0, 2)  # later appends go to the end, never over what was written

    def export(self) -> "StoredFindings":
        """What this store holds, as plain data that crosses a process or a machine (a Dask
        partition's findings, absorbed by the run's own store: `absorb`)."""
        self.close()
        batches = [pa.record_batch([pa.array(rows, type=pa.int64()), lines, values, details, prints], schema=_SCHEMA)
                   for rows, lines, values, details, prints in self.batches()]
        return StoredFindings(self.count, self.rows_affected, self.first_row, self.last_row,
                              pa.Table.from_batches(batches, schema=_SCHEMA))

    def absorb(self, other: "StoredFindings", row_offset: int = 0, line_offset: int = 0) -> None:
        """Append another store's findings (a later part of the file: after every finding held
        here), their rows and lines moved by these offsets; its counts are added (its rows and
        these are disjoint)."""
        if not other.count:
            return
        table = other.table
        rows = pc.add(table.column("row"), row_offset) if row_offset else table.column("row")
        lines = pc.add(table.column("line"), line_offset) if line_offset else table.column("line")
        table = table.set_column(0, "row", rows).set_column(1, "line", lines)
        self._keep_examples(table)
        for batch in table.to_batches():
            self._write(batch)
        self.count += other.count
        self.rows_affected += other.rows_affected
        low, high = other.first_row + row_offset, other.last_row + row_offset
        self.first_row = low if self.first_row is None else min(self.first_row, low)
        self.last_row = high if self.last_row is None else max(self.last_row, high)
        self._recent, self._chunk = np.zeros(0, np.int64), None

    def close(self) -> None:
        """Stop accepting findings (the batches stay readable)."""
        if self._writer is not None and not self._closed:
            self._writer.close()
            self._file.flush()  # nothing left in a buffer that a forked child would inherit and write again
            self._closed = True


@dataclass(frozen=True)
class StoredFindings:
    """A `FindingStore`'s findings and counts as plain data (`FindingStore.export`)."""

    count: int
    rows_affected: int
    first_row: int | None
    last_row: int | None
    table: pa.Table


def _strings(values) -> pa.Array:
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values.cast(pa.large_string())
    return pa.array(values, type=pa.large_string(), from_pandas=False)
