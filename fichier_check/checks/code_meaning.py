"""Flag the rows whose call result or status has a given meaning in the prospector's vocabulary
(`rules/vocabulary.yaml`: REFUS and REFUS COMM mean `refusal`, ARRÊTÉ means `stopped`, HORS CIBLE
`out_of_target`, ERR `wrong_number`…). The codes' meanings live in the vocabulary, not here: a
pack or the config that adds a spelling (`PAS INTERESSE` under REFUS) or a new code meaning
`refusal` gets the rules without any change to them. Cells are compared without accents, case or
punctuation (`Refus comm.`, `hors-cible`, `Arrêté`); a blank cell or a value the vocabulary does
not know has no meaning (an unknown value is `call-result-unknown`'s finding, code_unknown).

The legal ground depends on the meaning: a refusal is an objection to canvassing (GDPR art.
21(2)-(3)) and opens D223-9's 60-day cool-off; a stopped account leaves phone campaigns; an
out-of-target row has no purpose left (GDPR art. 5(1)(c), (e)); a wrong number is inaccurate data
(GDPR art. 5(1)(d)).

By default each code column holding the meaning is flagged, with the code in the detail
(`call result: REFUS`). With `report_roles`, the finding is on those columns instead (each
non-blank cell of a row whose code has the meaning), so a `blank` action empties them: that is
how `phone-known-wrong` empties the phones of an ERR row. `phone-invalid` (rules/quality.yaml)
does the reverse: it finds an invalid number and WRITES ERR in the cleaned file's call result,
keeping the number for correction. The two never fight: checks read the input, so the ERR that
phone-invalid writes is not seen in the same run; and with `unless_invalid` a row holding an
invalid number is left to phone-invalid, whether its ERR was typed by the prospector or written by
an earlier run of the tool: auditing a cleaned file again never empties the number (nor the other
phone of the row) that the first run kept for correction. Only an ERR whose numbers are all valid
— a number that was dialled and found wrong — empties them. Whoever corrects a number clears ERR.

Params:
  meaning: the meaning to find (attempt, reached, from_prospect, refusal, out_of_target,
    wrong_number, callback, stopped, customer).
  roles: the code columns read (default [call_result, status]).
  customer_type: rows concerned: all (default), B2C (unknown type counts as B2C) or B2B.
  report_roles: flag these columns' non-blank cells instead of the code column (e.g. [phone,
    mobile], default none).
  unless_invalid: with report_roles of phones or e-mails, leave out a row where one of them is
    invalid (phone-invalid's or email-invalid's finding; default false).

Example:
    - id: refusal-result-code
      family: opposition
      check: code_meaning
      severity: error
      action: quarantine
      legal_basis: "RGPD art. 21(2)-(3) ; C. conso. art. D223-9 al. 3"
      message: {fr: "La personne a refusé : ligne en quarantaine", en: "The person refused: row quarantined"}
      params: {meaning: refusal, roles: [call_result, status]}
"""
from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

from fichier_check.analysis.codes import KIND_NAMES, KINDS, MEANINGS, CodeColumn
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.read.columns import PHONE_ROLES
from fichier_check.table import same_texts

TYPE = "code_meaning"
PARAMS = {
    "meaning": Param(str, required=True, choices=tuple(MEANINGS), doc="the meaning to find"),
    "roles": Param(list, default=["call_result", "status"], item_type=str, choices=KINDS,
                   doc="code columns read"),
    "customer_type": Param(str, default="all", choices=("B2C", "B2B", "all"), doc="rows concerned"),
    "report_roles": Param(list, default=[], item_type=str,
                          doc="flag these columns' non-blank cells instead of the code column"),
    "unless_invalid": Param(bool, default=False, doc="leave out a row where a reported phone or e-mail is invalid"),
}
_ANALYSED = (*PHONE_ROLES, "email")  # report roles with a validity analysis


def validate(params: dict) -> str | None:
    if not params["roles"]:
        return "roles must list call_result, status or both"
    if params["unless_invalid"] and (not params["report_roles"]
                                     or any(r not in _ANALYSED for r in params["report_roles"])):
        return f"unless_invalid needs report_roles among {', '.join(_ANALYSED)}"
    return None


def roles(params: dict) -> list[str]:
    needs = ["|".join(params["roles"])]
    if params["report_roles"]:
        needs.append("|".join(params["report_roles"]))
    return needs


def code_details(column: CodeColumn, kind: str) -> np.ndarray:
    """Per row: `call result: REFUS` (the canonical code, never the cell), built once per distinct value."""
    texts = same_texts(len(column.distinct_names), None)
    known = np.flatnonzero(np.not_equal(column.distinct_names, None) & (column.distinct_names != ""))
    texts[known] = [f"{KIND_NAMES[kind]}: {name}" for name in column.distinct_names[known]]
    return texts[column.index]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    meaning, scope = params["meaning"], ctx.in_scope(params["customer_type"])
    found = []  # (position, rows whose code has the meaning, details)
    for kind in params["roles"]:
        for position in ctx.columns.columns(kind):
            column = ctx.codes(position)
            rows = column.means(meaning) & scope
            if rows.any():
                found.append((position, rows, code_details(column, kind)))
    if not found:
        return []
    if not params["report_roles"]:
        return [Hits(column=position, mask=rows, details=details) for position, rows, details in found]
    return _on_report_columns(ctx, params, found)


def _on_report_columns(ctx: CheckContext, params: dict, found: list) -> list[Hits]:
    rows = np.zeros(ctx.n, dtype=bool)
    details = same_texts(ctx.n, None)
    for _, flagged, texts in reversed(found):  # the first code column's detail wins
        rows |= flagged
        details[flagged] = texts[flagged]
    targets = [position for role in params["report_roles"] for position in ctx.columns.columns(role)]
    filled = {position: _filled(ctx, position) for position in targets}
    if params["unless_invalid"]:
        for position in targets:
            rows &= ~(filled[position] & ~ctx.analysis(_analysis_kind(ctx, position), position).valid)
    return [Hits(column=position, mask=rows & filled[position], details=details) for position in targets]


def _analysis_kind(ctx: CheckContext, position: int) -> str:
    return "phones" if ctx.columns.roles.get(position) in PHONE_ROLES else "emails"


def _filled(ctx: CheckContext, position: int) -> np.ndarray:
    role = ctx.columns.roles.get(position)
    if role in _ANALYSED:
        return ~ctx.analysis(_analysis_kind(ctx, position), position).blank
    return pc.utf8_length(pc.utf8_trim_whitespace(ctx.arrow(position))).to_numpy(zero_copy_only=False) > 0
