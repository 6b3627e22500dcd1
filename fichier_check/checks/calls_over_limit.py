"""Flag consumers called more than `max_calls` times (4) in `window_days` (30) calendar days: art.
D223-9 al. 3 C. conso. (décret n° 2022-1313, in force since 2023-03-01) allows at most 4 calls or
call attempts by the same professional to the same consumer in any 30 calendar days; every dial
counts, unanswered (NRP) or busy (OCC) ones too. It does not apply to professionals: only B2C rows
are checked (a row whose customer type is missing or unknown counts as B2C).

What proves it, from the most precise source:

- `--calls FILE`, the call history (one line per call: phone or e-mail, date; `read/call_history`):
  a row is flagged when some window of `window_days` calendar days, first and last day included,
  holds more than `max_calls` calls to its phone numbers or e-mail (every line counts, whatever
  its result). The finding is about the row (the calls may have gone to any of its numbers or its
  e-mail); its detail gives the busiest window (with `moment: campaign`, the calls of the window
  ending on `--as-of` and the first day a new call keeps within the limit).
- The file alone, when it proves it:
  - a count whose header names a 30-day window (`Nb appels 30 j`, `Appels sur 30 jours`, `Calls
    last 30 days`: the role `call_count_30d`) above `max_calls` (used when `window_days` ≥ 30);
  - a total count (`Nb appels`, `call_count`) above `max_calls` with the first call's date (`Date
    premier appel`, `first_call_date`) and the last call's (`Date dernier appel`, `call_datetime`)
    at most `window_days` calendar days apart, both included (1 and 30 October: flagged; 1 and 31
    October: not proven). The count is taken to be every call from the first to the last.
  A total count with the last call's date only, or any count without dates, proves nothing about
  30 days and is not flagged.
Without either source the rule is skipped with its reason.

`moment` says which 30 days are judged. `any` (calls-over-limit-30d): any window, a breach that
happened (it cannot be undone: the row is tagged). `campaign` (attempts-budget-exhausted): the
window ending on `--as-of`, when it already holds `max_calls` calls — one more call today would
break the limit, so the phone is blocked until the detail's "callable again" day; from the file's
counts, until `window_days` days after the last call (the calls' own days are not known).

Params:
  max_calls: the most calls allowed in the window (default 4).
  window_days: the window, in calendar days (default 30).
  customer_type: rows concerned: B2C (default), B2B or all.
  moment: any (default: a window that held more than max_calls calls) or campaign (the window
    ending on --as-of already holds max_calls calls).

Example:
    - id: calls-over-limit-30d
      family: call-pressure
      check: calls_over_limit
      channels: [phone]
      severity: error
      action: block
      legal_basis: "C. conso. art. D223-9 al. 3"
      message: {fr: "Plus de 4 appels en 30 jours", en: "More than 4 calls in 30 days"}
      params: {max_calls: 4, window_days: 30}
"""
from __future__ import annotations

import numpy as np

from fichier_check.analysis.calls import count_texts, read_counts, row_texts
from fichier_check.analysis.dates import iso_days
from fichier_check.analysis.dates import NO_DAY, day_number
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.read.columns import ColumnMap
from fichier_check.table import join_texts

TYPE = "calls_over_limit"
PARAMS = {
    "max_calls": Param(int, default=4, doc="most calls allowed in the window"),
    "window_days": Param(int, default=30, doc="the window, in calendar days"),
    "customer_type": Param(str, default="B2C", choices=("B2C", "B2B", "all"), doc="rows concerned"),
    "moment": Param(str, default="any", choices=("any", "campaign"),
                    doc="any window (a breach) or the window ending on --as-of (no call left today)"),
}
COUNT_WINDOW = 30  # the window a `call_count_30d` header names


def validate(params: dict) -> str | None:
    if params["max_calls"] < 1:
        return "max_calls must be at least 1"
    return "window_days must be at least 1" if params["window_days"] < 1 else None


def roles(params: dict) -> list[str]:
    return ["phone|mobile"]


