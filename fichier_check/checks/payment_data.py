"""Flag payment card numbers and IBANs in any cell (a comment "CB 4970 1012 3456 7890 exp 12/27",
a column "RIB"): bank data has no place in a prospect file (GDPR art. 5(1)(c), minimisation), and
a leaked card number is a fraud risk (art. 32).

A card number counts only with a valid Luhn key and an issuer's prefix for its length, written
as cards are printed (one group, groups of four, Amex's 4-6-5); an IBAN only with valid check
digits and its country's format. So an order or invoice number whose key fails, a SIRET (14
digits), a phone number, a date or an EAN barcode pass (`analysis/payment` has the details).
Every column is read but those whose role holds phones or company identifiers (`skip_roles`); a
social-security number is left to the `nir` rules. The `mask` action replaces the number in the
cell by dots (an IBAN keeps its country: `FR•• •••• …`), the rest of the text is kept (and a NIR
in the same cell is masked too, so the cleaned cell never shows what another rule hid). The
report gives the kind found (`card number (Luhn)`, `IBAN (FR)`), never a digit of it.

The search is vectorised: one RE2 pass over each column's cells of 15 bytes or more, then the
exact search on the few distinct values that pass it.

Params:
  skip_roles: column roles never read (default phone, mobile, siret, siren).

Example:
    - id: payment-data-in-cell
      family: sensitive-data
      check: payment_data
      severity: warning
      action: mask
      legal_basis: "RGPD art. 5(1)(c), 32"
      message: {fr: "Numéro de carte ou IBAN dans le fichier", en: "Card number or IBAN in the file"}
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from fichier_check.analysis import payment
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.checks.nir import find_nir, mask_in_text, matching
from fichier_check.table import matches_long, same_texts

TYPE = "payment_data"
PARAMS = {
    "skip_roles": Param(list, default=["phone", "mobile", "siret", "siren"], item_type=str,
                        doc="column roles never read"),
}


def roles(params: dict) -> list[str]:
    return []


def _nir_spans(text: str) -> list[tuple[int, int]]:
    """Where the cell holds a social-security number, with its key or without."""
    return find_nir(text, True) + find_nir(text, False)


def _found(text: str) -> list[payment.Payment]:
    """The payment numbers of a cell that are not (inside) a social-security number."""
    nirs = _nir_spans(text)
    return [p for p in payment.find_payment(text) if not any(s < p.end and p.start < e for s, e in nirs)]


def _masked(text: str, found: list[payment.Payment]) -> str:
    for item in reversed(found):
        text = text[:item.start] + payment.mask_payment(text[item.start:item.end]) + text[item.end:]
    # a NIR of the same cell masked too: this rule's edit of the cell is the last one
    spans = sorted(_nir_spans(text))
    return mask_in_text(text, [s for i, s in enumerate(spans) if not i or s[0] >= spans[i - 1][1]])


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    hits = []
    skip = set(params["skip_roles"])
    for position in range(len(ctx.columns.header)):
        if ctx.columns.roles.get(position) in skip:
            continue
        if not matching(ctx, position, payment.RE2_CANDIDATE, payment.SHORTEST).any():
            continue  # most columns: one RE2 pass, no per-value work
        distinct = ctx.distinct(position)
        tried = np.flatnonzero(matches_long(distinct.arrow, payment.RE2_CANDIDATE, payment.SHORTEST))
        texts = distinct.arrow.take(pa.array(tried)).to_pylist()
        found = {i: (t, f) for i, t in zip(tried.tolist(), texts) if (f := _found(t))}
        if not found:
            continue
        count = len(distinct.arrow)
        flagged = np.fromiter(found, dtype=np.intp, count=len(found))
        hit_u = np.zeros(count, dtype=bool)
        hit_u[flagged] = True
        replaced_u, display_u, detail_u = same_texts(count, ""), same_texts(count, ""), same_texts(count, "")
        replaced_u[flagged] = [_masked(t, f) for t, f in found.values()]
        display_u[flagged] = [payment.mask_payment(t[f[0].start:f[0].end]) for t, f in found.values()]
        detail_u[flagged] = [payment.detail(f) for _, f in found.values()]
        codes = distinct.codes
        hits.append(Hits(column=position, mask=hit_u[codes], details=detail_u[codes], display=display_u[codes],
                         replacement=replaced_u[codes]))
    return hits
