"""Hostile workbooks built in a few milliseconds: a real workbook's parts, one of them replaced, in a
zip written by hand so that its directory may declare any size (declared sizes can lie)."""
from __future__ import annotations

import functools
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import xlsxwriter

SST_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>Nom</t></si><si><t>Commentaire</t></si>'
            b'<si><t>Durand</t></si><si><t>')
SST_TAIL = b"</t></si></sst>"


@dataclass(frozen=True)
class Part:
    name: str
    stream: bytes  # deflated
    size: int  # inflated
    crc: int


def deflated(name: str, data: bytes) -> Part:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return Part(name, packer.compress(data) + packer.flush(), len(data), zlib.crc32(data))


@functools.cache
def shared_string_bomb(megabytes: int) -> Part:
    """xl/sharedStrings.xml whose fourth string is `megabytes` MiB of "A" (deflated once a session)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    stream, crc = packer.compress(SST_HEAD), zlib.crc32(SST_HEAD)
    block = b"A" * (1 << 20)
    for _ in range(megabytes):
        stream += packer.compress(block)
        crc = zlib.crc32(block, crc)
    stream += packer.compress(SST_TAIL) + packer.flush()
    size = len(SST_HEAD) + (megabytes << 20) + len(SST_TAIL)
    return Part("xl/sharedStrings.xml", stream, size, zlib.crc32(SST_TAIL, crc))


def real_workbook(path: Path, comment: str, inline: bool = False) -> Path:
    """Header Nom, Commentaire and one row, Durand and `comment`: a shared string (xlsxwriter) or an
    inline string (openpyxl)."""
    if inline:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Prospects")
        sheet.append(["Nom", "Commentaire"])
        sheet.append(["Durand", comment])
        book.save(path)
        return path
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Prospects")
    sheet.write_row(0, 0, ["Nom", "Commentaire"])
    sheet.write_row(1, 0, ["Durand", comment])
    book.close()
    return path


def long_cell_workbook(path: Path, text: str, inline: bool = False) -> Path:
    """A real workbook whose cell B2 holds `text`, put into the part afterwards: both writers cut a
    text at Excel's limit."""
    with zipfile.ZipFile(real_workbook(path, "PLACEHOLDER", inline)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()
    part = "xl/worksheets/sheet1.xml" if inline else "xl/sharedStrings.xml"
    parts[part] = parts[part].replace(b"PLACEHOLDER", escaped)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _real_parts(folder: Path) -> tuple[Part, ...]:
    with zipfile.ZipFile(real_workbook(folder / "real.xlsx", "x")) as archive:
        return tuple(deflated(name, archive.read(name)) for name in archive.namelist())


def workbook_with(path: Path, *parts: Part, declared: dict[str, int] | None = None) -> Path:
    """A real two-row workbook (sheet "Prospects", its 4th shared string on row 2) with `parts`
    replacing or added to its own; `declared` gives a part's size as the directory states it."""
    mine = {part.name: part for part in _real_parts(path.parent)}
    mine.update({part.name: part for part in parts})
    return write_zip(path, list(mine.values()), declared or {})


def write_zip(path: Path, parts: list[Part], declared: dict[str, int]) -> Path:
    body, directory = bytearray(), bytearray()
    for part in parts:
        name = part.name.encode()
        fields = struct.pack("<HHHHHIII", 20, 0, zipfile.ZIP_DEFLATED, 0, 0x21, part.crc, len(part.stream),
                             declared.get(part.name, part.size))
        directory += b"PK\x01\x02" + struct.pack("<H", 20) + fields + struct.pack(
            "<HHHHHII", len(name), 0, 0, 0, 0, 0, len(body)) + name
        body += b"PK\x03\x04" + fields + struct.pack("<HH", len(name), 0) + name + part.stream
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), len(body), 0)
    path.write_bytes(bytes(body + directory + end))
    return path
