"""Flag a row whose customer type contradicts its company fields: a consumer (particulier, B2C)
with a SIRET, a SIREN or a company name, or a professional (B2B) with none of them. The type
decides which law applies (consent before e-mail, SMS and phone canvassing for consumers, CPCE
L34-5 and C. conso. L223-1; opt-out for companies): a wrong type applies the wrong regime, and is
inaccurate data (GDPR art. 5(1)(d)). A person reads the row and corrects the type or the fields.

The type is read as everywhere (`analysis/values`: particulier, part., B2C, consommateur… →
consumer; professionnel, pro, entreprise, société, B2B, PME… → professional). A row of unknown or
missing type is not this rule's business (the consumer rules apply to it, the strictest default).
A SIRET or SIREN cell holds a number when it has a digit (`N/A`, `-`, `néant` do not; whether the
number is valid is `siret-invalid`'s question); a company cell holds a name unless it is blank or
a `placeholders` word once accents, case and punctuation are ignored (`Particulier`, `N/A`,
`néant`, `aucune`…: what CRMs write for "no company"). The finding is on the customer-type
column; its detail says what is there or missing, never the value:
"consumer row with a company name and a SIRET", "business row without a company name, a SIRET or
a SIREN" (the fields the file has).

Params:
  identifier_roles: roles holding company numbers (default [siret, siren]).
  company_roles: roles holding a company name (default [company]).
  placeholders: company-cell words meaning "no company" (compared without accents, case and
    punctuation).

Example:
    - id: customer-type-inconsistent
      family: data-quality
      check: customer_type_inconsistent
      severity: warning
      action: tag
      legal_basis: "RGPD art. 5(1)(d) (exactitude)"
      message: {fr: "Type de client incohérent", en: "Inconsistent customer type"}
      params:
        placeholders: [particulier, n/a, néant, aucune]
"""
from __future__ import annotations


import numpy as np

from fichier_check.analysis.text import says_nothing
from fichier_check.analysis.company_ids import KINDS
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.checks.company_id import judged
from fichier_check.table import matches

TYPE = "customer_type_inconsistent"
PLACEHOLDERS = ["particulier", "particuliers", "part", "perso", "personnel", "prive", "privé", "aucun", "aucune",
                "néant", "neant", "sans", "sans objet", "sans société", "sans entreprise", "non", "n/a", "na", "nc",
                "nd", "non communiqué", "non renseigné", "inconnu", "inconnue", "none", "null", "nil", "n/c", "x",
                "-", "0", "?"]
PARAMS = {
    "identifier_roles": Param(list, default=["siret", "siren"], item_type=str, doc="roles holding company numbers"),
    "company_roles": Param(list, default=["company"], item_type=str, doc="roles holding a company name"),
    "placeholders": Param(list, default=PLACEHOLDERS, item_type=str,
                          doc="company-cell words meaning no company (accents, case, punctuation ignored)"),
}
ARTICLES = {"siret": "a SIRET", "siren": "a SIREN", "company": "a company name"}


def validate(params: dict) -> str | None:
    if not params["identifier_roles"] and not params["company_roles"]:
        return "identifier_roles and company_roles cannot both be empty"
    return None


def roles(params: dict) -> list[str]:
    return ["customer_type", "|".join(params["company_roles"] + params["identifier_roles"])]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    types = ctx.customer_types()
    consumer, business = types == "B2C", types == "B2B"
    if not (consumer.any() or business.any()):
        return []
    held = {}  # role → per row: does a column of the role hold something?
    for role in params["company_roles"] + params["identifier_roles"]:
        for position in ctx.columns.columns(role):
            present = (_holds_number(ctx, position) if role in params["identifier_roles"]
                       else _holds_name(ctx, position, params["placeholders"]))
            held[role] = held.get(role, np.zeros(ctx.n, dtype=bool)) | present
    anything = np.logical_or.reduce(list(held.values()))
    wrong_consumer, wrong_business = consumer & anything, business & ~anything
    flagged = wrong_consumer | wrong_business
    details = None
    if flagged.any():
        details = np.full(ctx.n, "", dtype=object)
        if wrong_business.any():
            details[wrong_business] = "business row without " + _or([ARTICLES.get(r, r) for r in held])
        if wrong_consumer.any():
            details[wrong_consumer] = _consumer_details(held, wrong_consumer)
    return [Hits(column=ctx.columns.first("customer_type"), mask=flagged, details=details)]


def _holds_number(ctx: CheckContext, position: int) -> np.ndarray:
    """Per row: the cell has a digit (the SIRET/SIREN judgement of siret-invalid when it is made)."""
    kind = ctx.columns.roles.get(position)
    if kind in KINDS:
        return ~judged(ctx, position, kind).absent
    return matches(ctx.arrow(position), "[0-9]")


def _holds_name(ctx: CheckContext, position: int, placeholders: list[str]) -> np.ndarray:
    """Per row: the cell is neither blank nor a placeholder (one regular-expression pass)."""
    return ~says_nothing(ctx.arrow(position), placeholders)


def _consumer_details(held: dict[str, np.ndarray], rows: np.ndarray) -> np.ndarray:
    """"consumer row with a SIRET and a company name": which roles hold something, per row."""
    roles = list(held)
    combination = np.zeros(len(rows), dtype=np.int64)
    for bit, role in enumerate(roles):
        combination |= held[role].astype(np.int64) << bit
    texts = np.array(["consumer row with " + _and([ARTICLES.get(r, r) for b, r in enumerate(roles) if code >> b & 1])
                      if code else "" for code in range(1 << len(roles))], dtype=object)
    return texts[combination[rows]]


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _or(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]
