"""Read a CSV/TSV/TXT file into chunks of text cells, with spreadsheet row numbers.

Two readers give identical chunks:
- the fast one, `pyarrow.csv` (multi-line cells allowed, every column a string, no null values),
  used while the file is regular: no leading blank line, more than one column, every record as wide
  as the header, no blank line (pyarrow would return a blank line as a row of empty cells, which is
  indistinguishable from a line of bare delimiters, so an all-empty row also hands over);
- the exact one, Python's `csv` module, which knows line numbers. It takes over, from the first row
  not yet delivered, whenever the fast one raises or meets something irregular, and it is the one
  that pads short rows, drops empty trailing fields and raises the precise `UserError`.

Structural findings (ragged rows) are made while reading: `warnings` is complete once `chunks()` has
been consumed to the end.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pa_compute
import pyarrow.csv as pa_csv

from fichier_check.read.encoding import SAMPLE_SIZE, TextEncoding, detect_encoding, line_of_offset
from fichier_check.errors import UserError
from fichier_check.table import Chunk, LoadOptions, SourceFormat

# Python's csv refuses fields over 131,072 characters by default; a long comment is legitimate.
csv.field_size_limit(2**31 - 1)

CANDIDATES = [";", "\t", ",", "|"]  # order breaks ties: French Excel writes ";"
DELIMITER_WORDS = {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ",", "pipe": "|"}
ARROW_BLOCK_SIZE = 1 << 20  # a record longer than this hands over to the exact reader
_SEP_LINE = re.compile(r"sep=(.)(\r\n|\n|\r|$)", re.IGNORECASE)
_LEADING_BREAKS = re.compile(r"(?:\r\n|\n|\r)*")
_NAMES = {";": "semicolon", ",": "comma", "\t": "tab", "|": "pipe"}
_TERMINATOR_NAMES = {"\r\n": "CRLF", "\n": "LF", "\r": "CR"}


def parse_delimiter_option(value: str | None) -> str | None:
    """`--delimiter` as one character; accepts the words tab, \\t, semicolon, comma, pipe."""
    if value is None or value == "":
        return None
    delimiter = DELIMITER_WORDS.get(value.lower(), value)
    if len(delimiter) != 1 or delimiter in '"\r\n':
        raise UserError(f"invalid delimiter {value!r}",
                        hint="give one character, or one of: tab, semicolon, comma, pipe")
    return delimiter


@dataclass
class Dialect:
    """How the records of a CSV file are written, as found in its first 64 KB."""

    delimiter: str
    sep_line: bool  # the file starts with Excel's "sep=;" line, which is not the header
    line_terminator: str
    quote_all: bool
    leading_blank_lines: int
    detection: str


class CsvSource:
    """A CSV file opened for reading: format, header, warnings, and `chunks()` (re-readable)."""

    def __init__(self, path: Path, options: LoadOptions, head: bytes) -> None:
        self.path = path
        self._chunk_rows = max(1, options.chunk_rows)
        self._encoding = detect_encoding(path, head, options.encoding)
        sample, complete = _read_sample(path, self._encoding)
        self._dialect = sniff_dialect(sample, complete, parse_delimiter_option(options.delimiter))
        self.header = self._read_header()
        self._base_warnings = _one_column_warning(self.header, self._dialect.delimiter)
        self.warnings = list(self._base_warnings)
        if self._encoding.quotes % 2:
            _refuse_unclosed_quote(path, self._encoding, self._dialect.delimiter)
        self.format = self._source_format()

    @property
    def header_row(self) -> int:
        """Spreadsheet row of the header: 1, unless blank lines precede it."""
        return self._dialect.leading_blank_lines + 1

    def chunks(self) -> Iterator[Chunk]:
        """Every chunk of the file, parsed again at each call (a run replays its first pass
        instead: `runtime.parsed_once`)."""
        if not self._fast_path_possible():
            yield from self.exact_chunks()
            return
        delivered = 0
        try:
            for chunk in self.fast_chunks():
                delivered += len(chunk.frame)
                yield chunk
        except (_Irregular, pa.ArrowException, UnicodeDecodeError):
            pass  # the exact reader decides, from the first row not yet delivered
        else:
            self.warnings = list(self._base_warnings)
            return
        yield from self.exact_chunks(skip=delivered)

    def fast_chunks(self) -> Iterator[Chunk]:
        """The pyarrow reader; raises `_Irregular` or a pyarrow error where the exact one must decide."""
        width, next_row = len(self.header), self.header_row + 1
        rechunker = _Rechunker(self._chunk_rows)
        with _open_binary(self.path) as raw:
            raw.seek(len(self._encoding.bom))
            batches = iter(self._arrow_reader(raw, width))
            for batch in _without_header(batches, self.header):
                if batch.num_columns != width or _has_all_empty_row(batch):
                    raise _Irregular()
                for table in rechunker.push(batch):
                    yield _chunk_from_arrow(table, next_row)
                    next_row += table.num_rows
            for table in rechunker.flush():
                yield _chunk_from_arrow(table, next_row)

    def exact_chunks(self, skip: int = 0) -> Iterator[Chunk]:
        """Python's csv reader: line numbers, ragged rows, blank lines; the first `skip` rows are not yielded."""
        width = len(self.header)
        ragged = _RaggedRows(self.path, width)
        cells: list[str] = []  # row after row, flat: columns are then cheap strided slices
        numbers: list[int] = []
        for fields, first_line, last_line, row in self._data_records():
            if len(fields) != width:
                fields = ragged.fit(fields, first_line, last_line)
            if skip:
                skip -= 1
                continue
            cells.extend(fields)
            numbers.append(row)
            if len(numbers) == self._chunk_rows:
                yield _chunk_from_cells(cells, numbers, width)
                cells, numbers = [], []
        if numbers:
            yield _chunk_from_cells(cells, numbers, width)
        self.warnings = self._base_warnings + ragged.warnings()

    def _fast_path_possible(self) -> bool:
        return len(self.header) > 1 and self._dialect.leading_blank_lines == 0

    def _arrow_reader(self, raw, width: int) -> pa_csv.CSVStreamingReader:
        codec = self._encoding.codec
        read = pa_csv.ReadOptions(
            encoding="utf8" if codec == "utf-8" else codec, autogenerate_column_names=True,
            skip_rows=1 if self._dialect.sep_line else 0, block_size=ARROW_BLOCK_SIZE)
        parse = pa_csv.ParseOptions(
            delimiter=self._dialect.delimiter, quote_char='"', double_quote=True, escape_char=False,
            newlines_in_values=True, ignore_empty_lines=False)
        convert = pa_csv.ConvertOptions(
            column_types={f"f{i}": pa.string() for i in range(width)}, null_values=[],
            strings_can_be_null=False, quoted_strings_can_be_null=False)
        return pa_csv.open_csv(raw, read_options=read, parse_options=parse, convert_options=convert)

    def _records(self) -> Iterator[tuple[list[str], int, int]]:
        """Every record with its first and last line; blank lines are records too ([])."""
        with _open_text(self.path, self._encoding) as text:
            reader = csv.reader(text, delimiter=self._dialect.delimiter, quotechar='"', doublequote=True,
                                strict=False)
            last = 0
            try:
                for fields in reader:
                    yield fields, last + 1, reader.line_num
                    last = reader.line_num
            except csv.Error as error:
                raise UserError(f"unreadable CSV: {error}", path=self.path, line=last + 1) from None
            except UnicodeDecodeError as error:  # the file changed since its encoding was checked
                raise UserError(f"cannot read as {self._encoding.codec}: {error.reason}", path=self.path,
                                line=last + 1, hint="give the right encoding with --encoding") from None

    def _data_records(self) -> Iterator[tuple[list[str], int, int, int]]:
        """Records after the header, with their spreadsheet row (blank lines count but are skipped)."""
        records = self._records()
        if self._dialect.sep_line:
            next(records, None)  # Excel hides the sep= line: it is not a row
        row, header_seen = 0, False
        for fields, first_line, last_line in records:
            row += 1
            if not fields:
                continue
            if header_seen:
                yield fields, first_line, last_line, row
            header_seen = True

    def _read_header(self) -> list[str]:
        records = self._records()
        if self._dialect.sep_line:
            next(records, None)
        header = next((fields for fields, _, _ in records if fields), None)
        records.close()
        if header is None:
            raise UserError("file is empty", path=self.path, hint="no header line was found")
        return header

    def _source_format(self) -> SourceFormat:
        enc, dialect = self._encoding, self._dialect
        return SourceFormat(
            kind="csv", encoding=enc.codec, bom=bool(enc.bom), delimiter=dialect.delimiter,
            line_terminator=dialect.line_terminator, quote_all=dialect.quote_all,
            final_newline=_ends_with_line_break(self.path, enc.codec), sep_line=dialect.sep_line,
            detection=f"encoding: {enc.detection}; {dialect.detection}")


