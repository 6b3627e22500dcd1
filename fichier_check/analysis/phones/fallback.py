"""phonenumbers itself, for one value at a time: the reference verdict every fast path must give
(`analyse_one`, `phone_problem`), and the fallback for the values no fast path settles
(`_slow_many`): parsed once per run (`_SLOW_ANSWERS`), in the run's worker processes when there
are many (`parallel.spread`)."""
from __future__ import annotations

from functools import lru_cache

import phonenumbers
from phonenumbers.phonenumberutil import NumberParseException

from fichier_check.analysis import parallel
from fichier_check.analysis.phones.plan import (
    _LENGTH_PROBLEMS, _MOBILE_TYPES, _ODD_SPACES, _PARSE_ERRORS, DEFAULT_REGION, NOT_FRENCH, OVERSEAS_AS_FRENCH,
    _overseas_filters)


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
