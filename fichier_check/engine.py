"""Run the rules over the table, chunk by chunk: each check returns Hits, the engine stamps them
with the rule's severity/action/message into findings, and records compact decisions (cells to
blank or mask, rows to quarantine or tag, channels blocked) that the cleaner applies later.

Pass 1 (this module) only reads; the cleaner (clean.py) re-reads the chunks and applies the
decisions, so whole-file facts are known before a single output byte is written.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from fichier_check.checks import CHECKS
from fichier_check.checks.base import CheckContext, CheckModule, Hits
from fichier_check.columns import PHONE_ROLES, ColumnMap
from fichier_check.findings import RuleOutcome, SkippedRule
from fichier_check.mask import mask_many, mask_text
from fichier_check.rulepack import Rule
from fichier_check.spool import FindingStore
from fichier_check.table import Chunk

CONTACT_CHANNELS = ("email", "sms", "phone", "post")


@dataclass
class ActiveRule:
    rule: Rule
    module: CheckModule


@dataclass
class ChunkDecisions:
    """What the cleaner must do to one chunk (local row positions)."""

    edits: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> new value
    quarantine: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # row -> [(rule, reason)]
    flags: dict[int, list[str]] = field(default_factory=dict)  # row -> rule ids
    set_cells: dict[tuple[int, str], tuple[str, str | None]] = field(default_factory=dict)  # (row, role) -> (value, header)
    blocked: dict[int, set[str]] = field(default_factory=dict)  # row -> channels blocked


@dataclass
class Decisions:
    chunks: dict[int, ChunkDecisions] = field(default_factory=dict)
    dropped_columns: set[int] = field(default_factory=set)

    def rows_quarantined(self) -> int:
        return sum(len(c.quarantine) for c in self.chunks.values())


def plan_rules(rules: list[Rule], columns: ColumnMap, as_of: dt.date, channels: tuple[str, ...],
               lists: dict) -> tuple[list[ActiveRule], list[SkippedRule]]:
    """Which rules run: in force at `as_of`, concerning the campaign's channels, with their columns."""
    active, skipped = [], []
    for rule in rules:
        module = CHECKS[rule.check]
        current = rule.at(as_of)
        if current is None:
            skipped.append(SkippedRule(rule.id, _not_in_force(rule, as_of)))
            continue
        if not set(current.channels) & set(channels):
            skipped.append(SkippedRule(rule.id, f"the campaign does not use its channels ({', '.join(current.channels)})"))
            continue
        missing = [need for need in module.roles(current.params)
                   if not any(columns.has(role) for role in need.split("|"))]
        if missing:
            skipped.append(SkippedRule(rule.id, "no column holds the role " + " or ".join(missing[0].split("|"))))
            continue
        absent_lists = [name for name in module.lists(current.params) if name not in lists]
        if absent_lists:
            skipped.append(SkippedRule(rule.id, f"no --{absent_lists[0]} list was given"))
            continue
        active.append(ActiveRule(current, module))
    return active, skipped


def _not_in_force(rule: Rule, as_of: dt.date) -> str:
    if rule.effective_from and as_of < rule.effective_from:
        return f"not in force on {as_of}: applies from {rule.effective_from}"
    if rule.effective_until and as_of > rule.effective_until:
        return f"not in force on {as_of}: applied until {rule.effective_until}"
    return f"no regime of this rule applies on {as_of}"


@dataclass
class _Collector:
    """Accumulates one (rule, column) outcome across chunks, on disk (see spool.py)."""

    rule: Rule
    column: int | None
    label: str | None
    store: FindingStore = field(default_factory=FindingStore)


