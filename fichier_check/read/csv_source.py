"""Read a CSV/TSV/TXT file into chunks of text cells, with spreadsheet row numbers.

Two readers give identical rows (chunks of `chunk_rows` rows, but for a shorter one where a reader
hands over to the other):
- the fast one, `pyarrow.csv` (multi-line cells allowed, every column a string, no null values),
  used while the file is regular: no leading blank line, more than one column, every record as wide
  as the header, no blank line (pyarrow would return a blank line as a row of empty cells, which is
  indistinguishable from a line of bare delimiters, so an all-empty row also hands over);
- the exact one, Python's `csv` module, which knows line numbers. It takes over, from the first row
  not yet delivered, whenever the fast one raises or meets something irregular, and hands back
  after a thousand regular rows (`csv_segments`; in UTF-16 it reads on to the end). It is the one
  that fits ragged rows to the header (padded, or extra fields joined into the last cell: the
  `malformed-row` rule quarantines them) and raises the precise `UserError`.

Structural findings (ragged rows) are made while reading: `warnings` is complete once `chunks()` has
been consumed to the end.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.csv as pa_csv

from fichier_check.read.csv_dialect import _one_column_warning, parse_delimiter_option, sniff_dialect
from fichier_check.read.csv_lines import CrlfKeptWhole, Utf8CrlfKeptWhole, offset_of_line, resumable
from fichier_check.read.csv_rows import (
    _chunk_from_arrow, _has_all_empty_row, _Irregular, _RaggedRows, _Rechunker, _without_header, line_breaks,
    text_frame)
from fichier_check.read.csv_segments import ChunkBuilder, ExactSegment, Position, unreadable
from fichier_check.read.encoding import SAMPLE_SIZE, TextEncoding, detect_encoding, line_of_offset
from fichier_check.errors import UserError
from fichier_check.table import Chunk, LoadOptions, SourceFormat

# Python's csv refuses fields over 131,072 characters by default; a long comment is legitimate.
csv.field_size_limit(2**31 - 1)

ARROW_BLOCK_SIZE = 1 << 20  # a record longer than this hands over to the exact reader


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

    @property
    def header_line(self) -> int:
        """Physical line of the header: its row, plus Excel's `sep=` line if there is one."""
        return self.header_row + int(self._dialect.sep_line)

    def chunks(self) -> Iterator[Chunk]:
        """Every chunk of the file, parsed again at each call (a run replays its first pass
        instead: `runtime.parsed_once`). The fast reader reads while it can; the exact reader takes
        the stretch it cannot, and the fast one takes over again after it (`csv_segments`)."""
        if not self._fast_path_possible():
            yield from self.exact_chunks()
            return
        if not resumable(self._encoding.codec):
            yield from self._fast_then_exact()
            return
        width = len(self.header)
        fitter = _RaggedRows(self.path, width, self._dialect.delimiter)
        at: Position | None = Position(self.header_row + 1, self.header_line + 1 + line_breaks(self.header))
        anchor = Position(0, 1, len(self._encoding.bom))  # a line start whose offset is known
        records = 0
        while at is not None:
            reached = Position(at.row, at.line)
            try:
                for chunk in self.fast_chunks(at, reached):
                    records += len(chunk.frame)
                    yield chunk
                break
            except (_Irregular, pa.ArrowException, UnicodeDecodeError):
                pass  # the exact reader decides, from the first row not yet delivered
            reached.offset = offset_of_line(self.path, anchor.offset, anchor.line, reached.line)
            segment = ExactSegment(self.path, self._encoding.codec, self._dialect.delimiter,
                                   ChunkBuilder(width, self._chunk_rows), fitter, reached)
            for chunk in segment:
                records += len(chunk.frame)
                yield chunk
            at = anchor = segment.end
        fitter.refuse_if_too_many(records)
        self.warnings = self._base_warnings + fitter.warnings()

    def _fast_then_exact(self) -> Iterator[Chunk]:
        """For encodings whose line breaks cannot be found as bytes (UTF-16): the fast reader, then
        the exact one to the end of the file once the fast one stops."""
        delivered = 0
        try:
            for chunk in self.fast_chunks():
                delivered += len(chunk.frame)
                yield chunk
        except (_Irregular, pa.ArrowException, UnicodeDecodeError):
            pass
        else:
            self.warnings = list(self._base_warnings)
            return
        yield from self.exact_chunks(skip=delivered)

    def fast_chunks(self, start: Position | None = None, reached: Position | None = None) -> Iterator[Chunk]:
        """The pyarrow reader, from the header or from `start` (a line start with its offset),
        keeping `reached` at the row after the last chunk it yielded. Raises `_Irregular` or a
        pyarrow error where the exact reader must decide, after yielding the rows it had read."""
        width = len(self.header)
        first = start if start is not None and start.offset is not None else None
        reached = reached or Position(self.header_row + 1, self.header_line + 1 + line_breaks(self.header))
        if start is not None:
            reached.row, reached.line = start.row, start.line
        rechunker = _Rechunker(self._chunk_rows)
        with _open_binary(self.path) as raw:
            raw.seek(first.offset if first else len(self._encoding.bom))
            batches = iter(self._arrow_reader(raw, width, from_start=first is None))
            try:
                for batch in batches if first else _without_header(batches, self.header):
                    if batch.num_columns != width or _has_all_empty_row(batch):
                        raise _Irregular()
                    for table in rechunker.push(batch):
                        yield self._fast_chunk(table, reached)
            except (_Irregular, pa.ArrowException, UnicodeDecodeError):
                for table in rechunker.flush():  # rows read before the irregular one: delivered, not read again
                    yield self._fast_chunk(table, reached)
                raise
            for table in rechunker.flush():
                yield self._fast_chunk(table, reached)

    @staticmethod
    def _fast_chunk(table: pa.Table, reached: Position) -> Chunk:
        chunk, reached.line = _chunk_from_arrow(table, reached.row, reached.line)
        reached.row += table.num_rows
        return chunk

    def exact_chunks(self, skip: int = 0) -> Iterator[Chunk]:
        """Python's csv reader over the whole file: line numbers, ragged rows, blank lines; the
        first `skip` rows are not yielded."""
        width = len(self.header)
        fitter = _RaggedRows(self.path, width, self._dialect.delimiter)
        builder = ChunkBuilder(width, self._chunk_rows)
        records = 0
        for fields, first_line, last_line, row in self._data_records():
            records += 1
            count = len(fields)
            malformed = False
            if count != width:
                fields, malformed = fitter.fit(fields, first_line, last_line)
            if skip:
                skip -= 1
                continue
            chunk = builder.add(fields, row, first_line, count if malformed else None)
            if chunk is not None:
                yield chunk
        fitter.refuse_if_too_many(records)
        rest = builder.take()
        if rest is not None:
            yield rest
        self.warnings = self._base_warnings + fitter.warnings()

    def _fast_path_possible(self) -> bool:
        return len(self.header) > 1 and self._dialect.leading_blank_lines == 0

    def _arrow_reader(self, raw, width: int, from_start: bool = True) -> pa_csv.CSVStreamingReader:
        codec = self._encoding.codec
        read = pa_csv.ReadOptions(
            encoding="utf8", autogenerate_column_names=True,  # other encodings decoded by Utf8CrlfKeptWhole
            skip_rows=1 if self._dialect.sep_line and from_start else 0, block_size=ARROW_BLOCK_SIZE)
        parse = pa_csv.ParseOptions(
            delimiter=self._dialect.delimiter, quote_char='"', double_quote=True, escape_char=False,
            newlines_in_values=True, ignore_empty_lines=False)
        convert = pa_csv.ConvertOptions(
            column_types={f"f{i}": pa.string() for i in range(width)}, null_values=[],
            strings_can_be_null=False, quoted_strings_can_be_null=False)
        source = CrlfKeptWhole(raw) if codec == "utf-8" else Utf8CrlfKeptWhole(raw, codec)
        return pa_csv.open_csv(source, read_options=read, parse_options=parse, convert_options=convert)

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
            except (csv.Error, UnicodeDecodeError) as error:
                raise unreadable(error, self.path, self._encoding.codec, last + 1) from None

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


__all__ = ["CsvSource", "text_frame"]  # text_frame lives in csv_rows; callers still import it from here
