"""Physical lines of a CSV file as byte offsets, so the exact reader can start in the middle of a
file and the fast reader can start again after it (`csv_source`: one malformed line in a million
costs the exact reader a few thousand rows, not the rest of the file).

Lines end as Python's universal newlines end them (CRLF, LF or CR), which is how both readers
number them. Only for encodings where those two bytes always mean a line break (UTF-8 and the
single-byte code pages); in UTF-16 a `\\n` byte is half of another character: `resumable` says no.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Iterator

import pyarrow as pa

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


class Utf8CrlfKeptWhole:
    """`CrlfKeptWhole` for a file in another encoding: decoded here and handed to pyarrow as UTF-8
    (pyarrow would transcode it itself, cutting its blocks in the UTF-8 stream, where the raw
    file's last byte says nothing: a cp1252 `é` grows to two bytes, a UTF-16 CR is two)."""

    def __init__(self, raw, codec: str) -> None:
        self.raw = raw
        self.decoder = codecs.getincrementaldecoder(codec)("strict")
        self.held = ""
        self.closed = False

    def read_buffer(self, size: int = -1):
        # at most `size` bytes out: a character of 1 or 2 bytes in takes at most 3 in UTF-8, plus a held CR
        chunk = self.raw.read(max(1, (size - 1) // 3) if size is not None and size > 0 else -1)
        text = self.held + self.decoder.decode(chunk, final=not chunk)
        self.held = ""
        if chunk and text.endswith("\r"):
            text, self.held = text[:-1], "\r"
        return pa.py_buffer(text.encode("utf-8"))

    def read(self, size: int = -1) -> bytes:
        return self.read_buffer(size).to_pybytes()

    def readable(self) -> bool:
        return True
