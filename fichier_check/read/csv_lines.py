"""Physical lines of a CSV file as byte offsets, so the exact reader can start in the middle of a
file and the fast reader can start again after it (`csv_source`: one malformed line in a million
costs the exact reader a few thousand rows, not the rest of the file).

Lines end as Python's universal newlines end them (CRLF, LF or CR), which is how both readers
number them. Only for encodings where those two bytes always mean a line break (UTF-8 and the
single-byte code pages); in UTF-16 a `\\n` byte is half of another character: `resumable` says no.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

BLOCK = 1 << 22
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)")
_BREAK = re.compile(rb"\r\n|\r|\n")
_SAFE_CODECS = ("utf-8", "cp1252", "latin-1", "iso8859-1", "iso8859-15", "ascii", "mac-roman")


def resumable(codec: str) -> bool:
    """Whether byte offsets of lines can be found without decoding (CR and LF are single ASCII bytes)."""
    return codec.replace("_", "-").lower() in _SAFE_CODECS


def _blocks(raw, start: int) -> Iterator[tuple[int, bytes]]:
    """(offset, bytes) from `start`, each block ending past a CR so a CRLF is never cut in two."""
    raw.seek(start)
    position = start
    while True:
        block = raw.read(BLOCK)
        if not block:
            return
        while block.endswith(b"\r"):
            more = raw.read(1)
            block += more
            if not more:
                break
        yield position, block
        position += len(block)


def offset_of_line(path: Path, anchor_offset: int, anchor_line: int, line: int) -> int:
    """The byte offset where physical `line` starts, counting forward from a known line start."""
    need = line - anchor_line
    if need <= 0:
        return anchor_offset
    with open(path, "rb") as raw:
        for position, block in _blocks(raw, anchor_offset):
            found = block.count(b"\n") + block.count(b"\r") - block.count(b"\r\n")
            if found < need:
                need -= found
                continue
            for match in _BREAK.finditer(block):
                need -= 1
                if not need:
                    return position + match.end()
    return path.stat().st_size  # the file has fewer lines: nothing is left to read


class CountingLines:
    """The decoded lines of a binary file from `offset` on, for `csv.reader`, counting what was
    taken: after each record the reader has pulled exactly its lines, so `offset + consumed` is
    where the next record starts."""

    def __init__(self, raw, offset: int, codec: str) -> None:
        self.raw, self.offset, self.codec = raw, offset, codec
        self.consumed = 0
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        pending = b""
        for _, block in _blocks(self.raw, self.offset):
            data = pending + block
            end = 0
            for match in _LINE.finditer(data):
                end = match.end()
                yield self._take(match.group())
            pending = data[end:]
        if pending:
            yield self._take(pending)

    def _take(self, line: bytes) -> str:
        self.consumed += len(line)
        self.count += 1
        return line.decode(self.codec)


class CrlfKeptWhole:
    """A pyarrow file whose reads never end with a CR, for pyarrow's CSV reader: when a quoted CRLF
    straddles two of the blocks it reads, Arrow drops the LF (apache/arrow#51368, open in Arrow 26)
    and the cell comes back one byte short. A read that would end with CR stops before it and the
    file steps back one byte. Reads are Arrow buffers (`read_buffer`, which pyarrow prefers):
    memory from Arrow's pool, not Python objects made in pyarrow's reading thread."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.closed = False

    def read_buffer(self, size: int = -1):
        buffer = self.raw.read_buffer(size if size is not None and size >= 0 else None)
        if buffer.size > 1 and memoryview(buffer)[-1] == 13:  # CR
            self.raw.seek(-1, 1)
            buffer = buffer.slice(0, buffer.size - 1)
        return buffer

    def read(self, size: int = -1) -> bytes:
        return self.read_buffer(size).to_pybytes()

    def readable(self) -> bool:
        return True
