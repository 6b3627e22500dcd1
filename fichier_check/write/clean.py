"""Apply the engine's decisions to one chunk: the cleaned rows and the quarantined rows. Pure: no I/O.

Cleaned rows: the input's columns minus dropped ones, cells edited where a rule blanked or masked
them, a value such as ERR set in a role's column (added at the end when the file has none), and a
`fichier_check_flags` column naming the rules that touched the row (added only when some kept row
was touched). Quarantined rows: every original value untouched, plus the rule ids and reasons.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.read.columns import ColumnMap
from fichier_check.engine.decisions import ChunkDecisions, Decisions
from fichier_check.table import Chunk, arrow_column, same_texts

FLAGS_HEADER = "fichier_check_flags"
QUARANTINE_RULES_HEADER = "fichier_check_rules"
QUARANTINE_REASONS_HEADER = "fichier_check_reasons"


@dataclass
class Layout:
    """The columns of the two output files, decided once before writing."""

    kept: list[int]  # input positions kept in the cleaned file, in order
    added: list[str]  # headers of columns added at the end of the cleaned file
    role_targets: dict[str, int] = field(default_factory=dict)  # role -> output position for set_cell
    clean_header: list[str] = field(default_factory=list)
    quarantine_header: list[str] = field(default_factory=list)
    flags: int | None = None  # output position of the fichier_check_flags column, when rows are flagged


def plan_layout(header: list[str], columns: ColumnMap, decisions: Decisions) -> Layout:
    kept = [i for i in range(len(header)) if i not in decisions.dropped_columns]
    added: list[str] = []
    role_targets: dict[str, int] = {}
    needed_roles: dict[str, str] = {}
    any_flag = False
    for todo in decisions.chunks.values():
        kept_rows = ~todo.quarantine_mask()
        for (role, _, new_header), rows in todo.cells_set.items():
            if (rows & kept_rows).any():
                needed_roles.setdefault(role, new_header or role)
        any_flag = any_flag or bool((todo.flagged_by.any() & kept_rows).any())
    for role, new_header in needed_roles.items():
        existing = columns.first(role)
        if existing is not None and existing in kept:
            role_targets[role] = kept.index(existing)
        else:
            role_targets[role] = len(kept) + len(added)
            added.append(new_header)
    flags_target = None
    if any_flag:
        if FLAGS_HEADER in header and header.index(FLAGS_HEADER) in kept:
            flags_target = kept.index(header.index(FLAGS_HEADER))  # a file we cleaned before: reuse its column
        else:
            flags_target = len(kept) + len(added)
            added.append(FLAGS_HEADER)
    clean_header = [header[i] for i in kept] + added
    quarantine_header = list(header) + [QUARANTINE_RULES_HEADER, QUARANTINE_REASONS_HEADER]
    return Layout(kept, added, role_targets, clean_header, quarantine_header, flags_target)


@dataclass
class SplitChunk:
    clean: pd.DataFrame
    clean_typed: pd.DataFrame | None
    quarantine: pd.DataFrame
    quarantine_typed: pd.DataFrame | None


def split_chunk(chunk: Chunk, todo: ChunkDecisions, layout: Layout) -> SplitChunk:
    quarantined = todo.quarantine_mask()
    keep = ~quarantined
    clean = _clean_rows(chunk.frame, todo, layout, keep)
    quarantine = _quarantine_rows(chunk.frame, todo, quarantined)
    clean_typed = quarantine_typed = None
    if chunk.typed is not None:
        clean_typed = _with_added(chunk.typed.loc[keep, layout.kept], len(layout.added))
        quarantine_typed = _with_added(chunk.typed.loc[quarantined], 2)
    return SplitChunk(clean, clean_typed, quarantine, quarantine_typed)


def _clean_rows(frame: pd.DataFrame, todo: ChunkDecisions, layout: Layout, keep: np.ndarray) -> pd.DataFrame:
    # Columns stay Arrow arrays: untouched ones are only filtered, edited ones get their new cells
    # with one replace_with_mask; no Python object per cell.
    kept_rows = np.flatnonzero(keep)
    position = np.full(len(frame), -1, dtype=np.int64)  # input row -> row in the cleaned chunk
    position[kept_rows] = np.arange(len(kept_rows))
    take = pa.array(kept_rows)
    columns = []
    for col in layout.kept:
        cells = _arrow(frame[col]).take(take)
        rows, values = todo.edited(col)
        target = position[rows]
        columns.append(_replace(cells, target[target >= 0], values[target >= 0]))
    added = [same_texts(len(kept_rows), "") for _ in layout.added]
    for (role, value, _), rows in todo.cells_set.items():  # quarantined rows keep their original values
        target = position[np.flatnonzero(rows & keep)]
        if len(target):
            index = layout.role_targets[role]
            if index >= len(layout.kept):
                added[index - len(layout.kept)][target] = value
            else:
                columns[index] = _replace(columns[index], target, same_texts(len(target), value))
    if layout.flags is not None:
        index = layout.flags
        if index >= len(layout.kept):
            _write_flags(added[index - len(layout.kept)], todo, position)
        else:
            cells = columns[index].to_numpy(zero_copy_only=False).astype(object)
            _write_flags(cells, todo, position)
            columns[index] = pa.array(cells, type=pa.large_string())
    columns += [pa.array(a, type=pa.large_string()) for a in added]
    return _text_frame(columns)


def _arrow(column: pd.Series) -> pa.Array:
    return arrow_column(column).cast(pa.large_string())


def _replace(cells: pa.Array, rows: np.ndarray, values: np.ndarray) -> pa.Array:
    """`cells` with cells[rows] = values (rows distinct)."""
    if not len(rows):
        return cells
    order = np.argsort(rows, kind="stable")  # replace_with_mask takes the replacements in row order
    mask = np.zeros(len(cells), dtype=bool)
    mask[rows] = True
    return pc.replace_with_mask(cells, pa.array(mask), pa.array(values[order], type=pa.large_string()))


def _text_frame(columns: list[pa.Array]) -> pd.DataFrame:
    table = pa.table({str(i): c for i, c in enumerate(columns)})
    frame = table.to_pandas(types_mapper={pa.large_string(): pd.StringDtype("pyarrow", na_value=np.nan)}.get)
    frame.columns = range(len(columns))
    return frame


def _write_flags(cells: np.ndarray, todo: ChunkDecisions, position: np.ndarray) -> None:
    """Name the rules that touched each kept row; a file cleaned before keeps its earlier flags."""
    rows = np.flatnonzero(todo.flagged_by.any() & (position >= 0))
    codes, combos = todo.flagged_by.combinations(rows)
    target = position[rows]
    for code, combo in enumerate(combos):
        chosen = target[codes == code]
        earlier = cells[chosen]
        if not any(earlier):
            cells[chosen] = ", ".join(combo)
        else:
            cells[chosen] = [", ".join(dict.fromkeys([f for f in str(e).split(", ") if f] + combo)) for e in earlier]


def _quarantine_rows(frame: pd.DataFrame, todo: ChunkDecisions, quarantined: np.ndarray) -> pd.DataFrame:
    rows = np.flatnonzero(quarantined)
    take = pa.array(rows)
    codes, combos = todo.quarantined_by.combinations(rows)
    rules = np.array([", ".join(dict.fromkeys(rule for rule, _ in combo)) for combo in combos], dtype=object)
    reasons = np.array([" | ".join(dict.fromkeys(reason for _, reason in combo)) for combo in combos], dtype=object)
    columns = [_arrow(frame[col]).take(take) for col in frame.columns]
    columns += [pa.array(rules[codes], type=pa.large_string()), pa.array(reasons[codes], type=pa.large_string())]
    return _text_frame(columns)


def _with_added(typed: pd.DataFrame, extra: int) -> pd.DataFrame:
    out = typed.copy()
    out.columns = range(out.shape[1])
    for i in range(extra):
        out[out.shape[1]] = None
    return out
