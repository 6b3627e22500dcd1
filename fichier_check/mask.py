"""Mask personal values for reports: `06 •• •• •• 89`, `j•••@e•••.fr`, `D•••`.

Reports are read by people who need to find the row, not to see the data: keep the shape and a
couple of characters, hide the rest. `--show-values` bypasses masking.
"""
from __future__ import annotations

import re

import numpy as np

DOT = "•"
_DIGIT = re.compile(r"[0-9]")


_HIDE_DIGITS = str.maketrans("0123456789", DOT * 10)
_FIRST_TWO = re.compile(r"^[^0-9]*[0-9][^0-9]*[0-9]")
_LAST_TWO = re.compile(r"[0-9][^0-9]*[0-9][^0-9]*$")


def mask_phone(value: str) -> str:
    """Keep the first two and last two digits and every separator: `06 •• •• •• 89`."""
    text = value.strip()
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


def mask_for_role(value: str, role: str | None) -> str:
    if role in ("phone", "mobile"):
        return mask_phone(value)
    if role == "email":
        return mask_email(value)
    if role in ("customer_type", "optin_email", "optin_sms", "optin_phone", "call_result", "status",
                "contract_in_progress", "opposition", "bloctel_flag", "source"):
        return value  # codes and yes/no answers: not personal data by themselves
    return mask_text(value)


_VECTOR_WIDTH = 40  # phone cells up to this length are masked in one numpy pass


def mask_phones(values: list[str]) -> list[str]:
    """`mask_phone` of every value, vectorised: the cells become rows of a fixed-width code-point
    matrix, and a digit is hidden when at least two digits precede and follow it (all digits when
    the cell has four or fewer). Long or odd cells take `mask_phone` itself."""
    stripped = [v.strip() for v in values]
    regular = [len(v) <= _VECTOR_WIDTH and "\x00" not in v for v in stripped]
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


def mask_many(values: list[str], role: str | None) -> list[str]:
    """`mask_for_role` of every value (the phone case vectorised)."""
    if role in ("phone", "mobile"):
        return mask_phones(values)
    return [mask_for_role(v, role) for v in values]
