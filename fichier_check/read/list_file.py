"""Read a suppression-list file (`--opposition`, `--bloctel`, any list option added later): the one
way a list file becomes a `SuppressionList`, refused when it would protect nothing.

The text is decoded as the prospect file is (`read/encoding.py`: byte-order marks, UTF-16 without
one, UTF-8, Windows-1252 or Latin-1; a file mixing two encodings is refused). A list is then refused
(`UserError`, exit 2) when it is a spreadsheet, when it holds NUL characters (a program, an image,
a database: binary content, whatever encoding read it), or when `analysis/list_guard.judge` finds
it empty, recognises nothing in it or rejects most of its lines. The file's SHA-256 goes to the
reports, as evidence of which list the file was checked against.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from fichier_check.analysis.list_guard import expected, judge
from fichier_check.analysis.lists import SuppressionList, parse_list
from fichier_check.errors import UserError
from fichier_check.read.encoding import detect_encoding, line_of_offset

_SPREADSHEETS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
HEAD_SIZE = 1 << 16


def load_list(path: str | Path, kind: str = "opposition") -> SuppressionList:
    """Read, parse and judge one list file (`kind` names its option: "opposition" for --opposition)."""
    path = Path(path)
    raw = _read_bytes(path, kind)
    suppression = parse_list(_text(path, raw, kind), path, kind, hashlib.sha256(raw).hexdigest())
    for source in suppression.sources:
        judge(source)
    return suppression


def _read_bytes(path: Path, kind: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"the {kind} list does not exist", path=path, hint="check the path") from None
    except OSError as error:
        raise UserError(f"cannot read the {kind} list: {error.strerror or error}", path=path) from None


def _text(path: Path, raw: bytes, kind: str) -> str:
    if raw.startswith(_SPREADSHEETS):
        raise UserError(f"the {kind} list is a spreadsheet, not a text file", path=path,
                        hint="save it as CSV or plain text (one e-mail, number or SHA-256 per line)")
    try:
        encoding = detect_encoding(path, raw[:HEAD_SIZE])
    except UserError as error:  # its hint names --encoding, which lists do not have
        raise UserError(f"the {kind} list is not text in one encoding: {error.message}", path=path,
                        line=error.line, hint="save it again as UTF-8 text") from None
    text = raw[len(encoding.bom):].decode(encoding.codec)
    nul = text.find("\x00")
    if nul >= 0:
        raise UserError(f"the {kind} list holds binary content (a NUL character), not text", path=path,
                        line=line_of_offset(text, nul), hint=expected(kind))
    return text
