"""The vectorised fast path for numbers written in international form (`+` or `00`, a country
code other than +33, then the digits): `fast_international` decides validity, mobile, E.164 form
and reason per country code from phonenumbers' metadata, exactly as phonenumbers would
(property-tested on every region's example numbers), and leaves what it cannot decide to
`fallback`."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
from phonenumbers import PhoneMetadata

from fichier_check.analysis.phones.matching import _is_null, _matches, _parsable_length, separators_removed
from fichier_check.analysis.phones.plan import (
    _LEADING_BLANKS, _LENGTH_PROBLEMS, _MAX_KEY_DIGITS, _MAX_NSN_DIGITS, _SPECIAL_TYPES, _re2)
from fichier_check.table import same_texts


_INTERNATIONAL_FORM = r"^(?:\+|00)(?P<digits>[1-9][0-9]{2,})$"  # after the separators are removed
# Arrow compiles a pattern at every call (0.05-0.25 ms for these): a country code with fewer
# numbers than this in a chunk costs less given to phonenumbers
_INTERNATIONAL_MIN = 8


def fast_international(values: pa.Array, compact: pa.Array | None = None
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For each string the French paths did not settle: (decided, valid, mobile, e164, key, reason)
    of a number written in international form, `+` or `00` then the country code and digits with
    separators. What phonenumbers does, from its metadata: the country code is the shortest prefix
    that is one; the number is valid when, in the region phonenumbers picks for it (the first of
    the code's regions whose leading digits match, or that has a type for it), some number type
    matches (lengths and pattern, in phonenumbers' order; fixed-or-mobile and mobile are mobile);
    an invalid number's reason comes from phonenumbers' own length test. Left to phonenumbers: +33
    (the French paths), codes of non-geographic numbers, national numbers the code's national
    prefix may be stripped from, and a code whose metadata RE2 cannot run."""
    n = len(values)
    decided, valid, mobile = np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, bool)
    e164, keys, reason = same_texts(n, ""), np.zeros(n, np.int64), same_texts(n, "")
    if not n:
        return decided, valid, mobile, e164, keys, reason
    compact = separators_removed(values) if compact is None else compact
    digits = pc.struct_field(pc.extract_regex(compact, _INTERNATIONAL_FORM), [0])
    written = _matches(values, _LEADING_BLANKS + r"(?:\+|00)[1-9]") & ~_is_null(digits) & _parsable_length(values)
    if not written.any():
        return decided, valid, mobile, e164, keys, reason
    total = pc.fill_null(pc.utf8_length(digits), 0).to_numpy(zero_copy_only=False).astype(np.int64)
    code, width = np.zeros(n, np.int64), np.zeros(n, np.int64)
    for size in (1, 2, 3):  # _extract_country_code: the shortest prefix that is a country code
        head = pc.cast(pc.fill_null(pc.utf8_slice_codeunits(digits, 0, size), "0"), pa.int64()).to_numpy(zero_copy_only=False)
        found = written & (code == 0) & np.isin(head, _country_codes(size))
        code[found], width[found] = head[found], size
    length = total - width
    candidates = written & (code != 0) & (code != 33) & (length >= 2) & (length <= _MAX_NSN_DIGITS)
    for country in np.unique(code[candidates]).tolist():
        rows = np.flatnonzero(candidates & (code == country))
        plan = _international_plan(country) if len(rows) >= _INTERNATIONAL_MIN else None
        if plan is None:
            continue
        numbers = pc.utf8_slice_codeunits(digits.take(pa.array(rows)), len(str(country)))
        try:
            answer = _international_verdict(numbers, length[rows], plan)
        except pa.ArrowInvalid:  # a metadata pattern RE2 cannot compile: phonenumbers decides
            continue
        done, ok, is_mobile, problem = answer
        taken = rows[done]
        decided[taken], valid[taken], mobile[taken], reason[taken] = True, ok[done], is_mobile[done], problem[done]
        e164[taken] = pc.binary_join_element_wise("+", digits.take(pa.array(taken)), "").to_numpy(zero_copy_only=False)
        short = taken[total[taken] <= _MAX_KEY_DIGITS]
        keys[short] = pc.cast(digits.take(pa.array(short)), pa.int64()).to_numpy(zero_copy_only=False)
    return decided, valid, mobile, e164, keys, reason


@lru_cache(maxsize=8)
def _country_codes(size: int) -> np.ndarray:
    return np.array([c for c in phonenumbers.COUNTRY_CODE_TO_REGION_CODE if len(str(c)) == size], dtype=np.int64)


