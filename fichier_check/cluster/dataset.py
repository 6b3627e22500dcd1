"""What `audit DATASET --engine dask` reads, as parts: one Dask partition each.

A DATASET is one of:
- a folder of CSV parts (`*.csv`, `*.tsv`, `*.txt`), each with its own header, read in name order;
- a Parquet dataset: a folder of `*.parquet` files, or one `.parquet` file, one part per file;
- one large CSV file, cut into parts of about `--partition-size` bytes. A cut falls just after a
  line break outside any quoted cell (the quotes before it are counted: an even number), so a
  cell holding a line break is never cut; each part is then read with the file's own header,
  encoding and delimiter. Encodings whose line breaks are not single bytes (UTF-16) are read as one
  part. Workers count the quotes and line breaks of their stretch of the file (`scan_block`); the
  driver picks the cuts (`cut_points`).

Hidden files and the markers that Spark and Dask write beside their parts (`_SUCCESS`,
`_metadata`, `_common_metadata`) are not parts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from fichier_check.errors import UserError

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
PARQUET_SUFFIX = ".parquet"
SCAN_BLOCK = 8 << 20  # bytes a worker counts at a time (its arrays stay small)
ONE_BYTE_BREAKS = ("utf-8", "cp1252", "latin-1", "iso8859-1", "iso8859-15", "ascii", "mac-roman", "cp850")


@dataclass(frozen=True)
class Part:
    """One partition: a whole file, or the bytes [start, end) of a large CSV read after `prefix`
    (the bytes before its first record: BOM, `sep=` line, header)."""

    number: int
    name: str  # as the reports and errors name it
    path: Path
    kind: str  # "csv" or "parquet"
    start: int | None = None
    end: int | None = None


@dataclass
class Dataset:
    path: Path
    stem: str  # the outputs' names start with it
    kind: str  # "csv" or "parquet"
    parts: list[Part] = field(default_factory=list)
    prefix: bytes = b""  # a CSV file cut in parts: what each part is read after (its header)


def find_parts(path: Path) -> Dataset:
    """The dataset at `path`, its parts listed (a large CSV file is one part until `cut`)."""
    path = Path(path)
    if not path.exists():
        raise UserError("file or folder not found", path=path, hint="check the path")
    if path.is_file():
        kind = "parquet" if path.suffix.lower() == PARQUET_SUFFIX else "csv"
        return Dataset(path, path.stem, kind, [Part(0, path.name, path, kind)])
    files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "_")))
    parquet = [p for p in files if p.suffix.lower() == PARQUET_SUFFIX]
    csv = [p for p in files if p.suffix.lower() in CSV_SUFFIXES]
    if parquet and csv:
        raise UserError("the folder holds both Parquet and CSV files", path=path,
                        hint="keep the parts of one dataset in a folder of their own")
    found, kind = (parquet, "parquet") if parquet else (csv, "csv")
    if not found:
        raise UserError("the folder holds no CSV or Parquet part", path=path,
                        hint="give a folder of .csv or .parquet files, or one large CSV file")
    stem = path.name.removesuffix(PARQUET_SUFFIX) or path.name
    return Dataset(path, stem, kind, [Part(i, p.name, p, kind) for i, p in enumerate(found)])


def splittable(encoding: str | None) -> bool:
    return (encoding or "").lower().replace("_", "-") in ONE_BYTE_BREAKS


def scan_block(path: Path, start: int, end: int, newline: bytes, delimiter: bytes = b";"
               ) -> tuple[int, int, int, int]:
    """For the bytes [start, end) of a file: (quotes in them, the first `newline` after an even
    number of them, after an odd number — as offsets just past the newline, -1: none —, and the
    offset of the first stray quote, -1: none). A stray quote stands inside an unquoted cell
    (`27" écran`: neither a delimiter, a line break nor a quote on either side): counting quotes
    then no longer tells where quoted cells are, and the file is not cut (`cut_points`)."""
    quotes, first, stray = 0, [-1, -1], -1
    edges = np.array(sorted({ord("\n"), ord("\r"), 0x22, delimiter[0]}), dtype=np.uint8)
    with open(path, "rb") as raw:
        raw.seek(start)
        at = start
        while at < end:
            data = np.frombuffer(raw.read(min(SCAN_BLOCK, end - at)), dtype=np.uint8)
            if not len(data):
                break
            is_quote = data == 0x22
            if stray < 0:
                inner = np.flatnonzero(is_quote[1:-1]) + 1
                lone = inner[~np.isin(data[inner - 1], edges) & ~np.isin(data[inner + 1], edges)]
                stray = at + int(lone[0]) if len(lone) else -1
            if first[0] < 0 or first[1] < 0:
                before = np.cumsum(is_quote, dtype=np.int64)  # quotes up to each byte
                breaks = np.flatnonzero(data == newline[0])
                parity = (quotes + before[breaks]) % 2
                for wanted in (0, 1):
                    found = breaks[parity == wanted]
                    if first[wanted] < 0 and len(found):
                        first[wanted] = at + int(found[0]) + 1
                quotes += int(before[-1])
            else:
                quotes += int(np.count_nonzero(is_quote))
            at += len(data)
    return quotes, first[0], first[1], stray


def cut_points(data_start: int, end: int, blocks: list[tuple[int, int, int, int]]) -> list[int]:
    """Where parts start: `data_start`, then for each block after the first, its first line
    break outside quotes (none in a block, or only at the file's `end`: no cut there). `blocks`:
    `scan_block` of each block from `data_start`, in order. A stray quote anywhere: no cut at all."""
    if any(stray >= 0 for *_, stray in blocks):
        return [data_start]
    cuts, quotes = [data_start], 0
    for number, (count, after_even, after_odd, _) in enumerate(blocks):
        if number:
            cut = after_even if quotes % 2 == 0 else after_odd
            if cuts[-1] < cut < end:
                cuts.append(cut)
        quotes += count
    return cuts


def cut(dataset: Dataset, data_start: int, cuts: list[int]) -> None:
    """Replace a large CSV file's one part by the parts between `cuts`."""
    path = dataset.path
    with open(path, "rb") as raw:
        dataset.prefix = raw.read(data_start)
    ends = cuts[1:] + [path.stat().st_size]
    dataset.parts = [Part(i, f"{path.name} [bytes {start:,}-{end:,}]".replace(",", " "), path, "csv", start, end)
                     for i, (start, end) in enumerate(zip(cuts, ends))]
