"""A number's E.164 form (`normalise_phone`) and its int64 key for suppression-list joins
(`e164_key`: `+33612345678` → 33612345678, 0 for "no number"), and whether a number is worth
keeping as a key (`is_possible_key`), one value at a time through `fallback`."""
from __future__ import annotations

from fichier_check.analysis.phones.fallback import analyse_one, phone_problem
from fichier_check.analysis.phones.plan import _MAX_KEY_DIGITS, DEFAULT_REGION


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
