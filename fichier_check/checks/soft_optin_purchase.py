"""Flag a customer who would be sent e-mail or SMS on the strength of being a customer, with no
evidence of a purchase. CPCE art. L34-5 lets a seller write without prior consent to a person
whose details it collected from them "à l'occasion d'une vente ou d'une prestation de services",
about analogous products (the soft opt-in); the CNIL adds that creating an account is no sale.
A status saying "client" is a claim, not that evidence.

A row is concerned when all hold:
- the file says it is a customer: a status or call-result code meaning `customer` in the
  vocabulary (CLIENT, Cliente, Customer), or a customer-type cell spelled so (a "Client /
  Prospect" column); GAGNÉ is not one: it means a meeting was won, not a sale;
- it is in `customer_type` scope (B2C by default; an unknown type counts as B2C);
- it relies on the soft opt-in on a campaign channel: a personal e-mail (role addresses such as
  contact@ pass) without an e-mail opt-in, or a mobile without an SMS opt-in;
- no purchase is recorded: no readable date in a `purchase_roles` column (a blank or unreadable
  date is none), and no yes in `evidence_role` (a contract in progress is a sale or a service).
The finding is row-level; the detail says what is missing and for which channels
("no purchase date (soft opt-in for e-mail and SMS)"), never a cell. A file with such rows but
no purchase date column at all gets ONE file-level finding instead of one per row. The consent
rules (email-optin-missing, sms-optin-missing) still decide what is blanked or blocked: this one
tells why the customer status does not save the row.

Params:
  purchase_roles: roles whose readable date is a purchase (default [last_purchase_date]).
  evidence_role: a role whose yes is evidence of a sale or a service (default
    contract_in_progress; null: none).
  customer_type: B2C (default), B2B or all.

Example:
    - id: soft-optin-without-purchase
      family: consent
      check: soft_optin_purchase
      channels: [email, sms]
      severity: warning
      action: tag
      legal_basis: "CPCE art. L34-5 al. 4"
      message: {fr: "Client sans achat prouvé", en: "Customer without a recorded purchase"}
      params:
        purchase_roles: [last_purchase_date]
"""
from __future__ import annotations

import numpy as np

from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.checks.consent_missing import contact_point
from fichier_check.checks.retention_clock import said_customer

TYPE = "soft_optin_purchase"
PARAMS = {
    "purchase_roles": Param(list, default=["last_purchase_date"], item_type=str,
                            doc="roles whose readable date is a purchase"),
    "evidence_role": Param((str, type(None)), default="contract_in_progress",
                           doc="role whose yes is evidence of a sale or a service"),
    "customer_type": Param(str, default="B2C", choices=("B2C", "B2B", "all"), doc="rows concerned"),
}
# channel → (its opt-in role, the contact roles, mobile numbers only, the detail's name)
SOFT_OPTIN = {"email": ("optin_email", ("email",), False, "e-mail"),
              "sms": ("optin_sms", ("phone", "mobile"), True, "SMS")}


def validate(params: dict) -> str | None:
    return "purchase_roles must list at least one role" if not params["purchase_roles"] else None


def roles(params: dict) -> list[str]:
    return ["customer_type|status|call_result", "email|phone|mobile"]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    concerned = said_customer(ctx) & ctx.in_scope(params["customer_type"])
    if params["evidence_role"]:
        concerned &= ~ctx.truthy(params["evidence_role"])
    if not concerned.any():
        return []
    relies = np.zeros(ctx.n, dtype=np.int64)  # bit 2: e-mail, bit 3: SMS
    for bit, channel in enumerate(SOFT_OPTIN, start=2):
        if channel in ctx.campaign_channels:
            relies |= _relies(ctx, channel).astype(np.int64) << bit
    concerned &= relies != 0
    if not concerned.any():
        return []
    purchases = [ctx.dates(p) for role in params["purchase_roles"] for p in ctx.columns.columns(role)]
    if not purchases:
        return [Hits(column=None, header_only=True,
                     header_detail="customers rely on the soft opt-in but the file has no purchase date column")]
    bought = np.logical_or.reduce([dates.known for dates in purchases])
    unreadable = np.logical_or.reduce([dates.unreadable for dates in purchases])
    code = relies | np.where(unreadable, 2, 1)
    return [Hits(column=None, mask=concerned & ~bought, details=_details()[code])]


def _relies(ctx: CheckContext, channel: str) -> np.ndarray:
    """Per row: a contact point of the channel and no opt-in for it."""
    optin, contact_roles, mobile_only, _ = SOFT_OPTIN[channel]
    params = {"mobile_only": mobile_only, "skip_role_addresses": True}
    contact = np.zeros(ctx.n, dtype=bool)
    for role in contact_roles:
        for position in ctx.columns.columns(role):
            contact |= contact_point(ctx, position, params)
    return contact & ~ctx.truthy(optin)


def _details() -> np.ndarray:
    """The detail of each code: bit 0 no purchase date, bit 1 an unreadable one, bits 2-3 the channels."""
    names = [name for *_, name in SOFT_OPTIN.values()]
    out = np.full(16, "", dtype=object)
    for code in range(16):
        channels = [name for bit, name in enumerate(names, start=2) if code >> bit & 1]
        missing = "unreadable purchase date" if code & 2 else "no purchase date"
        if channels:
            out[code] = f"{missing} (soft opt-in for {' and '.join(channels)})"
    return out
