"""Suggest the status ARRÊTÉ for a contact called again and again without ever being reached: the
prospecting practice the vocabulary comes from stops after 5 or 6 unanswered calls and pauses the
account (rule_catalogue.md §4: "call-attempt cap, default 6 attempts without contact, suggests
ARRÊTÉ"). This is a practice, not a legal threshold: it keeps the calls within what D223-9 C. conso.
tolerates and the data to what the purpose still needs (GDPR art. 5(1)(c)). A warning, the row
tagged; a row whose status already means stopped (ARRÊTÉ, the `status-stopped` rule's) is left out.

An attempt without contact is a call whose result is a code of the vocabulary meaning an attempt
and not `reached` (NRP, OCC, ERR by default). From the most precise source:

- `--calls FILE`, the call history with a result column: the latest calls to the row's phone
  numbers or e-mail, in date order, that are all attempts without contact: `max_attempts` of them
  or more are flagged. A call with another result, an unknown or a blank one ends the run (it may
  have been a conversation).
- The file alone: a call count (`Nb appels`) of `max_attempts` or more, with a last call result
  (`Résultat appel`) that is an attempt without contact. The count says how many calls there were,
  not that none reached the person: the detail says so.

Params:
  max_attempts: attempts without contact that suggest stopping (default 6).
  customer_type: rows concerned: B2C (default), B2B or all.

Example:
    - id: attempts-without-contact
      family: call-pressure
      check: attempts_without_contact
      channels: [phone]
      severity: warning
      action: tag
      legal_basis: "Pratique de prospection ; RGPD art. 5(1)(c)"
      message: {fr: "Trop d'appels sans contact : passer en ARRÊTÉ ?", en: "Too many calls without contact: set ARRÊTÉ?"}
      params: {max_attempts: 6}
"""
from __future__ import annotations

import numpy as np

from fichier_check.analysis.calls import count_texts, read_counts, row_texts
from fichier_check.analysis.dates import iso_days
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.read.columns import ColumnMap

TYPE = "attempts_without_contact"
PARAMS = {
    "max_attempts": Param(int, default=6, doc="attempts without contact that suggest stopping"),
    "customer_type": Param(str, default="B2C", choices=("B2C", "B2B", "all"), doc="rows concerned"),
}
SUGGESTION = ": consider the status ARRÊTÉ"


def validate(params: dict) -> str | None:
    return "max_attempts must be at least 1" if params["max_attempts"] < 1 else None


def roles(params: dict) -> list[str]:
    return ["phone|mobile"]


def skip(params: dict, columns: ColumnMap, lists: dict) -> str | None:
    if getattr(lists.get("calls"), "has_results", False) or _counted(columns):
        return None
    return ("no --calls history with a result column, and no call count with a last call result "
            "('Nb appels' and 'Résultat appel')")


def _counted(columns: ColumnMap) -> bool:
    return columns.has("call_count") and columns.has("call_result")


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    cap = params["max_attempts"]
    concerned = ctx.in_scope(params["customer_type"]) & ~ctx.code_means("stopped", roles=("status",))
    hits, done = [], np.zeros(ctx.n, dtype=bool)
    history = ctx.lists.get("calls")
    if history is not None and history.has_results:
        match = ctx.call_match()
        attempts = history.row_attempts(match, ctx.vocabulary.lookup("call_result"))
        mask = concerned & (attempts.run >= cap)
        hits.append(Hits(column=ctx.columns.phone_columns()[0], mask=mask, details=row_texts(
            mask, count_texts(attempts.run[mask]), " calls in a row without contact, the last on ",
            iso_days(attempts.last_day[mask]), SUGGESTION)))
        done = mask
    if _counted(ctx.columns):
        position = ctx.columns.first("call_count")
        distinct = ctx.distinct(position)
        counts = ctx.cached(("counts", position), lambda: read_counts(distinct.codes, distinct.values))
        result = ctx.codes(ctx.columns.first("call_result"))
        no_contact = result.means("attempt") & ~result.means("reached")
        mask = concerned & (counts >= cap) & no_contact & ~done
        names = np.asarray(result.names, dtype=object)
        hits.append(Hits(column=position, mask=mask, details=row_texts(
            mask, count_texts(counts[mask]), " calls, the last one without contact, ",
            names[mask].astype(str), SUGGESTION)))
    return hits

