"""Flag a column the file holds although a prospecting purpose does not need it: data
minimisation (GDPR art. 5(1)(c): adequate, relevant and limited to what is necessary). One
column-level finding, on the header, when the column holds values; nothing is removed (a person
decides whether the purpose needs it, and stops collecting it if not).

- `birthdate-collected` (role `birth_date`): no specific CNIL text on dates of birth in prospect
  files was found, only the general principle (regulation.md §11 [?]): an age target may need an
  age band, rarely the full date.
- `civility-collected` (role `civility`, consumer rows): the CJEU (C-394/23 *Mousse*, 9 January
  2025) and the Conseil d'État (31 July 2025) held that asking a customer's civility (Monsieur /
  Madame) only to personalise commercial messages is not necessary; a neutral greeting does.

A cell counts when it is not blank and, when `words` are given, is one of them (accents, case and
punctuation ignored: `M.`, `Mme`, `Monsieur`): a `Titre` column holding job titles is not a
civility. `customer_type` restricts the rows looked at (`B2C`: consumer rows, a row of unknown type
counting as a consumer, the strictest default; `all`). The values are read in the file's first
chunk (a column empty there and filled further down is not reported).

Params:
  role: the column role (required).
  customer_type: the rows concerned, B2C, B2B or all (default all).
  words: the values that count (accents, case, punctuation ignored); empty: any non-blank value.

Example:
    - id: civility-collected
      family: data-quality
      check: column_collected
      severity: info
      action: none
      legal_basis: "RGPD art. 5(1)(c) ; CJUE C-394/23 (9 janvier 2025)"
      message: {fr: "Civilité collectée pour des particuliers", en: "Civility collected for consumers"}
      params:
        role: civility
        customer_type: B2C
        words: [m, mme, mlle, monsieur, madame, mademoiselle]
"""
from __future__ import annotations

import numpy as np

from fichier_check.analysis.text import fold_words
from fichier_check.table import matches
from fichier_check.checks.base import CheckContext, Hits, Param

TYPE = "column_collected"
PARAMS = {
    "role": Param(str, required=True, doc="the column role"),
    "customer_type": Param(str, default="all", choices=("B2C", "B2B", "all"), doc="rows concerned"),
    "words": Param(list, default=[], item_type=str,
                   doc="the values that count (accents, case, punctuation ignored); empty: any value"),
}
WHO = {"B2C": " on consumer rows", "B2B": " on business rows", "all": ""}


def roles(params: dict) -> list[str]:
    return [params["role"]]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    words = {fold_words(w) for w in params["words"]} - {""}
    rows = ctx.in_scope(params["customer_type"])
    hits = []
    for position in ctx.columns.columns(params["role"]):
        if words:  # a few distinct words (M., Mme…): compared once each
            distinct = ctx.distinct(position)
            counts = np.array([fold_words(v or "") in words for v in distinct.values], dtype=bool)
            filled = counts[distinct.codes] if len(distinct.codes) else np.zeros(0, dtype=bool)
        else:  # any value (birth dates: as many as rows): a letter or a digit, one RE2 pass
            filled = matches(ctx.arrow(position), r"[\pL\pN]")
        held = int((filled & rows).sum())
        if held:
            hits.append(Hits(column=position, header_only=True,
                             header_detail=f"{params['role']} column filled{WHO[params['customer_type']]}"))
    return hits
