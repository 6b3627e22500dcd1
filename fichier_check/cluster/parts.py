"""What a Dask worker does with one part: check it, and later write its cleaned and quarantined rows.

`check_part` reads the part as chunks of text cells (the one-machine readers: a CSV part's
encoding, delimiter, quoting and malformed rows are judged exactly as in a one-machine run) and
feeds them to an `Engine` of the run's rules: the same check modules, chunk by chunk. It returns
the engine's `PartOutcome` (kept on the worker: the whole-file states stay there) and the part's
`PartFacts` (its size, SHA-256, rows and lines, for the driver's offsets and the evidence).
`write_part` reads the part again and writes its cleaned and quarantine files into the run's
temporary folder with the decisions the driver settled. Rows and lines here are the part's own:
the driver moves them by the parts before it.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from fichier_check.analysis import parallel
from fichier_check.checks import CHECKS
from fichier_check.cluster.dataset import Part
from fichier_check.engine import partitions
from fichier_check.engine.run_rules import ActiveRule, Engine
from fichier_check.errors import FichierCheckError, UserError
from fichier_check.read.columns import ColumnMap
from fichier_check.read.csv_rows import line_breaks
from fichier_check.read.parquet_source import ParquetSource
from fichier_check.read.source import open_table
from fichier_check.table import LoadOptions, SourceFormat

COPY_BLOCK = 16 << 20
CHANGED = "it changed while it was audited (its rows are not those checked): run the audit again"
# A CSV part written from a Parquet dataset: UTF-8, commas, CRLF as RFC 4180 says.
PLAIN_CSV = SourceFormat(kind="csv", encoding="utf-8", delimiter=",", line_terminator="\r\n")


class PartFailed(Exception):
    """A part could not be checked or written: its name and why (the driver exits 3 with them)."""

    def __init__(self, part: str, reason: str) -> None:
        super().__init__(part, reason)  # both in args: the exception crosses from a worker pickled
        self.part, self.reason = part, reason

    def __str__(self) -> str:
        return f"{self.part}: {self.reason}"

    @classmethod
    def of(cls, part: Part, error: FichierCheckError) -> "PartFailed":
        """A reader's or a writer's error, said of the part (a part cut from a large file is read
        from a copy whose name means nothing to the user)."""
        if not isinstance(error, UserError):
            return cls(part.name, str(error))
        where = f"line {error.line} of the part: " if error.line else ""
        return cls(part.name, where + error.message + (f" — {error.hint}" if error.hint else ""))


@dataclass
class PartPlan:
    """What every worker needs to check a part as the driver planned the run."""

    rules: list
    columns: ColumnMap
    header: list[str]
    as_of: dt.date
    channels: tuple[str, ...]
    lang: str
    show_values: bool
    examples: int
    fingerprints: bool
    vocabulary: object
    sector: str | None
    load: LoadOptions
    prefix: bytes  # a large CSV's parts are read after these bytes (its header)
    header_row: int = 1  # the first part's header, where findings about a column point
    header_line: int | None = 1


@dataclass
class PartFacts:
    """A part as the evidence and the driver's offsets need it."""

    name: str
    size: int
    sha256: str
    rows: int  # spreadsheet rows it spans after its header (blank lines included)
    lines: int  # physical lines it spans after its header
    warnings: list[str]
    format: SourceFormat


def check_part(part: Part, plan: PartPlan, lists: dict) -> tuple[partitions.PartOutcome, PartFacts]:
    """Check one part with the run's rules (every chunk, no whole-file conclusion)."""
    parallel.as_worker()  # a Dask worker forks nothing: the analyses may use threads (polars)
    try:
        with opened(part, plan) as (source, size, read_bytes):
            if list(source.header) != list(plan.header):
                raise PartFailed(part.name, "its header is not the first part's: every part must have the same columns")
            active = [ActiveRule(rule, CHECKS[rule.check]) for rule in plan.rules]
            engine = Engine(active, plan.columns, plan.as_of, plan.channels, lists, plan.lang, plan.show_values,
                            examples=plan.examples, header_row=source.header_row, header_line=source.header_line,
                            fingerprints=plan.fingerprints, vocabulary=plan.vocabulary, sector=plan.sector)
            last_row = source.header_row
            for number, chunk in enumerate(source.chunks()):
                engine.check_chunk(chunk, number)
                if len(chunk.row_numbers):
                    last_row = int(chunk.row_numbers[-1])
            read = read_bytes()
            rows, lines = _spans(part, source, last_row, read)
            facts = PartFacts(part.name, size, read.sha256, rows, lines, list(source.warnings), source.format)
            return partitions.export(engine), facts
    except FichierCheckError as error:
        raise PartFailed.of(part, error) from None


