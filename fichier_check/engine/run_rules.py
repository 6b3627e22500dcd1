"""Run the rules over the table, chunk by chunk: each check returns Hits, the engine stamps them
with the rule's severity/action/message into findings, and records compact decisions (cells to
blank or mask, rows to quarantine or tag, channels blocked) that the cleaner applies later.

Pass 1 (this module) only reads; the cleaner (`write/clean.py`) re-reads the chunks and applies the
decisions, so whole-file facts are known before a single output byte is written. Whole-file checks
(`PHASE = "file"`) collect a compact state per chunk and conclude in `Engine.finish_file`, once the
last chunk is checked (`engine/file_phase`).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from fichier_check.analysis.codes import Vocabulary
from fichier_check.checks import CHECKS
from fichier_check.checks.base import CheckContext, CheckModule, FileHits, Hits
from fichier_check.read.columns import DEFAULT_CHANNELS, PHONE_ROLES, ColumnMap
from fichier_check.engine import fingerprints
from fichier_check.engine.vocabulary import shipped_vocabulary
from fichier_check.engine.channels import CONTACT_CHANNELS, ChannelState, channel_state
from fichier_check.engine.decisions import ChunkDecisions, Decisions
from fichier_check.engine.file_phase import FileFacts, conclusion_order
from fichier_check.engine.findings import RuleOutcome, SkippedRule
from fichier_check.analysis.mask import mask_many, mask_phone_array, mask_text
from fichier_check.engine.rule import Rule
from fichier_check.engine.visible import visible_frame
from fichier_check.errors import UserError
from fichier_check.runtime import FindingStore
from fichier_check.table import Chunk, same_texts

@dataclass
class ActiveRule:
    rule: Rule
    module: CheckModule


def plan_rules(rules: list[Rule], columns: ColumnMap, as_of: dt.date, channels: tuple[str, ...],
               lists: dict, sector: str | None = None) -> tuple[list[ActiveRule], list[SkippedRule]]:
    """Which rules run: in force at `as_of`, concerning the campaign's channels, with their columns (and `sector`)."""
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
        if module.needs_sector and not sector:
            skipped.append(SkippedRule(rule.id, "no campaign sector was given (--sector, or campaign: sector: in the config)"))
            continue
        reason = module.skip(current.params, columns, lists) if module.skip else None
        if reason:
            skipped.append(SkippedRule(rule.id, reason))
            continue
        active.append(ActiveRule(current, module))
    return active, skipped


def _refuse_malformed(chunk: Chunk, width: int) -> None:
    position, count = next(iter(chunk.ragged.items()))
    line = int(chunk.line_numbers[position]) if chunk.line_numbers is not None else None
    raise UserError(f"line {line} has {count} fields, the header has {width}, and no rule in force "
                    "quarantines such rows (malformed-row)", line=line,
                    hint="fix the line, or keep the malformed-row rule with its quarantine action")


def _not_in_force(rule: Rule, as_of: dt.date) -> str:
    if rule.effective_from and as_of < rule.effective_from:
        return f"not in force on {as_of}: applies from {rule.effective_from}"
    if rule.effective_until and as_of > rule.effective_until:
        return f"not in force on {as_of}: applied until {rule.effective_until}"
    return f"no regime of this rule applies on {as_of}"


@dataclass
class _Collector:
    """Accumulates one (rule, column) outcome across chunks, on disk (`runtime.FindingStore`)."""

    rule: Rule
    column: int | None
    label: str | None
    store: FindingStore
    header_done: bool = False  # a finding about the header (or the file) is recorded once, the first chunk giving it