class Engine:
    """Pass 1 over the chunks. Feed it with `check_chunk`, then read `outcomes()` and `decisions`."""

    def __init__(self, active: list[ActiveRule], columns: ColumnMap, as_of: dt.date,
                 channels: tuple[str, ...], lists: dict, lang: str = "fr", show_values: bool = False) -> None:
        self.active = [a for a in active if a.module.phase == "rows"]
        self.post = [a for a in active if a.module.phase == "post"]
        self.columns, self.as_of, self.channels = columns, as_of, channels
        self.lists, self.lang, self.show_values = lists, lang, show_values
        self.decisions = Decisions()
        self._collectors: dict[tuple[str, int | None], _Collector] = {}
        self.reachable = {c: 0 for c in CONTACT_CHANNELS}
        self.customer_types = {"B2B": 0, "B2C": 0, "unknown": 0}
        self.rows = 0

    def check_chunk(self, chunk: Chunk, chunk_no: int) -> None:
        ctx = CheckContext(frame=chunk.frame, columns=self.columns, as_of=self.as_of, lists=self.lists,
                           campaign_channels=self.channels)
        todo = ChunkDecisions()
        for item in self.active:
            for hits in item.module.check(ctx, item.rule.params):
                self._record(item.rule, hits, chunk, chunk_no, ctx, todo)
        ctx.channels = channel_state(ctx, todo, self.channels)
        for item in self.post:
            for hits in item.module.check(ctx, item.rule.params):
                self._record(item.rule, hits, chunk, chunk_no, ctx, todo)
        final = channel_state(ctx, todo, self.channels)
        self._count(ctx, final, todo)
        self.decisions.chunks[chunk_no] = todo
        self.rows += ctx.n

    def _count(self, ctx: CheckContext, state: "ChannelState", todo: ChunkDecisions) -> None:
        kept = np.ones(ctx.n, dtype=bool)
        kept[list(todo.quarantine)] = False
        for channel in CONTACT_CHANNELS:
            if channel in state.usable:
                self.reachable[channel] += int((state.usable[channel] & kept).sum())
        types, counts = np.unique(ctx.customer_types(), return_counts=True)
        for t, c in zip(types.tolist(), counts.tolist()):
            self.customer_types[t] = self.customer_types.get(t, 0) + c

    def _record(self, rule: Rule, hits: Hits, chunk: Chunk, chunk_no: int, ctx: CheckContext,
                todo: ChunkDecisions) -> None:
        label = self.columns.label(hits.column) if hits.column is not None else None
        key = (rule.id, hits.column)
        collector = self._collectors.setdefault(key, _Collector(rule, hits.column, label))
        if hits.header_only:
            if chunk_no == 0:
                collector.store.append(np.array([1], dtype=np.int64), [label or ""], [hits.header_detail])
                if rule.action == "drop-column" and hits.column is not None:
                    self.decisions.dropped_columns.add(hits.column)
            return
        positions = np.flatnonzero(hits.mask)
        if not len(positions):
            return
        details = hits.details[positions] if hits.details is not None else [None] * len(positions)
        collector.store.append(chunk.row_numbers[positions], self._display(hits, positions, ctx), details)
        _apply_action(rule, hits, positions, ctx, todo, self.channels, self.decisions, self.lang)

    def _display(self, hits: Hits, positions: np.ndarray, ctx: CheckContext):
        """What the reports show of each flagged cell: masked (once per distinct value of the column
        and chunk, whichever rules flag it) unless --show-values."""
        if hits.column is None:
            return [""] * len(positions)
        if self.show_values:
            return ctx.arrow(hits.column).take(pa.array(positions))
        if hits.display is not None:
            return hits.display[positions]
        distinct = ctx.distinct(hits.column)
        role = self.columns.roles.get(hits.column)
        masked = ctx.cached(("masked", hits.column),
                            lambda: np.array(mask_many(distinct.values, role), dtype=object))
        return masked[distinct.codes[positions]]

    def outcomes(self) -> list[RuleOutcome]:
        out = []
        for collector in self._collectors.values():
            rule, store = collector.rule, collector.store
            store.close()
            out.append(RuleOutcome(
                rule_id=rule.id, family=rule.family, severity=rule.severity, action=rule.action,
                message=rule.text("message", self.lang), legal_basis=rule.legal_basis, column=collector.label,
                column_index=collector.column, rows=np.array(store.example_rows, dtype=np.int64),
                values=store.example_values, details=store.example_details, store=store))
        return [o for o in out if o.count]


