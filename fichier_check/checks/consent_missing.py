"""Flag consumer rows that would be contacted on a channel without the consent the law requires.

- e-mail (and SMS): a B2C row with a personal address and no recognised opt-in — CPCE art.
  L34-5 requires prior consent for electronic direct marketing to natural persons. Role
  addresses (contact@, info@…) belong to a company and pass.
- phone: from 2026-08-11, a B2C row with a phone number and no phone opt-in — new art. L223-1 C.
  conso (loi 2025-594), unless a contract in progress is recorded (its exception).
- automated calls (robot, pre-recorded message; the `auto_call` channel, which a campaign must
  declare): a B2C row with a phone and no opt-in to automated calls — CPCE art. L34-5 too; the
  consent to calls by a person does not stand for it.
A row whose customer type is missing or unknown is treated as B2C: the strictest default. Only a
recognised yes counts (oui, yes, 1, x, vrai…); blank, no and ambiguous values (CGV, implicite, ?)
are no consent.

Params:
  contact_roles: the roles holding the contact point (e.g. [email] or [phone, mobile]).
  optin_role: the role holding the consent (e.g. optin_email).
  customer_type: B2C (default), B2B or all.
  mobile_only: only mobile numbers count as contact points (SMS).
  skip_role_addresses: e-mail role addresses pass (default true).
  exempt_role: a role whose yes exempts the row (e.g. contract_in_progress).

Example:
    - id: email-optin-missing
      family: consent
      check: consent_missing
      channels: [email]
      severity: error
      action: blank
      legal_basis: "CPCE art. L34-5"
      message: {fr: "Pas de consentement e-mail", en: "No e-mail consent"}
      params: {contact_roles: [email], optin_role: optin_email}
"""
from __future__ import annotations

import numpy as np

from fichier_check.checks.base import CheckContext, Hits, Param

TYPE = "consent_missing"
PARAMS = {
    "contact_roles": Param(list, required=True, item_type=str, doc="roles holding the contact point"),
    "optin_role": Param(str, required=True, doc="role holding the consent"),
    "customer_type": Param(str, default="B2C", choices=("B2C", "B2B", "all"), doc="rows concerned"),
    "mobile_only": Param(bool, default=False, doc="only mobile numbers are contact points"),
    "skip_role_addresses": Param(bool, default=True, doc="role e-mail addresses pass"),
    "exempt_role": Param((str, type(None)), default=None, doc="role whose yes exempts the row"),
}


def roles(params: dict) -> list[str]:
    return ["|".join(params["contact_roles"])]


def contact_point(ctx: CheckContext, position: int, params: dict) -> np.ndarray:
    """Per row: the column (an e-mail or a phone role) holds a contact point the consent is needed for."""
    role = ctx.columns.roles.get(position)
    if role == "email":
        emails = ctx.emails(position)
        present = ~emails.blank
        return present & ~emails.role if params["skip_role_addresses"] else present
    phones = ctx.phones(position)
    return phones.mobile if params["mobile_only"] else ~phones.blank


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    concerned = ctx.in_scope(params["customer_type"]) & ~ctx.truthy(params["optin_role"])
    if params["exempt_role"]:
        concerned &= ~ctx.truthy(params["exempt_role"])
    hits = []
    for role in params["contact_roles"]:
        for position in ctx.columns.columns(role):
            hits.append(Hits(column=position, mask=concerned & contact_point(ctx, position, params)))
    return hits
