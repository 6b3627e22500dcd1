"""Flag a column whose header names a sensitive category: a GDPR art. 9 category (health,
religion, ethnic origin, political opinions, union membership, sex life, genetic or biometric
data), criminal data (art. 10), or a French social-security number (NIR, whose use is restricted
by the loi Informatique et Libertés art. 30 and décret 2019-341). Such a column has no place in a
prospect file (minimisation, art. 5(1)(c)); the default action drops it from the cleaned file.

Headers are compared by folded words (accents, case and punctuation ignored): `État de santé`,
`RELIGION`, `N° SS` match. `exclude_headers` lists phrases that make a header harmless (`Code
INSEE`, `Secteur`), checked first. Reported once per column, on row 1 (the header).

Params:
  headers: category -> header phrases (the lists live in the rule pack).
  exclude_headers: phrases that make a header harmless.

Example:
    - id: sensitive-column
      family: sensitive-data
      check: sensitive_column
      severity: error
      action: drop-column
      legal_basis: "RGPD art. 9(1), 10"
      message: {fr: "Colonne de données sensibles", en: "Sensitive data column"}
      params:
        headers: {health: [santé, état de santé], religion: [religion]}
        exclude_headers: [secteur]
"""
from __future__ import annotations

from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.analysis.text import fold_words

TYPE = "sensitive_column"
PARAMS = {
    "headers": Param(dict, required=True, doc="category -> header phrases"),
    "exclude_headers": Param(list, default=[], item_type=str, doc="phrases that make a header harmless"),
}


def validate(params: dict) -> str | None:
    for category, phrases in params["headers"].items():
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            return f"headers.{category} must be a list of phrases"
    return None


def roles(params: dict) -> list[str]:
    return []


def _contains(words: list[str], phrase: str) -> bool:
    target = fold_words(phrase).split()
    n = len(target)
    return bool(target) and any(words[i:i + n] == target for i in range(len(words) - n + 1))


def category_of(header: str, params: dict) -> str | None:
    words = fold_words(header).split()
    if any(_contains(words, phrase) for phrase in params["exclude_headers"]):
        return None
    for category, phrases in params["headers"].items():
        if any(_contains(words, phrase) for phrase in phrases):
            return category
    return None


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    hits = []
    for position, header in enumerate(ctx.columns.header):
        category = category_of(header, params)
        if category:
            hits.append(Hits(column=position, header_only=True, header_detail=category))
    return hits
