"""Plain data that flows from the engine to the cleaner and the reporters.

Checks return `Hits` (vectorised masks); the engine stamps each hit with the rule's severity,
action, message and legal basis into a `RuleOutcome`. `AuditResult` is what the cleaner and every
reporter receive: they never see checks, click or YAML.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Iterator

import numpy as np
import pyarrow as pa

if TYPE_CHECKING:  # the run's store of every finding (runtime.spool), made by the engine
    from fichier_check.runtime import FindingStore


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.upper()]


ACTIONS = ("none", "tag", "block", "blank", "mask", "remove-characters", "quarantine", "drop-column")
"""What a finding does to the cleaned file:
none: report only · tag: flag the row in fichier_check_flags (and set a cell such as ERR when the
rule says so) · block: the row may not be used on the rule's channels (it stays for the others) ·
blank: empty the cell · mask: hide the offending characters in the cell · remove-characters: write
the cell without the characters the check found (a check that says which: `control_characters`) ·
quarantine: move the row to the quarantine file · drop-column: remove the column from the cleaned file."""


@dataclass
class FindingBatch:
    """Some findings of one (rule, column), columnar."""

    rows: np.ndarray  # int64 spreadsheet rows
    values: pa.Array  # display values (masked unless --show-values)
    details: pa.Array  # per-finding detail, null where there is none
    lines: pa.Array  # int64 physical line of each row in a CSV, null where the input has no lines
    fingerprints: pa.Array | None = None  # uint64 (engine/fingerprints), null where the run made none


@dataclass(frozen=True)
class Finding:
    """One finding, as the findings side file lists it (values already masked unless --show-values)."""

    rule: str
    family: str
    severity: Severity
    row: int  # spreadsheet row number (header = 1)
    column: str | None
    action: str
    message: str
    value: str
    legal_basis: str
    detail: str | None = None
    line: int | None = None  # physical line in a CSV file (a multi-line cell makes it differ from row)

    def as_json(self) -> dict:
        """The side file's record of this finding (same keys, same order)."""
        return {
            "rule": self.rule,
            "family": self.family,
            "severity": self.severity.label,
            "action": self.action,
            "column": self.column,
            "row": self.row,
            "line": self.line,
            "value": self.value,
            "detail": self.detail,
        }


