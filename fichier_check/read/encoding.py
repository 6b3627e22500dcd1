"""Character encoding of a text table (CSV/TSV/TXT): detection, validation and precise errors.

Policy, in order (`detect_encoding`):

1. A byte-order mark decides: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE. It is remembered (`bom`) so the
   cleaned file gets it back.
2. UTF-16 without a BOM is recognised by its zero bytes (every other byte is 0 in Latin text).
3. If the whole file decodes as UTF-8, it is UTF-8 (pure ASCII included).
4. If it does not and (almost) none of its non-ASCII bytes form valid UTF-8 sequences (at most 5 %
   of them), it is single-byte text: cp1252, what French Excel and Windows write (’ € œ Œ … are
   right, where latin-1 would turn them into control characters), or latin-1 when the file holds
   a byte that cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D). charset-normalizer may only
   move it to cp1250 (Central European) or cp1251 (Cyrillic), when the text is incoherent read as
   cp1252 and coherent in one of those: on short French text it guesses too freely to be trusted
   further.
5. A UTF-8 file with stray bytes of another encoding (more than 5 % of its non-ASCII sequences
   are valid UTF-8) is refused: reading it either way would corrupt part of it, and the cleaned
   copy with it. The error names the line of the first bad byte and suggests `--encoding`.

`--encoding` overrides all of this; the file must then decode with it, or the error names the line.
The validation pass reads the whole file once in blocks (about 0.15 s per 150 MB) and also counts
quote characters, which the CSV loader uses to look for a quote that is never closed.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pyarrow as pa
from charset_normalizer import from_bytes

from fichier_check.errors import UserError

BLOCK_SIZE = 1 << 22
SAMPLE_SIZE = 1 << 16
STATS_SIZE = 1 << 20

_BOMS = [  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
]
_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_ASCII = bytes(range(128))
_SINGLE_BYTE_ALTERNATIVES = ["cp1252", "cp1250", "cp1251"]
_FRIENDLY = {"iso8859-1": "latin-1", "iso8859-15": "iso-8859-15", "utf-8-sig": "utf-8"}


@dataclass(frozen=True)
class TextEncoding:
    """How to decode a text file: codec, BOM to skip, why, and what the validation pass counted."""

    codec: str  # Python codec without BOM handling: "utf-8", "cp1252", "utf-16-le", …
    bom: bytes  # the byte-order mark the file starts with (b"" if none)
    detection: str  # how it was decided, in English, for the report
    quotes: int  # number of '"' characters in the whole text


def detect_encoding(path: Path, head: bytes, override: str | None = None) -> TextEncoding:
    """Decide the encoding of `path` (whose first bytes are `head`) and check the whole file decodes."""
    if override:
        return _forced(path, head, override)
    for bom, codec, name in _BOMS:
        if head.startswith(bom):
            quotes = _validated(path, codec, len(bom), f"the file starts with a {name} byte-order mark")
            return TextEncoding(codec, bom, f"{name} byte-order mark", quotes)
    utf16 = _utf16_without_bom(head)
    if utf16:
        quotes = _validated(path, utf16, 0, f"the file looks like {utf16.upper()} without byte-order mark")
        return TextEncoding(utf16, b"", f"{utf16.upper()} without byte-order mark (zero bytes)", quotes)
    scan = scan_text(path, "utf-8", 0)
    if scan.bad is None:
        how = "ASCII only, read as UTF-8" if scan.ascii else "valid UTF-8"
        return TextEncoding("utf-8", b"", how, scan.quotes)
    return _not_utf8(path, scan.bad)


@dataclass(frozen=True)
class TextScan:
    quotes: int  # number of '"' decoded before the end or the first bad byte
    bad: int | None  # byte offset of the first undecodable byte
    ascii: bool  # every byte read was ASCII


def scan_text(path: Path, codec: str, start: int) -> TextScan:
    """Decode-check the whole file from byte `start`, block by block, without keeping the text."""
    if codec == "utf-8":
        return _scan_utf8(path, start)
    if codec in ("cp1252", "latin-1"):
        return _scan_single_byte(path, start, _CP1252_UNDEFINED if codec == "cp1252" else None)
    decoder = codecs.getincrementaldecoder(codec)("strict")
    quotes, offset, ascii_only = 0, start, True
    for block in _blocks(path, start):
        pending = len(decoder.getstate()[0])
        try:
            quotes += decoder.decode(block, final=not block).count('"')
        except UnicodeDecodeError as error:
            return TextScan(quotes, offset - pending + error.start, False)
        ascii_only = ascii_only and block.isascii()
        offset += len(block)
    return TextScan(quotes, None, ascii_only)


def _scan_utf8(path: Path, start: int) -> TextScan:
    # Arrow validates UTF-8 about 5x faster than bytes.decode, which builds a str we do not need.
    quotes, offset, ascii_only, carry = 0, start, True, b""
    for block in _blocks(path, start):
        data = carry + block
        cut = _utf8_complete(data) if block else len(data)
        ascii_only = ascii_only and data.isascii()
        if not data.isascii() and not _valid_utf8(data[:cut]):
            error_at = _first_utf8_error(data[:cut]) if cut else 0
            return TextScan(quotes, offset - len(carry) + error_at, False)
        quotes += data.count(b'"', 0, cut)
        offset += len(block)
        carry = data[cut:]
    return TextScan(quotes, None, ascii_only)


def _utf8_complete(data: bytes) -> int:
    """Where a multi-byte sequence cut by the block's end starts (len(data) if none)."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return len(data)
        if byte >= 0xC0:
            return len(data) - back
    return len(data)