@lru_cache(maxsize=None)
def _international_plan(country: int):
    """(national prefix pattern or None, [(leading digits or None, metadata)] in phonenumbers' order,
    reason by national-number length) for a country code, or None when the path cannot decide."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(country, ())
    if not regions or phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY in regions:
        return None
    metadata = [PhoneMetadata.metadata_for_region(r) for r in regions]
    if any(m is None for m in metadata):
        return None
    main = metadata[0]
    prefix = f"^(?:{_re2(main.national_prefix_for_parsing)})" if main.national_prefix_for_parsing else None
    reasons = same_texts(_MAX_NSN_DIGITS + 1, "")
    for size in range(2, _MAX_NSN_DIGITS + 1):  # phonenumbers' own length test, once per length
        verdict = phonenumbers.phonenumberutil._test_number_length("1" * size, main)
        reasons[size] = _LENGTH_PROBLEMS.get(verdict, f"not a valid number for +{country}")
    return prefix, [(f"^(?:{_re2(m.leading_digits)})" if m.leading_digits else None, _RegionTypes(m))
                    for m in metadata], reasons


def _international_verdict(numbers: pa.Array, length: np.ndarray, plan):
    """(decided, valid, mobile, reason) of national numbers of one country code (see fast_international)."""
    prefix, regions, reasons = plan
    n = len(numbers)
    decided = np.ones(n, bool)
    if prefix is not None:
        decided &= ~_matches(numbers, prefix)  # parse() might strip it: phonenumbers decides
    # region_code_for_number: the first region whose leading digits match, or (without leading
    # digits) that finds the number a type; valid when that region does
    unclaimed = np.ones(n, bool)
    valid, mobile = np.zeros(n, bool), np.zeros(n, bool)
    for leading, types in regions:
        known, is_mobile = _types(numbers, length, types)
        if len(regions) == 1:
            claimed = unclaimed
        elif leading is not None:
            claimed = unclaimed & _matches(numbers, leading)
        else:
            claimed = unclaimed & known
        valid |= claimed & known
        mobile |= claimed & known & is_mobile
        unclaimed = unclaimed & ~claimed
    reason = np.where(valid, "", reasons[np.minimum(length, len(reasons) - 1)]).astype(object)
    return decided, valid, mobile, reason


class _Desc:
    """A number type of a region: the national-number lengths it allows and its RE2 pattern."""

    def __init__(self, desc) -> None:
        self.pattern = (f"^(?:{_re2(desc.national_number_pattern)})$"
                        if desc is not None and desc.national_number_pattern else None)
        self.lengths = None
        if self.pattern is not None and len(desc.possible_length):
            self.lengths = np.zeros(_MAX_NSN_DIGITS + 1, bool)
            self.lengths[[size for size in desc.possible_length if 0 <= size <= _MAX_NSN_DIGITS]] = True

    def matching(self, numbers: pa.Array, length: np.ndarray) -> np.ndarray:
        """_is_number_matching_desc of every number."""
        if self.pattern is None:
            return np.zeros(len(numbers), bool)
        fits = self.lengths[length] if self.lengths is not None else np.ones(len(numbers), bool)
        return fits & _matches(numbers, self.pattern) if fits.any() else fits


class _RegionTypes:
    """What _number_type_helper reads of a region's metadata, ready for vectorised matching."""

    def __init__(self, metadata) -> None:
        self.general = _Desc(metadata.general_desc)
        self.special = [d for d in (_Desc(getattr(metadata, name)) for name in _SPECIAL_TYPES) if d.pattern]
        # one pass says which numbers might be of a special type; each type is then tested on those only
        self.any_special = ("^(?:" + "|".join(d.pattern[1:-1] for d in self.special) + ")$") if self.special else None
        self.fixed = _Desc(metadata.fixed_line)
        self.mobile = _Desc(metadata.mobile)
        self.same = bool(metadata.same_mobile_and_fixed_line_pattern)


def _types(numbers: pa.Array, length: np.ndarray, types: _RegionTypes) -> tuple[np.ndarray, np.ndarray]:
    """Per national number: (phonenumbers finds it a type, that type is mobile or fixed-or-mobile)
    under one region, as _number_type_helper decides, in its order."""
    general = types.general.matching(numbers, length)
    special = np.zeros(len(numbers), bool)
    if types.any_special is not None and general.any() and _matches(numbers, types.any_special).any():
        for desc in types.special:
            special |= desc.matching(numbers, length)
    fixed = types.fixed.matching(numbers, length)
    mobile_pattern = types.mobile.matching(numbers, length)
    known = general & (special | fixed | (mobile_pattern & (not types.same)))
    is_mobile = general & ~special & np.where(fixed, types.same | mobile_pattern, mobile_pattern & (not types.same))
    return known, is_mobile
