"""Mask personal values for reports: `06 •• •• •• 89`, `j•••@e•••.fr`, `D•••`.

Reports are read by people who need to find the row, not to see the data: keep the shape and a
couple of characters, hide the rest. `--show-values` bypasses masking.
"""
from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.table import string_buffers

DOT = "•"
_DIGIT = re.compile(r"[0-9]")


_HIDE_DIGITS = str.maketrans("0123456789", DOT * 10)
_FIRST_TWO = re.compile(r"^[^0-9]*[0-9][^0-9]*[0-9]")
_LAST_TWO = re.compile(r"[0-9][^0-9]*[0-9][^0-9]*$")


# What a phone number is written with. A phone cell holding anything else (a name, an e-mail,
# "06 12 34 56 78 (Jean Roux)", a formula) is masked as text: hiding its digits would show the rest.
# The spaces are those str.isspace() knows (what str.strip() removes), written out: Python's \s
# and Arrow's (RE2, ASCII only) differ.
_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
PHONE_SHAPE = "^[" + _SPACES + r"0-9+().\-/]*$"
_PHONE_SHAPE = re.compile(PHONE_SHAPE)


def mask_phone(value: str) -> str:
    """Keep the first two and last two digits and every separator: `06 •• •• •• 89`; a cell that
    is not written as a number is masked as text (`J•••`)."""
    text = value.strip()
    if not _PHONE_SHAPE.match(text):
        return mask_text(text)
    head, tail = _FIRST_TWO.search(text), _LAST_TWO.search(text)
    if head is None or tail is None or len(_DIGIT.findall(text)) <= 4:
        return text.translate(_HIDE_DIGITS)
    return text[:head.end()] + text[head.end():tail.start()].translate(_HIDE_DIGITS) + text[tail.start():]


def mask_email(value: str) -> str:
    """`jean.dupont@exemple.fr` → `j•••@e•••.fr`."""
    text = value.strip()
    if "@" not in text:
        return mask_text(text)
    local, _, domain = text.rpartition("@")
    head, dot, tld = domain.rpartition(".")
    masked_domain = (head[:1] + DOT * 3 + dot + tld) if dot else (domain[:1] + DOT * 3)
    return (local[:1] + DOT * 3 if local else "") + "@" + masked_domain


def mask_text(value: str) -> str:
    """Free text or names: the first character, then dots (never the content)."""
    text = value.strip()
    if not text:
        return ""
    return text[:1] + DOT * 3


def mask_nir(value: str) -> str:
    """A social-security number shows only its first digit (sex): `2 •• •• •• ••• ••• ••`."""
    compact = re.sub(r"[\s.\-]", "", value)
    return (compact[:1] + " •• •• •• ••• ••• ••") if compact else ""


# An e-mail address, or eight digits or more (a phone number, a NIR): not what a column is named.
_PERSONAL = re.compile(r"[^\s@]@[^\s@]+\.[^\s@]|(?:\d[\s.\-]?){8}")


def looks_personal(text: str) -> bool:
    """Does a header cell look like a value (an e-mail, a phone number)? Then the file's first row
    was probably data, and its cells must be masked wherever the header is shown."""
    return _PERSONAL.search(text) is not None


def mask_for_role(value: str, role: str | None) -> str:
    if role in ("phone", "mobile"):
        return mask_phone(value)
    if role == "email":
        return mask_email(value)
    if role in ("customer_type", "optin_email", "optin_sms", "optin_phone", "call_result", "status",
                "contract_in_progress", "opposition", "bloctel_flag"):
        return value  # codes and yes/no answers: not personal data by themselves (a source may
        # name the person who recommended the prospect: masked like free text)
    return mask_text(value)


_VECTOR_WIDTH = 40  # phone cells up to this length are masked in one numpy pass


def mask_phones(values: list[str]) -> list[str]:
    """`mask_phone` of every value, vectorised: the cells become rows of a fixed-width code-point
    matrix, and a digit is hidden when at least two digits precede and follow it (all digits when
    the cell has four or fewer). Long or odd cells take `mask_phone` itself."""
    stripped = [v.strip() for v in values]
    regular = [len(v) <= _VECTOR_WIDTH and "\x00" not in v and _PHONE_SHAPE.match(v) is not None for v in stripped]
    if all(regular):
        return _mask_digits_vectorised(stripped)
    short = [v for v, ok in zip(stripped, regular) if ok]
    masked = iter(_mask_digits_vectorised(short))
    return [next(masked) if ok else mask_phone(v) for v, ok in zip(stripped, regular)]