class Engine:
    """Pass 1 over the chunks. Feed it with `check_chunk`, call `finish_file()` after the last
    one, then read `outcomes()` and `decisions`."""

    def __init__(self, active: list[ActiveRule], columns: ColumnMap, as_of: dt.date,
                 channels: tuple[str, ...], lists: dict, lang: str = "fr", show_values: bool = False,
                 examples: int = 100, header_row: int = 1, header_line: int | None = 1,
                 fingerprints: bool = False, vocabulary: Vocabulary | None = None, sector: str | None = None) -> None:
        """`examples`: findings kept in memory per (rule, column) for the reports; `header_row`
        and `header_line`: the spreadsheet row of the header and its physical line in a CSV (None
        for a workbook), where findings about a column's header point; `fingerprints`: give each
        finding its fingerprint (engine/fingerprints); `vocabulary`: the packs' codes and statuses
        (the shipped ones when not given); `sector`: the campaign's (--sector)."""
        self.examples, self.header_row, self.header_line = examples, header_row, header_line
        self.fingerprints = fingerprints
        self.vocabulary = vocabulary if vocabulary is not None else shipped_vocabulary()
        self.active = [a for a in active if a.module.phase == "rows"]
        # Without a rule that takes them out, a row whose cells sit under the wrong headers would
        # reach the cleaned file: such a file is refused as it was before `malformed-row`.
        self.quarantines_malformed = any(a.module.type == "malformed_row" and a.rule.action == "quarantine"
                                         for a in active)
        self.post = [a for a in active if a.module.phase == "post"]
        # whole-file rules: those that quarantine conclude first, then those that block (the post rules
        # then look again at the rows blocked), so the others see every row taken out
        self.file = sorted((a for a in active if a.module.phase == "file"),
                           key=lambda a: conclusion_order(a.rule.action))
        self._states: list[list] = [[] for _ in self.file]
        self._facts = FileFacts([c for c in CONTACT_CHANNELS if c in channels]) if self.file else None
        self.columns, self.as_of, self.channels = columns, as_of, channels
        self.lists, self.lang, self.show_values, self.sector = lists, lang, show_values, sector
        self.decisions = Decisions()
        self._collectors: dict[tuple[str, int | None], _Collector] = {}
        self.reachable = {c: 0 for c in CONTACT_CHANNELS if c in DEFAULT_CHANNELS + tuple(channels)}  # auto_call if declared
        self.customer_types, self.rows = {"B2B": 0, "B2C": 0, "unknown": 0}, 0
        self.terms_cleared: dict[str, Counter] = {}  # rule -> context -> rows whose terms it cleared

    def check_chunk(self, chunk: Chunk, chunk_no: int, analyses: dict | None = None) -> None:
        """`analyses`: phone/e-mail analyses already made for this chunk (`runtime.with_analyses`)."""
        if chunk.ragged and not self.quarantines_malformed:
            _refuse_malformed(chunk, len(self.columns.header))
        frame, cache = visible_frame(chunk.frame, analyses or {})
        ctx = CheckContext(frame=frame, columns=self.columns, as_of=self.as_of, lists=self.lists,
                           campaign_channels=self.channels, ragged=chunk.ragged or {}, vocabulary=self.vocabulary,
                           sector=self.sector, _cache=cache)
        todo = ChunkDecisions(ctx.n)
        for item in self.active:
            for hits in item.module.check(ctx, item.rule.params):
                self._record(item.rule, hits, chunk, chunk_no, ctx, todo)
        ctx.channels = channel_state(ctx, todo, self.channels)
        for item in self.post:
            for hits in item.module.check(ctx, item.rule.params):
                self._record(item.rule, hits, chunk, chunk_no, ctx, todo)
        final = channel_state(ctx, todo, self.channels)
        self._count(ctx, final, todo)
        todo.finish()
        self.decisions.chunks[chunk_no] = todo
        self.rows += ctx.n
        if self.file:
            ctx.emptied = {column: rows[values == ""] for column in todo.edited_columns()
                           for rows, values in [todo.edited(column)]}
            for states, item in zip(self._states, self.file):
                states.append(item.module.collect(ctx, item.rule.params))
            prints = _row_hashes(ctx, np.arange(ctx.n)) if self.fingerprints else None
            self._facts.add(chunk, chunk_no, final.usable, prints)

    def finish_file(self) -> None:
        """After the last chunk: the whole-file checks conclude from every chunk's state; their
        findings are recorded and their actions applied to the chunks' decisions, as any rule's;
        the post rules look again at the rows they blocked (on a context without cells: they read
        `ctx.channels`), and the reachable rows are counted again. Runs once (later calls do nothing)."""
        if not self.file or self._facts.decisions is not None:
            return
        facts = self._facts
        facts.decisions = self.decisions
        facts.actions = {a.rule.id: (a.rule.action, a.rule.channels) for a in self.active + self.post + self.file}
        for index, item in enumerate(self.file):
            if conclusion_order(item.rule.action) == 2 and facts.late_blocks:
                self._post_again()
            found = item.module.conclude(self._states[index], facts, item.rule.params)
            self._states[index] = []  # the state is spent: freed before the next rule concludes
            for hits in found:
                self._record_file(item.rule, hits)
        self._post_again()
        for todo in self.decisions.chunks.values():
            todo.finish()  # what a whole-file rule added, packed again
        self.reachable.update(facts.reachable())
        facts.release()

    def _post_again(self) -> None:
        """The post rules look again at the rows the whole-file rules blocked: one may have lost its
        last channel. On a context without cells (a post rule reads `ctx.channels`), once."""
        facts = self._facts
        for number, blocked, ctx in facts.late_contexts(self.columns, self.as_of, self.channels, self.vocabulary):
            for item in self.post:
                for hits in item.module.check(ctx, item.rule.params):
                    mask = hits.mask & blocked
                    self._record_file(item.rule, FileHits(rows=facts.offsets[number] + np.flatnonzero(mask),
                                                          details=None if hits.details is None else hits.details[mask],
                                                          column=hits.column))

    def _record_file(self, rule: Rule, hits: FileHits) -> None:
        label = self.columns.label(hits.column) if hits.column is not None else None
        key = (rule.id, hits.column)
        if key not in self._collectors:
            self._collectors[key] = _Collector(rule, hits.column, label, FindingStore(self.examples))
        for number, positions in self._facts.record(hits, self._collectors[key].store, rule.id, label):
            _apply_action(rule, Hits(column=hits.column), positions, None, self.decisions.chunks[number],
                          self.channels, self.decisions, self.lang)

    def _count(self, ctx: CheckContext, state: ChannelState, todo: ChunkDecisions) -> None:
        kept = ~state.quarantined
        for channel in CONTACT_CHANNELS:
            if channel in state.usable:
                self.reachable[channel] += int((state.usable[channel] & kept).sum())
        for t, c in Counter(ctx.customer_types().tolist()).items():  # hashing, not np.unique's sort of objects
            self.customer_types[t] = self.customer_types.get(t, 0) + c

    def _record(self, rule: Rule, hits: Hits, chunk: Chunk, chunk_no: int, ctx: CheckContext,
                todo: ChunkDecisions) -> None:
        label = self.columns.label(hits.column) if hits.column is not None else None
        key = (rule.id, hits.column)
        collector = self._collectors.get(key)
        if collector is None:
            collector = self._collectors[key] = _Collector(rule, hits.column, label, FindingStore(self.examples))
        if hits.cleared:  # counted for the JSON report, never shown
            self.terms_cleared.setdefault(rule.id, Counter()).update(hits.cleared)
        if hits.header_only:
            if not collector.header_done:
                collector.header_done = True
                line = None if self.header_line is None else np.array([self.header_line], dtype=np.int64)
                prints = (fingerprints.of_findings(rule.id, label, fingerprints.hash_texts([label or ""]))
                          if self.fingerprints else None)
                collector.store.append(np.array([self.header_row], dtype=np.int64), [label or ""],
                                       [hits.header_detail], line, fingerprints=prints)
                if rule.action == "drop-column" and hits.column is not None:
                    self.decisions.dropped_columns.add(hits.column)
            return
        positions = np.flatnonzero(hits.mask)
        if not len(positions):
            return
        details = hits.details[positions] if hits.details is not None else pa.nulls(len(positions), pa.large_string())
        lines = chunk.line_numbers[positions] if chunk.line_numbers is not None else None
        prints = fingerprints.of_findings(rule.id, label, _row_hashes(ctx, positions)) if self.fingerprints else None
        collector.store.append(chunk.row_numbers[positions], self._display(hits, positions, ctx), details, lines,
                               chunk=chunk_no, fingerprints=prints)
        _apply_action(rule, hits, positions, ctx, todo, self.channels, self.decisions, self.lang)

    def _display(self, hits: Hits, positions: np.ndarray, ctx: CheckContext):
        """What the reports show of each flagged cell: masked (once per distinct value of the column
        and chunk, whichever rules flag it) unless --show-values."""
        if hits.column is None:
            return pa.repeat(pa.scalar("", pa.large_string()), len(positions))
        if self.show_values:  # the cell as read, hidden characters included (engine/visible)
            raw = ctx.cached(("raw-arrow", hits.column), lambda: ctx.arrow(hits.column))
            return raw.take(pa.array(positions))
        if hits.display is not None:
            return hits.display[positions]
        distinct = ctx.distinct(hits.column)
        codes = distinct.codes[positions]
        role = self.columns.roles.get(hits.column)
        if role in PHONE_ROLES:
            # every distinct number of the column masked at once from its bytes, kept as Arrow for the spool
            masked = ctx.cached(("masked-phones", hits.column), lambda: mask_phone_array(distinct.arrow))
            return masked.take(pa.array(codes))
        # masked once per distinct value of the column and chunk, and only for the values shown
        masked = ctx.cached(("masked", hits.column), lambda: same_texts(len(distinct.arrow), None))
        shown = np.zeros(len(distinct.arrow), dtype=bool)
        shown[codes] = True  # a mark per distinct value: no sort of the codes
        shown = np.flatnonzero(shown)
        missing = shown[np.equal(masked[shown], None)]
        if len(missing):
            masked[missing] = mask_many(distinct.arrow.take(pa.array(missing)).to_pylist(), role)
        return masked[codes]

    def outcomes(self) -> list[RuleOutcome]:
        self.finish_file()  # a caller that forgot it still gets the whole-file findings
        out = []
        for collector in self._collectors.values():
            rule, store = collector.rule, collector.store
            store.close()
            out.append(RuleOutcome(
                rule_id=rule.id, family=rule.family, severity=rule.severity, action=rule.action,
                message=rule.text("message", self.lang), legal_basis=rule.legal_basis, column=collector.label,
                column_index=collector.column, rows=np.array(store.example_rows, dtype=np.int64),
                values=store.example_values, details=store.example_details, store=store,
                lines=store.example_lines, fingerprinted=self.fingerprints))
        return [o for o in out if o.count]


