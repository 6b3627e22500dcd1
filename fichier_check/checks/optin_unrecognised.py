"""Flag opt-in cells whose value is neither a recognised yes nor a recognised no (CGV, implicite,
par défaut, ?, NC…). Such a value is treated as NO consent by the consent rules (GDPR art. 4(11)
and 7: consent is a clear positive act; the CNIL says accepting terms and conditions is not
consent); this rule tells a person which cells to fix at the source.

Params:
  roles: the opt-in roles to read (default [optin_email, optin_sms, optin_phone]).

Example:
    - id: optin-value-unrecognised
      family: consent
      check: optin_unrecognised
      severity: warning
      action: tag
      legal_basis: "RGPD art. 4(11) et 7"
      message: {fr: "Valeur de consentement non reconnue", en: "Unrecognised consent value"}
"""
from __future__ import annotations

from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.analysis.values import is_ambiguous_optin

TYPE = "optin_unrecognised"
PARAMS = {"roles": Param(list, default=["optin_email", "optin_sms", "optin_phone"], item_type=str,
                         doc="opt-in roles to read")}


def roles(params: dict) -> list[str]:
    return ["|".join(params["roles"])]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    hits = []
    for role in params["roles"]:
        for position in ctx.columns.columns(role):
            values = ctx.values(position)
            hits.append(Hits(column=position, mask=is_ambiguous_optin(values), display=values.to_numpy(dtype=object)))
    return hits
