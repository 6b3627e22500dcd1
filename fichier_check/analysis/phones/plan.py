"""The numbering plans the phone analysis judges by, as phonenumbers' metadata describes them.

France (region FR: every national number 9 digits) and its overseas departments, which share its
national dialling plan but have codes of their own (+590, +594, +596, +262, +269…): the region
tables and constants, the wording of each reason a number is invalid, the separators and blanks
phonenumbers ignores, and the RE2 patterns the fast paths build from phonenumbers' metadata (once
per run, cached). Nothing here looks at a value: `fallback` and the fast paths (`french`,
`international`) read it.
"""
from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberType
from phonenumbers.phonenumberutil import NumberParseException, ValidationResult


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
TOO_SHORT, TOO_LONG = "too short", "too long"

_SEPARATORS = " \u00a0\t\u2009\u202f\u2007./()-"  # all are separators phonenumbers ignores (after _ODD_SPACES)
_FAST_SEPARATORS = f"[{_SEPARATORS}]"
_SPECIAL_TYPES = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail")
_LEADING_BLANKS = "^[ \t\u00a0\u2009\u202f\u2007]*"  # what _parse strips before looking at the first character


def _re2(pattern: str) -> str:
    """A phonenumbers metadata pattern for RE2 on ASCII digits (Python's \\d is any Unicode digit)."""
    return pattern.replace("\\d", "[0-9]")


def _desc_pattern(metadata, names: tuple[str, ...]) -> str | None:
    """One anchored RE2 pattern for the number types `names` of a region; None if a type is not
    9 digits long (the French fast paths only know 9-digit national numbers)."""
    parts = []
    for name in names:
        desc = getattr(metadata, name)
        if desc is not None and desc.national_number_pattern:
            if desc.possible_length and tuple(desc.possible_length) != (9,):
                return None
            parts.append(_re2(desc.national_number_pattern))
    return "^(?:" + "|".join(f"(?:{p})" for p in parts) + ")$" if parts else "^$"


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