def write_part(part: Part, plan: PartPlan, decisions: dict, layout, folder: Path, parts_format: str,
               neutralise: bool) -> int:
    """Write the part's cleaned and quarantined rows into `folder`/clean and `folder`/quarantine
    (`part-NNNNN.parquet` or `.csv`); returns the rows read."""
    from fichier_check.cluster.part_files import part_writer
    from fichier_check.write.clean import split_chunk
    name = f"part-{part.number:05d}.{parts_format}"
    try:
        with opened(part, plan) as (source, _, _), contextlib.ExitStack() as stack:
            fmt = source.format if source.format.kind == "csv" else PLAIN_CSV
            writers = {kind: stack.enter_context(part_writer(folder / kind / name, parts_format, fmt, header, neutralise))
                       for kind, header in (("clean", layout.clean_header), ("quarantine", layout.quarantine_header))}
            rows = chunks = 0
            for number, chunk in enumerate(source.chunks()):
                todo = decisions.get(number)
                if todo is None or todo.n != len(chunk.frame):
                    raise PartFailed(part.name, CHANGED)
                split = split_chunk(chunk, todo, layout)
                writers["clean"].write(split.clean)
                writers["quarantine"].write(split.quarantine)
                rows, chunks = rows + len(chunk.frame), chunks + 1
            if chunks != len(decisions):
                raise PartFailed(part.name, CHANGED)
            return rows
    except FichierCheckError as error:
        raise PartFailed.of(part, error) from None


@contextlib.contextmanager
def opened(part: Part, plan: PartPlan) -> Iterator[tuple[object, int, Callable[[], "_Bytes"]]]:
    """The part as a table source, its size, and a function giving its `_Bytes` (one read of its
    bytes, made on demand once its header is known; a stretch of a large file's was made as it
    was copied)."""
    if part.start is None:
        if part.kind == "parquet":
            source = ParquetSource(part.path, plan.load.chunk_rows)
            yield source, part.path.stat().st_size, lambda: _read_bytes(part.path, 0, None, count_from=None)
        else:
            source = open_table(part.path, plan.load)
            yield source, part.path.stat().st_size, lambda: _read_bytes(part.path, 0, None,
                                                                        count_from=header_end(part.path, source))
        return
    # A stretch of a large CSV: copied after the file's header into a file of its own, which the
    # one-machine reader then reads whole (the worker's local disk; removed at once).
    folder = tempfile.mkdtemp(prefix="fichier-check-part-")
    try:
        copy = Path(folder) / part.path.name
        with open(os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            out.write(plan.prefix)
            read = _read_bytes(part.path, part.start, part.end, count_from=part.start, out=out)
        yield open_table(copy, plan.load), part.end - part.start, lambda: read
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class _Bytes:
    """What one read of a part's bytes gives: their SHA-256, the line breaks after the header,
    and the last 64 KB (the blank lines that end it)."""

    sha256: str
    breaks: int
    tail: bytes


def _read_bytes(path: Path, start: int, end: int | None, count_from: int | None, out=None) -> _Bytes:
    """Read the bytes [start, end) of `path` once (`end` None: to the end), copying them into `out`
    if given; line breaks are counted from `count_from` (None: not counted)."""
    digest, breaks, tail, carried = hashlib.sha256(), 0, b"", False
    with open(path, "rb") as raw:
        raw.seek(start)
        at = start
        while end is None or at < end:
            block = raw.read(COPY_BLOCK if end is None else min(COPY_BLOCK, end - at))
            if not block:
                break
            digest.update(block)
            if out is not None:
                out.write(block)
            if count_from is not None and at + len(block) > count_from:
                counted = block[max(0, count_from - at):]
                breaks += counted.count(b"\n") + counted.count(b"\r") - counted.count(b"\r\n")
                breaks -= int(carried and counted.startswith(b"\n"))  # a CR LF cut between two blocks
                carried, tail = counted.endswith(b"\r"), (tail + counted)[-65536:]
            at += len(block)
    return _Bytes(digest.hexdigest(), breaks, tail)


def _spans(part: Part, source, last_row: int, read: _Bytes) -> tuple[int, int]:
    """(spreadsheet rows, physical lines) the part spans after its header: what the next part's
    rows and lines are moved by, as if the parts were one file with one header."""
    if part.kind == "parquet":
        return last_row - source.header_row, 0
    tail = read.tail
    last_unterminated = bool(tail) and not tail.endswith((b"\n", b"\r"))
    stripped = tail.rstrip(b"\r\n")
    ending = tail[len(stripped):]
    trailing_blank = max(0, ending.count(b"\n") + ending.count(b"\r") - ending.count(b"\r\n") - 1)
    lines = read.breaks + int(last_unterminated)
    rows = (last_row - source.header_row + trailing_blank) if last_row > source.header_row else lines
    return rows, lines


def header_end(path: Path, source) -> int:
    """The byte offset just after a CSV file's header record."""
    from fichier_check.read.csv_lines import offset_of_line
    bom = {"utf-8": 3}.get(source.format.encoding, 0) if source.format.bom else 0
    return offset_of_line(path, bom, 1, source.header_line + 1 + line_breaks(source.header))
