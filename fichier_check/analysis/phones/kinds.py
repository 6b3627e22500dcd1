"""What kind of line a number is, read from its int64 key (`PhoneColumn.keys`: the E.164 digits)
with whole-array arithmetic, never a Python object per row: its country code, its French national
form's prefix (`+33 1 62…` is `0162…`), whether France's numbering plan makes it a toll-free,
shared-cost or premium-rate number (08…) or a short number (3949, 118 218, 15).

The number types come from phonenumbers' own metadata (region FR: `toll_free`, `uan`,
`shared_cost`, `premium_rate`; the short-number metadata's `short_code`), matched by RE2 on the
national digits of the distinct candidate keys only (those of +33 whose national number starts
with 8, or is 2 to 6 digits long): a chunk of a million rows asks a few arrays' worth of work.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
from phonenumbers import PhoneMetadata

FRANCE = 33
_POWERS = 10 ** np.arange(19, dtype=np.uint64)  # 10**0 … 10**18: an int64 key has at most 19 digits
# (kind, phonenumbers metadata field) in the order a number is given its kind; 5-digit short
# numbers are left out: they are SMS services in the plan, and far more often a truncated number
SPECIAL_KINDS = ("toll-free number", "special-rate number", "shared-cost number", "premium-rate number",
                 "short number")
_FR_FIELDS = ("toll_free", "uan", "shared_cost", "premium_rate")
_SHORT_LENGTHS = (2, 3, 4, 6)


def digit_counts(keys: np.ndarray) -> np.ndarray:
    """Digits of each key (0 for the key 0: no number)."""
    return np.searchsorted(_POWERS, np.asarray(keys, dtype=np.int64).astype(np.uint64), side="right").astype(np.int64)


@lru_cache(maxsize=1)
def _known_codes() -> dict[int, np.ndarray]:
    """The country codes phonenumbers knows, by their number of digits."""
    codes = np.array(sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE), dtype=np.int64)
    return {size: codes[digit_counts(codes) == size] for size in (1, 2, 3)}


def country_codes(keys: np.ndarray) -> np.ndarray:
    """Each key's country code (country codes are prefix-free: one length fits), 0 when none does;
    33 for a French line without counting its digits."""
    keys = np.asarray(keys, dtype=np.int64)
    french = _french_lines(keys)
    if french.all():
        return np.full(len(keys), FRANCE, dtype=np.int64)
    out = np.full(len(keys), FRANCE, dtype=np.int64)
    out[~french] = _codes(keys[~french])
    return out


def _codes(keys: np.ndarray) -> np.ndarray:
    digits = digit_counts(keys)
    out = np.zeros(len(keys), dtype=np.int64)
    for size, known in _known_codes().items():
        room = digits > size
        head = keys // _POWERS[np.where(room, digits - size, 0)].astype(np.int64)
        found = room & np.isin(head, known) & (out == 0)
        out[found] = head[found]
    return out


def region_names(code: int) -> str:
    """`+44 (GB)`, `+1 (US…)`: a country code as a detail shows it."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(code), ())
    first = regions[0] if regions and regions[0] != "001" else "international"
    return f"+{code} ({first}{'…' if len(regions) > 1 else ''})"


def _between(keys: np.ndarray, low: int, high: int) -> np.ndarray:
    return (keys >= low) & (keys < high)


def _french_lines(keys: np.ndarray) -> np.ndarray:
    """Keys of +33 numbers of 9 national digits, the first not 0: 33 100 000 000 to 33 999 999 999
    (two comparisons, no digit count: most keys of a French file are these)."""
    return _between(keys, 33_100_000_000, 34_000_000_000)


def prefix_index(keys: np.ndarray, prefixes: list[str]) -> np.ndarray:
    """Per key, the index in `prefixes` (national forms of 3 or 4 digits after the 0: `0162`,
    `09475`) of the first one a 9-digit French national number starts with, -1 for none. One
    division for the number's first 4 national digits, then a 10,000-entry table."""
    keys = np.asarray(keys, dtype=np.int64)
    table = np.full(10_000, -1, dtype=np.int64)
    for index, prefix in reversed(list(enumerate(prefixes))):  # the first listed wins
        head = int(prefix[1:]) * 10 ** (5 - len(prefix))
        table[head:head + 10 ** (5 - len(prefix))] = index
    french = _french_lines(keys)
    heads = np.where(french, keys - 33_000_000_000, 0) // 100_000
    return np.where(french, table[heads], -1)


@lru_cache(maxsize=1)
def _patterns() -> list[str]:
    fr = PhoneMetadata.metadata_for_region("FR")
    short = PhoneMetadata.short_metadata_for_region("FR")
    found = [getattr(fr, name).national_number_pattern for name in _FR_FIELDS]
    return ["^(?:" + p.replace("\\d", "[0-9]") + ")$" for p in (*found, short.short_code.national_number_pattern)]


def special_kinds(keys: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Per key, the index in `SPECIAL_KINDS` of a valid French 08… number's kind or of a short
    number's (whether phonenumbers calls it valid or not: it says too short), -1 for the others."""
    keys = np.asarray(keys, dtype=np.int64)
    candidates = valid & _between(keys, 33_800_000_000, 33_900_000_000)  # 08…
    for size in _SHORT_LENGTHS:  # 33 then 2, 3, 4 or 6 digits, the first not 0
        candidates |= _between(keys, 33 * 10 ** size + 10 ** (size - 1), 34 * 10 ** size)
    out = np.full(len(keys), -1, dtype=np.int64)
    if not candidates.any():
        return out
    distinct, codes = np.unique(keys[candidates], return_inverse=True)
    texts = pc.utf8_slice_codeunits(pc.cast(pa.array(distinct), pa.string()), 2)  # the national digits
    kind = np.full(len(distinct), -1, dtype=np.int64)
    lengths = pc.utf8_length(texts).to_numpy(zero_copy_only=False)
    for index, pattern in enumerate(_patterns()):
        is_short = index == len(SPECIAL_KINDS) - 1
        fits = pc.match_substring_regex(texts, pattern).to_numpy(zero_copy_only=False)
        fits &= (lengths != 9) if is_short else (lengths == 9)
        kind[(kind < 0) & fits] = index
    out[candidates] = kind[codes]
    return out


def texts_at(index: np.ndarray, texts: list[str]) -> np.ndarray:
    """Per row, `texts[index]` (object array), "" where the index is -1: a check's details."""
    table = np.array([*texts, ""], dtype=object)
    return table[np.where(index < 0, len(texts), index)]