def skip(params: dict, columns: ColumnMap, lists: dict) -> str | None:
    if "calls" in lists or _windowed(columns, params) or _dated(columns):
        return None
    return ("no --calls history, and no call count the file proves is within 30 days (a count headed "
            "'Nb appels 30 j', or 'Nb appels' with 'Date premier appel' and 'Date dernier appel')")


def _windowed(columns: ColumnMap, params: dict) -> bool:
    return columns.has("call_count_30d") and params["window_days"] >= COUNT_WINDOW


def _dated(columns: ColumnMap) -> bool:
    return all(columns.has(role) for role in ("call_count", "first_call_date", "call_datetime"))


def _counts(ctx: CheckContext, position: int) -> np.ndarray:
    distinct = ctx.distinct(position)
    return ctx.cached(("counts", position), lambda: read_counts(distinct.codes, distinct.values))


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    most, window = params["max_calls"], params["window_days"]
    today = params["moment"] == "campaign"
    concerned = ctx.in_scope(params["customer_type"])
    hits, done = [], np.zeros(ctx.n, dtype=bool)
    history = ctx.lists.get("calls")
    if history is not None:
        hits.append(_from_history(ctx, history, concerned, most, window, today))
        done |= hits[-1].mask
    last = ctx.dates(ctx.columns.first("call_datetime")) if ctx.columns.has("call_datetime") else None
    # the campaign's window: the file's calls end on the last call's day, so they leave it `window` days later
    open_today = (last.days != NO_DAY) & (last.days + window > day_number(ctx.as_of)) if last is not None else None
    if _windowed(ctx.columns, params):
        position = ctx.columns.first("call_count_30d")
        counts = _counts(ctx, position)
        over = (counts >= most) & open_today if today and open_today is not None else (
            np.zeros(ctx.n, dtype=bool) if today else counts > most)
        mask = concerned & over & ~done
        details = row_texts(mask, count_texts(counts[mask]), f" calls in {COUNT_WINDOW} days per the file's count, "
                           f"limit {most}", *_after(last, mask, window))
        hits.append(Hits(column=position, mask=mask, details=details))
        done |= mask
    if _dated(ctx.columns):
        position = ctx.columns.first("call_count")
        counts = _counts(ctx, position)
        first = ctx.dates(ctx.columns.first("first_call_date")).days
        span = last.days - first
        proven = (first != NO_DAY) & (last.days != NO_DAY) & (span >= 0) & (span <= window - 1)
        over = (counts >= most) & open_today if today else counts > most
        mask = concerned & over & proven & ~done
        details = row_texts(mask, count_texts(counts[mask]), " calls from ", iso_days(first[mask]), " to ",
                           iso_days(last.days[mask]), f", limit {most} in {window} days", *_after(last, mask, window))
        hits.append(Hits(column=position, mask=mask, details=details))
    return hits


def _from_history(ctx: CheckContext, history, concerned: np.ndarray, most: int, window: int, today: bool) -> Hits:
    match = ctx.call_match()
    pressure = history.row_pressure(match, window, most, day_number(ctx.as_of))
    if today:
        mask = concerned & (pressure.recent >= most)
        details = row_texts(mask, count_texts(pressure.recent[mask]), f" calls in the {window} days up to "
                           f"{ctx.as_of.isoformat()}, limit {most}; callable again from ",
                           iso_days(pressure.next_callable[mask]))
        return Hits(column=None, mask=mask, details=details)
    mask = concerned & (pressure.busiest > most)
    details = row_texts(mask, count_texts(pressure.busiest[mask]), " calls from ", iso_days(pressure.busiest_from[mask]),
                       " to ", iso_days(pressure.busiest_to[mask]), f", limit {most} in {window} days")
    return Hits(column=None, mask=mask, details=details)


def _after(last, mask: np.ndarray, window: int) -> tuple:
    """`; callable again from …` when the last call's date is known: `window` days after it, when
    no call the count holds can be in the window any more (the safe day: the calls' own days are
    not known)."""
    if last is None:
        return ()
    known = last.days[mask] != NO_DAY
    days = np.where(known, last.days[mask] + window, 0)
    after = join_texts("; callable again from ", iso_days(days)).to_numpy(zero_copy_only=False)
    after[~known] = ""
    return (after,)

