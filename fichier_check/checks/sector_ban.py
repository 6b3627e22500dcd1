"""Flag the consumer rows a campaign of a banned sector may not canvass (`--sector`, or
`campaign: sector:` in the config; without a sector the rule is skipped, with its reason):

- `energy-renovation` (energy-saving works and equipment, renewable energy): no phone canvassing
  of consumers since 2020-07-26 (loi 2020-901, "Naegelen"), no canvassing by phone, e-mail or SMS
  since loi 2025-594 (art. 13);
- `housing-adaptation` (adapting a home to old age or disability): phone, e-mail and SMS since
  loi 2025-594;
- `training-cpf` (training paid by the compte personnel de formation): phone, e-mail and SMS
  since loi 2022-1587 (2022-12-20; C. trav. L6323-8-1).

The ban in force on `--as-of` applies (each date is a param: the entry into force of loi 2025-594
is read as 2025-07-02 [?]); before the first date the rule finds nothing. The only exception is a
contract in progress (`exempt_role`). A row is flagged when it is a consumer's (unknown type
counts as consumer) and holds a contact point for a banned channel the campaign uses; the finding
names the sector and the law, and the `block` action blocks those channels only (postal mail is
not in the bans): a row left with no channel goes to quarantine (no-usable-channel).

Params:
  energy_renovation_phone_from: energy renovation, phone ban (default 2020-07-26).
  energy_renovation_all_from: energy renovation, phone, e-mail and SMS ban (default 2025-07-02).
  housing_adaptation_all_from: housing adaptation ban (default 2025-07-02).
  training_cpf_all_from: CPF training ban (default 2022-12-20).
  banned_channels: the channels of a ban on every canvassing channel (default phone, email, sms, auto_call).
  customer_type: B2C (default), B2B or all.
  exempt_role: a role whose yes exempts the row (default contract_in_progress).

Example:
    - id: sector-ban
      family: provenance
      check: sector_ban
      channels: [phone, email, sms]
      severity: error
      action: block
      legal_basis: "C. conso. art. L223-1; loi 2020-901; loi 2025-594 art. 13; loi 2022-1587"
      message: {fr: "Démarchage interdit dans ce secteur", en: "Canvassing banned in this sector"}
      params: {energy_renovation_all_from: 2025-07-02}
"""
from __future__ import annotations

import datetime as dt

import numpy as np

from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.checks.contact_points import reachable_on
from fichier_check.table import same_texts

TYPE = "sector_ban"
NEEDS_SECTOR = True
PHONE = ("phone", "auto_call")
# sector → its name in the details, and its bans: (param holding the start date, "phone" or "all", the law)
SECTORS = {
    "energy-renovation": ("energy renovation", (("energy_renovation_phone_from", "phone", "loi 2020-901"),
                                                ("energy_renovation_all_from", "all", "loi 2025-594"))),
    "housing-adaptation": ("housing adaptation to age or disability",
                           (("housing_adaptation_all_from", "all", "loi 2025-594"),)),
    "training-cpf": ("CPF training", (("training_cpf_all_from", "all", "loi 2022-1587"),)),
}
PARAMS = {
    "energy_renovation_phone_from": Param(dt.date, default=dt.date(2020, 7, 26), doc="energy renovation: phone ban"),
    "energy_renovation_all_from": Param(dt.date, default=dt.date(2025, 7, 2), doc="energy renovation: every channel"),
    "housing_adaptation_all_from": Param(dt.date, default=dt.date(2025, 7, 2), doc="housing adaptation: every channel"),
    "training_cpf_all_from": Param(dt.date, default=dt.date(2022, 12, 20), doc="CPF training: every channel"),
    "banned_channels": Param(list, default=["phone", "email", "sms", "auto_call"], item_type=str,
                             choices=("phone", "email", "sms", "auto_call", "post"),
                             doc="the channels of a ban on every canvassing channel"),
    "customer_type": Param(str, default="B2C", choices=("B2C", "B2B", "all"), doc="rows concerned"),
    "exempt_role": Param((str, type(None)), default="contract_in_progress", doc="role whose yes exempts the row"),
}


def roles(params: dict) -> list[str]:
    return []


def ban_in_force(sector: str, day: dt.date, params: dict) -> tuple[tuple[str, ...], str] | None:
    """(the channels banned on `day`, the detail naming the sector and the law), or None."""
    name, bans = SECTORS[sector]
    current = None
    for key, reach, law in bans:
        start = params[key]
        if start <= day and (current is None or start >= current[0]):
            current = (start, reach, law)
    if current is None:
        return None
    start, reach, law = current
    channels = PHONE if reach == "phone" else tuple(params["banned_channels"])
    what = "consumer phone canvassing" if reach == "phone" else "consumer canvassing"
    return channels, f"{name}: {what} banned since {start.isoformat()} ({law})"


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    if ctx.sector not in SECTORS:
        return []
    ban = ban_in_force(ctx.sector, ctx.as_of, params)
    if ban is None:
        return []
    channels = tuple(c for c in ban[0] if c in ctx.campaign_channels)
    if not channels:
        return []
    flagged = ctx.in_scope(params["customer_type"]) & reachable_on(ctx, channels)
    if params["exempt_role"]:
        flagged &= ~ctx.truthy(params["exempt_role"])
    return [Hits(column=None, mask=flagged, details=same_texts(ctx.n, ban[1]), channels=channels)]
