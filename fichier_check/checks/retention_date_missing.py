"""Flag rows whose retention clock has no date to run from: without one, nobody can say when the
row must go, nor show that it is kept lawfully (GDPR art. 5(1)(e) and 5(2), accountability).

- a prospect (not a customer) with no readable collection date, last contact date, nor call date
  whose result comes from the prospect (RDV, PISTE, PROJET, MAIL, RAPP). When the row only has
  outbound call dates (NRP, OCC, a refusal, a blank or unknown result) the details say so: they
  do not restart the clock (CNIL référentiel; the catalogue's `outbound-dates-only`).
- a customer with no readable relationship end nor last purchase date, unless a contract is in
  progress (the relationship goes on: no clock yet).
Who is a customer and which dates count are those of `retention_expired`, with the same params
(`checks/retention_clock.py`): keep them equal in both rules. An unreadable date is no date here
and is date-unreadable's finding too. A file with none of these date columns skips the rule
(its report says why).

Params:
  prospect_date_roles, call_date_role, call_meaning, customer_date_roles, ongoing_role: as for
    retention_expired (same defaults).

Example:
    - id: retention-date-missing
      family: retention
      check: retention_date_missing
      severity: warning
      action: tag
      legal_basis: "RGPD art. 5(1)(e) et 5(2) (responsabilité)"
      message: {fr: "Aucune date pour la durée de conservation", en: "No date to run the retention period from"}
"""
from __future__ import annotations

from fichier_check.checks import retention_clock as clock
from fichier_check.checks.base import CheckContext, Hits
from fichier_check.table import same_texts

TYPE = "retention_date_missing"
PARAMS = dict(clock.REFERENCE_PARAMS)
OUTBOUND_ONLY = "prospect: only outbound call dates, which do not restart the clock"
NO_PROSPECT_DATE = "prospect: no collection date nor contact from the prospect"
NO_CUSTOMER_DATE = "customer: no relationship end nor purchase date"


def validate(params: dict) -> str | None:
    return clock.validate_roles(params)


def roles(params: dict) -> list[str]:
    return ["|".join(clock.prospect_roles(params) + params["customer_date_roles"])]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    customer = clock.is_customer(ctx, params)
    prospect_missing = ~customer & ~clock.prospect_reference(ctx, params).known
    customer_missing = customer & ~clock.customer_reference(ctx, params).known & ~clock.ongoing(ctx, params)
    outbound = prospect_missing & clock.outbound_call(ctx, params)
    details = same_texts(ctx.n, None)
    details[customer_missing] = NO_CUSTOMER_DATE
    details[prospect_missing] = NO_PROSPECT_DATE
    details[outbound] = OUTBOUND_ONLY
    return [Hits(column=None, mask=prospect_missing | customer_missing, details=details)]
