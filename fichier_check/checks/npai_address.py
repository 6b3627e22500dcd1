"""Flag a row whose postal address is known to be wrong: La Poste returned a letter marked NPAI
(« n'habite pas à l'adresse indiquée ») or PND (pli non distribuable). Mailing the address again
reaches someone else or no one; keeping it as the person's address is inaccurate data (GDPR art.
5(1)(d): inaccurate data is erased or rectified without delay). The usual La Poste mentions, not
a sourced legal text.

The mention is searched (accents, case and punctuation ignored, whole words: `terms`) in the
cells of `roles` (address, city, status, call result, comments), and `PND`/`NPAI` as written in
capitals (`upper_terms`). A column of the role `npai` (headers `NPAI`, `PND`, `Retour courrier`)
flags the row when it holds a yes (oui, x, 1…), a date or a mention. Passes: an address that merely
holds one of the words (`Rue de l'Inconnu`), `Non`/`0`/blank in the NPAI column.

The finding is on the address column (without one, the postal code, else the city): the action
`blank` empties it, and an address a rule emptied no longer makes the post channel usable through
the postal code and city left (`engine/channels`): the row is no longer counted as reachable by
post. The detail says where the mention was found ("NPAI mention in a comment"), never the cell.

Params:
  roles: the roles whose cells may hold the mention.
  terms: the mentions (accents, case and punctuation ignored, whole words).
  upper_terms: the mentions matched only in capitals (`PND`).

Example:
    - id: npai-address
      family: data-quality
      check: npai_address
      channels: [post]
      severity: warning
      action: blank
      legal_basis: "RGPD art. 5(1)(d) (exactitude)"
      message: {fr: "Adresse NPAI", en: "Address returned as undeliverable (NPAI)"}
      params:
        terms: [npai, "n'habite pas à l'adresse indiquée", pli non distribuable]
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from fichier_check.analysis.terms import TermMatcher, wordless
from fichier_check.analysis.text import fold_words
from fichier_check.analysis.values import FALSE_WORDS, TRUE_WORDS, answer_key
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.analysis.text import accent_blind
from fichier_check.table import matches, same_texts

TYPE = "npai_address"
ROLES = ["address", "city", "status", "call_result", "comment"]
TERMS = ["npai", "n.p.a.i", "n'habite pas à l'adresse indiquée", "n'habite plus à l'adresse indiquée",
         "n'habite pas à l'adresse", "n'habite plus à l'adresse", "pli non distribuable", "plis non distribuables",
         "destinataire inconnu à l'adresse", "inconnu à l'adresse", "retour npai", "retour la poste"]
UPPER_TERMS = ["PND", "NPAI"]
PARAMS = {
    "roles": Param(list, default=ROLES, item_type=str, doc="roles whose cells may hold the mention"),
    "terms": Param(list, default=TERMS, item_type=str, doc="the mentions (accents, case, punctuation ignored)"),
    "upper_terms": Param(list, default=UPPER_TERMS, item_type=str, doc="mentions matched only in capitals"),
}
TARGETS = ("address", "postal_code", "city")  # the cell blanked: the first role the file has
WHERE = {"address": "the address", "city": "the city", "status": "the status", "call_result": "the call result",
         "comment": "a comment", "npai": "the NPAI column"}


def validate(params: dict) -> str | None:
    if not params["terms"] and not params["upper_terms"]:
        return "terms and upper_terms cannot both be empty"
    bad = wordless(params["terms"] + params["upper_terms"])
    return f"{bad!r} has no letter or digit: it cannot be a term" if bad is not None else None


def roles(params: dict) -> list[str]:
    return ["|".join(TARGETS)]  # without any address field there is no post channel to spoil


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    target = next(p for p in (ctx.columns.first(role) for role in TARGETS) if p is not None)
    terms, upper = tuple(params["terms"]), tuple(params["upper_terms"])
    matcher, prefilter = _matcher(terms, upper), _prefilter(terms + upper)
    flagged = np.zeros(ctx.n, dtype=bool)
    details = same_texts(ctx.n, "")
    for role in ["npai"] + [r for r in params["roles"] if r != "npai"]:
        for position in ctx.columns.columns(role):
            found = matches(ctx.arrow(position), prefilter)
            if found.any():  # the term search (Python, per distinct value) only on the prefiltered cells
                rows = np.flatnonzero(found)
                found[rows] = matcher.search_column(ctx.values(position).iloc[rows])[0]
            if role == "npai":
                found |= _flag_says_yes(ctx, position)
            new = found & ~flagged
            details[new] = f"NPAI mention in {WHERE.get(role, 'the ' + role + ' column')}"
            flagged |= found
    if not flagged.any():
        return []
    return [Hits(column=target, mask=flagged, details=details)]


@lru_cache(maxsize=8)
def _matcher(terms: tuple[str, ...], upper: tuple[str, ...]) -> TermMatcher:
    """One matcher for the run (it remembers the distinct cells it has searched)."""
    return TermMatcher({"npai": list(terms)}, upper_only={"npai": list(upper)})


@lru_cache(maxsize=8)
def _prefilter(terms: tuple[str, ...]) -> str:
    """RE2 (case ignored) that every cell holding a term matches: the longest word of each term,
    accents or not, so that the term search runs only on the few cells that may hold one."""
    words = {max(fold_words(term).split() or [""], key=len) for term in terms} - {""}
    return "(?i)" + "|".join(accent_blind(word) for word in sorted(words)) if words else "^$."


def _flag_says_yes(ctx: CheckContext, position: int) -> np.ndarray:
    """An NPAI column's cell says yes: a recognised yes, or a date (any digit) that is not a no (`0`)."""
    distinct = ctx.distinct(position)
    keys = [answer_key(v or "") for v in distinct.values]
    said = np.array([k in TRUE_WORDS or (k not in FALSE_WORDS and any(c.isdigit() for c in k)) for k in keys],
                    dtype=bool)
    return said[distinct.codes] if len(distinct.codes) else np.zeros(0, dtype=bool)
