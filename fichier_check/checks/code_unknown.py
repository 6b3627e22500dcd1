"""Flag call-result and status cells the prospector's vocabulary does not know (`rules/vocabulary.yaml`
and the `vocabulary:` sections of your packs and config). Every rule that reads the codes — a
refusal, an out-of-target row, a wrong number — would let such a row pass without a word: an
unknown code is never a silent pass. Add the value to the vocabulary (a spelling of an existing
code, or a new code with its meanings) and the rules read it.

Cells are compared without accents, case or punctuation, as the rules read them (`Refus comm.`,
`hors-cible`, `Arrêté` are known). A blank cell, or one of spaces or punctuation only (`-`, `?`),
holds no code and passes. One finding per column and row; the detail names the column's kind
(`call result not in the vocabulary`), never the cell. The reports mask the value as any cell's:
a status column may hold a note or a name (`Malade`, `Rappeler Mme Lefèvre`), which no report
may show; `--show-values` shows them, to see which values to add to the vocabulary.

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
from fichier_check.analysis.mask import mask_text
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.table import same_texts

TYPE = "code_unknown"
PARAMS = {"roles": Param(list, default=["call_result", "status"], item_type=str, choices=KINDS,
                         doc="code columns read")}


def validate(params: dict) -> str | None:
    return None if params["roles"] else "roles must list call_result, status or both"


def roles(params: dict) -> list[str]:
    return ["|".join(params["roles"])]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    hits = []
    for kind in params["roles"]:
        for position in ctx.columns.columns(kind):
            column = ctx.codes(position)
            unknown = column.unknown
            if not unknown.any():
                continue
            # the engine shows a code column's known codes as they are: an unknown cell is masked here
            values = ctx.distinct(position).values  # the encoding ctx.codes read
            display = same_texts(len(values), None)
            for index in np.flatnonzero(np.equal(column.distinct_names, None)):
                display[index] = mask_text(values[index].strip())
            hits.append(Hits(column=position, mask=unknown, display=display[column.index],
                             details=same_texts(ctx.n, f"{KIND_NAMES[kind]} not in the vocabulary")))
    return hits