def _valid_utf8(data: bytes) -> bool:
    try:
        pa.array([data], pa.binary()).cast(pa.string())
    except pa.ArrowInvalid:
        return False
    return True


def _first_utf8_error(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return len(data)


def _scan_single_byte(path: Path, start: int, undefined: bytes | None) -> TextScan:
    """cp1252 (bytes `undefined` cannot be read) or latin-1 (`undefined` None: every byte can)."""
    quotes, offset, ascii_only = 0, start, True
    for block in _blocks(path, start):
        if undefined and len(block.translate(None, undefined)) != len(block):
            return TextScan(quotes, offset + min(i for i in map(block.find, undefined) if i >= 0), False)
        quotes += block.count(b'"')
        ascii_only = ascii_only and block.isascii()
        offset += len(block)
    return TextScan(quotes, None, ascii_only)


def _read(path: Path, offset: int, size: int) -> bytes:
    with _open_binary(path) as f:
        f.seek(offset)
        return f.read(size)


def _blocks(path: Path, start: int) -> Iterator[bytes]:
    """The file's bytes from `start` in blocks, then one final b"" (so decoders can flush)."""
    with _open_binary(path) as f:
        f.seek(start)
        while block := f.read(BLOCK_SIZE):
            yield block
    yield b""


def line_of_byte(path: Path, codec: str, start: int, offset: int) -> int:
    """The 1-based line (as a text editor counts CRLF, LF and CR) holding the byte at `offset`."""
    with _open_binary(path) as f:
        f.seek(start)
        prefix = f.read(offset - start).decode(codec, errors="replace")
    return line_of_offset(prefix, len(prefix))


def line_of_offset(text: str, offset: int) -> int:
    prefix = text[:offset]
    return prefix.count("\n") + prefix.count("\r") - prefix.count("\r\n") + 1


def normalise_codec(name: str, path: Path | None = None) -> str:
    """A user's encoding name as a Python codec name; UserError when Python does not know it."""
    try:
        info = codecs.lookup(name.strip())
    except LookupError:
        raise UserError(f"unknown encoding {name!r}", path=path,
                        hint="use e.g. utf-8, cp1252, latin-1, utf-16") from None
    if not getattr(info, "_is_text_encoding", True):
        raise UserError(f"{name!r} is not a text encoding", path=path, hint="use e.g. utf-8, cp1252, latin-1")
    return _FRIENDLY.get(info.name, info.name)


def _forced(path: Path, head: bytes, override: str) -> TextEncoding:
    codec = normalise_codec(override, path)
    bom = b""
    if codec in ("utf-16", "utf-32"):  # the BOM says which byte order; without one, little-endian
        codec, bom = _byte_order(head, codec)
    else:
        bom = next((b for b, c, _ in _BOMS if c == codec and head.startswith(b)), b"")
    quotes = _validated(path, codec, len(bom), f"--encoding {override} was given")
    return TextEncoding(codec, bom, f"--encoding {override} given" + (" (byte-order mark)" if bom else ""), quotes)


def _byte_order(head: bytes, codec: str) -> tuple[str, bytes]:
    for bom, name, _ in _BOMS:
        if name.startswith(codec) and head.startswith(bom):
            return name, bom
    return codec + "-le", b""


def _validated(path: Path, codec: str, start: int, why: str) -> int:
    scan = scan_text(path, codec, start)
    if scan.bad is not None:
        raise _undecodable(path, codec, start, scan.bad, why)
    return scan.quotes


def _undecodable(path: Path, codec: str, start: int, bad: int, why: str) -> UserError:
    line = line_of_byte(path, codec, start, bad)
    byte = _read(path, bad, 1)
    return UserError(f"byte 0x{byte.hex().upper()} cannot be read as {codec} ({why})", path=path, line=line,
                     hint="give the right encoding with --encoding (e.g. cp1252, utf-8, latin-1)")


def _utf16_without_bom(head: bytes) -> str | None:
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_zero, odd_zero = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_zero > 0.4 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.4 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def _not_utf8(path: Path, bad: int) -> TextEncoding:
    # Judged on the file's first MB and the MB from the first bad byte: representative, and cheap.
    sample = _read(path, 0, STATS_SIZE) + (_read(path, bad, STATS_SIZE) if bad >= STATS_SIZE else b"")
    sequences = _UTF8_SEQUENCE.findall(sample)
    invalid = len(sample.translate(None, _ASCII)) - sum(len(s) for s in sequences)
    line = line_of_byte(path, "utf-8", 0, bad)
    first = f"byte 0x{_read(path, bad, 1).hex().upper()} on line {line} is not UTF-8"
    if len(sequences) > 0.05 * (len(sequences) + invalid):
        raise UserError(
            f"{first}, yet {len(sequences)} other characters are valid UTF-8: the file mixes two encodings",
            path=path, line=line,
            hint="re-save it as UTF-8, or pass --encoding cp1252 (or the right one) if most accents are wrong")
    return _single_byte(path, first)


def _single_byte(path: Path, first: str) -> TextEncoding:
    scan = _scan_single_byte(path, 0, _CP1252_UNDEFINED)
    if scan.bad is not None:
        why = f"{first}; byte 0x{_read(path, scan.bad, 1).hex().upper()} is undefined in cp1252, so latin-1"
        return TextEncoding("latin-1", b"", why, _scan_single_byte(path, 0, None).quotes)
    other = _charset_normalizer_choice(_read(path, 0, SAMPLE_SIZE))
    if other:
        return TextEncoding(other, b"", f"{first}; charset-normalizer finds {other}, incoherent as cp1252",
                            _validated(path, other, 0, f"charset-normalizer chose {other}"))
    return TextEncoding("cp1252", b"", f"{first}; read as cp1252 (Windows Western European)", scan.quotes)


def _charset_normalizer_choice(sample: bytes) -> str | None:
    """cp1250/cp1251 when charset-normalizer finds the text coherent there and not as cp1252."""
    if len(sample.translate(None, _ASCII)) < 16:
        return None  # too little to judge: keep the Western default
    matches = list(from_bytes(sample, cp_isolation=_SINGLE_BYTE_ALTERNATIVES))
    if not matches:
        return None
    best = min(m.chaos for m in matches)
    if any("cp1252" in m.could_be_from_charset and m.chaos <= best + 0.05 for m in matches):
        return None
    return matches[0].encoding if matches[0].encoding in _SINGLE_BYTE_ALTERNATIVES else None


def _open_binary(path: Path):
    try:
        return open(path, "rb")
    except OSError as error:
        raise UserError(f"cannot read the file: {error.strerror}", path=path) from None
