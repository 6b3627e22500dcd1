"""Flag rows kept longer than the retention period: data is kept no longer than its purpose needs
(GDPR art. 5(1)(e)). The CNIL référentiel "gestion des activités commerciales" (ex-NS-048) gives
3 years — a reference, not a statute: `retention_months` is a param.

- `scope: prospect` — a person who is not a customer, 3 years from collection or from the last
  contact coming from the prospect: the latest readable date of `prospect_date_roles` (last
  contact, collection) and the call date when the call result means `from_prospect` in the
  vocabulary (RDV, PISTE, PROJET, MAIL, RAPP). Outbound attempts (NRP, OCC…) are not contacts
  from the prospect: they do not restart the clock.
- `scope: customer` — 3 years from the end of the relationship: the relationship end date, else
  the last purchase, which stands for it. A contract in progress (`ongoing_role` yes) without an
  end date has no clock running.
Who is a customer, and which date counts, is `checks/retention_clock.py`'s docstring: a status
or customer type meaning `customer` (CLIENT), a readable purchase or relationship-end date, or a
contract in progress.

A row is kept up to and including the day `retention_months` after its reference day and flagged
from the next one: on 2026-07-31, a reference of 2023-07-31 is on its last day, 2023-07-30 is
expired. A day the last month lacks is its last day: 2024-02-29 is kept until 2027-02-28 (a period
of years ends on the same date, or the month's last day; Regulation 1182/71 art. 3). The date of
the run is `--as-of`. Unreadable or missing dates are other rules' findings (date-unreadable,
retention-date-missing): the readable ones still decide (fix the cell and run again). The
details give the reference and the last day kept (`last prospect contact 2023-07-30, kept until
2026-07-30`), never a value of the row.

Params:
  scope: prospect (default) or customer.
  retention_months: how long after the reference day a row is kept (default 36).
  prospect_date_roles: roles whose dates come from the prospect (default [last_contact_date,
    collection_date]).
  call_date_role: the call date's role, counted when the call result means call_meaning
    (default call_datetime; null: calls never count).
  call_meaning: the call results that restart the clock, by vocabulary meaning (default
    from_prospect).
  customer_date_roles: roles whose readable date makes a customer, the first readable one in
    this order being the reference (default [relationship_end_date, last_purchase_date]).
  ongoing_role: a role whose yes makes a customer whose relationship goes on (default
    contract_in_progress; null: none).

Example:
    - id: prospect-retention-expired
      family: retention
      check: retention_expired
      severity: warning
      action: quarantine
      legal_basis: "RGPD art. 5(1)(e); CNIL, référentiel gestion des activités commerciales (3 ans)"
      message: {fr: "Prospect conservé plus de 3 ans", en: "Prospect kept over 3 years"}
      params: {scope: prospect, retention_months: 36}
"""
from __future__ import annotations

from fichier_check.checks import retention_clock as clock
from fichier_check.checks.base import CheckContext, Hits, Param

TYPE = "retention_expired"
PARAMS = {
    "scope": Param(str, default="prospect", choices=("prospect", "customer"), doc="whose clock: prospect or customer"),
    "retention_months": Param(int, default=36, doc="months after the reference day a row is kept"),
    **clock.REFERENCE_PARAMS,
}


def validate(params: dict) -> str | None:
    if params["retention_months"] < 1:
        return "retention_months must be at least 1"
    return clock.validate_roles(params)


def roles(params: dict) -> list[str]:
    wanted = clock.prospect_roles(params) if params["scope"] == "prospect" else params["customer_date_roles"]
    return ["|".join(wanted)]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    customer = clock.is_customer(ctx, params)
    if params["scope"] == "prospect":
        reference, concerned = clock.prospect_reference(ctx, params), ~customer
    else:
        reference, concerned = clock.customer_reference(ctx, params), customer & clock.clock_running(ctx, params)
    months = params["retention_months"]
    expired = concerned & reference.known & (reference.days < clock.first_day_kept(ctx.as_of, months))
    return [Hits(column=None, mask=expired,
                 details=clock.describe(reference, expired, "{label} {day}, kept until {until}", months))]
