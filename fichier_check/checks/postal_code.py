"""Flag a French postal code that cannot be one: a French code is 5 digits (metropolitan France
01000-95999, Corsica 20000-20999 such as 20000 Ajaccio and 20200 Bastia, overseas 971xx-976xx,
Monaco and the Pacific 98xxx). A mailing to a wrong code is returned or lost, and the contact
point is inaccurate data (GDPR art. 5(1)(d); a data-quality rule of the catalogue, no CNIL text).

Flagged, each with its own detail (the code itself never in it): 4 digits (a leading zero lost
by a spreadsheet reading `01000` as the number 1000: keep the column as text), fewer than 4 or
more than 5 digits, letters (`2A000`: 2A/2B are Corsica's department codes, its postal codes
start with 20), codes starting with 00 (none exists), anything else than digits. Passes: a blank
cell, 5 digits with spaces around them, a code followed by `CEDEX` and its office number
(`75008 CEDEX 08`). When the file has a country column (role `country`: Pays, Country), a row
whose country is filled and is not France (or an overseas territory, Monaco: `france_words`,
compared without accents, case and punctuation) is not checked: a Belgian 1000 is right.

Params:
  role: the column role holding the postal code (default "postal_code").
  france_words: country cells meaning France (accents, case and punctuation ignored).

Example:
    - id: postal-code-invalid
      family: data-quality
      check: postal_code
      severity: info
      action: tag
      legal_basis: "RGPD art. 5(1)(d) (exactitude)"
      message: {fr: "Code postal invalide", en: "Invalid postal code"}
      params:
        france_words: [france, fr, fra, guadeloupe, martinique, monaco]
"""
from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

from fichier_check.analysis.text import fold_words
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.table import same_texts

TYPE = "postal_code"
FRANCE_WORDS = ["france", "fr", "fra", "france metropolitaine", "metropole", "republique francaise", "french republic",
                "guadeloupe", "martinique", "guyane", "guyane francaise", "french guiana", "la reunion", "reunion",
                "mayotte", "saint pierre et miquelon", "saint barthelemy", "saint martin", "wallis et futuna",
                "polynesie francaise", "french polynesia", "nouvelle caledonie", "new caledonia", "monaco",
                "dom", "tom", "dom tom", "33", "250"]
PARAMS = {
    "role": Param(str, default="postal_code", doc="column role holding the postal code"),
    "france_words": Param(list, default=FRANCE_WORDS, item_type=str,
                          doc="country cells meaning France (accents, case and punctuation ignored)"),
}
# A valid code, spaces around it, optionally followed by CEDEX and its office number.
VALID = r"(?i)^\s*(?:0[1-9]|[1-9][0-9])[0-9]{3}(?:\s+cedex(?:\s*[0-9]{1,2})?)?\s*$"
KINDS = (  # (RE2 on the trimmed cell, detail), the first that matches says what is wrong
    (r"^[0-9]{4}$", "4 digits: a leading zero lost by a spreadsheet? (keep the column as text)"),
    (r"^00[0-9]{3}$", "no French postal code starts with 00"),
    (r"^[0-9]{1,3}$", "fewer than 4 digits"),
    (r"^[0-9]{6,}$", "more than 5 digits"),
    (r"(?i)^2\s*[ab]", "2A/2B is a department code: Corsica's postal codes start with 20"),
    (r"\pL", "letters in a postal code"),
    (r"", "not 5 digits"),
)


def validate(params: dict) -> str | None:
    return "france_words must list at least one word" if not params["france_words"] else None


def roles(params: dict) -> list[str]:
    return [params["role"]]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    abroad = _abroad(ctx, params["france_words"])
    hits = []
    for position in ctx.columns.columns(params["role"]):
        distinct = ctx.distinct(position)  # once per distinct code
        trimmed = pc.utf8_trim_whitespace(pc.fill_null(distinct.arrow, ""))
        wrong_u = (pc.utf8_length(trimmed).to_numpy(zero_copy_only=False) > 0) & ~pc.fill_null(
            pc.match_substring_regex(trimmed, VALID), False).to_numpy(zero_copy_only=False)
        flagged = wrong_u[distinct.codes] & ~abroad
        details = None
        if flagged.any():
            detail_u = same_texts(len(wrong_u), "")
            left = wrong_u.copy()
            for pattern, detail in KINDS:
                found = left & pc.fill_null(pc.match_substring_regex(trimmed, pattern), False).to_numpy(
                    zero_copy_only=False)
                detail_u[found] = detail
                left &= ~found
            details = detail_u[distinct.codes]
        hits.append(Hits(column=position, mask=flagged, details=details))
    return hits


def _abroad(ctx: CheckContext, france_words: list[str]) -> np.ndarray:
    """Per row: a country column says another country than France (a blank country is France)."""
    position = ctx.columns.first("country")
    if position is None:
        return np.zeros(ctx.n, dtype=bool)
    france = {fold_words(w) for w in france_words} | {""}
    distinct = ctx.distinct(position)
    return np.array([fold_words(v or "") not in france for v in distinct.values], dtype=bool)[distinct.codes] \
        if len(distinct.codes) else np.zeros(0, dtype=bool)
