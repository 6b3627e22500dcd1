"""The vectorised fast paths for numbers written the French way: valid French numbers
(`fast_french`), valid numbers of the overseas codes, also in national form (`fast_overseas`),
invalid French numbers of 9 national digits (`fast_invalid_french`) and French numbers with too
few or too many digits (`fast_wrong_length_french`). Each gives, on every value it settles,
exactly the answer `fallback.analyse_one` and `fallback.phone_problem` give (property-tested), and
leaves the others to the next path."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from phonenumbers import PhoneMetadata

from fichier_check.analysis.phones.matching import _is_null, _matches, _parsable_length, separators_removed
from fichier_check.analysis.phones.plan import (
    _FAST_SEPARATORS, _LEADING_BLANKS, _MAX_KEY_DIGITS, _MAX_NSN_DIGITS, NOT_FRENCH, TOO_LONG, TOO_SHORT,
    _fr_patterns, _overseas_filters, _overseas_types, _re2)
from fichier_check.table import same_texts, without_characters


# `+33 (0)6…` and `0033 0 6…`: phonenumbers drops the national 0 written after the country code.
_FAST_FORM = r"^(?:\+330?|00330?|330?|0)?(?P<nsn>[1-9][0-9]{8})$"


def _french_nsn(compact: pa.Array) -> pa.Array:
    """The 9 national digits of each compact string in `_FAST_FORM` (null for the others): its last
    9 characters where it matches (a match and a slice cost half an extraction)."""
    written = pc.match_substring_regex(compact, _FAST_FORM.replace("?P<nsn>", "?:"))
    return pc.if_else(written, pc.utf8_slice_codeunits(compact, -9), pa.scalar(None, pa.string()))


def fast_french(values: pa.Array, compact: pa.Array | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each string: (settled, mobile, key). Settled values are valid French numbers whose E.164
    form is +33 + the 9 national digits; the others need `analyse_one`. `compact`, when given, is
    the strings without their separators (`separators_removed`): the fast paths share it."""
    general, valid_types, mobile_type, special = _fr_patterns()
    compact = separators_removed(values) if compact is None else compact
    nsn = _french_nsn(compact)
    settled = pc.and_(pc.match_substring_regex(nsn, general), pc.match_substring_regex(nsn, valid_types))
    settled = pc.fill_null(settled, False).to_numpy(zero_copy_only=False) & _parsable_length(values)
    mobile = pc.and_not(pc.match_substring_regex(nsn, mobile_type), pc.match_substring_regex(nsn, special))
    mobile = pc.fill_null(mobile, False).to_numpy(zero_copy_only=False) & settled
    digits = pc.if_else(pa.array(settled), nsn, "0")
    keys = pc.cast(digits, pa.int64()).to_numpy(zero_copy_only=False) + np.where(settled, 33_000_000_000, 0)
    return settled, mobile, keys.astype(np.int64)


