"""Flag a consumer row with a phone whose Bloctel check is missing or too old for the campaign.
While Bloctel was the legal test (until 2026-08-10: the shipped rule's `effective_until`), a
professional had to submit its file to Bloctel before every campaign and at least every month
(former art. L223-1 C. conso.; Bloctel's and the DGCCRF's guidance): the `bloctel_check_date`
column (Date Bloctel, Date de vérification Bloctel) must hold a date at most `max_age_days` before
the campaign date (`--as-of`). A blank or unreadable date is flagged too, each with its reason.

Rows concerned: consumers (`customer_type`; unknown counts as consumer) with a phone number, not
under a contract in progress (`exempt_role`: Bloctel did not apply to them). A file without a
Bloctel check date column gets ONE finding about the file (on row 1, the header), not one per
row: decided on its first chunk, when it holds such a row. A file without a phone column skips the rule.

Params:
  max_age_days: the longest time between the check and the campaign date (default 30).
  customer_type: B2C (default), B2B or all.
  exempt_role: a role whose yes exempts the row (default contract_in_progress).

Example:
    - id: bloctel-check-stale
      family: opposition
      check: bloctel_check_stale
      channels: [phone]
      effective_until: 2026-08-10
      severity: warning
      action: tag
      legal_basis: "C. conso. art. L223-1 (ancien)"
      message: {fr: "Vérification Bloctel absente ou ancienne", en: "Bloctel check missing or stale"}
      params: {max_age_days: 30}
"""
from __future__ import annotations

import numpy as np

from fichier_check.analysis.dates import day_number
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.checks.contact_points import reachable_on

TYPE = "bloctel_check_stale"
PARAMS = {
    "max_age_days": Param(int, default=30, doc="days between the Bloctel check and the campaign date, at most"),
    "customer_type": Param(str, default="B2C", choices=("B2C", "B2B", "all"), doc="rows concerned"),
    "exempt_role": Param((str, type(None)), default="contract_in_progress", doc="role whose yes exempts the row"),
}


def validate(params: dict) -> str | None:
    return "max_age_days must be 0 or more" if params["max_age_days"] < 0 else None


def roles(params: dict) -> list[str]:
    return ["phone|mobile"]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    concerned = ctx.in_scope(params["customer_type"]) & reachable_on(ctx, ["phone"])
    if params["exempt_role"]:
        concerned = concerned & ~ctx.truthy(params["exempt_role"])
    position = ctx.columns.first("bloctel_check_date")
    limit = params["max_age_days"]
    if position is None:
        if not concerned.any():
            return []
        return [Hits(column=None, header_only=True, header_detail=(
            f"no Bloctel check date column: nothing shows the consumers' numbers were checked in the {limit} "
            "days before the campaign"))]
    dates = ctx.dates(position)
    age = day_number(ctx.as_of) - dates.days
    stale = dates.known & (age > limit)
    flagged = concerned & (dates.blank | dates.unreadable | stale)
    details = None
    if flagged.any():
        details = np.full(ctx.n, None, dtype=object)
        details[flagged & dates.blank] = "no Bloctel check date"
        details[flagged & dates.unreadable] = "Bloctel check date unreadable"
        rows = np.flatnonzero(flagged & stale)
        if len(rows):
            ages, which = np.unique(age[rows], return_inverse=True)  # one text per distinct age
            details[rows] = np.array([f"Bloctel checked {int(days)} days before the campaign date (more than "
                                      f"{limit})" for days in ages], dtype=object)[which]
    return [Hits(column=position, mask=flagged, details=details)]