class _Irregular(Exception):
    """The fast reader met something only the exact reader handles precisely."""


class _RaggedRows:
    """Fits records to the header width: pads short ones, drops empty extras, refuses the rest."""

    def __init__(self, path: Path, width: int) -> None:
        self.path, self.width = path, width
        self.short: list[int] = []
        self.trailing: list[int] = []

    def fit(self, fields: list[str], first_line: int, last_line: int) -> list[str]:
        if len(fields) < self.width:
            self.short.append(first_line)
            return fields + [""] * (self.width - len(fields))
        if not any(fields[self.width:]):
            self.trailing.append(first_line)
            return fields[: self.width]
        counts = f"has {len(fields)} fields, the header has {self.width}"
        if last_line > first_line:
            raise UserError(f"the row on lines {first_line}-{last_line} {counts}", path=self.path, line=first_line,
                            hint="a quote opened or closed in the wrong place? check the quotes")
        raise UserError(f"line {first_line} {counts}", path=self.path, line=first_line,
                        hint="a delimiter inside an unquoted cell? quote the cell or fix the line")

    def warnings(self) -> list[str]:
        found = []
        if self.short:
            found.append(f"{_rows(self.short)} had fewer fields than the header ({_lines(self.short)}): "
                         "padded with empty cells")
        if self.trailing:
            found.append(f"{_rows(self.trailing)} had more fields than the header, all empty "
                         f"({_lines(self.trailing)}): the extra empty fields were dropped")
        return found


