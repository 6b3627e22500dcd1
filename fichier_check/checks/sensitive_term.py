"""Flag free-text cells (comments, notes) that hold a word of a sensitive category: health,
religion, ethnic origin, political opinions, union membership, sex life, genetic/biometric data
(GDPR art. 9), offences and convictions (art. 10), or insults and judgements (CNIL "zones
bloc-notes": comments must stay objective and never excessive).

Matching is accent- and case-insensitive on whole words, with French elision (`l'hôpital`) and
plural/feminine endings; `upper_only` tokens (CGT, RN…) match only in capitals; a term found inside
one of the `decoys` phrases is not reported ("prix agressifs" speaks of a price, "travaux
pénibles" of a job: not judgements of the person), the rest of the text still is; a term inside a
proper name ("Tyson Gay") is not reported unless `proper_names: false`. Only the columns
of the `roles` (default: comment; `job_title` for a union mandate in a job title) are read — never an address or a company name, where "Église"
or "Santé" are not findings. The report names the term found, never the comment.

Params:
  roles: column roles to scan (default [comment]).
  terms: category -> list of words (the lists live in the rule pack so users can add words).
  upper_only: category -> tokens matched only when written in capitals.
  exclude: words never to report.
  decoys: phrases inside which a term is not reported (matched like the terms).
  proper_names: false to report a term even inside capitalised words read as a name (default
    true: "Tyson Gay" is a name); a job title written in capitals ("Délégué Syndical Central")
    is no name.

Example:
    - id: sensitive-term
      family: sensitive-data
      check: sensitive_term
      severity: error
      action: blank
      legal_basis: "RGPD art. 9(1)"
      message: {fr: "Donnée sensible dans un commentaire", en: "Sensitive data in a comment"}
      params:
        terms: {health: [malade, arrêt maladie], religion: [catholique]}
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.analysis.mask import mask_text
from fichier_check.analysis.terms import TermMatcher, wordless
from fichier_check.table import same_texts

TYPE = "sensitive_term"
PARAMS = {
    "roles": Param(list, default=["comment"], item_type=str, doc="column roles to scan"),
    "terms": Param(dict, required=True, doc="category -> words"),
    "upper_only": Param(dict, default={}, doc="category -> tokens matched only in capitals"),
    "exclude": Param(list, default=[], item_type=str, doc="words never reported"),
    "decoys": Param(list, default=[], item_type=str, doc="phrases inside which a term is not reported"),
    "proper_names": Param(bool, default=True, doc="a term inside a capitalised name is not reported"),
}


def validate(params: dict) -> str | None:
    for key in ("terms", "upper_only"):
        for category, words in params[key].items():
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                return f"{key}.{category} must be a list of words"
            if wordless(words) is not None:
                return f"{key}.{category}: {wordless(words)!r} has no letter or digit: it cannot be a term"
    return None


def roles(params: dict) -> list[str]:
    return ["|".join(params["roles"])]


@lru_cache(maxsize=32)
def _matcher(frozen: tuple) -> TermMatcher:
    terms, upper, exclude, decoys, names = frozen
    return TermMatcher({c: list(w) for c, w in terms}, {c: list(w) for c, w in upper}, list(exclude), list(decoys),
                       names)


def _freeze(params: dict) -> tuple:
    def freeze(mapping: dict) -> tuple:
        return tuple(sorted((c, tuple(w)) for c, w in mapping.items()))
    return (freeze(params["terms"]), freeze(params["upper_only"]), tuple(params["exclude"]), tuple(params["decoys"]),
            params["proper_names"])


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    matcher = _matcher(_freeze(params))
    hits = []
    for role in params["roles"]:
        for position in ctx.columns.columns(role):
            values = ctx.values(position)
            mask, details = matcher.search_column(values)
            display = same_texts(len(mask), "")
            flagged = np.flatnonzero(mask)
            display[flagged] = [mask_text(str(v)) for v in values.iloc[flagged].tolist()]
            hits.append(Hits(column=position, mask=mask, details=details, display=display))
    return hits