def _mask_digits_vectorised(cells: list[str]) -> list[str]:
    width = max(map(len, cells), default=0)
    if not width:
        return list(cells)
    matrix = np.array(cells, dtype=f"<U{width}")  # numpy drops trailing NULs: no NUL gets here
    codes = matrix.view(np.uint32).reshape(len(cells), width)
    digit = (codes >= 48) & (codes <= 57)
    before = np.cumsum(digit, axis=1, dtype=np.int8)
    total = before[:, -1:]
    after = total - before + digit
    codes[digit & (((before > 2) & (after > 2)) | (total <= 4))] = ord(DOT)
    return matrix.tolist()


# What str.strip() removes among ASCII characters.
_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[ord(c) for c in " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"]] = True
_HIDDEN = 1  # the byte a hidden digit becomes, then the dot: no string it is left in goes this way


def mask_phone_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """`mask_phone` of every string of an Arrow array, as a large-string array (null stays null).
    Most strings (ASCII, nothing to strip, no byte 1) are masked from their UTF-8 bytes by numpy,
    with no Python string per value; the others take `mask_phones`."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    values = values.cast(pa.large_string())
    if values.null_count:
        masked = mask_phone_array(pc.fill_null(values, ""))
        return pc.if_else(pc.is_null(values), pa.scalar(None, pa.large_string()), masked)
    masked = _mask_digits(values)
    shaped = pc.match_substring_regex(values, PHONE_SHAPE)
    if shaped.false_count == 0:
        return masked
    odd = pc.invert(shaped)  # the few cells not written as a number: masked as text, in place
    texts = [mask_text(v) for v in values.filter(odd).to_pylist()]
    return pc.replace_with_mask(masked, odd, pa.array(texts, type=pa.large_string()))


def _mask_digits(values: pa.Array) -> pa.Array:
    """The digits of every string hidden as `mask_phone` hides them (by numpy for plain strings)."""
    plain = _plain(values)
    if plain.all():
        return _mask_plain(values)
    out = np.empty(len(values), dtype=object)
    rows = np.flatnonzero(plain)
    out[rows] = _mask_plain(values.take(pa.array(rows))).to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(~plain)
    out[rows] = mask_phones(values.take(pa.array(rows)).to_pylist())
    return pa.array(out, type=pa.large_string())


def _plain(values: pa.Array) -> np.ndarray:
    """Per string: ASCII, without a byte that str.strip() removes at either end, without byte 1."""
    bounds, data = string_buffers(values)
    plain = pc.string_is_ascii(values).to_numpy(zero_copy_only=False)
    filled = bounds[1:] > bounds[:-1]
    ends = np.concatenate((bounds[:-1][filled], bounds[1:][filled] - 1))
    spaced = np.zeros(len(values), dtype=bool)
    spaced[filled] = _ASCII_SPACE[data[ends]].reshape(2, -1).any(axis=0)
    plain &= ~spaced
    if (data[bounds[0]:bounds[-1]] == _HIDDEN).any():
        plain &= ~pc.match_substring(values, chr(_HIDDEN)).to_numpy(zero_copy_only=False)
    return plain


def _mask_plain(values: pa.Array) -> pa.Array:
    """Each digit that has two others before and after it in its string (every digit of a string
    with four or fewer) made a dot: the digits counted over the whole buffer at once, each
    string's count taken from where it starts."""
    bounds, data = string_buffers(values)
    count = len(values)
    base = int(bounds[0])
    data = data[base:int(bounds[-1])]
    lengths = np.diff(bounds).astype(np.int64)
    digit = (data >= 48) & (data <= 57)
    seen = np.zeros(len(data) + 1, dtype=np.int32)
    np.cumsum(digit, dtype=np.int32, out=seen[1:])
    cell_start = (bounds[:-1] - base).astype(np.int64)
    before_cell = seen[cell_start]
    total = seen[cell_start + lengths] - before_cell
    # a digit is hidden when the digits of its string up to it, itself included (seen[1:] less the
    # string's base), are past the first two and not among the last two; all when four or fewer
    few = total <= 4
    lowest = before_cell + np.where(few, 0, 2)
    highest = before_cell + np.where(few, total, total - 2)
    upto = seen[1:]
    hidden = digit & (upto > np.repeat(lowest, lengths)) & (upto <= np.repeat(highest, lengths))
    masked = data.copy()
    masked[hidden] = _HIDDEN
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    marked = pa.LargeStringArray.from_buffers(count, pa.py_buffer(offsets), pa.py_buffer(masked))
    return pc.replace_substring(marked, chr(_HIDDEN), DOT)


def mask_many(values: list[str], role: str | None) -> list[str]:
    """`mask_for_role` of every value (the phone case vectorised)."""
    if role in ("phone", "mobile"):
        return mask_phones(values)
    return [mask_for_role(v, role) for v in values]
