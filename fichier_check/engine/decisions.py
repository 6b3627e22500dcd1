"""What the cleaner must do to one chunk, recorded by the engine as compact arrays.

A million-row file gets millions of decisions (a blocked channel, a flag, an emptied e-mail on
most rows). They are kept until the outputs are written, so they are stored per rule as boolean
row masks (packed to one bit a row once the chunk is checked) and per column as sparse
(rows, new values) pieces, never as one Python object per row. The dict views (`edits`,
`quarantine`, `flags`, `blocked`, `set_cells`) exist for tests and small tables.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from fichier_check.table import same_texts


class _Masks:
    """Named boolean row masks, kept in first-recorded order, OR-ed when a name comes back."""

    def __init__(self, n: int) -> None:
        self.n = n
        self._masks: dict[object, np.ndarray] = {}
        self._packed = False

    def add(self, key, rows: np.ndarray) -> None:
        self._unpack()
        mask = self._masks.get(key)
        if mask is None:
            mask = self._masks[key] = np.zeros(self.n, dtype=bool)
        mask[rows] = True

    def items(self) -> list[tuple[object, np.ndarray]]:
        """The masks as booleans; packed ones are unpacked for the caller and stay packed here."""
        if self._packed:
            return [(k, np.unpackbits(m, count=self.n).astype(bool)) for k, m in self._masks.items()]
        return list(self._masks.items())

    def get(self, key) -> np.ndarray:
        mask = self._masks.get(key)
        if mask is None:
            return np.zeros(self.n, dtype=bool)
        return np.unpackbits(mask, count=self.n).astype(bool) if self._packed else mask

    def any(self) -> np.ndarray:
        out = np.zeros(self.n, dtype=bool)
        for _, mask in self.items():
            out |= mask
        return out

    def combinations(self, rows: np.ndarray) -> tuple[np.ndarray, list[list]]:
        """For each of `rows`, a code into the list of distinct key combinations (in recorded order)."""
        items = self.items()
        if not items:
            return np.zeros(len(rows), dtype=np.int64), [[]]
        keys = [key for key, _ in items]
        if len(items) > 62:  # too many to number each combination with one int64
            matrix = np.stack([mask[rows] for _, mask in items], axis=1)
            patterns, codes = np.unique(matrix, axis=0, return_inverse=True)
            return codes.reshape(-1), [[k for k, on in zip(keys, pattern) if on] for pattern in patterns]
        # each row's combination as one integer (the first key the highest bit: the order np.unique
        # gives the rows of the boolean matrix), then distinct integers, far cheaper than distinct rows
        number = np.zeros(len(rows), dtype=np.int64)
        for _, mask in items:
            number = (number << 1) | mask[rows]
        values, codes = np.unique(number, return_inverse=True)
        width = len(items)
        return codes.reshape(-1), [[k for j, k in enumerate(keys) if value >> (width - 1 - j) & 1]
                                   for value in values.tolist()]

    def pack(self) -> None:
        if not self._packed:
            self._masks = {k: np.packbits(m) for k, m in self._masks.items()}
            self._packed = True

    def _unpack(self) -> None:
        if self._packed:
            self._masks = {k: np.unpackbits(m, count=self.n).astype(bool) for k, m in self._masks.items()}
            self._packed = False


class ChunkDecisions:
    """Decisions for one chunk (row positions are local to the chunk)."""

    def __init__(self, n: int = 0) -> None:
        self.n = n
        self.quarantined_by = _Masks(n)  # (rule id, reason) -> rows moved to quarantine
        self.flagged_by = _Masks(n)  # rule id -> rows named in fichier_check_flags
        self.blocked_on = _Masks(n)  # channel -> rows that may not be used on it
        self.cells_set = _Masks(n)  # (role, value, header) -> rows whose role cell gets value
        self._edits: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {}  # column -> [(rows, values)]

    # -- recording (the engine) --
    def quarantine_rows(self, rows: np.ndarray, rule_id: str, reason: str) -> None:
        self.quarantined_by.add((rule_id, reason), rows)

    def flag_rows(self, rows: np.ndarray, rule_id: str) -> None:
        self.flagged_by.add(rule_id, rows)

    def block_rows(self, rows: np.ndarray, channels) -> None:
        for channel in sorted(channels):
            self.blocked_on.add(channel, rows)

    def set_cell(self, rows: np.ndarray, role: str, value: str, header: str | None) -> None:
        self.cells_set.add((role, value, header), rows)

    def edit(self, rows: np.ndarray, column: int, values) -> None:
        """New values for cells of one column (a later edit of a cell wins)."""
        values = same_texts(len(rows), values) if isinstance(values, str) else np.asarray(values, dtype=object)
        self._edits.setdefault(column, []).append((np.asarray(rows, dtype=np.int64), values))

    def finish(self) -> None:
        """The chunk is checked: keep the masks at one bit a row until the cleaner needs them."""
        for masks in (self.quarantined_by, self.flagged_by, self.blocked_on, self.cells_set):
            masks.pack()

    # -- reading (channel state, the cleaner, the reports) --
    def edited(self, column: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, final values) of the edited cells of a column, each row once."""
        pieces = self._edits.get(column)
        if not pieces:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
        rows = np.concatenate([r for r, _ in pieces])
        values = np.concatenate([v for _, v in pieces])
        last = len(rows) - 1 - np.unique(rows[::-1], return_index=True)[1]  # the last edit of each row
        return rows[last], values[last]

    def edited_columns(self) -> list[int]:
        return list(self._edits)

    def current(self, column: int, rows: np.ndarray, original) -> np.ndarray:
        """The cell values of `rows` after the edits so far (original values where none)."""
        out = np.asarray(original, dtype=object)[rows].copy()
        done_rows, done_values = self.edited(column)
        edit_of = np.full(self.n, -1, dtype=np.int64)  # row -> index of its edit
        edit_of[done_rows] = np.arange(len(done_rows))
        found = edit_of[rows]
        out[found >= 0] = done_values[found[found >= 0]]
        return out

    def quarantine_mask(self) -> np.ndarray:
        return self.quarantined_by.any()

    def blocked_mask(self, channel: str) -> np.ndarray:
        return self.blocked_on.get(channel)

    # -- dict views, for tests and small tables --
    @property
    def edits(self) -> dict[tuple[int, int], str]:
        out = {}
        for column in self._edits:
            rows, values = self.edited(column)
            for row, value in sorted(zip(rows.tolist(), values.tolist())):
                out[(row, column)] = value
        return out

    @property
    def quarantine(self) -> dict[int, list[tuple[str, str]]]:
        return _by_row(self.quarantined_by)

    @property
    def flags(self) -> dict[int, list[str]]:
        return _by_row(self.flagged_by)

    @property
    def blocked(self) -> dict[int, set[str]]:
        return {row: set(keys) for row, keys in _by_row(self.blocked_on).items()}

    @property
    def set_cells(self) -> dict[tuple[int, str], tuple[str, str | None]]:
        out = {}
        for (role, value, header), mask in self.cells_set.items():
            for row in np.flatnonzero(mask).tolist():
                out[(row, role)] = (value, header)
        return out


def _by_row(masks: _Masks) -> dict[int, list]:
    rows = np.flatnonzero(masks.any())
    codes, combos = masks.combinations(rows)
    return {row: list(combos[code]) for row, code in zip(rows.tolist(), codes.tolist())}


@dataclass
class Decisions:
    chunks: dict[int, ChunkDecisions] = field(default_factory=dict)
    dropped_columns: set[int] = field(default_factory=set)

    def rows_quarantined(self) -> int:
        return sum(int(c.quarantine_mask().sum()) for c in self.chunks.values())
