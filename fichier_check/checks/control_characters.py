"""Flag cells holding invisible control characters, and remove them in the cleaned file. A NUL
byte in a name, an ESC sequence in a comment or a right-to-left override in a company name goes
through a spreadsheet unseen, but a CRM import or an XML export chokes on it, and a bidi override
makes a cell read differently from what it holds (the "Trojan Source" trick, CVE-2021-42574).
Keeping such bytes in a contact's data is inaccurate data (GDPR art. 5(1)(d)); removing them
before the file goes to other systems is a security measure (art. 32). No specific CNIL text.

Characters found, in any cell of any column:
- C0 controls U+0000–U+001F except TAB (U+0009), LF (U+000A) and CR (U+000D): TAB is a
  delimiter in its own right and `formula-injection`'s business at the start of a cell; LF and
  CR are the line breaks of a legitimate multi-line comment (a quoted CSV cell, Alt+Enter in
  Excel), which the CSV and XLSX outputs keep as they are;
- DEL (U+007F) and the C1 controls U+0080–U+009F (NEL included): no text uses them, and one
  in a file read as latin-1 usually means the file was really cp1252 (check `--encoding`);
- the bidi embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069. The marks
  U+200E, U+200F and U+061C, which right-to-left text legitimately uses, pass.

The rule's action `remove-characters` writes the cell without those characters in the cleaned
file; the quarantine file keeps every cell as it was. Every rule judges and edits the cell without
them (`engine/visible`), so a comment emptied or a number masked stays so whatever the rules'
order. The report gives the characters found as code points (`U+0000, U+001B`), never the cell.

Params: none.

Example:
    - id: control-characters
      family: output-safety
      check: control_characters
      severity: warning
      action: remove-characters
      legal_basis: "RGPD art. 5(1)(d) (exactitude), art. 32 (sécurité)"
      message: {fr: "Caractères de contrôle retirés de la cellule", en: "Control characters removed from the cell"}
"""
from __future__ import annotations

import re

import numpy as np
import pyarrow as pa

from fichier_check.checks.base import CheckContext, Hits
from fichier_check.table import same_texts, string_buffers

TYPE = "control_characters"
PARAMS: dict = {}
REMOVES_CHARACTERS = True  # it flags the cells engine/visible strips: the `remove-characters` action writes them so

# (first, last) code points of what is flagged and removed
RANGES = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0x202A, 0x202E), (0x2066, 0x2069))
RE2_PATTERN = "[" + "".join(f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in RANGES) + "]"
PATTERN = re.compile("[" + "".join(f"\\U{a:08X}-\\U{b:08X}" for a, b in RANGES) + "]")
SHOWN = 10  # code points listed in a finding's detail, the rest counted
_KEPT_CONTROLS = np.array([0x09, 0x0A, 0x0D], dtype=np.uint8)  # TAB, LF, CR


def roles(params: dict) -> list[str]:
    return []


def holding(cells) -> np.ndarray:
    """Per cell of an Arrow string array: does it hold a character of RANGES? Read from the UTF-8
    bytes with numpy (an RE2 pass over the column costs 20 times as much): C0 controls and DEL are
    single bytes; C1 controls are 0xC2 0x80-0x9F; the bidi controls 0xE2 0x80 0xAA-0xAE and
    0xE2 0x81 0xA6-0xA9. A clean column costs four comparisons a byte."""
    if not (pa.types.is_string(cells.type) or pa.types.is_large_string(cells.type)):
        cells = cells.cast(pa.large_string())
    bounds, data = string_buffers(cells)
    body, bounds = data[bounds[0]:bounds[-1]], bounds - bounds[0]
    control = (body < 0x20) | (body == 0x7F)
    lead = (body == 0xC2) | (body == 0xE2)
    out = np.zeros(len(cells), dtype=bool)
    if not (control.any() or lead.any()):
        return out
    found = np.flatnonzero(control)
    found = [found[~np.isin(body[found], _KEPT_CONTROLS)]]
    leads = np.flatnonzero(lead)  # valid UTF-8: a lead byte has its continuation bytes after it
    second = body[leads + 1]
    found.append(leads[(second <= 0x9F) & (body[leads] == 0xC2)])  # C1
    leads = leads[(second == 0x80) | (second == 0x81)]  # then E2 80 (’ – …) or E2 81, or C2 80/81 (C1, found)
    second, third = body[leads + 1], body[np.minimum(leads + 2, len(body) - 1)]
    found.append(leads[(body[leads] == 0xE2) & np.where(second == 0x80, (third >= 0xAA) & (third <= 0xAE),
                                                        (third >= 0xA6) & (third <= 0xA9))])
    out[np.searchsorted(bounds, np.concatenate(found), side="right") - 1] = True
    return out


def holding_cells(ctx: CheckContext, position: int) -> np.ndarray:
    """`holding` of a column of the chunk, once for this check and formula-injection (which judges a
    cell as the cleaned file writes it, without them)."""
    return ctx.cached(("control-characters", position), lambda: holding(ctx.arrow(position)))


def code_points(cell: str) -> str:
    """The distinct characters of RANGES in `cell`, as the detail shows them."""
    found = sorted(set(PATTERN.findall(cell)))
    listed = ", ".join(f"U+{ord(c):04X}" for c in found[:SHOWN])
    more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    return f"control characters: {listed}{more}"


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    hits = []
    for position in range(len(ctx.columns.header)):
        cells = ctx.cached(("raw-arrow", position), lambda: ctx.arrow(position))  # as read (engine/visible)
        flagged = holding_cells(ctx, position)
        if not flagged.any():
            continue  # most columns: a numpy pass over the bytes; Python for the matched cells only
        rows = np.flatnonzero(flagged)
        details = same_texts(len(flagged), None)
        details[rows] = [code_points(cell) for cell in cells.take(pa.array(rows)).to_pylist()]
        hits.append(Hits(column=position, mask=flagged, details=details))
    return hits
