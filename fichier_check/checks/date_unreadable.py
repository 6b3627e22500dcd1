"""Flag a date cell that is not blank yet holds no date this tool can read: `31/02/2026`,
`bientôt`, `juil. 2026` (a month is not a day), `20260731` (which order is a guess). The rules
that reason on dates never guess one: such a cell counts as no date for them, so the row may be
kept past its retention period, or quarantined on an older date, without anyone knowing (GDPR
art. 5(1)(d) accuracy, 5(1)(e) and 5(2) for the retention clock it stops). A row with another,
readable date still gets this finding for the unreadable one.

Dates are read as `analysis/dates.py` says: `31/07/2026`, `2026-07-31`, `3/02/16`, `31.07.2026
14h30`, `31 juillet 2026`, a workbook's real dates, Excel serial numbers; slashed dates day first
unless the vocabulary says `date_order: month-first`. The details name the column's kind
(`unreadable date in last contact date`); the report shows the cell masked.

Params:
  roles: the date roles checked (default the dates the retention rules read: last_contact_date,
    collection_date, call_datetime, last_purchase_date, relationship_end_date).

Example:
    - id: date-unreadable
      family: retention
      check: date_unreadable
      severity: warning
      action: tag
      legal_basis: "RGPD art. 5(1)(d) (exactitude), 5(1)(e) et 5(2)"
      message: {fr: "Date illisible", en: "Unreadable date"}
      params:
        roles: [last_contact_date, collection_date, call_datetime, last_purchase_date, relationship_end_date]
"""
from __future__ import annotations

from fichier_check.checks import retention_clock as clock
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.read.columns import ROLES
from fichier_check.table import same_texts

# the dates the call-pressure rules read: a callback nobody can read is planned on no day
PLANNING_ROLES = ["callback_datetime", "first_call_date"]
TYPE = "date_unreadable"
PARAMS = {
    "roles": Param(list, default=[*clock.DATE_ROLES, *PLANNING_ROLES], item_type=str, doc="the date roles checked"),
}


def validate(params: dict) -> str | None:
    if not params["roles"]:
        return "roles must list at least one date role"
    bad = [role for role in params["roles"] if role not in ROLES]
    return f"roles: {bad[0]!r} is not a column role" if bad else None


def roles(params: dict) -> list[str]:
    return ["|".join(params["roles"])]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    hits = []
    wanted = set(params["roles"])
    for position, role in sorted(ctx.columns.roles.items()):  # in the file's order
        if role in wanted:
            unreadable = ctx.dates(position).unreadable
            details = same_texts(ctx.n, "unreadable date in " + role.replace("_datetime", "_date").replace("_", " ")) if unreadable.any() else None
            hits.append(Hits(column=position, mask=unreadable, details=details))
    return hits
