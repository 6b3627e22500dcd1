"""Refuse a hostile workbook archive before anything inflates it (calamine inflates it in Rust,
whole, with no limit: a 1.4 MB workbook whose one shared string expands to 1.5 GB ran for minutes
and took gigabytes). `check_workbook(path, max_cell_chars)` raises UserError, or returns having read
the archive once.

First the zip's directory, which costs nothing to read:
- at most `MAX_ENTRIES` (10,000) entries: Excel writes a handful of parts per sheet, so a real
  workbook has tens or hundreds; the count is read from the end record before Python's zipfile
  parses every entry of a directory built to be slow to parse.
- declared sizes: at most `MAX_TOTAL_BYTES` (3 GiB) inflated for the whole archive. Excel's
  largest sheet (1,048,576 rows) of 20 text columns is about 0.7 GB of XML (bench/generate.py's
  workbook, scaled); calamine holds a sheet in memory, so an archive above a few GB could not be
  audited on the machines the tool runs on anyway.
- declared ratios: no entry over `RATIO_FLOOR` (16 MiB) inflated may inflate more than
  `MAX_RATIO` (100) times its compressed size. Real workbooks' XML compresses 6 to 27 times
  (measured: a 100k-row sheet 6.9, 200k styled blank cells 12, near-identical shared strings
  26.5); deflate cannot exceed 1032, and bombs aim at that. Below the floor a ratio hurts nobody.
  This holds for every entry, even one no reader opens (an image, an embedded file, a zip inside
  the zip, which is never opened itself): a workbook that declares such a part was not saved by
  Excel, and refusing costs nothing where inflating it would.

Then the bytes actually inflated, since a declared size can lie (the Rust zip reader inflates the
whole compressed stream, whatever size the directory gives): every part is inflated in blocks of
`BLOCK` bytes (few Python calls; bytes operations only) and refused as soon as it holds more than
it declared, the archive more than `MAX_TOTAL_BYTES`, or a part over the floor more than
`MAX_RATIO` times the compressed bytes consumed so far. Parts use deflate or no compression, as
Excel writes them; anything else is refused. Only the running counts are kept, never the parts.

In the shared strings and the sheets (`xl/sharedStrings.xml`, `xl/worksheets/*.xml`, where every
writer puts them), a text of more than `max_cell_chars` characters between two tags is a cell
longer than Excel keeps: 32,767 characters ("Excel specifications and limits", Microsoft: total
number of characters that a cell can contain). It is refused as soon as it is seen, so a bomb made
of one huge string stops after that many bytes; `--max-cell-chars N` (`max_cell_chars:` in the
config) raises the limit for workbooks written by other programs. A rich-text cell split into runs
shorter than the limit is not caught by this test (it still meets the size and ratio caps).

DTD entities need no guard here: calamine's XML reader never expands them (a workbook that uses
one is refused as unreadable).
"""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from fichier_check.errors import UserError
from fichier_check.table import LoadOptions

EXCEL_CELL_CHARS = LoadOptions.max_cell_chars  # 32,767: Microsoft, "Excel specifications and limits"
MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 3 << 30
MAX_RATIO = 100
RATIO_FLOOR = 16 << 20
BLOCK = 4 << 20  # inflated bytes per call: a 66 MB sheet is 17 calls
_READ = 1 << 20  # compressed bytes read at a time
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then the name's and the extra field's lengths
_END_RECORD = b"PK\x05\x06"
_REFERENCE = re.compile(rb"&[^&;<]*;|_x[0-9A-Fa-f]{4}_")  # one character each: &amp; &#233; _x000D_
_AGAIN = "open it in Excel and save it again as .xlsx"
_HOSTILE = "do not open it: ask for the file as it was exported"


def check_workbook(path: Path, max_cell_chars: int = EXCEL_CELL_CHARS) -> None:
    """Refuse the archive at `path` if it exceeds a cap of the module docstring; else return."""
    try:
        with open(path, "rb") as file:
            _check_entry_count(path, file)
            with zipfile.ZipFile(file) as archive:
                entries = archive.infolist()
                _check_declared(path, entries)
                inflated = 0
                for entry in entries:
                    inflated = _inflate(path, file, entry, inflated, _cell_scanner(path, entry, max_cell_chars))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError) as error:
        raise UserError(f"unreadable XLSX workbook: {error}", path=path, hint=_AGAIN) from None
    except OSError as error:
        raise UserError(f"cannot read the file: {error.strerror}", path=path) from None


def _check_entry_count(path: Path, file: BinaryIO) -> None:
    """The end record's count (0xFFFF when a zip64 record holds it: more than the cap either way)."""
    size = file.seek(0, 2)
    file.seek(max(0, size - (1 << 16) - 22))
    tail = file.read()
    end = tail.rfind(_END_RECORD)
    if end >= 0 and len(tail) >= end + 12:
        _refuse_count(path, struct.unpack_from("<H", tail, end + 10)[0])


def _refuse_count(path: Path, count: int) -> None:
    if count > MAX_ENTRIES:
        raise UserError(f"the archive holds {count:,} parts, more than the {MAX_ENTRIES:,} a workbook needs: "
                        "not a workbook Excel saved", path=path, hint=_HOSTILE)


