"""Flag e-mail addresses that email-validator rejects (syntax only: offline, no DNS lookup).

Inaccurate contact data must be corrected or erased (GDPR art. 5(1)(d)). Every column with the
`email` role is checked; a blank cell is not an invalid address.

Params:
  role: the column role to check (default "email").

Example:
    - id: email-invalid
      family: email-quality
      check: email_invalid
      severity: warning
      action: blank
      legal_basis: "RGPD art. 5(1)(d) (exactitude)"
      message: {fr: "Adresse e-mail invalide", en: "Invalid e-mail address"}
"""
from __future__ import annotations

from fichier_check.checks.base import CheckContext, Hits, Param

TYPE = "email_invalid"
PARAMS = {"role": Param(str, default="email", doc="column role holding e-mail addresses")}


def roles(params: dict) -> list[str]:
    return [params["role"]]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    hits = []
    for position in ctx.columns.columns(params["role"]):
        emails = ctx.emails(position)
        bad = ~emails.blank & ~emails.valid
        hits.append(Hits(column=position, mask=bad, details=emails.reason))
    return hits
