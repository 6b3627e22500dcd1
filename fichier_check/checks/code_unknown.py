"""Flag call-result and status cells the prospector's vocabulary does not know (`rules/vocabulary.yaml`
and the `vocabulary:` sections of your packs and config). Every rule that reads the codes — a
refusal, an out-of-target row, a wrong number — would let such a row pass without a word: an
unknown code is never a silent pass. Add the value to the vocabulary (a spelling of an existing
code, or a new code with its meanings) and the rules read it.

Cells are compared without accents, case or punctuation, as the rules read them (`Refus comm.`,
`hors-cible`, `Arrêté` are known). A blank cell, or one of spaces or punctuation only (`-`, `?`),
holds no code and passes. One finding per column and row; the detail names the column's kind
(`call result not in the vocabulary`), never the cell. The report shows the value so that you can
add it, unless it looks like personal data (an e-mail address, eight digits or more) or is longer
than a code (over 30 characters: a note typed in the wrong column), when it is masked.

Params:
  roles: the code columns read (default [call_result, status]).

Example:
    - id: call-result-unknown
      family: data-quality
      check: code_unknown
      severity: warning
      action: tag
      legal_basis: "RGPD art. 5(1)(d) (exactitude)"
      message: {fr: "Code inconnu du vocabulaire", en: "Code not in the vocabulary"}
"""
from __future__ import annotations

import numpy as np

from fichier_check.analysis.codes import KIND_NAMES, KINDS
from fichier_check.analysis.mask import looks_personal, mask_text
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.table import same_texts

TYPE = "code_unknown"
PARAMS = {"roles": Param(list, default=["call_result", "status"], item_type=str, choices=KINDS,
                         doc="code columns read")}
LONGEST_SHOWN = 30  # a longer unknown value is a note, not a code: masked in the reports


def validate(params: dict) -> str | None:
    return None if params["roles"] else "roles must list call_result, status or both"


def roles(params: dict) -> list[str]:
    return ["|".join(params["roles"])]


def shown(value: str) -> str:
    """What the reports show of an unknown value: the value, or masked when it may be personal."""
    text = value.strip()
    return mask_text(text) if len(text) > LONGEST_SHOWN or looks_personal(text) else text


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    hits = []
    for kind in params["roles"]:
        for position in ctx.columns.columns(kind):
            column = ctx.codes(position)
            unknown = column.unknown
            if not unknown.any():
                continue
            values = ctx.distinct(position).values  # the encoding ctx.codes read
            display = same_texts(len(values), None)
            for index in np.flatnonzero(np.equal(column.distinct_names, None)):
                display[index] = shown(values[index])
            hits.append(Hits(column=position, mask=unknown, display=display[column.index],
                             details=same_texts(ctx.n, f"{KIND_NAMES[kind]} not in the vocabulary")))
    return hits
