"""Flag rows of a CSV file that do not have as many fields as the header: a `;` typed in an unquoted
comment, a line break that split a row in two, a line cut short. The cells of such a row are not
where the header says (a phone may sit under "E-mail"), so no rule can be trusted on it: the shipped
rule quarantines it with its reason, and every other row of the file is audited and kept.

The reader has already fitted the row to the header without losing anything (a short row padded
with empty cells, extra fields joined into the last cell with the delimiter), so the quarantine file
holds the whole line. Extra fields that are all empty (trailing delimiters) are not malformed: the
reader drops them with a warning. A file where malformed rows are many (more than 10 % of the rows
and more than 10 rows) is refused with exit 2 before any rule: its delimiter or encoding is wrong.
An XLSX sheet has no such rows.

The detail says how many fields the row had, never its cells.

Params: none.

Example:
    - id: malformed-row
      family: file-structure
      check: malformed_row
      severity: error
      action: quarantine
      legal_basis: "RGPD art. 5(1)(d) (exactitude)"
      message: {fr: "Ligne mal formée : en quarantaine", en: "Malformed row: quarantined"}
"""
from __future__ import annotations

import numpy as np

from fichier_check.checks.base import CheckContext, Hits

TYPE = "malformed_row"
PARAMS: dict = {}


def roles(params: dict) -> list[str]:
    return []


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    if not ctx.ragged:
        return []
    width = len(ctx.frame.columns)
    mask = np.zeros(ctx.n, dtype=bool)
    details = np.full(ctx.n, None, dtype=object)
    for position, count in ctx.ragged.items():
        mask[position] = True
        details[position] = f"{count} field{'s' if count != 1 else ''}, the header has {width}"
    return [Hits(column=None, mask=mask, details=details)]
