"""Flag free-text cells (comments, notes) that hold a term of a sensitive category: health,
religion, ethnic origin, political opinions, union membership, sex life, genetic/biometric data
(GDPR art. 9), offences and convictions (art. 10), or insults and judgements (CNIL "zones
bloc-notes": comments must stay objective and never excessive).

The terms are matched by `analysis.terms`: accents and case ignored, whole words, regular
inflections, `...` gaps, `*` prefixes, lemmas with their forms, capitals-only abbreviations. A
match that a context clears is no finding: an address ("rue de l'Hôpital"), a landmark ("en face
de la mosquée"), a proper name ("Hôpital Foch"), the company's trade ("assurance santé"), a decoy
phrase ("prix agressifs"). Only the columns of the `roles` are read (default: comment) — never an
address or a company name. The report names the term and its category, never the comment; the
JSON report counts, per context, the rows whose every match a context cleared.

Params:
  roles: column roles to scan (default [comment]).
  terms: category -> list of terms, or category -> {legal_basis: text, fr: [...], en: [...],
    upper: [capitals-only tokens]}; a term is a word, a phrase, `a ... b`, `prefix*` or
    {lemma: word, forms: [...]}.
  upper_only: category -> tokens matched only when written in capitals.
  exclude: terms never reported.
  contexts: name -> {before, after, postcode, phrases, capitalised, only, window}
    (`analysis.term_contexts`).
  decoys: phrases inside which a term is not reported (the context "decoy").
  proper_names: false to report a term even inside capitalised words read as a name (default
    true: "Tyson Gay" is a name); a job title written in capitals ("Délégué Syndical Central")
    is no name.
  gap: the most words a `...` stands for (default 5).

Example:
    - id: sensitive-term
      family: sensitive-data
      check: sensitive_term
      severity: error
      action: blank
      legal_basis: "RGPD art. 9(1)"
      message: {fr: "Donnée sensible dans un commentaire", en: "Sensitive data in a comment"}
      params:
        terms:
          health: {legal_basis: "RGPD art. 9(1), santé", fr: [malade, "suivi ... oncologue"], upper: [ALD]}
        contexts:
          address: {before: [rue, place, avenue], postcode: true}
"""
from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache

import numpy as np

from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.analysis.mask import mask_text
from fichier_check.analysis.term_contexts import contexts_from, problem as context_problem
from fichier_check.analysis.terms import TermMatcher, term_list_problem
from fichier_check.table import same_texts

TYPE = "sensitive_term"
PARAMS = {
    "roles": Param(list, default=["comment"], item_type=str, doc="column roles to scan"),
    "terms": Param(dict, required=True, doc="category -> terms, or -> {legal_basis, <language>: terms, upper: tokens}"),
    "upper_only": Param(dict, default={}, doc="category -> tokens matched only in capitals"),
    "exclude": Param(list, default=[], item_type=str, doc="words never reported"),
    "decoys": Param(list, default=[], item_type=str, doc="phrases inside which a term is not reported"),
    "proper_names": Param(bool, default=True, doc="a term inside a capitalised name is not reported"),
    "contexts": Param(dict, default={}, doc="name -> {before, after, postcode, phrases, capitalised, only, window}"),
    "gap": Param(int, default=5, doc="the most words a '...' in a term stands for"),
    "sets": Param(dict, default={}, doc="name -> words or phrases a term names as @name"),
}


def validate(params: dict) -> str | None:
    for name, words in params["sets"].items():
        if (bad := term_list_problem(f"sets.{name}", words)) is not None:
            return bad
    for category, lists in params["terms"].items():
        if (bad := term_list_problem(f"terms.{category}", lists, params["sets"])) is not None:
            return bad
    for category, words in params["upper_only"].items():
        if (bad := term_list_problem(f"upper_only.{category}", words)) is not None:
            return bad
    if (bad := term_list_problem("decoys", params["decoys"])) is not None:
        return bad
    if not 0 <= params["gap"] <= 20:
        return "gap must be a number of words from 0 to 20"
    return next(filter(None, (context_problem(n, spec) for n, spec in params["contexts"].items())), None)


def roles(params: dict) -> list[str]:
    return ["|".join(params["roles"])]


@lru_cache(maxsize=32)
def _matcher(frozen: str) -> TermMatcher:
    """One matcher per distinct set of params in the run (it remembers the texts it searched)."""
    params = json.loads(frozen)
    return TermMatcher(params["terms"], params["upper_only"], params["exclude"], params["decoys"],
                       params["proper_names"], contexts_from(params["contexts"], params["sets"]), params["gap"],
                       params["sets"])


def matcher_for(params: dict) -> TermMatcher:
    """The rule's matcher, the same object for every chunk of the run (and for bench/term_corpus.py)."""
    return _matcher(json.dumps({k: params[k] for k in PARAMS if k != "roles"}, sort_keys=True))


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    matcher = matcher_for(params)
    hits = []
    for role in params["roles"]:
        for position in ctx.columns.columns(role):
            values = ctx.values(position)
            cleared = Counter()
            mask, details = matcher.search_column(values, cleared)
            display = same_texts(len(mask), "")
            flagged = np.flatnonzero(mask)
            display[flagged] = [mask_text(str(v)) for v in values.iloc[flagged].tolist()]
            hits.append(Hits(column=position, mask=mask, details=details, display=display, cleared=dict(cleared) or None))
    return hits
