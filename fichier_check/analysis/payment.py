"""Find payment card numbers and IBANs in free text, and mask them.

A card number is written as a card is printed: one group of 15 to 19 digits, groups of four
digits ending with a shorter one (`4970 1012 3456 7890`, `4970-1012-3456-7890-123`), or American
Express's 4-6-5; a space, a no-break space or a dash between the groups, nothing glued to it (no
letter or digit right before or after). Its last digit must be the Luhn key of the others, and
it must start as an issuer's cards do for its length: 15 digits only for American Express
(34, 37); 16 to 19 for Visa (4), Mastercard (51-55, 2221-2720), Maestro (50, 56-58, 6x),
Discover and UnionPay (6x), JCB (35), Diners (30, 36, 38, 39), Mir (2200-2204). So what passes
for a card by its key alone does not: a SIRET (14 digits, Luhn-valid by design), a 13-digit
EAN barcode, a phone number (it starts with 0), an IMEI (15 digits, mostly 35 or 86). The
13-digit Visa numbers, no longer issued, are not looked for.

An IBAN is two letters, two check digits and the country's account number (ISO 13616), spaces
allowed between groups; the check digits must be right (mod 97) and the account number must
have its country's length and format (python-stdnum's IBAN registry).

`RE2_CANDIDATE` is a necessary condition of both, for a vectorised prefilter over a column: only
the cells it lets through go to `find_payment`, which does the exact work in Python.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from stdnum import iban as _iban, luhn as _luhn
from stdnum.exceptions import ValidationError

DOT = "•"
SHORTEST = 15  # bytes: the shortest card (American Express) or IBAN (Norway)

_SEP = "[ \u00a0-]"
_RE2_SEP = "[ \\x{00A0}-]?"
RE2_CANDIDATE = ("(^|[^0-9A-Za-z])("
                 + "[2-6][0-9]{3}" + _RE2_SEP + "[0-9]{4}" + _RE2_SEP + "[0-9]{4}" + _RE2_SEP + "[0-9]{3}"
                 + "|3[47][0-9]{2}" + _RE2_SEP + "[0-9]{6}" + _RE2_SEP + "[0-9]{5}"
                 + "|[A-Za-z]{2}[0-9]{2} ?[0-9A-Za-z]{4} ?[0-9A-Za-z]{4} ?[0-9A-Za-z]{3})")

_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9]+(?:" + _SEP + r"[0-9]+)*(?![0-9A-Za-z])")
_GROUP = re.compile(r"[0-9]+")
# Issuer prefixes by length (the digits of the whole number).
_ISSUER = re.compile(r"3[47][0-9]{13}"  # American Express, 15 digits
                     r"|(?=[0-9]{16,19}$)(?:4|5[0-8]|6|2[2-7]|3[05689])[0-9]*")  # 16 to 19 digits
_IBAN = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{2}[0-9]{2}(?: ?[0-9A-Za-z]){11,30}")
_TOKEN_END = re.compile(r"[0-9A-Za-z](?![0-9A-Za-z])")


class Payment(NamedTuple):
    start: int
    end: int
    kind: str  # "card" or "iban"
    country: str = ""  # an IBAN's country code


def find_payment(text: str) -> list[Payment]:
    """The card numbers and IBANs of `text`, in order, none overlapping."""
    found = [*_cards(text), *_ibans(text)]
    found.sort()
    kept: list[Payment] = []
    for item in found:
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


def _cards(text: str) -> list[Payment]:
    out = []
    for run in _RUN.finditer(text):
        groups = [(m.start() + run.start(), m.end() + run.start()) for m in _GROUP.finditer(run.group(0))]
        sizes = [end - start for start, end in groups]
        first = 0
        while first < len(groups):
            last = _card_ending(text, groups, sizes, first)
            if last is None:
                first += 1
                continue
            out.append(Payment(groups[first][0], groups[last][1], "card"))
            first = last + 1
    return out


_MAX_GROUPS = 5


def _card_ending(text: str, groups: list[tuple[int, int]], sizes: list[int], first: int) -> int | None:
    """The last group of the longest card number laid out as printed starting at group `first`.
    A printed card has at most 5 groups (four of 4 digits and a shorter one): only those endings
    are tried, so a cell of thousands of digit groups costs linear time, not cubic."""
    for last in range(min(len(groups) - 1, first + _MAX_GROUPS - 1), first - 1, -1):
        if _printed(sizes[first:last + 1]):
            digits = "".join(text[s:e] for s, e in groups[first:last + 1])
            if _ISSUER.fullmatch(digits) and _luhn.is_valid(digits):
                return last
    return None


def _printed(sizes: list[int]) -> bool:
    """A card's layout: one group, fours ending with a shorter group, or 4-6-5; 15-19 digits."""
    if not 15 <= sum(sizes) <= 19:
        return False
    return len(sizes) == 1 or sizes == [4, 6, 5] or (all(s == 4 for s in sizes[:-1]) and 1 <= sizes[-1] <= 4)


def _ibans(text: str) -> list[Payment]:
    out = []
    for match in _IBAN.finditer(text):
        # the longest valid IBAN ending at the end of a word of the match ("… 189 merci": not "merci")
        ends = [match.start() + m.end() for m in _TOKEN_END.finditer(match.group(0))]
        for end in reversed(ends):
            if end < len(text) and text[end].isalnum():
                continue
            compact = re.sub(r"[ ]", "", text[match.start():end]).upper()
            if len(compact) >= 15 and _valid_iban(compact):
                out.append(Payment(match.start(), end, "iban", compact[:2]))
                break
    return out


def _valid_iban(compact: str) -> bool:
    try:
        _iban.validate(compact, check_country=False)
    except ValidationError:
        return False
    return True


def mask_payment(text: str) -> str:
    """A card number or an IBAN with nothing of it left but its layout and an IBAN's country:
    `•••• •••• •••• ••••`, `FR•• •••• ••••…`."""
    head = text[:2] if text[:1].isalpha() else ""
    return head + re.sub(r"[0-9A-Za-z]", DOT, text[len(head):])


def detail(found: list[Payment]) -> str:
    """What the report says: the kinds, never the numbers (`card number (Luhn)`, `IBAN (FR)`)."""
    kinds = dict.fromkeys("card number (Luhn)" if p.kind == "card" else f"IBAN ({p.country})" for p in found)
    return ", ".join(kinds)
