"""The chunk as the checks see it: each cell without the invisible characters the cleaned file
drops (`control-characters`: C0 controls but TAB/LF/CR, DEL, C1, bidi overrides).

A NUL inside a social-security number, an ESC inside "maladie", a unit separator inside an
opposed phone would otherwise hide the value from the rule meant to catch it, and the cleaned
file, which removes those characters, would then hold the value in clear. So every check judges
the visible cell; `control-characters` alone reads the raw one (cached as `raw-arrow`). Analyses prepared
ahead from a column that changed are dropped and made again from the visible cells.
"""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.checks.control_characters import RE2_PATTERN, holding
from fichier_check.table import arrow_column


def visible_frame(frame: pd.DataFrame, analyses: dict) -> tuple[pd.DataFrame, dict]:
    """(the frame the checks see, the check context's first cache): the hidden-character mask and
    the raw cells of every column, and the analyses that still hold."""
    cache: dict = {}
    changed: dict = {}
    for position in frame.columns:
        cells = arrow_column(frame[position])
        found = holding(cells)
        cache[("control-characters", position)] = found
        cache[("raw-arrow", position)] = cells
        if found.any():
            changed[position] = pc.replace_substring_regex(cells, RE2_PATTERN, "")
    if not changed:
        return frame, {**analyses, **cache}
    visible = frame.copy(deep=False)
    for position, cells in changed.items():
        visible[position] = pa.table({"cells": cells}).to_pandas()["cells"].set_axis(frame.index)
    kept = {key: value for key, value in analyses.items()
            if not (isinstance(key, tuple) and key and key[-1] in changed)}
    return visible, {**kept, **cache}

