"""Phone numbers: validity (phonenumbers, default region FR), E.164 normal form, mobile or not.

Accepted forms include `06 12 34 56 78`, `06.12.34.56.78`, `+33 6…`, `0033 6…`, `33 6…`, the
9-digit form whose leading zero a spreadsheet dropped (`612345678`) and `+33 (0)6…` — phonenumbers
counts all of them valid, and so do we. Overseas numbers are valid under their own codes (+590,
+594, +596, +262, +269…) and in national form (`0690 12 34 56` is Guadeloupe, +590 690…); `+33 690…`
is invalid because those numbers do not belong to +33 (phonenumbers' metadata decides).

Speed: values are deduplicated, then vectorised fast paths (RE2 regexes built from phonenumbers'
own metadata) settle the common French forms and the valid numbers of the overseas codes
(+590, +594, +596, +262, also in national form); only the remaining distinct values are parsed
by phonenumbers, once per run. The fast paths give exactly the verdict `analyse_one` gives
(property-tested).

Keys: an E.164 number is also kept as an int64 (`+33612345678` → 33612345678) for suppression-list
joins; 0 means "no number".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
from phonenumbers import PhoneMetadata, PhoneNumberType
from phonenumbers.phonenumberutil import NumberParseException, ValidationResult

from fichier_check.analysis import parallel
from fichier_check.table import distinct_arrow, matches, same_texts, without_characters
from fichier_check.analysis.transport import PacksText

DEFAULT_REGION = "FR"
# French overseas departments share France's national dialling plan (0262…, 0590…, 0690…) but have
# their own country codes; phonenumbers only accepts them when told the region, so a national-format
# number that is invalid for FR is tried against these regions too.
OVERSEAS_REGIONS = ("GP", "GF", "MQ", "RE", "YT", "PM", "BL", "MF")
_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
# Tabs, narrow and thin no-break spaces are visual separators in real files (French number
# formatting uses U+202F); phonenumbers rejects them, so they become plain spaces first.
_ODD_SPACES = re.compile("[\t\u2009\u202f\u2007]")
_MAX_KEY_DIGITS = 18  # int64 holds any 18-digit E.164 form
_MAX_NSN_DIGITS = phonenumbers.phonenumberutil._MAX_LENGTH_FOR_NSN  # 17: longer, parse() refuses the number


@dataclass
class PhoneColumn(PacksText):
    """Per-row analysis of one phone column."""

    blank: np.ndarray  # bool: nothing in the cell
    valid: np.ndarray  # bool: phonenumbers says valid
    e164: pa.Array  # string: "+33612345678", or "" when the value cannot be parsed at all (Arrow: the run
    # itself never reads it per row, so no Python string is made for it)
    mobile: np.ndarray  # bool: a valid mobile number
    reason: np.ndarray | None = None  # object: why invalid ("" when valid or blank)
    keys: np.ndarray | None = None  # int64: E.164 digits as an integer, 0 when no E.164 form
    # the column's distinct values and each row's code, as `table.distinct_arrow` gives them: the
    # checks reuse them instead of encoding the column again (`CheckContext.distinct`)
    distinct: tuple[np.ndarray, pa.Array] | None = None


def analyse_one(text: str, region: str = DEFAULT_REGION) -> tuple[bool, str, bool]:
    """(valid, e164 or "", mobile) for one cell."""
    return _analyse(text, region)


# Small caches: a value is looked up several times while it is analysed (validity, reason, list
# key); answers worth keeping for the whole run live in `_SLOW_ANSWERS`.
@lru_cache(maxsize=20_000)  # called with positional arguments only, so one cache entry per value
def _analyse(text: str, region: str) -> tuple[bool, str, bool]:
    number, valid = _parse(text, region)
    if number is None:
        return False, "", False
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    mobile = valid and phonenumbers.number_type(number) in _MOBILE_TYPES
    return valid, e164, mobile


def _parse(text: str, region: str) -> tuple[phonenumbers.PhoneNumber | None, bool]:
    value = _ODD_SPACES.sub(" ", text).strip()
    if not value:
        return None, False
    if value.startswith("00") and not value.startswith("000"):
        value = "+" + value[2:]
    try:
        number = phonenumbers.parse(value, region)
    except NumberParseException:
        return None, False
    valid = phonenumbers.is_valid_number(number)
    if not valid and region == "FR" and value.startswith("0") and not value.startswith("00"):
        nsn = phonenumbers.national_significant_number(number)
        for code, plausible in _overseas_filters():
            if plausible.fullmatch(nsn):
                # What parse(value, overseas) gives: the same national digits under that code.
                candidate = phonenumbers.PhoneNumber(country_code=code, national_number=number.national_number,
                                                     italian_leading_zero=number.italian_leading_zero,
                                                     number_of_leading_zeros=number.number_of_leading_zeros)
                if phonenumbers.is_valid_number(candidate):
                    return candidate, True
    return number, valid


@lru_cache(maxsize=1)
def _overseas_filters() -> list[tuple[int, re.Pattern]]:
    """Each overseas country code once, with the union of the general patterns of its regions: a
    number that matches none of them cannot be valid there, so it is not tried."""
    filters, seen = [], set()
    for overseas in OVERSEAS_REGIONS:
        code = PhoneMetadata.metadata_for_region(overseas).country_code
        if code in seen:
            continue
        seen.add(code)
        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE[code]
        general = [PhoneMetadata.metadata_for_region(r).general_desc.national_number_pattern for r in regions]
        filters.append((code, re.compile("|".join(f"(?:{p})" for p in general))))
    return filters


_PARSE_ERRORS = {
    NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
    NumberParseException.NOT_A_NUMBER: "not a number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short",
    NumberParseException.TOO_SHORT_NSN: "too short",
    NumberParseException.TOO_LONG: "too long",
}
_LENGTH_PROBLEMS = {
    ValidationResult.TOO_SHORT: "too short",
    ValidationResult.TOO_LONG: "too long",
    ValidationResult.INVALID_LENGTH: "wrong number of digits",
    ValidationResult.INVALID_COUNTRY_CODE: "unknown country code",
}


NOT_FRENCH = "not a valid French number"
OVERSEAS_AS_FRENCH = "overseas number written with +33 (use +590, +594, +596, +262 or +269)"


def phone_problem(text: str, region: str = DEFAULT_REGION) -> str:
    """Why a number is invalid, in a few words ("" when valid or blank)."""
    return _problem(text, region)


@lru_cache(maxsize=20_000)
def _problem(text: str, region: str) -> str:
    value = _ODD_SPACES.sub(" ", text).strip()
    if not value or analyse_one(text, region)[0]:
        return ""
    try:
        number = phonenumbers.parse("+" + value[2:] if value.startswith("00") else value, region)
    except NumberParseException as error:
        return _PARSE_ERRORS.get(error.error_type, "not a number")
    length = phonenumbers.is_possible_number_with_reason(number)
    if length in _LENGTH_PROBLEMS:
        return _LENGTH_PROBLEMS[length]
    if number.country_code == 33:
        if analyse_one("0" + str(number.national_number), region)[1][:3] != "+33":
            return OVERSEAS_AS_FRENCH
        return NOT_FRENCH
    return f"not a valid number for +{number.country_code}"


def is_possible_key(text: str, region: str = DEFAULT_REGION) -> bool:
    """True when the text is a number of a plausible length (valid or not): worth keeping as a
    suppression-list key even if the numbering plan says it is unassigned."""
    valid, e164, _ = analyse_one(text, region)
    return _is_possible(valid, e164, "" if valid or not e164 else phone_problem(text, region))


def _is_possible(valid: bool, e164: str, problem: str) -> bool:
    return valid or (bool(e164) and problem.startswith(("not a valid", "overseas")))


def normalise_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """E.164 form of a number (valid or not, as long as it parses), or ""."""
    return analyse_one(text, region)[1]


def e164_key(e164: str) -> int:
    """`+33612345678` → 33612345678; 0 when there is no (or too long a) number."""
    digits = e164[1:]
    if not digits.isdigit() or len(digits) > _MAX_KEY_DIGITS:
        return 0
    return int(digits)


# ---- vectorised fast path -------------------------------------------------------------------

_SEPARATORS = " \u00a0\t\u2009\u202f\u2007./()-"  # all are separators phonenumbers ignores (after _ODD_SPACES)
_FAST_SEPARATORS = f"[{_SEPARATORS}]"
# `+33 (0)6…` and `0033 0 6…`: phonenumbers drops the national 0 written after the country code.
_FAST_FORM = r"^(?:\+330?|00330?|330?|0)?(?P<nsn>[1-9][0-9]{8})$"


def _french_nsn(compact: pa.Array) -> pa.Array:
    """The 9 national digits of each compact string in `_FAST_FORM` (null for the others): its last
    9 characters where it matches (a match and a slice cost half an extraction)."""
    written = pc.match_substring_regex(compact, _FAST_FORM.replace("?P<nsn>", "?:"))
    return pc.if_else(written, pc.utf8_slice_codeunits(compact, -9), pa.scalar(None, pa.string()))


def _fr_pattern(*names: str) -> str:
    pattern = _desc_pattern(PhoneMetadata.metadata_for_region("FR"), names)
    if pattern is None:
        raise RuntimeError("FR numbers are not all 9 digits: the fast path needs review")
    return pattern


@lru_cache(maxsize=1)
def _fr_patterns() -> tuple[str, str, str, str]:
    """(general, any valid type, mobile, the types number_type tests before mobile)."""
    return (_fr_pattern("general_desc"), _fr_pattern(*_SPECIAL_TYPES, "fixed_line", "mobile"), _fr_pattern("mobile"),
            _fr_pattern(*_SPECIAL_TYPES))


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


_SPECIAL_TYPES = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail")
_LEADING_BLANKS = "^[ \t\u00a0\u2009\u202f\u2007]*"  # what _parse strips before looking at the first character


def _re2(pattern: str) -> str:
    """A phonenumbers metadata pattern for RE2 on ASCII digits (Python's \\d is any Unicode digit)."""
    return pattern.replace("\\d", "[0-9]")


def _desc_pattern(metadata, names: tuple[str, ...]) -> str | None:
    """One anchored RE2 pattern for the number types `names` of a region; None if a type is not
    9 digits long (the fast path below only knows 9-digit national numbers)."""
    parts = []
    for name in names:
        desc = getattr(metadata, name)
        if desc is not None and desc.national_number_pattern:
            if desc.possible_length and tuple(desc.possible_length) != (9,):
                return None
            parts.append(_re2(desc.national_number_pattern))
    return "^(?:" + "|".join(f"(?:{p})" for p in parts) + ")$" if parts else "^$"


@lru_cache(maxsize=1)
def _overseas_types() -> list[tuple[int, list[tuple[str, str, str, str]]]]:
    """For each overseas country code tried by `_parse` (in its order) whose regions all use
    9-digit numbers: per region, in phonenumbers' order, (general, any valid type, mobile, types
    tested before mobile). Those regions have no leading digits, so phonenumbers gives a number to
    the first region where it has a type: valid when some region has one, mobile as that region says."""
    out = []
    for code, _ in _overseas_filters():
        regions = []
        for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[code]:
            metadata = PhoneMetadata.metadata_for_region(region)
            patterns = (_desc_pattern(metadata, ("general_desc",)),
                        _desc_pattern(metadata, (*_SPECIAL_TYPES, "fixed_line", "mobile")),
                        _desc_pattern(metadata, ("mobile",)), _desc_pattern(metadata, _SPECIAL_TYPES))
            if metadata.leading_digits or None in patterns:
                regions = None
                break
            regions.append(patterns)
        out.append((code, regions))
    return out


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


def _parsable_length(values: pa.Array) -> np.ndarray:
    """phonenumbers refuses any text longer than 250 characters ("too long"), whatever it holds."""
    return pc.less_equal(pc.utf8_length(values), phonenumbers.phonenumberutil._MAX_INPUT_STRING_LENGTH).to_numpy(
        zero_copy_only=False)


def separators_removed(values: pa.Array) -> pa.Array:
    """The strings without the separators phonenumbers ignores: what every fast path reads."""
    return without_characters(values, _SEPARATORS)


# Arrow compiles a pattern at every call (0.05-0.25 ms for the metadata's): on fewer values than
# this, Python's `re`, whose compiled patterns are kept, answers sooner.
_PYTHON_MAX = 200


def _matches(array: pa.Array, pattern: str) -> np.ndarray:
    """Per string: does the RE2 `pattern` match somewhere in it (False for a null)?"""
    if len(array) - array.null_count < _PYTHON_MAX and len(array) < 10 * _PYTHON_MAX:
        search = _python_pattern(pattern).search
        return np.array([value is not None and search(value) is not None for value in array.to_pylist()], dtype=bool)
    return matches(array, pattern)


@lru_cache(maxsize=None)
def _python_pattern(pattern: str) -> re.Pattern[str]:
    """The same pattern for Python's `re`: the phone patterns are plain regular expressions whose
    only anchor at the end is `$`, which for RE2 means the end of the text (\\Z in Python)."""
    return re.compile(pattern.replace("$", r"\Z"))


def _is_null(array: pa.Array) -> np.ndarray:
    return pc.is_null(array).to_numpy(zero_copy_only=False)


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


TOO_SHORT, TOO_LONG = "too short", "too long"
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


# The values the fast paths cannot settle go to the run's worker processes (`parallel.spread`) when
# there are many; every answer is remembered for the run (`_SLOW_ANSWERS`), so a value that comes
# back in a later chunk is never parsed again. Below PARALLEL_MIN new values, sending them to the
# workers costs more than parsing them here.
PARALLEL_MIN = 2_000
_SLOW_ANSWERS: dict[tuple[str, str], tuple[bool, str, bool, str]] = {}
# ~250 bytes an answer: memory must not grow with the file, so the table is emptied when full
# (values that come back are then parsed once more).
_MAX_ANSWERS = 200_000


def _slow_one(args: tuple[str, str]) -> tuple[bool, str, bool, str]:
    text, region = args
    valid, e164, mobile = analyse_one(text, region)
    return valid, e164, mobile, ("" if valid else phone_problem(text, region))


def _slow_many(texts: list[str], region: str) -> list[tuple[bool, str, bool, str]]:
    new = [(t, region) for t in dict.fromkeys(texts) if (t, region) not in _SLOW_ANSWERS]
    if parallel.JOBS > 1 and len(new) >= PARALLEL_MIN:
        answers = parallel.spread(_slow_one, new, chunksize=max(64, len(new) // (8 * parallel.JOBS)))
    else:
        answers = [_slow_one(key) for key in new]
    found = [_SLOW_ANSWERS.get((t, region)) for t in texts]
    fresh = dict(zip(new, answers))
    if len(_SLOW_ANSWERS) + len(fresh) > _MAX_ANSWERS:
        _SLOW_ANSWERS.clear()
    _SLOW_ANSWERS.update(fresh)
    return [answer or fresh[(t, region)] for t, answer in zip(texts, found)]


def analyse_phones(values: pd.Series, region: str = DEFAULT_REGION) -> PhoneColumn:
    codes, distinct = distinct_arrow(values)
    n = len(distinct)
    french = region == "FR" and n > 0
    compact = separators_removed(distinct) if french else None

    def unsettled(*settled: np.ndarray) -> tuple[np.ndarray, pa.Array, pa.Array]:
        rest = np.flatnonzero(~np.logical_or.reduce(settled))
        taken = pa.array(rest)
        return rest, distinct.take(taken), compact.take(taken)

    valid, mobile, keys = (fast_french(distinct, compact) if french
                           else (np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, np.int64)))
    valid, mobile, keys = valid.copy(), mobile.copy(), keys.copy()
    blank = np.zeros(n, bool)  # a valid number is not blank: only the others are looked at
    rest = np.flatnonzero(~valid)
    blank[rest] = [not u.strip() for u in distinct.take(pa.array(rest)).to_pylist()]
    known_invalid = np.zeros(n, bool)
    reason = same_texts(n, "")
    if french and not valid.all():
        rest, texts, compacts = unsettled(valid, blank)
        far, far_mobile, far_keys = fast_overseas(texts, compacts)
        valid[rest], mobile[rest], keys[rest] = far, far_mobile, np.where(far, far_keys, keys[rest])
    if french and not valid.all():
        rest, texts, compacts = unsettled(valid, blank)
        decided, overseas, bad_keys = fast_invalid_french(texts, compacts)
        known_invalid[rest[decided]] = True
        keys[rest[decided]] = bad_keys[decided]
        reason[rest[decided]] = np.where(overseas[decided], OVERSEAS_AS_FRENCH, NOT_FRENCH)
    e164 = same_texts(n, "")  # the E.164 forms the later paths give (few values)
    formed = valid | known_invalid  # these: "+" and their key (made at the end, by Arrow)
    if french and not formed.all():
        rest, texts, compacts = unsettled(valid, blank, known_invalid)
        decided, numbers, wrong_keys, problems = fast_wrong_length_french(texts, compacts)
        done = rest[decided]
        known_invalid[done], e164[done], keys[done], reason[done] = True, numbers[decided], wrong_keys[decided], problems[decided]
    if french and not (valid | known_invalid).all():
        rest, texts, compacts = unsettled(valid, blank, known_invalid)
        decided, ok, is_mobile, numbers, number_keys, problems = fast_international(texts, compacts)
        done = rest[decided]
        valid[done], mobile[done], e164[done], keys[done], reason[done] = (
            ok[decided], is_mobile[decided], numbers[decided], number_keys[decided], problems[decided])
        known_invalid[done] = ~ok[decided]
    slow = np.flatnonzero(~valid & ~blank & ~known_invalid)
    texts = distinct.take(pa.array(slow)).to_pylist()
    for i, (ok, number, is_mobile, problem) in zip(slow.tolist(), _slow_many(texts, region)):
        valid[i], e164[i], mobile[i], reason[i] = ok, number, is_mobile, problem
        keys[i] = e164_key(number) if number else 0
    forms = pc.if_else(pa.array(formed), pc.binary_join_element_wise("+", pc.cast(pa.array(keys), pa.string()), ""), "")
    if not formed.all():
        forms = pc.replace_with_mask(forms, pa.array(~formed), pa.array(e164[~formed], type=pa.string()))
    return PhoneColumn(blank[codes], valid[codes], forms.take(pa.array(codes)), mobile[codes], reason[codes], keys[codes],
                       (codes, distinct))


def phone_keys(values: pa.Array, region: str = DEFAULT_REGION) -> np.ndarray:
    """int64 key of each string that is a plausible phone number (see `is_possible_key`), else 0.
    Vectorised for French forms; other distinct values go through phonenumbers once each."""
    compact = separators_removed(values) if len(values) else None
    settled, _, keys = fast_french(values, compact) if len(values) else (np.zeros(0, bool), None, np.zeros(0, np.int64))
    keys = keys.copy()
    rest = np.flatnonzero(~settled)
    if len(rest) and region == "FR":
        overseas, _, overseas_keys = fast_overseas(pc.take(values, pa.array(rest)), pc.take(compact, pa.array(rest)))
        keys[rest[overseas]] = overseas_keys[overseas]
        rest = rest[~overseas]
        # invalid French numbers of 9 digits are plausible keys (see `is_possible_key`)
        invalid, _, invalid_keys = fast_invalid_french(pc.take(values, pa.array(rest)), pc.take(compact, pa.array(rest)))
        keys[rest[invalid]] = invalid_keys[invalid]
        rest = rest[~invalid]
    if len(rest):
        others = pc.take(values, pa.array(rest))
        codes, uniques = pd.factorize(others.to_numpy(zero_copy_only=False), use_na_sentinel=True)
        # the same answers as the checks' fallback (and remembered for them: list entries are
        # often the file's own contacts)
        found = np.array([e164_key(number) if _is_possible(ok, number, problem) else 0
                          for ok, number, _, problem in _slow_many(list(uniques), region)], dtype=np.int64)
        keys[rest] = np.where(codes >= 0, found[np.maximum(codes, 0)] if len(found) else 0, 0)
    return keys
