"""What the retention rules read of a row: whether the person is a customer, and the date each
retention clock runs from (CNIL référentiel "gestion des activités commerciales": a prospect's
data 3 years from collection or from the last contact coming from the prospect; a customer's 3
years from the end of the relationship). Not a check type: `retention_expired` and
`retention_date_missing` share it, so that they agree on every row, and so do their params.

Customer: the status (or any call-result or status column) has a code meaning `customer` in the
vocabulary (CLIENT), or the customer-type cell is spelled as such a code (`Client`, `Cliente`,
`Customer`: a "Client/Prospect" column), or a date of `customer_date_roles` is readable, or the
`ongoing_role` cell says yes (a contract in progress). An unreadable purchase date does not make
a customer: the row stays a prospect (the date is date-unreadable's finding).

Prospect reference: the latest readable date of `prospect_date_roles`, and of `call_date_role`
on the rows whose call result has the meaning `call_meaning` (RDV, PISTE, PROJET, MAIL, RAPP: the
person answered with an interest); an outbound attempt (NRP, OCC, a refusal, a blank or unknown
result) does not restart the clock, nor does a last-contact date that is that attempt's day (or,
without a call date column, on a row whose result is such an attempt: files write the last call
there).
Customer reference: the first readable date of `customer_date_roles` in their order (the end of
the relationship, else the last purchase, which stands for it); a customer whose relationship is
ongoing (`ongoing_role` yes) and who has no end date has no clock running yet.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from fichier_check.analysis.codes import MEANINGS, read_codes
from fichier_check.analysis.dates import NO_DAY, add_months, day_number, iso_days
from fichier_check.checks.base import CheckContext, Param
from fichier_check.read.columns import ROLES
from fichier_check.table import same_texts

PROSPECT_DATE_ROLES = ["last_contact_date", "collection_date"]
CUSTOMER_DATE_ROLES = ["relationship_end_date", "last_purchase_date"]
DATE_ROLES = ["last_contact_date", "collection_date", "call_datetime", "last_purchase_date", "relationship_end_date"]
# How the details name the date a clock runs from (another role: its name, spaced).
LABELS = {
    "last_contact_date": "last prospect contact",
    "collection_date": "collected",
    "call_datetime": "last call with a prospect-originated result",
    "relationship_end_date": "relationship ended",
    "last_purchase_date": "last purchase",
}
_ROLE_LISTS = ("prospect_date_roles", "customer_date_roles")
_MAX_SOURCES = 1 << 8  # date columns a reference is taken from, at most (an index in a key)
_ROLE_NAMES = ("call_date_role", "ongoing_role")

REFERENCE_PARAMS = {
    "prospect_date_roles": Param(list, default=PROSPECT_DATE_ROLES, item_type=str,
                                 doc="roles whose dates come from the prospect: the latest restarts the clock"),
    "call_date_role": Param((str, type(None)), default="call_datetime",
                            doc="role of the call date, counted only when the call result means call_meaning"),
    "call_meaning": Param(str, default="from_prospect", choices=tuple(MEANINGS),
                          doc="the vocabulary meaning of a call result that restarts the clock"),
    "customer_date_roles": Param(list, default=CUSTOMER_DATE_ROLES, item_type=str,
                                 doc="roles whose readable date makes a customer; the first readable is the reference"),
    "ongoing_role": Param((str, type(None)), default="contract_in_progress",
                          doc="role whose yes makes a customer whose relationship is ongoing"),
}


def validate_roles(params: dict) -> str | None:
    """A problem with the roles the params name, or None."""
    named = [(key, role) for key in _ROLE_LISTS for role in params[key]]
    named += [(key, params[key]) for key in _ROLE_NAMES if params[key] is not None]
    for key, role in named:
        if role not in ROLES:
            return f"{key}: {role!r} is not a column role"
    if not params["prospect_date_roles"] and params["call_date_role"] is None:
        return "prospect_date_roles is empty and call_date_role is null: a prospect would have no reference date"
    if not params["customer_date_roles"]:
        return "customer_date_roles must list at least one role"
    return None


def prospect_roles(params: dict) -> list[str]:
    return params["prospect_date_roles"] + ([params["call_date_role"]] if params["call_date_role"] else [])


def label(role: str) -> str:
    return LABELS.get(role, role.replace("_", " "))


@dataclass
class Reference:
    """Per row: the day a clock runs from (NO_DAY when none) and the role that gave it (an index
    into `roles`, -1 when none)."""

    days: np.ndarray
    source: np.ndarray
    roles: list[str]

    @property
    def known(self) -> np.ndarray:
        return self.days != NO_DAY


def _key(params: dict) -> tuple:
    return tuple((name, tuple(value) if isinstance(value, list) else value)
                 for name, value in sorted(params.items()) if name in REFERENCE_PARAMS)


def _dates_of(ctx: CheckContext, role: str) -> list[np.ndarray]:
    return [ctx.dates(position).days for position in ctx.columns.columns(role)]


def _reference(ctx: CheckContext, candidates: list[tuple[str, np.ndarray]], latest: bool) -> Reference:
    roles = [role for role, _ in candidates]
    if not candidates:
        return Reference(np.full(ctx.n, NO_DAY, dtype=np.int64), np.full(ctx.n, -1, dtype=np.int64), roles)
    stacked = np.stack([days for _, days in candidates])
    if latest:
        source = np.argmax(stacked, axis=0)  # NO_DAY is the smallest day number: any readable date wins
    else:
        source = np.argmax(stacked != NO_DAY, axis=0)  # the first readable one
    days = np.take_along_axis(stacked, source[None, :], axis=0)[0]
    return Reference(days, np.where(days != NO_DAY, source, -1), roles)


def prospect_reference(ctx: CheckContext, params: dict) -> Reference:
    def compute() -> Reference:
        candidates = [(role, days) for role in params["prospect_date_roles"] for days in _dates_of(ctx, role)]
        call_role = params["call_date_role"]
        if call_role:
            from_prospect = ctx.code_means(params["call_meaning"], roles=("call_result",))
            calls = _dates_of(ctx, call_role)
            candidates = [(role, _unless_outbound(ctx, role, days, from_prospect, calls)) for role, days in candidates]
            candidates += [(call_role, np.where(from_prospect, days, NO_DAY)) for days in calls]
        return _reference(ctx, candidates, latest=True)
    return ctx.cached(("retention", "prospect", _key(params)), compute)


def _unless_outbound(ctx: CheckContext, role: str, days: np.ndarray, from_prospect: np.ndarray,
                     calls: list[np.ndarray]) -> np.ndarray:
    """A "last contact" date that is the last call's, on a row whose call result is an outbound
    attempt (NRP, OCC, a refusal): prospectors' files write the last call there, so it does not
    restart the clock. It counts when the result is blank or from the prospect, or when it is
    another day than the last call's (a contact of another kind)."""
    if role != "last_contact_date" or not ctx.columns.has("call_result"):
        return days
    written = np.zeros(ctx.n, dtype=bool)
    for position in ctx.columns.columns("call_result"):
        written |= ~ctx.codes(position).blank
    same_day = (days == calls[0]) if calls else np.ones(ctx.n, dtype=bool)
    return np.where(written & ~from_prospect & same_day, NO_DAY, days)


