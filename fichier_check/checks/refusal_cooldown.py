"""Flag a refusal that is followed too soon by a planned callback or by the campaign itself. After
a consumer refuses during a call, the professional may make no contact or attempt for 60 calendar
days (C. conso. art. D223-9 al. 3, décret 2022-1313). The strict reading counts whole days: a
person who refused on day D may not be called from D to D+60 included; the first day a call is
allowed is D+61 (refused on 2026-01-10: no call before 2026-03-12). So a callback planned on D+60
is flagged and one on D+61 passes; the campaign date (`--as-of`) likewise.

A refusal row is one whose call result or status means `refusal` in the vocabulary (REFUS, REFUS
COMM and their spellings by default; a code you add with that meaning counts too). Its refusal
date is the row's last-call date (`call_datetime`), else its last-contact date: the first of
`date_roles` whose cell is filled (with several columns of that role, the latest date). A
callback planned the same day counts, unless both times are known and the callback's is not
after the call's (the callback that led to the refusal). The finding is on the callback column
when the planned callback falls in the cool-off, else on the refusal date's column when the
campaign does; the detail gives the dates (`refused on 2026-01-10; no call before 2026-03-12`),
never a personal value. A blank refusal date gives no finding here (the refusal itself is
`refusal-result-code`'s); an unreadable one is never guessed: the row is flagged with `refusal
date unreadable: no call may be planned`, and so is a refusal whose callback date is unreadable.
D223-9 protects consumers: by default B2C rows only, a row of unknown type counting as B2C.

Params:
  cooldown_days: days after the refusal day without any call (default 60: the first allowed day is
    the refusal day + 61).
  roles: the code columns read (default [call_result, status]).
  customer_type: B2C (default; unknown type counts as B2C), B2B or all.
  date_roles: where the refusal date is read, in order (default [call_datetime, last_contact_date]).
  callback_roles: the planned callbacks (default [callback_datetime]).

Example:
    - id: recall-within-refusal-cooldown
      family: call-pressure
      check: refusal_cooldown
      channels: [phone]
      severity: error
      action: block
      legal_basis: "C. conso. art. D223-9 al. 3"
      message: {fr: "Rappel moins de 60 jours après un refus", en: "Call within 60 days of a refusal"}
      params: {cooldown_days: 60}
"""
from __future__ import annotations

import numpy as np

from fichier_check.analysis.codes import KINDS
from fichier_check.analysis.dates import NO_DAY, NO_TIME, date_of, day_number
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.table import same_texts

TYPE = "refusal_cooldown"
PARAMS = {
    "cooldown_days": Param(int, default=60, doc="days after the refusal day without any call"),
    "roles": Param(list, default=["call_result", "status"], item_type=str, choices=KINDS, doc="code columns read"),
    "customer_type": Param(str, default="B2C", choices=("B2C", "B2B", "all"), doc="rows concerned"),
    "date_roles": Param(list, default=["call_datetime", "last_contact_date"], item_type=str,
                        doc="where the refusal date is read, in order"),
    "callback_roles": Param(list, default=["callback_datetime"], item_type=str, doc="planned callbacks"),
}
UNREADABLE = "refusal date unreadable: no call may be planned"


def validate(params: dict) -> str | None:
    if params["cooldown_days"] < 1:
        return "cooldown_days must be at least 1"
    if not params["roles"] or not params["date_roles"]:
        return "roles and date_roles must each list at least one role"
    return None


def roles(params: dict) -> list[str]:
    return ["|".join(params["roles"]), "|".join(params["date_roles"])]


