"""How the records of a CSV file are written, found from its first 64 KB: delimiter (given, from
Excel's `sep=` line, or guessed), line terminator, quote-everything style, and blank lines before
the header. `CsvSource` reads the file with the `Dialect` found here.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from itertools import islice

from fichier_check.errors import UserError

CANDIDATES = [";", "\t", ",", "|"]  # order breaks ties: French Excel writes ";"
DELIMITER_WORDS = {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ",", "pipe": "|"}
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