def outbound_call(ctx: CheckContext, params: dict) -> np.ndarray:
    """Per row: a readable call date whose result does not restart the clock."""
    call_role = params["call_date_role"]
    out = np.zeros(ctx.n, dtype=bool)
    if call_role:
        from_prospect = ctx.code_means(params["call_meaning"], roles=("call_result",))
        for days in _dates_of(ctx, call_role):
            out |= (days != NO_DAY) & ~from_prospect
    return out


def customer_reference(ctx: CheckContext, params: dict) -> Reference:
    def compute() -> Reference:
        candidates = [(role, days) for role in params["customer_date_roles"] for days in _dates_of(ctx, role)]
        return _reference(ctx, candidates, latest=False)
    return ctx.cached(("retention", "customer", _key(params)), compute)


def ongoing(ctx: CheckContext, params: dict) -> np.ndarray:
    """Per row: the ongoing_role says yes (a contract in progress)."""
    return ctx.truthy(params["ongoing_role"]) if params["ongoing_role"] else np.zeros(ctx.n, dtype=bool)


def said_customer(ctx: CheckContext) -> np.ndarray:
    """Per row: a status or call-result code means `customer` (CLIENT), or the customer-type cell
    is spelled as such a code (`Client`): what the file says, without the dates (read-only)."""
    def compute() -> np.ndarray:
        customer = ctx.code_means("customer")
        for position in ctx.columns.columns("customer_type"):
            distinct = ctx.distinct(position)
            customer |= read_codes(distinct.codes, distinct.values, ctx.vocabulary.lookup("status")).means("customer")
        customer.flags.writeable = False
        return customer
    return ctx.cached("said-customer", compute)


def is_customer(ctx: CheckContext, params: dict) -> np.ndarray:
    """Per row: is the person a customer (see the module docstring)?"""
    def compute() -> np.ndarray:
        return said_customer(ctx) | customer_reference(ctx, params).known | ongoing(ctx, params)
    return ctx.cached(("retention", "is-customer", _key(params)), compute)


def clock_running(ctx: CheckContext, params: dict) -> np.ndarray:
    """Per customer row: does the customer clock run (a readable date, and no ongoing relationship
    without an end date)? With a contract in progress only the first of customer_date_roles (the
    end of the relationship) starts it; once recorded, it counts even with a contract said in progress."""
    reference = customer_reference(ctx, params)
    ends = [index for index, role in enumerate(reference.roles) if role == params["customer_date_roles"][0]]
    ended = reference.known & np.isin(reference.source, ends)
    return reference.known & (ended | ~ongoing(ctx, params))


def first_day_kept(as_of: dt.date, months: int) -> int:
    """The earliest reference day still kept on `as_of` (the day number): a row is expired when its
    reference is before it, i.e. when `as_of` is after the reference + `months` (add_months)."""
    def last_kept(day: int) -> int:
        return int(add_months(np.array([day]), months)[0])
    today = day_number(as_of)
    first = int(add_months(np.array([today]), -months)[0])
    while last_kept(first - 1) >= today:  # a month end: several days share the last day kept
        first -= 1
    while last_kept(first) < today:
        first += 1
    return first


def describe(reference: Reference, rows: np.ndarray, template: str, months: int | None = None) -> np.ndarray:
    """Per row, for the `rows` given (a mask), `template` filled with the reference's label, day and
    last day kept `months` later (`{label}`, `{day}`, `{until}`); None elsewhere. Once per distinct
    (source, day)."""
    details = same_texts(len(rows), None)
    picked = np.flatnonzero(rows)
    if not len(picked):
        return details
    keys = reference.days[picked] * _MAX_SOURCES + reference.source[picked]
    distinct, inverse = np.unique(keys, return_inverse=True)
    days, sources = np.divmod(distinct, _MAX_SOURCES)
    until = add_months(days, months) if months is not None else days
    labels = [label(role) for role in reference.roles]
    texts = np.array([template.format(label=labels[source], day=day, until=last) for source, day, last in zip(
        sources.tolist(), iso_days(days).to_pylist(), iso_days(until).to_pylist())], dtype=object)
    details[picked] = texts[inverse.reshape(-1)]
    return details