def _row_hashes(ctx: CheckContext, positions: np.ndarray) -> np.ndarray:
    """The hash of each flagged row's cells as the checks saw them (once per chunk)."""
    hashes = ctx.cached("fingerprint-rows", lambda: fingerprints.hash_rows(
        [ctx.arrow(position) for position in range(len(ctx.columns.header))]))
    return hashes[positions]


def _apply_action(rule: Rule, hits: Hits, positions: np.ndarray, ctx: CheckContext, todo: ChunkDecisions,
                  channels: tuple[str, ...], decisions: Decisions, lang: str) -> None:
    """Record what the rule's action does to the flagged rows (whole arrays at a time: this runs
    for every finding of a million-row file)."""
    action, column = rule.action, hits.column
    if action == "drop-column" and column is not None:
        decisions.dropped_columns.add(column)
        return
    if action == "quarantine":
        todo.quarantine_rows(positions, rule.id, rule.text("message", lang))
        return
    if action == "none":
        return
    todo.flag_rows(positions, rule.id)
    if action == "blank" and column is not None:
        todo.edit(positions, column, "")
    elif action == "mask" and column is not None and hits.replacement is not None:
        emptied = todo.current(column, positions, same_texts(ctx.n, None)) == ""  # a mask never refills a blanked cell
        todo.edit(positions, column, ["" if e else str(v) for e, v in zip(emptied, hits.replacement[positions])])
    elif action == "remove-characters" and column is not None:
        # the cell as the checks saw it, without those characters (engine/visible), unless an
        # earlier rule already edited it (from that same visible cell)
        cells = same_texts(ctx.n, None)
        cells[positions] = ctx.arrow(column).take(pa.array(positions)).to_numpy(zero_copy_only=False)
        todo.edit(positions, column, todo.current(column, positions, cells))
    elif action == "mask" and column is not None:
        current = todo.current(column, positions, ctx.values(column).to_numpy(dtype=object))
        todo.edit(positions, column, [mask_text(str(v)) for v in current])
    elif action == "block":
        only = rule.channels if hits.channels is None else hits.channels  # a check may block some of them
        todo.block_rows(positions, set(rule.channels) & set(channels) & set(only))
    if rule.set_cell:
        todo.set_cell(positions, rule.set_cell["role"], str(rule.set_cell["value"]), rule.set_cell.get("header"))
