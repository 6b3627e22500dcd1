"""Flag a SIRET (14 digits, an establishment) or a SIREN (9 digits, a company) whose check digits
are wrong: a typo, a number cut short by a spreadsheet (a leading 0 lost), or an invented one.
Keeping inaccurate data is against GDPR art. 5(1)(d); the rule catalogue lists it as a data-quality
rule (no specific CNIL text). The number is judged as python-stdnum's `fr.siret`/`fr.siren` do
(`analysis/company_ids`), vectorised:

- spaces, dots and dashes between the digits are ignored (`443 061 841 00047`);
- a cell without any digit holds no number and passes (blank, `-`, `N/A`, `néant`);
- not all digits, or not 14 (SIRET) / 9 (SIREN) of them: detail "14 digits expected";
- the Luhn key fails: "checksum (Luhn key) fails";
- a SIRET whose first 9 digits are not a valid SIREN: one finding, "SIREN part (first 9 digits)
  fails its checksum";
- La Poste's establishments (SIREN 356000000) do not follow the Luhn key: their 14 digits add up
  to a multiple of 5 ("La Poste establishment: digit sum not a multiple of 5" when they do not);
  La Poste's head office (35600000000048) follows the Luhn key.

With `siret_role` (kind siren), a wrong SIREN that is the start of the row's SIRET is left to the
SIRET rule, which reports it once ("SIREN part…"): one mistake, one finding. Every column with the
role is checked; rows of every customer type by default (a wrong number is wrong whoever holds it;
a SIRET on a consumer row is `customer-type-inconsistent`'s finding). The report names the
problem, with the number masked.

Params:
  kind: siret or siren (required).
  role: the column role to check (default: the kind).
  customer_type: rows concerned: all (default), B2B or B2C (unknown counts as B2C).
  siret_role: kind siren only: the role of the SIRET that reports a wrong SIREN it starts with
    (default none: every wrong SIREN is reported here).

Example:
    - id: siret-invalid
      family: data-quality
      check: company_id
      severity: info
      action: tag
      legal_basis: "RGPD art. 5(1)(d) (exactitude)"
      message: {fr: "SIRET invalide", en: "Invalid SIRET"}
      params: {kind: siret}
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.analysis.company_ids import CHECKSUM, SIREN_PART, VALID, CompanyIds, details, judge_ids
from fichier_check.checks.base import CheckContext, Hits, Param

TYPE = "company_id"
PARAMS = {
    "kind": Param(str, required=True, choices=("siret", "siren"), doc="which number: siret (14 digits) or siren (9)"),
    "role": Param((str, type(None)), default=None, doc="column role to check (default: the kind)"),
    "customer_type": Param(str, default="all", choices=("all", "B2B", "B2C"), doc="rows concerned"),
    "siret_role": Param((str, type(None)), default=None,
                        doc="kind siren: role of the SIRET that reports a wrong SIREN it starts with"),
}


def validate(params: dict) -> str | None:
    if params["kind"] == "siret" and params["siret_role"]:
        return "siret_role is for kind siren only"
    return None


def roles(params: dict) -> list[str]:
    return [params["role"] or params["kind"]]


def judged(ctx: CheckContext, position: int, kind: str) -> CompanyIds:
    """The column's cells judged as numbers of this kind, once per chunk for every rule that asks.
    Cell by cell, not per distinct value: a file's SIRETs are nearly all distinct, and encoding
    them would cost more than judging them all (0.2 µs a cell)."""
    return ctx.cached(("company_ids", position, kind), lambda: judge_ids(ctx.arrow(position), kind))


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    kind = params["kind"]
    scope = ctx.in_scope(params["customer_type"])
    hits = []
    for position in ctx.columns.columns(params["role"] or kind):
        numbers = judged(ctx, position, kind)
        problem = numbers.problem
        flagged = (problem != VALID) & scope
        if params["siret_role"] and flagged.any():
            flagged &= ~_reported_by_siret(ctx, params["siret_role"], numbers, flagged)
        hits.append(Hits(column=position, mask=flagged, details=details(kind)[problem] if flagged.any() else None))
    return hits


def _reported_by_siret(ctx: CheckContext, role: str, sirens: CompanyIds, flagged: np.ndarray) -> np.ndarray:
    """Per row: the wrong SIREN starts the row's SIRET, which the SIRET rule reports ("SIREN part…")."""
    out = np.zeros(len(flagged), dtype=bool)
    position = ctx.columns.first(role)
    if position is None:
        return out
    sirets = judged(ctx, position, "siret")
    rows = np.flatnonzero(flagged & (sirens.problem == CHECKSUM) & (sirets.problem == SIREN_PART))
    if len(rows):
        taken = pa.array(rows)
        head = pc.utf8_slice_codeunits(sirets.compact.take(taken), 0, 9)
        siren = sirens.compact.take(taken)
        out[rows] = pc.equal(head, siren).to_numpy(zero_copy_only=False)
    return out