def _check_declared(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    _refuse_count(path, len(entries))
    total = sum(entry.file_size for entry in entries)
    if total > MAX_TOTAL_BYTES:
        raise _too_big(path, total)
    for entry in entries:
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(1, entry.compress_size):
            raise _bomb(path, entry.filename, entry.file_size, entry.compress_size)


def _inflate(path: Path, file: BinaryIO, entry: zipfile.ZipInfo, before: int, scan) -> int:
    """Inflate one part block by block against the caps; the archive's inflated total after it."""
    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or entry.flag_bits & 1:
        raise UserError(f"part {entry.filename}: compressed or encrypted in a way Excel does not use",
                        path=path, hint=_AGAIN)
    file.seek(entry.header_offset)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(file.read(_LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"part {entry.filename}: no local header")
    file.seek(entry.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    inflater = _inflater() if entry.compress_type == zipfile.ZIP_DEFLATED else None
    left, pending, size = entry.compress_size, b"", 0
    while True:
        if not pending:
            if left <= 0:
                break
            pending = file.read(min(_READ, left))
            if not pending:
                raise EOFError(f"part {entry.filename} is cut short")
            left -= len(pending)
        if inflater is None:
            block, pending = pending, b""
        else:
            block = inflater.decompress(pending, BLOCK)
            pending = inflater.unconsumed_tail
        size += len(block)
        consumed = entry.compress_size - left - len(pending)
        if size > entry.file_size:
            raise UserError(f"part {entry.filename} declares {entry.file_size:,} bytes but inflates to more: "
                            "not a workbook Excel saved", path=path, hint=_HOSTILE)
        if before + size > MAX_TOTAL_BYTES:
            raise _too_big(path, before + size)
        if size > RATIO_FLOOR and size > MAX_RATIO * max(1, consumed):
            raise _bomb(path, entry.filename, size, consumed)
        if scan is not None:
            scan.feed(block)
        if inflater is not None and inflater.eof:
            break
    if size != entry.file_size:
        raise EOFError(f"part {entry.filename} holds {size:,} bytes, not the {entry.file_size:,} it declares")
    if scan is not None:
        scan.feed(b"<")  # the part's last text ends with the part
    return before + size


def _inflater():
    """A raw deflate stream's inflater (a zip part has no zlib header)."""
    return zlib.decompressobj(-zlib.MAX_WBITS)


def _too_big(path: Path, size: int) -> UserError:
    return UserError(f"the archive inflates to more than {MAX_TOTAL_BYTES >> 30} GiB ({size:,} bytes or more): "
                     "more than a workbook can hold", path=path, hint=_HOSTILE)


def _bomb(path: Path, name: str, size: int, compressed: int) -> UserError:
    return UserError(f"part {name} inflates {size // max(1, compressed):,} times its size ({size:,} bytes from "
                     f"{compressed:,}), more than the {MAX_RATIO} times a workbook does: a zip bomb, not a workbook "
                     "Excel saved", path=path, hint=_HOSTILE)


def _cell_scanner(path: Path, entry: zipfile.ZipInfo, max_cell_chars: int) -> "_LongText | None":
    name = entry.filename
    if name == "xl/sharedStrings.xml" or (name.startswith("xl/worksheets/") and name.endswith(".xml")):
        return _LongText(path, name, max_cell_chars)
    return None


class _LongText:
    """Finds a text of more than `limit` characters between two tags in a part fed block by block.

    A text of more than `limit` characters has more than `limit` bytes; such a run without `<`
    contains a whole window of `limit + 1 - stride` bytes starting at a multiple of the stride, so
    looking for `<` in those windows alone (one `find` per stride, 16 KiB for Excel's limit) finds
    every candidate, whose characters are then counted exactly.
    """

    def __init__(self, path: Path, name: str, limit: int) -> None:
        self.path, self.name, self.limit = path, name, limit
        self.stride = max(1, (limit + 1) // 2)
        self.window = limit + 1 - self.stride
        self.carry = b""  # from the last `<` seen: the text still open
        self.next_count = limit  # the open text's bytes at which its characters are counted again

    def feed(self, block: bytes) -> None:
        data = self.carry + block if self.carry else block
        last = data.rfind(b"<")
        if last < 0:
            self.carry = data
            if len(data) > self.next_count:  # counted at doubling sizes: linear in the end
                self._check(data)
                self.next_count = 2 * len(data)
            return
        self._scan(data, last)
        self.carry, self.next_count = data[last:], self.limit

    def _scan(self, data: bytes, end: int) -> None:
        position = 0
        while position < end:
            if data.find(b"<", position, min(position + self.window, end)) >= 0:
                position += self.stride
                continue
            start, stop = data.rfind(b"<", 0, position) + 1, data.find(b"<", position)
            if stop - start > self.limit:
                self._check(data[start:stop])
            position = stop + 1

    def _check(self, run: bytes) -> None:
        text = run[run.find(b">") + 1:]  # the tag that opens the run, then its text
        if len(text) <= self.limit:
            return
        references = sum(len(reference) - 1 for reference in _REFERENCE.findall(text))
        if len(text.decode("utf-8", "replace")) - references > self.limit:
            raise UserError(
                f"part {self.name}: a cell holds more than {self.limit:,} characters, which Excel does not write: "
                "not a workbook Excel saved (use --max-cell-chars N to read it anyway)", path=self.path)
