"""Open a prospect file (CSV/TSV/TXT or XLSX/XLSM) as a header plus chunks of text cells.

`open_table(path, options)` is the only entry point; it never writes. Policies:

- Every cell is text, never converted: `0612345678`, `NA`, `NULL`, `#N/A`, `nan` and "" stay exactly
  those strings; nothing is stripped. Header names are kept exactly (duplicates and empty names are
  allowed: columns are positional).
- Encoding: see `fichier_check.read.encoding` (BOM, then strict UTF-8, then cp1252 for single-byte text;
  a UTF-8 file with stray foreign bytes is refused with the line of the first one).
- Delimiter: `;` TAB `,` `|`, the one whose header has several fields and whose rows agree with it
  (so a French `;` file with decimal commas is `;`); Excel's first line `sep=;` decides and is kept
  for writing back.
- NUL bytes are data: a NUL inside a cell is kept in the cell (and written back), like any other
  character. Only a file that is mostly control bytes is refused, as binary.
- Ragged rows: a row with fewer fields than the header is padded with "" (warning with its lines);
  extra fields that are all empty (trailing delimiters) are dropped (warning); extra fields holding
  text are refused with the line, since a cell was split and guessing which one would move data
  between columns. A quote that is never closed is refused with the line where it opened.
- Row numbers are a spreadsheet's: header row 1 (or below the blank lines preceding it), a
  multi-line quoted cell is one row, blank lines are counted but yield no record.
- Anything a user can fix raises `UserError` with the line where there is one; no raw exception
  (UnicodeDecodeError, csv.Error, pyarrow, zipfile, calamine) escapes. Structural errors found
  while reading (a ragged row far down the file) are raised by `chunks()`.
- `warnings` holds what was found on opening; what is found while reading (ragged rows, phone
  numbers stored as numbers in XLSX) is added once `chunks()` has been consumed to the end.
- XLSX: see `fichier_check.read.xlsx_source` (cells as the text Excel shows, typed values kept).
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from fichier_check.errors import UserError
from fichier_check.read.csv_source import CsvSource
from fichier_check.read.xlsx_source import XlsxSource
from fichier_check.table import LoadOptions, TableSource

HEAD_SIZE = 1 << 16
XLSX_SUFFIXES = {".xlsx", ".xlsm"}  # any other name is read as CSV text (.csv .tsv .txt .dat…)
UNSUPPORTED_WORKBOOKS = {".xls": "a legacy .xls workbook", ".xlsb": "a binary .xlsb workbook",
                         ".ods": "an OpenDocument spreadsheet", ".numbers": "a Numbers spreadsheet"}
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: legacy .xls, or an encrypted .xlsx
_OTHER_MAGIC = {
    b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image", b"\x1f\x8b": "a gzip archive", b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive", b"SQLite format 3\x00": "an SQLite database", b"BZh": "a bzip2 archive",
}
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32)])  # not TAB LF VT FF CR ESC


def open_table(path: Path, options: LoadOptions | None = None) -> TableSource:
    """Open `path` for reading; raises UserError for anything the user can fix."""
    path = Path(path)
    options = options or LoadOptions()
    head = _read_head(path)
    suffix = path.suffix.lower()
    if head.startswith(CFB_MAGIC):
        raise UserError("password-protected or legacy .xls workbook", path=path,
                        hint="save it as .xlsx without a password (or as CSV)")
    if suffix in UNSUPPORTED_WORKBOOKS:
        raise UserError(f"{UNSUPPORTED_WORKBOOKS[suffix]} is not supported", path=path,
                        hint="save it as .xlsx or CSV")
    if suffix in XLSX_SUFFIXES:
        _require_zip(path, head)
        return XlsxSource(path, options)
    _refuse_binary(path, head)
    return CsvSource(path, options, head)


def _read_head(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD_SIZE)
    except IsADirectoryError:
        raise UserError("this is a folder, not a file", path=path) from None
    except OSError as error:
        raise UserError(f"cannot read the file: {error.strerror}", path=path) from None
    if not head:
        raise UserError("file is empty", path=path)
    return head


def _require_zip(path: Path, head: bytes) -> None:
    if head.startswith(ZIP_MAGIC):
        return
    if _looks_binary(head):
        raise UserError("this is not an XLSX workbook (no zip signature)", path=path,
                        hint="the file may be damaged: open it in Excel and save it again")
    raise UserError("this looks like CSV text, not an XLSX workbook", path=path, hint="rename it .csv")


def _refuse_binary(path: Path, head: bytes) -> None:
    if head.startswith(ZIP_MAGIC):
        kind = _zip_kind(path)
        raise UserError(f"this looks like {kind}, not CSV text", path=path,
                        hint=_ZIP_HINTS.get(kind, "extract the CSV file from it first"))
    for magic, kind in _OTHER_MAGIC.items():
        if head.startswith(magic):
            raise UserError(f"this looks like {kind}, not CSV text", path=path, hint="give the CSV or XLSX file")
    if _looks_binary(head):
        raise UserError("binary file, not CSV text", path=path, hint="give the CSV or XLSX file")


_ZIP_HINTS = {"an XLSX workbook": "rename it .xlsx", "an OpenDocument file": "save it as .xlsx or CSV"}


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "a zip archive"
    if any(n.startswith("xl/") for n in names):
        return "an XLSX workbook"
    if "mimetype" in names:
        return "an OpenDocument file"
    if any(n.startswith("word/") for n in names):
        return "a Word document"
    return "a zip archive"


def _looks_binary(head: bytes) -> bool:
    """Mostly control bytes (UTF-16 text has zero bytes too, but in a regular pattern: not binary)."""
    for bom in (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"):
        if head.startswith(bom):
            return False
    sample = head[: len(head) // 2 * 2]
    if len(sample) >= 4 and max(sample[0::2].count(0), sample[1::2].count(0)) > 0.4 * len(sample) / 2:
        if min(sample[0::2].count(0), sample[1::2].count(0)) < 0.05 * len(sample) / 2:
            return False  # UTF-16 without BOM
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return control >= 8 and control > 0.05 * len(head)


__all__ = ["open_table", "LoadOptions", "TableSource"]
