"""The whole-file phase: what the engine keeps of each chunk for the checks that need every row
at once (`PHASE = "file"`: the same person on several rows), and the `FileView` they read.

The rows and post phases see one chunk, and nothing of it is kept after it is checked but its
decisions (`engine/decisions`). A whole-file check's `collect` keeps its own compact state per
chunk (the engine stores it as given); the engine keeps, per chunk, only what recording a
finding later needs: the spreadsheet row and physical line numbers (as their first value when
they count up by one, as they usually do), the row hashes when fingerprints are made, and one byte
a row of the channels still usable (to count the reachable rows again once the whole-file rules
have quarantined or blocked some). `FileFacts` is this store and the `FileView` of the checks.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from fichier_check.checks.base import CheckContext, FileHits
from fichier_check.engine import fingerprints
from fichier_check.engine.channels import ChannelState
from fichier_check.engine.decisions import Decisions
from fichier_check.runtime import FindingStore
from fichier_check.table import Chunk

# Actions a whole-file rule may have: the others edit a cell or a column, gone with its chunk.
FILE_ACTIONS = ("none", "tag", "block", "quarantine")


def conclusion_order(action: str) -> int:
    """Whole-file rules conclude in this order: those that quarantine, those that block, the others
    (each sees what the earlier ones took out)."""
    return {"quarantine": 0, "block": 1}.get(action, 2)


@dataclass(frozen=True)
class _Numbers:
    """A chunk's row or line numbers, as they count up by one but for a few jumps (a blank line
    skipped, a cell on two lines): its first value, and where each jump happens and how far the
    numbers are then ahead of counting by one. A line-numbered million rows with a few thousand
    multi-line cells keep a few thousand pairs, not a million numbers."""

    start: int
    at: np.ndarray  # positions where the lead over counting by one changes (int64, increasing)
    lead: np.ndarray  # the lead from each of those positions on

    @classmethod
    def of(cls, values: np.ndarray) -> "_Numbers":
        values = np.asarray(values, dtype=np.int64)
        if not len(values):
            return cls(0, np.zeros(0, np.int64), np.zeros(0, np.int64))
        lead = values - values[0] - np.arange(len(values), dtype=np.int64)
        at = np.flatnonzero(np.diff(lead)) + 1
        return cls(int(values[0]), at, lead[at])

    def take(self, positions: np.ndarray) -> np.ndarray:
        positions = np.asarray(positions, dtype=np.int64)
        jump = np.searchsorted(self.at, positions, side="right") - 1
        lead = np.where(jump >= 0, self.lead[np.maximum(jump, 0)], 0) if len(self.at) else 0
        return positions + self.start + lead


@dataclass(frozen=True)
class _ChunkFacts:
    rows: _Numbers
    lines: _Numbers | None
    prints: np.ndarray | None  # uint64: each row's hash (engine/fingerprints), when the run makes them
    usable: np.ndarray  # uint8: bit i set = CHANNELS[i] usable after the rows and post phases


class FileFacts:
    """Per chunk, what the whole-file phase needs (see the module docstring); once the chunks are
    checked, the `checks.base.FileView` of the whole-file checks."""

    def __init__(self, channels: Sequence[str]) -> None:
        self.channels = tuple(channels)
        self._chunks: list[_ChunkFacts] = []
        self.chunk_sizes: list[int] = []
        self.decisions: Decisions | None = None
        self.actions: dict[str, tuple[str, tuple[str, ...]]] = {}  # rule id -> (action, channels) in force
        self.memo: dict = {}  # what the whole-file rules compute once for all of them (`cached`)
        self.late_blocks: dict[int, np.ndarray] = {}  # chunk -> rows a whole-file rule blocked (bool)

    def add(self, chunk: Chunk, number: int, usable: dict[str, np.ndarray], prints: np.ndarray | None) -> None:
        if number != len(self._chunks):
            raise ValueError(f"chunk {number} checked out of order")  # file indexes follow the chunks' order
        n = len(chunk.row_numbers)
        bits = np.zeros(n, dtype=np.uint8)
        for bit, channel in enumerate(self.channels):
            if channel in usable:
                bits |= usable[channel].astype(np.uint8) << bit
        lines = _Numbers.of(chunk.line_numbers) if chunk.line_numbers is not None else None
        self._chunks.append(_ChunkFacts(_Numbers.of(chunk.row_numbers), lines, prints, bits))
        self.chunk_sizes.append(n)

    def absorb(self, other: "FileFacts", row_offset: int, line_offset: int) -> None:
        """Add the chunks another store kept (a later part of the file, checked elsewhere: a Dask
        partition), their row and line numbers moved by these offsets."""
        for facts in other._chunks:
            lines = facts.lines and _Numbers(facts.lines.start + line_offset, facts.lines.at, facts.lines.lead)
            rows = _Numbers(facts.rows.start + row_offset, facts.rows.at, facts.rows.lead)
            self._chunks.append(_ChunkFacts(rows, lines, facts.prints, facts.usable))
        self.chunk_sizes.extend(other.chunk_sizes)

    @property
    def rows(self) -> int:
        return int(sum(self.chunk_sizes))

    @property
    def offsets(self) -> np.ndarray:
        """The file index of each chunk's first row, and the number of rows last."""
        return np.r_[0, np.cumsum(self.chunk_sizes, dtype=np.int64)].astype(np.int64)

    def split(self, rows: np.ndarray) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
        """(chunk number, positions in the chunk, indexes into `rows`) for sorted file indexes."""
        offsets = self.offsets
        chunk_of = np.searchsorted(offsets, rows, side="right") - 1
        for number in np.unique(chunk_of).tolist():
            selected = np.flatnonzero(chunk_of == number)
            yield number, rows[selected] - offsets[number], selected

    def row_numbers(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        out = np.zeros(len(rows), dtype=np.int64)
        order = np.argsort(rows, kind="stable")
        for number, positions, selected in self.split(rows[order]):
            out[order[selected]] = self._chunks[number].rows.take(positions)
        return out

    def record(self, hits: FileHits, store: FindingStore, rule_id: str, label: str | None
               ) -> Iterator[tuple[int, np.ndarray]]:
        """Append a whole-file rule's findings to its store, chunk by chunk, as the rows phase would
        (row and line numbers, fingerprints; no value shown: the cells are gone), and give each
        chunk's flagged positions for the engine to apply the rule's action."""
        rows = np.asarray(hits.rows, dtype=np.int64)
        order = np.argsort(rows, kind="stable")
        for number, positions, selected in self.split(rows[order]):
            picked = order[selected]
            details = (pa.nulls(len(picked), pa.large_string()) if hits.details is None
                       else hits.details.take(pa.array(picked)) if isinstance(hits.details, pa.Array)
                       else hits.details[picked])
            facts = self._chunks[number]
            lines = facts.lines.take(positions) if facts.lines is not None else None
            prints = (fingerprints.of_findings(rule_id, label, facts.prints[positions])
                      if facts.prints is not None else None)
            store.append(facts.rows.take(positions), pa.repeat(pa.scalar("", pa.large_string()), len(positions)),
                         details, lines, chunk=number, fingerprints=prints)
            if self.actions.get(rule_id, ("",))[0] == "block":
                self.late_blocks.setdefault(number, np.zeros(self.chunk_sizes[number], dtype=bool))[positions] = True
            yield number, positions

    def quarantined(self, rule_ids: Sequence[str] | None = None) -> np.ndarray:
        wanted = None if rule_ids is None else {rule: i + 1 for i, rule in enumerate(rule_ids)}
        out = np.zeros(self.rows, dtype=np.uint8)
        for number, start in self._starts():
            part = out[start:start + self.chunk_sizes[number]]
            for (rule, _), mask in self.decisions.chunks[number].quarantined_by.items():
                code = 1 if wanted is None else wanted.get(rule)
                if code is not None:
                    part[mask & ((part == 0) | (part > code))] = code
        return out

    def blocked(self, rule_ids: Sequence[str], channels: Sequence[str]) -> np.ndarray:
        out = np.zeros(self.rows, dtype=np.uint8)
        blockers = [(i + 1, rule) for i, rule in enumerate(rule_ids)
                    if self.actions.get(rule, ("", ()))[0] == "block"
                    and set(self.actions[rule][1]) & set(channels) & set(self.channels)]
        if not blockers:
            return out
        for number, start in self._starts():
            todo = self.decisions.chunks[number]
            on = np.zeros(todo.n, dtype=bool)
            for channel in channels:
                on |= todo.blocked_on.get(channel)
            part = out[start:start + todo.n]
            for code, rule in reversed(blockers):  # the first rule listed wins
                part[todo.flagged_by.get(rule) & on] = code
        return out

    def cached(self, key, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def late_contexts(self, columns, as_of, channels, vocabulary) -> Iterator[tuple[int, np.ndarray, CheckContext]]:
        """For the post rules to look again at the rows the whole-file rules blocked (one may have
        lost its last channel), once: (chunk, rows blocked, a context without cells whose
        `channels` are the chunk's as the decisions leave them now)."""
        late, self.late_blocks = self.late_blocks, {}
        for number, touched in late.items():
            todo, bits = self.decisions.chunks[number], self._chunks[number].usable
            usable = {channel: ((bits >> bit) & 1).astype(bool) & ~todo.blocked_mask(channel)
                      for bit, channel in enumerate(self.channels)}
            ctx = CheckContext(frame=pd.DataFrame(index=pd.RangeIndex(len(touched))), columns=columns, as_of=as_of,
                               campaign_channels=channels, vocabulary=vocabulary)
            ctx.channels = ChannelState(usable=usable, touched=touched, quarantined=todo.quarantine_mask())
            yield number, touched, ctx

    def release(self) -> None:
        """The whole-file rules have concluded: what was kept for them is dropped before the outputs
        are written."""
        self.memo.clear()
        self._chunks = [None] * len(self._chunks)

    def reachable(self) -> dict[str, int]:
        """Rows kept and usable on each channel, by the decisions as they are now."""
        counts = {channel: 0 for channel in self.channels}
        for number, _ in self._starts():
            todo, bits = self.decisions.chunks[number], self._chunks[number].usable
            kept = ~todo.quarantine_mask()
            for bit, channel in enumerate(self.channels):
                usable = ((bits >> bit) & 1).astype(bool) & kept & ~todo.blocked_mask(channel)
                counts[channel] += int(usable.sum())
        return counts

    def _starts(self) -> Iterator[tuple[int, int]]:
        return enumerate(self.offsets[:-1].tolist())