def _rows(lines: list[int]) -> str:
    return "1 row" if len(lines) == 1 else f"{len(lines)} rows"


def _lines(lines: list[int], shown: int = 10) -> str:
    listed = ", ".join(str(n) for n in lines[:shown])
    more = f" and {len(lines) - shown} more" if len(lines) > shown else ""
    return ("line " if len(lines) == 1 else "lines ") + listed + more


class _Rechunker:
    """Regroups Arrow record batches into tables of exactly `size` rows (the last one shorter)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.parts: list[pa.RecordBatch] = []
        self.count = 0

    def push(self, batch: pa.RecordBatch) -> Iterator[pa.Table]:
        self.parts.append(batch)
        self.count += batch.num_rows
        while self.count >= self.size:
            table = pa.Table.from_batches(self.parts)
            yield table.slice(0, self.size)
            rest = table.slice(self.size)
            self.parts, self.count = rest.to_batches(), rest.num_rows

    def flush(self) -> Iterator[pa.Table]:
        if self.count:
            yield pa.Table.from_batches(self.parts)


def sniff_dialect(sample: str, complete: bool, delimiter: str | None = None) -> Dialect:
    """Delimiter, `sep=` line, line terminator, quoting and leading blank lines from the file's start."""
    sep = _SEP_LINE.match(sample)
    body = sample[sep.end():] if sep else sample
    blank = _LEADING_BREAKS.match(body).group()
    body = body[len(blank):]
    how = []
    if delimiter:
        how.append(f"delimiter {_NAMES.get(delimiter, repr(delimiter))} given")
    elif sep:
        delimiter = sep.group(1)
        how.append(f"delimiter {_NAMES.get(delimiter, repr(delimiter))} from the sep= line")
    else:
        delimiter = guess_delimiter(body, complete)
        how.append(f"delimiter {_NAMES[delimiter]} detected")
    terminator = _dominant_line_terminator(sample)
    how.append(f"line ends {_TERMINATOR_NAMES[terminator]}")
    return Dialect(delimiter, bool(sep), terminator, _header_fully_quoted(body, delimiter),
                   _count_breaks(blank), "; ".join(how))


def guess_delimiter(body: str, complete: bool) -> str:
    """The candidate whose header has several fields and whose rows agree with it most."""
    if not complete:
        body = body[: max(body.rfind("\n"), body.rfind("\r")) + 1] or body
    scores = []
    for preference, candidate in enumerate(CANDIDATES):
        counts = _field_counts(body, candidate)
        if not complete and len(counts) > 2:
            counts = counts[:-1]  # the last record may be cut by the sample's end
        header = counts[0] if counts else 0
        rows = counts[1:]
        agreement = sum(n == header for n in rows) / len(rows) if rows else 1.0
        scores.append(((header > 1, agreement, header, -preference), candidate))
    return max(scores)[1]


def _field_counts(body: str, delimiter: str, limit: int = 200) -> list[int]:
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
    try:
        return [len(r) for r in islice(reader, limit) if r]
    except csv.Error:
        return []


def _dominant_line_terminator(sample: str) -> str:
    crlf = sample.count("\r\n")
    lf, cr = sample.count("\n") - crlf, sample.count("\r") - crlf
    if not (crlf or lf or cr):
        return "\r\n"
    return max((crlf, "\r\n"), (lf, "\n"), (cr, "\r"))[1]


