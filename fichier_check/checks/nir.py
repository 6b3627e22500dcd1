"""Flag French social-security numbers (NIR) in any cell, comments included. The NIR may only be
processed in the cases a decree lists (loi Informatique et Libertés art. 30, décret 2019-341):
never in a prospect file.

With `with_key: true` (rule `nir`): 15 characters — sex 1/2/3/7/8, year, month (01-12 or 20-99),
department (2 digits, or 2A/2B for Corsica), commune, order number and a key that must equal
97 − (body mod 97), with 2A→19 and 2B→18 for the computation. Spaces, dots and dashes between the
groups are allowed. A SIRET (14 digits) or a phone number never matches. With `with_key: false`
(rule `possible-nir`): a 13-character body with a month 01-12 and no key, outside phone, SIRET and
SIREN columns. The `mask` action replaces the number in the cell by `2 •• •• •• ••• ••• ••`.

Params:
  with_key: require a valid 15-character NIR (default true).

Example:
    - id: nir
      family: sensitive-data
      check: nir
      severity: error
      action: mask
      legal_basis: "Loi Informatique et Libertés art. 30; décret 2019-341"
      message: {fr: "Numéro de sécurité sociale", en: "Social-security number"}
"""
from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.analysis.mask import mask_nir
from fichier_check.table import matches_long, same_texts

TYPE = "nir"
PARAMS = {"with_key": Param(bool, default=True, doc="require the 2-digit key and check it")}
SKIP_ROLES_WITHOUT_KEY = {"phone", "mobile", "siret", "siren"}

_SEP = r"[ .\-]?"
_BODY = (r"([12378])" + _SEP + r"([0-9]{2})" + _SEP + r"(0[1-9]|1[0-2]|[2-9][0-9])" + _SEP
         + r"([0-9]{2}|2[AaBb])" + _SEP + r"([0-9]{3})" + _SEP + r"([0-9]{3})")
WITH_KEY = re.compile(r"(?<![0-9A-Za-z])" + _BODY + _SEP + r"([0-9]{2})(?![0-9])")
WITHOUT_KEY = re.compile(r"(?<![0-9A-Za-z])" + _BODY.replace("(0[1-9]|1[0-2]|[2-9][0-9])", "(0[1-9]|1[0-2])")
                         + r"(?![0-9]| ?[0-9]{2}(?![0-9]))")
_DIGITS13 = re.compile(r"[0-9]")


def roles(params: dict) -> list[str]:
    return []


def key_is_valid(groups: tuple[str, ...]) -> bool:
    body = "".join(groups[:6]).upper().replace("2A", "19").replace("2B", "18")
    return 97 - int(body) % 97 == int(groups[6])


def find_nir(text: str, with_key: bool = True) -> list[tuple[int, int]]:
    """Spans of the NIRs in `text` (valid key required when with_key)."""
    if len(_DIGITS13.findall(text)) < 11:
        return []
    pattern = WITH_KEY if with_key else WITHOUT_KEY
    return [m.span() for m in pattern.finditer(text) if not with_key or key_is_valid(m.groups())]


def mask_in_text(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in reversed(spans):
        text = text[:start] + mask_nir(text[start:end]) + text[end:]
    return text


# RE2 versions of the patterns (no lookarounds) for a vectorised prefilter; the exact Python
# patterns and the key check then run on the few candidates only.
_RE2_BODY = _BODY.replace("([0-9]{2}|2[AaBb])", "([0-9]{2}|2[AaBb])")
RE2_WITH_KEY = "(^|[^0-9A-Za-z])" + _RE2_BODY + _SEP + "[0-9]{2}([^0-9]|$)"
RE2_WITHOUT_KEY = "(^|[^0-9A-Za-z])" + _RE2_BODY + "([^0-9]|$)"


# Either rule's prefilter, as one pattern (the body, then the key or an end): one pass per column,
# shared by the two rules, leaves the exact patterns the few cells that have it. A SIRET (14
# digits) holds a body but neither ending, so a SIRET column goes no further.
RE2_EITHER = "(^|[^0-9A-Za-z])" + _RE2_BODY + "(" + _SEP + "[0-9]{2})?([^0-9]|$)"
_SHORTEST_BODY = 13


def _with_body(ctx: CheckContext, position: int) -> np.ndarray:
    return ctx.cached(("nir-body", position), lambda: matching(ctx, position, RE2_EITHER, _SHORTEST_BODY))


def matching(ctx: CheckContext, position: int, pattern: str, shortest: int) -> np.ndarray:
    """Per row: does the RE2 pattern match the cell? Cells shorter than `shortest` bytes are not
    read (their lengths computed once a column, for the nir and payment_data rules)."""
    lengths = ctx.cached(("byte-lengths", position), lambda: pc.fill_null(
        pc.binary_length(ctx.arrow(position)), 0).to_numpy(zero_copy_only=False))
    return matches_long(ctx.arrow(position), pattern, shortest, lengths)


def _candidates(array, with_key: bool) -> np.ndarray:
    return matches_long(array, RE2_WITH_KEY if with_key else RE2_WITHOUT_KEY, _SHORTEST_BODY)


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    hits = []
    for position in range(len(ctx.columns.header)):
        if not params["with_key"] and ctx.columns.roles.get(position) in SKIP_ROLES_WITHOUT_KEY:
            continue
        if not _with_body(ctx, position).any():
            continue  # most columns: one RE2 pass over the cells, no per-value work
        distinct = ctx.distinct(position)
        codes, count = distinct.codes, len(distinct.arrow)
        # the exact pattern, the key and the masks only for the few distinct values RE2 let through
        tried = np.flatnonzero(_candidates(distinct.arrow, params["with_key"]))
        texts = distinct.arrow.take(pa.array(tried)).to_pylist()
        spans = {i: (t, s) for i, t in zip(tried.tolist(), texts) if (s := find_nir(t, params["with_key"]))}
        if not spans:
            continue
        flagged = np.fromiter(spans, dtype=np.intp, count=len(spans))
        found_u = np.zeros(count, dtype=bool)
        found_u[flagged] = True
        replaced_u, display_u = same_texts(count, ""), same_texts(count, "")
        replaced_u[flagged] = [mask_in_text(t, s) for t, s in spans.values()]
        display_u[flagged] = [mask_nir(t[s[0][0]:s[0][1]]) for t, s in spans.values()]
        found, replaced, display = found_u[codes], replaced_u[codes], display_u[codes]
        detail = "NIR with a valid key" if params["with_key"] else "13-character NIR body without key"
        hits.append(Hits(column=position, mask=found, details=same_texts(len(codes), detail),
                         display=display, replacement=replaced))
    return hits