@dataclass
class RuleOutcome:
    """Everything one rule found, kept columnar so a million hits stay cheap."""

    rule_id: str
    family: str
    severity: Severity
    action: str
    message: str
    legal_basis: str
    column: str | None  # header shown in reports
    column_index: int | None  # position in the input, None for row-level findings
    rows: np.ndarray  # spreadsheet row numbers, int64 (with a store: the first findings only, the examples)
    values: list[str]  # display values (masked unless --show-values), aligned with rows
    details: list[str | None]  # e.g. the sensitive term found, aligned with rows
    store: FindingStore | None = None  # every finding, on disk (an audit run); None: rows.. are all
    lines: list[int | None] | None = None  # physical line of each example row (CSV), aligned with rows
    # Set after the run (audit.review: engine/waivers, engine/baseline), aligned with the findings in order: the waiver that
    # accepts each (-1: none), whether each is new since the baseline. None: no waiver, no baseline.
    waived: np.ndarray | None = None
    new: np.ndarray | None = None
    fingerprinted: bool = False  # the run gave every finding a fingerprint (in the store)
    _fingerprints: list[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.lines is None:
            self.lines = [None] * len(self.rows)

    @property
    def waived_count(self) -> int:
        return int((self.waived >= 0).sum()) if self.waived is not None else 0

    @property
    def new_count(self) -> int | None:
        return int(self.new.sum()) if self.new is not None else None

    def failing_count(self, only_new: bool = False) -> int:
        """The findings that may fail the run: not waived, and new when `only_new` (with a baseline)."""
        counted = np.ones(self.count, dtype=bool)
        if self.waived is not None:
            counted &= self.waived < 0
        if only_new and self.new is not None:
            counted &= self.new
        return int(counted.sum())

    def fingerprints(self) -> list[str]:
        """Every finding's fingerprint, in order, made unique within this (rule, column) by an
        occurrence number (`engine/fingerprints.occurrences`); empty when the run made none."""
        if not self.fingerprinted:  # without reading the store: an ordinary audit's report never pays for this
            return []
        if self._fingerprints is None:
            from fichier_check.engine.fingerprints import as_hex, occurrences
            parts = [b.fingerprints for b in self.batches() if b.fingerprints is not None]
            made = bool(parts) and not any(p.null_count for p in parts)
            self._fingerprints = occurrences(as_hex(np.concatenate([p.to_numpy() for p in parts]))) if made else []
        return self._fingerprints

    def example_states(self, limit: int | None = None) -> list[dict]:
        """For each example (`examples`), what the reports add when the run has it: its fingerprint,
        the waiver that accepts it, whether it is new since the baseline."""
        shown = len(self.rows) if limit is None else min(limit, len(self.rows))
        prints = self.fingerprints()
        states = []
        for index in range(shown):
            state = {}
            if prints:
                state["fingerprint"] = prints[index]
            if self.waived is not None and self.waived[index] >= 0:
                state["waiver"] = int(self.waived[index])
            if self.new is not None:
                state["new"] = bool(self.new[index])
            states.append(state)
        return states

    @property
    def count(self) -> int:
        return self.store.count if self.store is not None else len(self.rows)

    @property
    def rows_affected(self) -> int:
        """Distinct rows among the findings."""
        return self.store.rows_affected if self.store is not None else len(set(np.asarray(self.rows).tolist()))

    @property
    def first_row(self) -> int | None:
        if self.store is not None:
            return self.store.first_row
        return int(np.min(self.rows)) if len(self.rows) else None

    @property
    def last_row(self) -> int | None:
        if self.store is not None:
            return self.store.last_row
        return int(np.max(self.rows)) if len(self.rows) else None

    def examples(self, limit: int | None = None) -> list[tuple[int, int | None, str, str | None]]:
        """The first findings kept in memory, (row, line, value, detail), at most `limit`."""
        shown = len(self.rows) if limit is None else min(limit, len(self.rows))
        return list(zip(np.asarray(self.rows[:shown]).tolist(), self.lines[:shown], self.values[:shown],
                        self.details[:shown]))

    def batches(self) -> Iterator[FindingBatch]:
        """Every finding, columnar, a chunk at a time."""
        if self.store is not None:
            for rows, lines, values, details, fingerprints in self.store.batches():
                yield FindingBatch(rows, values, details, lines, fingerprints)
        elif len(self.rows):
            yield FindingBatch(np.asarray(self.rows, dtype=np.int64), pa.array(self.values, type=pa.large_string()),
                               pa.array(self.details, type=pa.large_string()), pa.array(self.lines, type=pa.int64()))

    def findings(self) -> Iterator[Finding]:
        for batch in self.batches():
            for row, line, value, detail in zip(batch.rows.tolist(), batch.lines.to_pylist(), batch.values.to_pylist(),
                                                batch.details.to_pylist()):
                yield Finding(self.rule_id, self.family, self.severity, row, self.column, self.action,
                              self.message, value, self.legal_basis, detail, line)


@dataclass(frozen=True)
class SkippedRule:
    rule: str
    reason: str


@dataclass
class RuleInfo:
    """What reporters may show about a rule that ran (explanations for people, legal links)."""

    id: str
    family: str
    severity: Severity
    action: str
    channels: tuple[str, ...]
    legal_basis: str
    legal_url: str | None
    message: str
    description: str


@dataclass
class AuditResult:
    """The complete outcome of one audit, before any file is written."""

    input: dict  # path, sha256, format, encoding, delimiter, rows, columns, size
    options: dict  # as_of, channels, fail_on, rule_packs, lang, show_values
    columns: dict[str, str]  # header -> role
    outcomes: list[RuleOutcome] = field(default_factory=list)
    skipped: list[SkippedRule] = field(default_factory=list)
    rules: list[RuleInfo] = field(default_factory=list)
    rows_kept: int = 0
    rows_quarantined: int = 0
    regime: dict = field(default_factory=dict)  # e.g. {"phone": "opt-in (L223-1, from 2026-08-11)"}
    stats: dict = field(default_factory=dict)  # customer types, reachable rows per channel
    warnings: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    lists: list = field(default_factory=list)  # what each suppression-list file held (list_guard.ListSource)
    waivers: list = field(default_factory=list)  # every waiver of the config for this file (engine/waivers.WaiverUse)
    baseline: dict | None = None  # what changed since the baseline run (engine/baseline.compare)

    def count(self, severity: Severity) -> int:
        return sum(o.count for o in self.outcomes if o.severity == severity)

    def by_rule(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for o in self.outcomes:
            counts[o.rule_id] = counts.get(o.rule_id, 0) + o.count
        return counts

    def by_family(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for o in self.outcomes:
            counts[o.family] = counts.get(o.family, 0) + o.count
        return counts

    def worst(self) -> Severity | None:
        present = [o.severity for o in self.outcomes if o.count]
        return max(present) if present else None

    def findings(self) -> Iterator[Finding]:
        for outcome in self.outcomes:
            yield from outcome.findings()


@dataclass
class FileCheck:
    """One file of a check run: its result, or why it could not be checked."""

    path: str  # as the reports name it: relative to the repository root, with `/`
    result: AuditResult | None = None
    error: str | None = None  # one line (the file could not be read or the audit could not finish)
    exit_code: int = 0  # 0 pass, 1 findings fail it, 2 unreadable, 3 the audit could not finish


@dataclass
class CheckRun:
    """Everything a check run found in every file it checked: what the CI formats receive."""

    files: list[FileCheck]
    options: dict  # lang, fail_on, fail_on_new, tool_version, root, baseline, fingerprint_key
    waivers: list = field(default_factory=list)  # engine/waivers.WaiverUse, summed over the files

    def exit_code(self) -> int:
        """3 if a file's audit could not finish, else 2 if one could not be read, else 1 if one
        fails, else 0."""
        codes = {f.exit_code for f in self.files}
        return next((code for code in (3, 2, 1) if code in codes), 0)

    def results(self) -> Iterator[tuple[str, AuditResult]]:
        for file in self.files:
            if file.result is not None:
                yield file.path, file.result

    def rules(self) -> list[RuleInfo]:
        """Every rule that ran on some file, once, in the order first met."""
        seen: dict[str, RuleInfo] = {}
        for _, result in self.results():
            for rule in result.rules:
                seen.setdefault(rule.id, rule)
        return list(seen.values())