def fast_overseas(values: pa.Array, compact: pa.Array | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each string: (settled, mobile, key) for valid numbers of the French overseas codes
    (+590, +594, +596, +262), written `+590 690 12 34 56` or in the national form `0690 12 34 56`
    that `_parse` tries under each overseas code; the others need `analyse_one`. Call it on values
    `fast_french` did not settle."""
    n = len(values)
    settled, mobile, keys = np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, np.int64)
    if not n:
        return settled, mobile, keys
    compact = separators_removed(values) if compact is None else compact
    national = pc.struct_field(pc.extract_regex(compact, "^0(?P<nsn>[1-9][0-9]{8})$"), [0])
    starts_with_zero = pc.match_substring_regex(values, _LEADING_BLANKS + "0")
    national = pc.if_else(pc.fill_null(starts_with_zero, False), national, pa.scalar(None, pa.string()))
    undecided = np.ones(n, bool)  # national form: the first code that validates the number wins
    short = _parsable_length(values)
    for (code, regions), (_, plausible) in zip(_overseas_types(), _overseas_filters()):
        if regions is None:
            undecided &= _is_null(national) | ~_matches(national, "^[0-9]{9}$")  # _parse would try it: slow path
            continue
        written = pc.struct_field(pc.extract_regex(compact, f"^\\+{code}(?P<nsn>[1-9][0-9]{{8}})$"), [0])
        for nsn, candidates in ((written, np.ones(n, bool)), (national, undecided.copy())):
            rows = np.flatnonzero(candidates & ~settled & short & ~_is_null(nsn))
            if not len(rows):
                continue
            numbers = nsn.take(pa.array(rows))
            # valid only under a region whose general pattern it matches: one pass for the code's
            # regions together leaves the per-region passes the few numbers that may be theirs
            general = _matches(numbers, f"^(?:{_re2(plausible.pattern)})$")
            rows, numbers = rows[general], numbers.filter(pa.array(general))
            valid, is_mobile = _first_region_verdict(numbers, regions)
            taken = rows[valid]
            settled[taken] = True
            mobile[taken] = is_mobile[valid]
            keys[taken] = code * 10**9 + pc.cast(numbers.filter(pa.array(valid)), pa.int64()).to_numpy(zero_copy_only=False)
        undecided &= ~settled
    return settled, mobile, keys


def fast_invalid_french(values: pa.Array, compact: pa.Array | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each string that neither `fast_french` nor `fast_overseas` settled: (decided, overseas,
    key). Decided values are French-form numbers of 9 national digits that phonenumbers parses to
    +33 and finds invalid: their E.164 form is +33 + those digits (`key`), and their reason is
    `OVERSEAS_AS_FRENCH` where `overseas` is set (the digits make a valid overseas number once
    written 0…), `NOT_FRENCH` otherwise. The others need `analyse_one`."""
    n = len(values)
    if not n:
        return np.zeros(0, bool), np.zeros(0, bool), np.zeros(0, np.int64)
    compact = separators_removed(values) if compact is None else compact
    nsn = _french_nsn(compact)
    overseas, known = _overseas_verdict(nsn)
    # `_parse` tries the overseas codes itself on a value written 0… (but not 00…): it would have
    # found it valid there, so only a value it cannot be valid for is decided here
    tried = _matches(values, _LEADING_BLANKS + "0") & ~_matches(values, _LEADING_BLANKS + "00")
    decided = ~_is_null(nsn) & known & ~(tried & overseas) & _parsable_length(values)
    digits = pc.cast(pc.fill_null(nsn, "0"), pa.int64()).to_numpy(zero_copy_only=False)
    return decided, overseas & decided, np.where(decided, 33_000_000_000 + digits, 0).astype(np.int64)


def _overseas_verdict(nsn: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(valid, known) of 0 + each 9 national digits under the overseas codes, in `_parse`'s order:
    valid for the first code that validates it; unknown when a code whose regions are not all
    9-digit (so not described here) might, before any does."""
    n = len(nsn)
    valid, known = np.zeros(n, bool), np.ones(n, bool)
    for (code, plausible), (_, regions) in zip(_overseas_filters(), _overseas_types()):
        undecided = known & ~valid
        if regions is None:
            known &= ~(undecided & _matches(nsn, f"^(?:{_re2(plausible.pattern)})$"))
        else:
            valid |= undecided & _first_region_verdict(nsn, regions)[0]
    return valid, known


def _first_region_verdict(nsn: pa.Array, regions) -> tuple[np.ndarray, np.ndarray]:
    """(valid, mobile) of each national number under the first of `regions` that has a type for
    it. Only the numbers (not the nulls) are matched, and each region only those no region before
    it took: most arrays here are nearly all null, and few numbers get past the first region."""
    valid = np.zeros(len(nsn), bool)
    mobile = np.zeros(len(nsn), bool)
    pending = np.flatnonzero(~_is_null(nsn))
    for general, valid_types, mobile_type, special in regions:
        if not len(pending):
            break
        numbers = nsn.take(pa.array(pending))
        here = _matches(numbers, general)
        if here.any():
            here[here] = _matches(numbers.filter(pa.array(here)), valid_types)
        taken = pending[here]
        if len(taken):
            found = numbers.filter(pa.array(here))
            mobile[taken] = _matches(found, mobile_type) & ~_matches(found, special)
            valid[taken] = True
        pending = pending[~here]
    return valid, mobile


_DIGITS_FORM = r"^(?P<zero>0?)(?P<digits>[1-9][0-9]*)$"
# phonenumbers drops one or two letters (three would be read as a vanity number) once three digits
# have made the text a possible number; O for a zero is the common typo
_TYPO_LETTERS = "Oo"
_THREE_DIGITS_FIRST = _LEADING_BLANKS + f"[0-9](?:{_FAST_SEPARATORS}*[0-9]){{2}}"


def fast_wrong_length_french(values: pa.Array, compact: pa.Array | None = None
                             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For each string the other fast paths did not settle: (decided, e164, key, reason) of a French
    number with too few or too many digits, written with digits and separators (and at most two
    letters O after the first three digits, which phonenumbers drops). What phonenumbers does, under
    FR's metadata (checked here: every FR number is 9 digits, none is local-only):

    - `0` then 10 or more digits: the 0 is a national prefix; +33 and those digits, "too long";
    - `0` then 2 to 8 digits: the 0 stays (the number would be too short without it): +33 0…,
      "too short", or "not a valid French number" when the 0 makes it 9 digits;
    - no 0 first: 3 to 8 digits are +33 and the digits, "too short"; 10 or more are "too long"
      unless they start with 33 (phonenumbers may read that as the country code);

    with no E.164 form past the 17 digits a number may have. A 0-first number that might be valid
    under an overseas code `_parse` tries is left to phonenumbers. `e164` is "" and `key` 0 when
    there is no E.164 form; `key` is 0 too when `e164_key` gives 0."""
    n = len(values)
    decided, reason = np.zeros(n, bool), same_texts(n, "")
    general = PhoneMetadata.metadata_for_region("FR").general_desc
    if not n or tuple(general.possible_length) != (9,) or general.possible_length_local_only:
        return decided, same_texts(n, ""), np.zeros(n, np.int64), reason
    compact = without_characters(separators_removed(values) if compact is None else compact, _TYPO_LETTERS)
    parts = pc.extract_regex(compact, _DIGITS_FORM)
    digits = pc.struct_field(parts, [1])
    prefixed = pc.fill_null(pc.equal(pc.struct_field(parts, [0]), "0"), False).to_numpy(zero_copy_only=False)
    letters = pc.count_substring_regex(values, f"[{_TYPO_LETTERS}]").to_numpy(zero_copy_only=False)
    written = (_matches(values, _THREE_DIGITS_FIRST) & (letters <= 2) & _parsable_length(values) & ~_is_null(digits)
               & (_matches(values, _LEADING_BLANKS + "0") == prefixed))  # the 0 is the text's first character
    count = pc.fill_null(pc.utf8_length(digits), 0).to_numpy(zero_copy_only=False).astype(np.int64)
    long_form = count >= 10
    written &= np.where(prefixed, count >= 2, (count >= 3) & ~(long_form & _matches(digits, "^33"))) & (count != 9)
    # the national significant number phonenumbers keeps: the digits, or 0 + the digits when short
    short_zero = prefixed & ~long_form
    nsn = pc.if_else(pa.array(short_zero), pc.binary_join_element_wise("0", digits, ""), digits)
    maybe_overseas = np.zeros(n, bool)
    for _, plausible in _overseas_filters():
        maybe_overseas |= _matches(nsn, f"^(?:{_re2(plausible.pattern)})$")
    decided = written & ~(prefixed & maybe_overseas)
    e164 = same_texts(n, "")
    formed = decided & (count <= _MAX_NSN_DIGITS)  # past 17 digits phonenumbers gives up: no E.164 form
    if formed.any():
        rows = pa.array(np.flatnonzero(formed))
        e164[formed] = pc.binary_join_element_wise("+33", nsn.take(rows), "").to_numpy(zero_copy_only=False)
    width = np.where(short_zero, count + 1, count)  # digits of the national significant number
    keyed = formed & (2 + width <= _MAX_KEY_DIGITS)  # what `e164_key` keeps
    keys = np.zeros(n, np.int64)
    kept = pc.cast(pc.if_else(pa.array(keyed), nsn, "0"), pa.int64()).to_numpy(zero_copy_only=False)
    keys[keyed] = 33 * 10 ** width[keyed] + kept[keyed]
    reason[decided] = np.where(long_form[decided], TOO_LONG, np.where(width[decided] == 9, NOT_FRENCH, TOO_SHORT))
    return decided, e164, keys, reason
