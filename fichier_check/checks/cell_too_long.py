"""Flag cells longer than a spreadsheet cell can hold: 32,767 characters in Excel (Microsoft,
"Excel specifications and limits": "Total number of characters that a cell can contain: 32,767
characters"). Excel counts UTF-16 units, so a character outside the Basic Multilingual Plane
(an emoji) counts twice; so does this check. Opened in Excel, the cleaned CSV file loses the end
of such a cell without a word; a workbook output can only hold its first 32,767 (the writer cuts
it, as xlsxwriter does). The file is read whole whatever the length (a 50 MB comment included),
and the cell is kept as it is in the CSV outputs: the row is flagged so someone shortens it. A
comment that long is rarely minimised data either (GDPR art. 5(1)(c)); the rule is a data-quality
and output-safety one, without a specific CNIL text.

Params:
  max_chars: the longest cell allowed, in UTF-16 units (default 32767, Excel's limit).

Example:
    - id: cell-too-long
      family: output-safety
      check: cell_too_long
      severity: warning
      action: tag
      legal_basis: "RGPD art. 5(1)(d) (exactitude) ; limite d'Excel, sans texte CNIL spécifique"
      message: {fr: "Cellule trop longue pour Excel", en: "Cell too long for Excel"}
      params:
        max_chars: 32767
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.table import same_texts, string_buffers

TYPE = "cell_too_long"
EXCEL_MAX_CHARS = 32_767
PARAMS = {
    "max_chars": Param(int, default=EXCEL_MAX_CHARS, doc="longest cell allowed, in UTF-16 units (Excel's limit)"),
}
_ASTRAL = "[\\x{10000}-\\x{10FFFF}]"  # two UTF-16 units each


def validate(params: dict) -> str | None:
    return "max_chars must be at least 1" if params["max_chars"] < 1 else None


def roles(params: dict) -> list[str]:
    return []


def utf16_lengths(cells) -> np.ndarray:
    """The length of each cell of an Arrow string array in UTF-16 units, as Excel counts it."""
    units = pc.add(pc.utf8_length(cells), pc.count_substring_regex(cells, _ASTRAL))
    return pc.fill_null(units, 0).to_numpy(zero_copy_only=False)


def too_long(cells, max_chars: int) -> tuple[np.ndarray, np.ndarray]:
    """(the rows of cells longer than `max_chars` UTF-16 units, their lengths). A cell's UTF-8 bytes
    are never fewer than its UTF-16 units, so the byte lengths (the array's offsets, free) leave
    only the long cells to count."""
    if not (pa.types.is_string(cells.type) or pa.types.is_large_string(cells.type)):
        cells = cells.cast(pa.large_string())
    bounds, _ = string_buffers(cells)
    rows = np.flatnonzero(np.diff(bounds) > max_chars)
    # each long cell counted through a zero-copy slice: a take() would copy a 50 MB cell
    lengths = np.array([utf16_lengths(cells.slice(row, 1))[0] for row in rows.tolist()], dtype=np.int64)
    over = lengths > max_chars
    return rows[over], lengths[over]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    limit, hits = params["max_chars"], []
    for position in range(len(ctx.columns.header)):
        rows, lengths = too_long(ctx.arrow(position), limit)
        if not len(rows):
            continue
        flagged = np.zeros(ctx.n, dtype=bool)
        flagged[rows] = True
        details = same_texts(ctx.n, None)
        details[rows] = [f"{n:,} characters, over {limit:,}" for n in lengths.tolist()]
        hits.append(Hits(column=position, mask=flagged, details=details))
    return hits