def _header_fully_quoted(body: str, delimiter: str) -> bool:
    """Every field of the first record starts with a quote (`"a";"b"`), as quote-everything writers do."""
    d = re.escape(delimiter)
    field_pattern = re.compile(rf'("(?:[^"]++|"")*+"[^{d}\r\n]*|[^{d}\r\n]*)({d}?)')
    position, quoted = 0, []
    while True:
        match = field_pattern.match(body, position)
        quoted.append(match.group(1).startswith('"'))
        if not match.group(2):
            return bool(quoted) and all(quoted)
        position = match.end()


def _one_column_warning(header: list[str], delimiter: str) -> list[str]:
    if len(header) != 1:
        return []
    others = [_NAMES[c] for c in CANDIDATES if c != delimiter and c in header[0]]
    if not others:
        return []
    return [f"only one column found with the delimiter {_NAMES.get(delimiter, repr(delimiter))}, "
            f"but the header line holds: {', '.join(others)}: is the delimiter right? use --delimiter"]


def _count_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _refuse_unclosed_quote(path: Path, encoding: TextEncoding, delimiter: str) -> None:
    """An odd number of quotes: find a cell whose opening quote is never closed (it would eat the file)."""
    with _open_text(path, encoding) as f:
        text = f.read()
    d = re.escape(delimiter)
    opening = re.compile(rf'(?<![^{d}\r\n])"(?:[^"]++|"")*+(")?')
    last = None
    for last in opening.finditer(text):
        pass
    if last is not None and last.group(1) is None:
        line = line_of_offset(text, last.start())
        raise UserError(f"a quote opened on line {line} is never closed: the rest of the file would be one cell",
                        path=path, line=line, hint="close the quote, or remove it")


def _read_sample(path: Path, encoding: TextEncoding) -> tuple[str, bool]:
    with _open_text(path, encoding) as f:
        sample = f.read(SAMPLE_SIZE)
        return sample, f.read(1) == ""


def _open_after_bom(path: Path, encoding: TextEncoding):
    try:
        raw = open(path, "rb")
    except OSError as error:
        raise UserError(f"cannot read the file: {error.strerror}", path=path) from None
    raw.seek(len(encoding.bom))
    return raw


def _open_binary(path: Path) -> pa.NativeFile:
    # A plain file, not a memory map: the pages of a mapped multi-GB input would count in the
    # process's resident memory as the reader goes through it.
    try:
        return pa.OSFile(str(path), "rb")
    except OSError as error:
        raise UserError(f"cannot read the file: {error.strerror or error}", path=path) from None


def _open_text(path: Path, encoding: TextEncoding) -> io.TextIOWrapper:
    return io.TextIOWrapper(_open_after_bom(path, encoding), encoding=encoding.codec, errors="strict", newline="")


def _ends_with_line_break(path: Path, codec: str) -> bool:
    with open(path, "rb") as f:
        f.seek(0, io.SEEK_END)
        f.seek(max(0, f.tell() - 8))
        tail = f.read()
    return tail.endswith("\n".encode(codec)) or tail.endswith("\r".encode(codec))


def _without_header(batches: Iterator[pa.RecordBatch], header: list[str]) -> Iterator[pa.RecordBatch]:
    """Drops pyarrow's first row, which is the header (checked against the exact reader's)."""
    for batch in batches:
        if batch.num_rows:
            if [batch.column(i)[0].as_py() for i in range(batch.num_columns)] != header:
                raise _Irregular()
            yield batch.slice(1)
            break
    yield from batches


def _has_all_empty_row(batch: pa.RecordBatch) -> bool:
    """A row whose every cell is empty (a blank line, to pyarrow): the exact reader decides what it is.
    Columns are looked at until no row is empty in all of them so far (usually the first or second)."""
    rows = np.arange(batch.num_rows)
    for column in batch.columns:
        if not len(rows):
            return False
        lengths = pa_compute.binary_length(column if len(rows) == batch.num_rows else column.take(pa.array(rows)))
        rows = rows[lengths.to_numpy(zero_copy_only=False) == 0]
    return bool(len(rows))


def _chunk_from_arrow(table: pa.Table, first_row: int) -> Chunk:
    frame = table.to_pandas()
    frame.columns = pd.RangeIndex(table.num_columns)
    return Chunk(frame, np.arange(first_row, first_row + table.num_rows, dtype=np.int64))


def _chunk_from_cells(cells: list[str], numbers: list[int], width: int) -> Chunk:
    return Chunk(text_frame([cells[i::width] for i in range(width)]), np.asarray(numbers, dtype=np.int64))


def text_frame(columns: list) -> pd.DataFrame:
    """A frame of text cells (columns 0..n-1) with the same dtype as the fast reader produces."""
    table = pa.table({f"f{i}": column if isinstance(column, pa.Array) else pa.array(column, type=pa.string())
                      for i, column in enumerate(columns)})
    frame = table.to_pandas()
    frame.columns = pd.RangeIndex(len(columns))
    return frame
