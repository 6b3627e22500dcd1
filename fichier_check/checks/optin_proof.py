"""Flag an opt-in that cannot be proved: a recognised yes in an opt-in column (e-mail, SMS, phone,
automated calls, partners) on a row without the consent's date or without its source. The
controller must be able to demonstrate that the person consented (GDPR art. 7(1) and 5(2)); for
telephone canvassing the new art. L223-1 C. conso. puts the burden of that proof on the
professional. A "yes" alone, without when and where it was given, proves nothing.

Only a recognised yes is concerned (oui, yes, 1, x…: a no, a blank or an ambiguous value is no
opt-in, and `optin-value-unrecognised` reports the last). The date is the `date_role` column read
as a date (`analysis/dates`): a blank cell or one that cannot be read as a date (`bientôt`,
`31/02/2026`) is no date. The source is the `source_role` column: a blank cell or a `placeholders`
word once accents, case and punctuation are ignored (`?`, `N/A`, `inconnue`…) is no source.
Each opt-in column holding a yes on such a row is flagged; the detail says which proof is missing
("no opt-in date", "unreadable opt-in date", "no opt-in source", or two of them), never the cell.

A file with opt-in columns but no date column or no source column at all gets ONE file-level
finding saying which column is missing (as soon as a chunk holds an opted-in row), not one per
row; the rows are then judged on the proof column the file has.

Params:
  optin_roles: the opt-in roles whose yes needs a proof (default: optin_email, optin_sms,
    optin_phone, optin_auto_call, optin_partners).
  date_role: the role holding the consent's date (default optin_date).
  source_role: the role holding where the consent was given (default optin_source).
  placeholders: source-cell words meaning "no source" (compared without accents, case and
    punctuation).

Example:
    - id: optin-without-proof
      family: consent
      check: optin_proof
      severity: warning
      action: tag
      legal_basis: "RGPD art. 7(1) et 5(2)"
      message: {fr: "Consentement sans preuve", en: "Consent without proof"}
      params:
        placeholders: [inconnu, inconnue, n/a, "?"]
"""
from __future__ import annotations

import numpy as np

from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.analysis.text import says_nothing

TYPE = "optin_proof"
OPTIN_ROLES = ["optin_email", "optin_sms", "optin_phone", "optin_auto_call", "optin_partners"]
PLACEHOLDERS = ["inconnu", "inconnue", "unknown", "n/a", "na", "nc", "nd", "non renseigné", "non communiqué",
                "aucun", "aucune", "néant", "none", "null", "?", "-", "x", "0"]
PARAMS = {
    "optin_roles": Param(list, default=OPTIN_ROLES, item_type=str, doc="opt-in roles whose yes needs a proof"),
    "date_role": Param(str, default="optin_date", doc="role holding the consent's date"),
    "source_role": Param(str, default="optin_source", doc="role holding where the consent was given"),
    "placeholders": Param(list, default=PLACEHOLDERS, item_type=str,
                          doc="source-cell words meaning no source (accents, case, punctuation ignored)"),
}
# Per row, bit 0: no date, bit 1: unreadable date, bit 2: no source → the detail.
_DETAILS = np.array(["", "no opt-in date", "unreadable opt-in date", "", "no opt-in source",
                     "no opt-in date and no opt-in source", "unreadable opt-in date and no opt-in source", ""],
                    dtype=object)


def validate(params: dict) -> str | None:
    return "optin_roles must name at least one role" if not params["optin_roles"] else None


def roles(params: dict) -> list[str]:
    return ["|".join(params["optin_roles"])]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    optins = [(position, ctx.truthy(role)) for role in params["optin_roles"]
              for position in ctx.columns.columns(role)[:1]]  # ctx.truthy reads a role's first column
    opted = np.logical_or.reduce([yes for _, yes in optins])
    if not opted.any():
        return []
    hits = []
    date_pos, source_pos = ctx.columns.first(params["date_role"]), ctx.columns.first(params["source_role"])
    absent = [name for name, pos in (("the opt-in date", date_pos), ("where consent was given (opt-in source)",
                                                                   source_pos)) if pos is None]
    if absent:
        hits.append(Hits(column=None, header_only=True,
                         header_detail=f"opt-in columns but no column for {' nor for '.join(absent)}: "
                                       "the file cannot prove its consents"))
    code = np.zeros(ctx.n, dtype=np.int64)
    if date_pos is not None:
        dates = ctx.dates(date_pos)
        code |= np.where(dates.unreadable, 2, np.where(dates.known, 0, 1))
    if source_pos is not None:
        code |= _no_source(ctx, source_pos, params["placeholders"]).astype(np.int64) << 2
    lacking = opted & (code != 0)
    if lacking.any():
        details = _DETAILS[code]
        hits.extend(Hits(column=position, mask=yes & lacking, details=details) for position, yes in optins)
    return hits


def _no_source(ctx: CheckContext, position: int, placeholders: list[str]) -> np.ndarray:
    """Per row: the source cell is blank or a placeholder (one regular-expression pass per distinct value)."""
    distinct = ctx.distinct(position)
    return says_nothing(distinct.arrow, placeholders)[distinct.codes]
