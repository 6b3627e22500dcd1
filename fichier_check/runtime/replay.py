"""The chunks of a CSV file's first pass, kept on disk so that the second pass (writing the cleaned
files) replays them instead of parsing the file again.

A run reads its input twice: once to check it, once to write it out, since what is written depends
on every chunk's decisions. Parsing a CSV costs about 0.6 CPU-second a million rows; reading back
the same chunks as Arrow record batches costs a few hundredths. The batches go to an anonymous
temporary file (readable by its owner only, already unlinked: nothing is left behind, even if the
run is killed), about 1.8 times as large as the input, closed once replayed. Memory does not grow:
one chunk is in memory at a time.

Keeping the chunks is only an optimisation, and it never takes the room the findings need in the
same temporary folder: it starts with a file's second chunk (a run keeps a file of one chunk in
memory anyway), it stops as soon as the folder's free space would fall below `reserve` bytes, and
when the folder is full or unwritable, or the first pass did not reach the end of the file, the
file is simply read again.
"""
from __future__ import annotations

import shutil
import tempfile
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa

from fichier_check.table import Chunk, arrow_column

_ROWS = "row_number"  # the spreadsheet row numbers, kept as the batch's last column
FINDINGS_ROOM = 64 << 20  # beyond the input's size, left free in the temporary folder for the findings


def parsed_once(source):
    """The run's view of a source: a CSV file's second pass replays its first (`ParsedOnce`). An
    XLSX source keeps its own first pass in memory (its typed cells are not text batches)."""
    return ParsedOnce(source) if source.format.kind == "csv" else source


class ParsedOnce:
    """A CSV source whose next pass after a complete one replays it instead of parsing the file
    again (once: later passes parse it). Everything else is the source's own."""

    def __init__(self, source) -> None:
        self._source = source
        # keeping the first pass may not take the room the findings need: about the input's size
        self._replay = ChunkReplay(reserve=source.path.stat().st_size + FINDINGS_ROOM)

    def __getattr__(self, name: str):
        return getattr(self._source, name)

    def chunks(self) -> Iterator[Chunk]:
        if self._replay.complete:
            yield from self._replay.chunks()
            return
        yield from self._replay.record(self._source.chunks())


class ChunkReplay:
    """Records the chunks of one pass (`record`), then replays them once, in order (`chunks`)."""

    def __init__(self, reserve: int = 0) -> None:
        self.reserve = reserve  # free bytes to leave in the temporary folder (for the findings)
        self._file = None
        self._writer: pa.ipc.RecordBatchStreamWriter | None = None
        self._lengths: list[int] = []  # rows of each chunk: a chunk may span several record batches
        self.complete = False

    def record(self, chunks: Iterator[Chunk]) -> Iterator[Chunk]:
        """Yield `chunks` unchanged, keeping a copy of each from the second on (then the first
        too); `complete` once they are all through, when there were at least two."""
        self.discard()
        keeping, first = True, None
        for number, chunk in enumerate(chunks):
            if number == 0:
                first = _table(chunk)  # taken as read (Arrow arrays: no copy), written if a second comes
            else:
                if number == 1:
                    keeping = self._keep(first)
                    first = None
                keeping = keeping and self._keep(_table(chunk))
            yield chunk
        if keeping and self._close_writer():
            self.complete = True

    def chunks(self) -> Iterator[Chunk]:
        """The recorded chunks, as the pass that recorded them yielded them (only when `complete`)."""
        if not self.complete:
            raise RuntimeError("no complete pass was recorded")
        self._file.seek(0)
        batches = iter(pa.ipc.open_stream(self._file))
        for length in self._lengths:
            parts, count = [], 0
            while count < length:
                parts.append(next(batches))
                count += parts[-1].num_rows
            table = pa.Table.from_batches(parts)
            frame = table.drop_columns([_ROWS]).to_pandas()
            frame.columns = pd.RangeIndex(table.num_columns - 1)
            yield Chunk(frame, table.column(_ROWS).to_numpy().astype(np.int64, copy=True))
        self.discard()  # replayed: its room in the temporary folder is given back at once

    def discard(self) -> None:
        """Forget what was recorded and close the temporary file."""
        self.complete = False
        self._writer, self._lengths = None, []
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass  # unbuffered: nothing is lost, and the file is gone with its descriptor
            self._file = None

    def _keep(self, table: pa.Table | None) -> bool:
        if table is None:
            self.discard()
            return False
        try:
            if shutil.disk_usage(tempfile.gettempdir()).free - table.nbytes < self.reserve:
                self.discard()  # the findings will need that room: read the file again instead
                return False
            if self._writer is None:
                # unbuffered: a write that fails has failed, and closing the file writes nothing more
                self._file = tempfile.TemporaryFile(prefix="fichier-check-chunks-", buffering=0)
                self._writer = pa.ipc.new_stream(self._file, table.schema)
            self._writer.write_table(table)
        except (OSError, pa.ArrowException):  # a full or unwritable temporary folder: read the file again
            self.discard()
            return False
        self._lengths.append(table.num_rows)
        return True

    def _close_writer(self) -> bool:
        if self._writer is None:  # no chunk at all
            return False
        try:
            self._writer.close()
        except (OSError, pa.ArrowException):
            self.discard()
            return False
        return True


def _table(chunk: Chunk) -> pa.Table | None:
    """A chunk's cells and row numbers as one table (None for a chunk with typed cells: XLSX's)."""
    if chunk.typed is not None:
        return None
    # the frame's own Arrow chunks, not copied into one array: the writer writes them as they are
    columns = [_chunked(chunk.frame[position]) for position in chunk.frame.columns]
    return pa.table(columns + [pa.chunked_array([pa.array(chunk.row_numbers, type=pa.int64())])],
                    names=[f"f{i}" for i in range(len(columns))] + [_ROWS])


def _chunked(column: pd.Series) -> pa.ChunkedArray:
    """A frame column as the large-string chunked array pandas holds (no copy), or converted."""
    held = getattr(column.array, "_pa_array", None)
    if isinstance(held, pa.ChunkedArray) and pa.types.is_large_string(held.type):
        return held
    return pa.chunked_array([arrow_column(column).cast(pa.large_string())])