class _Refusals:
    """Per row: the refusal day and minute (NO_DAY, NO_TIME when none), the column it was read
    from, and whether the date cell was unreadable (then `column` is the unreadable one)."""

    def __init__(self, ctx: CheckContext, date_roles: list[str]) -> None:
        n = ctx.n
        self.day = np.full(n, NO_DAY, dtype=np.int64)
        self.minute = np.full(n, NO_TIME, dtype=np.int16)
        self.column = np.full(n, -1, dtype=np.intp)
        self.unreadable = np.zeros(n, dtype=bool)
        decided = np.zeros(n, dtype=bool)
        for role in date_roles:
            day = np.full(n, NO_DAY, dtype=np.int64)
            minute = np.full(n, NO_TIME, dtype=np.int16)
            column, bad_column = np.full(n, -1, dtype=np.intp), np.full(n, -1, dtype=np.intp)
            filled, bad = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
            for position in ctx.columns.columns(role):
                dates = ctx.dates(position)
                later = dates.known & (dates.days > day)  # several columns of one role: the latest date
                day = np.where(later, dates.days, day)
                minute = np.where(later, dates.minutes, minute)
                column = np.where(later, position, column)
                bad_column = np.where(dates.unreadable & ~bad, position, bad_column)
                bad |= dates.unreadable  # one unreadable cell of the role: the date is unreadable
                filled |= ~dates.blank
            take = filled & ~decided  # the first role with a filled cell gives the date
            good = take & ~bad
            self.day[good], self.minute[good], self.column[good] = day[good], minute[good], column[good]
            self.unreadable |= take & bad
            self.column[take & bad] = bad_column[take & bad]
            decided |= filled


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    refused = np.zeros(ctx.n, dtype=bool)
    for kind in params["roles"]:
        for position in ctx.columns.columns(kind):
            refused |= ctx.codes(position).means("refusal")
    refused &= ctx.in_scope(params["customer_type"])
    if not refused.any():
        return []
    refusals = _Refusals(ctx, params["date_roles"])
    day, last = refusals.day, refusals.day + params["cooldown_days"]  # `last`: the last day without calls
    masks: dict[int, np.ndarray] = {}
    reason = np.zeros(ctx.n, dtype=np.int8)  # 1: in the cool-off, 2: refusal date unreadable, 3: callback unreadable

    def flag(position: int, rows: np.ndarray, why: int) -> None:
        masks.setdefault(position, np.zeros(ctx.n, dtype=bool))[rows] = True
        reason[rows] = why

    unreadable = refused & refusals.unreadable
    for position in np.unique(refusals.column[unreadable]):
        flag(int(position), unreadable & (refusals.column == position), 2)
    dated = refused & (day != NO_DAY)
    left = dated.copy()
    callbacks = [position for role in params["callback_roles"] for position in ctx.columns.columns(role)]
    for position in callbacks:
        planned = ctx.dates(position)
        before_the_call = ((planned.days == day) & (planned.minutes != NO_TIME) & (refusals.minute != NO_TIME)
                           & (planned.minutes <= refusals.minute))
        inside = left & planned.known & (planned.days >= day) & (planned.days <= last) & ~before_the_call
        flag(position, inside, 1)
        left &= ~inside
    today = day_number(ctx.as_of)
    campaign = left & (day <= today) & (today <= last)
    for position in np.unique(refusals.column[campaign]):
        flag(int(position), campaign & (refusals.column == position), 1)
    left &= ~campaign
    for position in callbacks:
        unread = left & ctx.dates(position).unreadable
        flag(position, unread, 3)
        left &= ~unread
    if not masks:
        return []
    details = _details(day, reason, params["cooldown_days"])
    return [Hits(column=position, mask=mask, details=details) for position, mask in masks.items()]


def _details(day: np.ndarray, reason: np.ndarray, cooldown: int) -> np.ndarray:
    """The detail of each flagged row, made once per distinct refusal day (dates are not personal here)."""
    details = same_texts(len(day), None)
    details[reason == 2] = UNREADABLE
    dated = np.flatnonzero((reason == 1) | (reason == 3))
    if len(dated):
        days, inverse = np.unique(day[dated], return_inverse=True)
        texts = np.array([f"refused on {date_of(d).isoformat()}; no call before {date_of(d + cooldown + 1).isoformat()}"
                          for d in days.tolist()], dtype=object)
        details[dated] = texts[inverse.reshape(-1)]
        unread = np.flatnonzero(reason == 3)
        if len(unread):
            details[unread] = details[unread] + "; callback date unreadable"
    return details
