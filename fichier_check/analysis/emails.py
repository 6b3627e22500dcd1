"""E-mail addresses: syntax validity (email-validator, offline: no DNS), normal form, role address.

Each distinct value is analysed once. The normal form used to compare with suppression lists (and
whose SHA-256 a hashed list holds) is the trimmed, lower-cased address: `normalise_email`. A role
address (contact@, info@, also contact+promo@…) belongs to the company, not to a person: consent
rules do not apply to it (CNIL guidance, regulation.md §1).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from email_validator import EmailNotValidError, validate_email

from fichier_check.table import distinct_arrow, same_texts
from fichier_check.analysis.transport import PacksText

# Fast path: plain lower-case ASCII addresses that email-validator always accepts, checked with one
# RE2 regex over the distinct values; anything else (capitals, accents, quotes, odd domains) goes
# to email-validator. Special-use TLDs, which the validator refuses, and "--" in the domain (which
# may be an invalid IDNA label) never take the fast path. Same verdict as the validator (tested).
_LOCAL = r"[a-z0-9_+\-]+(\.[a-z0-9_+\-]+)*"
_LABEL = r"[a-z0-9]([a-z0-9\-]{0,61}[a-z0-9])?"
FAST_VALID = "^" + _LOCAL + "@" + _LABEL + r"(\." + _LABEL + r")*\.[a-z]{2,24}$"
_SPECIAL_TLDS = ("arpa", "invalid", "local", "localhost", "onion", "test")

ROLE_LOCAL_PARTS = frozenset({
    "info", "infos", "contact", "contacts", "accueil", "commercial", "commerciale", "commande", "commandes",
    "compta", "comptabilite", "direction", "admin", "administration", "secretariat", "rh", "recrutement",
    "service-client", "serviceclient", "service.client", "sav", "support", "ventes", "vente", "sales", "hello",
    "office", "bonjour", "reception", "standard", "noreply", "no-reply", "donotreply", "do-not-reply",
    "marketing", "facturation", "devis", "achats", "jobs", "emploi", "team", "equipe", "agence", "mairie",
})


@dataclass
class EmailColumn(PacksText):
    blank: np.ndarray  # bool
    valid: np.ndarray  # bool
    normalised: pa.Array  # string: trimmed lower-case address ("" when blank); Arrow, as the list lookups read it
    role: np.ndarray  # bool: a role address (contact@…), not personal data
    reason: np.ndarray  # object: why invalid ("" when valid or blank)
    distinct: tuple[np.ndarray, pa.Array] | None = None  # as PhoneColumn.distinct


def normalise_email(text: str) -> str:
    """The comparison form: trimmed, lower case (`" Jean@Exemple.FR "` → `jean@exemple.fr`)."""
    return text.strip().lower()


def domains_of(addresses: pa.Array) -> pa.Array:
    """Each address' domain, trimmed and in lower case (the part after the last `@`; null without
    one): what the webmail and typo rules compare, read once per distinct address."""
    lowered = pc.utf8_lower(pc.utf8_trim_whitespace(addresses))
    return pc.struct_field(pc.extract_regex(lowered, r"@(?P<domain>[^@]*)$"), "domain")


def is_role_address(normalised: str) -> bool:
    """contact@…, info@…, and their sub-addresses (contact+salon@…)."""
    local = normalised.split("@", 1)[0]
    return local in ROLE_LOCAL_PARTS or local.split("+", 1)[0] in ROLE_LOCAL_PARTS


@lru_cache(maxsize=100_000)  # bounded: memory must not grow with the file
def analyse_one(text: str) -> tuple[bool, str, bool, str]:
    """(valid, normalised, role, reason) for one cell."""
    value = text.strip()
    if not value:
        return False, "", False, ""
    norm = normalise_email(value)
    role = is_role_address(norm)
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        return False, norm, role, str(error)
    return True, norm, role, ""


# What Python's str.strip() removes among ASCII characters (the validator sees the stripped text).
_ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def fast_valid(uniques: list[str]) -> np.ndarray:
    """True where the address is certainly valid for email-validator (see FAST_VALID): plain ASCII
    once stripped, compared in lower case (letter case never changes the validator's verdict)."""
    return _fast_answers(uniques)[0]


def _fast_answers(uniques: list[str] | pa.Array) -> tuple[np.ndarray, pa.Array, np.ndarray]:
    """(fast, normalised, role) of each value: `fast_valid`, and for those values what
    `normalise_email` and `is_role_address` give, from Arrow kernels (a fast value is plain ASCII
    with one "@", so trimming ASCII spaces and ASCII lower case are exactly str.strip and lower)."""
    if not len(uniques):
        return np.zeros(0, dtype=bool), pa.array([], type=pa.string()), np.zeros(0, dtype=bool)
    array = uniques if isinstance(uniques, pa.Array) else pa.array(uniques, type=pa.string())
    trimmed = pc.utf8_trim(array, _ASCII_SPACE)
    lowered = pc.ascii_lower(trimmed)
    ok = pc.and_(pc.string_is_ascii(trimmed), pc.match_substring_regex(lowered, FAST_VALID))
    ok = pc.and_(ok, pc.less_equal(pc.utf8_length(trimmed), 254))
    ok = pc.and_(ok, pc.invert(pc.match_substring_regex(lowered, "^[^@]{65,}@")))
    ok = pc.and_(ok, pc.invert(pc.match_substring(lowered, "--")))
    ok = pc.and_(ok, pc.invert(pc.match_substring_regex(lowered, r"\.(" + "|".join(_SPECIAL_TLDS) + ")$")))
    fast = ok.to_numpy(zero_copy_only=False).astype(bool)
    local = pc.list_element(pc.split_pattern(lowered, "@", max_splits=1), 0)
    before_plus = pc.list_element(pc.split_pattern(local, "+", max_splits=1), 0)
    roles = pa.array(sorted(ROLE_LOCAL_PARTS), type=pa.string())
    role = pc.or_(pc.is_in(local, value_set=roles), pc.is_in(before_plus, value_set=roles))
    return fast, lowered, role.to_numpy(zero_copy_only=False).astype(bool) & fast


def analyse_emails(values: pd.Series) -> EmailColumn:
    codes, distinct = distinct_arrow(values)
    if not len(codes):
        e = np.zeros(0, dtype=bool)
        o = np.zeros(0, dtype=object)
        return EmailColumn(e, e, pa.array([], type=pa.string()), e, o)
    valid, lowered, role = _fast_answers(distinct)
    fast = valid.copy()
    reason = same_texts(len(distinct), "")
    blank_u = np.zeros(len(distinct), dtype=bool)  # a valid address is not blank
    slow = np.flatnonzero(~valid)
    slow_norms = []
    for i, text in zip(slow.tolist(), distinct.take(pa.array(slow)).to_pylist()):
        valid[i], norm, role[i], reason[i] = analyse_one(text)
        slow_norms.append(norm)
        blank_u[i] = not text.strip()
    # the fast path's lower-case form, or analyse_one's for the others (slow is in row order)
    normalised = pc.replace_with_mask(pc.if_else(pa.array(fast), lowered, ""), pa.array(~fast),
                                      pa.array(slow_norms, type=pa.string()))
    return EmailColumn(blank_u[codes], valid[codes], normalised.take(pa.array(codes)), role[codes], reason[codes],
                       (codes, distinct))