def _apply_action(rule: Rule, hits: Hits, positions: np.ndarray, ctx: CheckContext, todo: ChunkDecisions,
                  channels: tuple[str, ...], decisions: Decisions, lang: str) -> None:
    """Record what the rule's action does to each flagged row (bulk dict updates: this runs for
    every finding of a million-row file)."""
    action, column, rows = rule.action, hits.column, positions.tolist()
    if action == "drop-column" and column is not None:
        decisions.dropped_columns.add(column)
        return
    if action == "quarantine":
        entry = (rule.id, rule.text("message", lang))
        for pos in rows:
            todo.quarantine.setdefault(pos, []).append(entry)
        return
    if action == "none":
        return
    _flag(todo.flags, rows, rule.id)
    if action == "blank" and column is not None:
        todo.edits.update(dict.fromkeys(((pos, column) for pos in rows), ""))
    elif action == "mask" and column is not None:
        _mask(todo, hits, rows, column, ctx)
    elif action == "block":
        blocked = set(rule.channels) & set(channels)
        for pos in rows:
            todo.blocked.setdefault(pos, set()).update(blocked)
    if rule.set_cell:
        value = (str(rule.set_cell["value"]), rule.set_cell.get("header"))
        todo.set_cells.update(dict.fromkeys(((pos, rule.set_cell["role"]) for pos in rows), value))


def _flag(flags: dict[int, list[str]], rows: list[int], rule_id: str) -> None:
    for pos in rows:
        current = flags.get(pos)
        if current is None:
            flags[pos] = [rule_id]
        elif rule_id not in current:
            current.append(rule_id)


def _mask(todo: ChunkDecisions, hits: Hits, rows: list[int], column: int, ctx: CheckContext) -> None:
    for pos in rows:
        if hits.replacement is not None:
            todo.edits[(pos, column)] = str(hits.replacement[pos])
        else:
            todo.edits[(pos, column)] = mask_text(str(todo.edits.get((pos, column), ctx.values(column).iat[pos])))


@dataclass
class ChannelState:
    """Per row, after the rules: is each campaign channel still usable, and did a rule remove or
    block a contact point of the row (only such rows can lose their last channel)."""

    usable: dict[str, np.ndarray]
    touched: np.ndarray
    quarantined: np.ndarray


def channel_state(ctx: CheckContext, todo: ChunkDecisions, channels: tuple[str, ...]) -> ChannelState:
    n = ctx.n
    blanked_cols: dict[int, np.ndarray] = {}
    touched = np.zeros(n, dtype=bool)
    for (row, col), value in todo.edits.items():
        if value == "":
            blanked_cols.setdefault(col, np.zeros(n, dtype=bool))[row] = True
            if ctx.columns.roles.get(col) in ("email", *PHONE_ROLES, "address"):
                touched[row] = True
    for row in todo.blocked:
        touched[row] = True

    def present(col: int) -> np.ndarray:
        filled = ctx.values(col).str.strip().to_numpy() != ""
        return filled & ~blanked_cols.get(col, np.zeros(n, dtype=bool))

    def any_of(cols: list[int], extra=None) -> np.ndarray:
        result = np.zeros(n, dtype=bool)
        for col in cols:
            result |= present(col) & (extra(col) if extra else True)
        return result

    contact = {
        "email": any_of(ctx.columns.columns("email")),
        "phone": any_of(ctx.columns.phone_columns()),
        "sms": any_of(ctx.columns.phone_columns(), lambda col: ctx.phones(col).mobile),
        "post": any_of(ctx.columns.columns("address")) | (any_of(ctx.columns.columns("postal_code"))
                                                        & any_of(ctx.columns.columns("city"))),
    }
    usable = {}
    for channel in channels:
        blocked = np.zeros(n, dtype=bool)
        for row, chans in todo.blocked.items():
            if channel in chans:
                blocked[row] = True
        usable[channel] = contact[channel] & ~blocked
    quarantined = np.zeros(n, dtype=bool)
    quarantined[list(todo.quarantine)] = True
    return ChannelState(usable=usable, touched=touched, quarantined=quarantined)
