"""Cells a spreadsheet would run, written as text in the CSV outputs (OWASP "CSV Injection").

A salesperson opens the cleaned CSV in Excel or LibreOffice: a cell beginning with `=`, `+`, `-`,
`@`, TAB or CR is read there as a formula. `=HYPERLINK("http://…";"clic")` or
`@SUM(1+1)*cmd|' /C calc'!A0` can send the sheet's data away or start a program, and a phone
number `+33 6 12 34 56 78` is run too (`#NAME?`, or `+33612345678` turned into the number
33612345678, its `+` lost). OWASP's advice is followed: such a cell gets a leading apostrophe,
which the spreadsheet takes as "this is text" and does not show in the cell. A negative number
(`-12`, `-3,5`) is left as it is: the spreadsheet reads the same number.

This is the default in every CSV output (cleaned, quarantine, the findings side file);
`--keep-formulas` (or `neutralise_formulas: false` in the config) writes cells as they are, for a
file that goes to a program, not a person. Workbook outputs need none of this: their cells are
written as strings, never formulas (`writers`).
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.table import first_bytes, join_texts, matches

_TRIGGERS = np.frombuffer(b"=+-@\t\r", dtype=np.uint8)
_TRIGGER_PATTERN = "^[=+@\t\r-]"
_NEGATIVE_NUMBER = r"^-[0-9]+([.,][0-9]+)?$"


def spreadsheet_would_run(texts: pa.Array) -> np.ndarray:
    """Per cell of an Arrow string array: would a spreadsheet run it? The first bytes are read
    from the buffers (milliseconds a million cells); only cells starting with a trigger are
    matched further."""
    first = first_bytes(texts)
    if first is None:
        starts = np.asarray(pc.fill_null(pc.match_substring_regex(texts, _TRIGGER_PATTERN), False))
    else:
        starts = np.isin(first, _TRIGGERS)
    rows = np.flatnonzero(starts)
    if len(rows) and (first is None or (first[rows] == ord("-")).any()):
        starts[rows[matches(texts.take(pa.array(rows)), _NEGATIVE_NUMBER)]] = False
    return starts


def neutralised(texts: pa.Array) -> pa.Array:
    """`texts` with an apostrophe before each cell a spreadsheet would run (the same array when
    there is none, the usual case)."""
    risky = spreadsheet_would_run(texts)
    if not risky.any():
        return texts
    prefixed = join_texts("'", texts.cast(pa.large_string())).cast(texts.type)
    return pc.if_else(pa.array(risky), prefixed, texts)
