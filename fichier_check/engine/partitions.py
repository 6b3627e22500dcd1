"""An engine's work on one part of a file, as plain data, and the run's engine absorbing it.

On a cluster (`cluster/`), each part of a large file (a Dask partition) is checked by an `Engine`
of its own, on whichever machine runs it: the rows and post phases, and the whole-file rules'
`collect`. What the run needs of it crosses to the machine that drives the run as a `PartOutcome`
(its findings, its decisions per chunk, what the whole-file phase keeps per chunk, its counts);
the run's engine absorbs the parts in file order, their rows and lines moved by the rows and lines
of the parts before them, then concludes the whole-file rules as a one-machine run does
(`Engine.finish_file`). The whole-file rules' own states (the person keys, 8 bytes a row) stay
where the part was checked: the cluster groups them there (`cluster/whole_file`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from fichier_check.engine.decisions import ChunkDecisions
from fichier_check.engine.file_phase import FileFacts
from fichier_check.engine.run_rules import Engine, _Collector
from fichier_check.runtime import FindingStore, StoredFindings


@dataclass
class PartFindings:
    """One (rule, column)'s findings in a part; `header`: the finding about the column's header,
    which every part gives and the run keeps once."""

    rule_id: str
    column: int | None
    label: str | None
    header: bool
    stored: StoredFindings


@dataclass
class PartOutcome:
    """What an engine found and decided on one part (see the module docstring)."""

    rows: int
    findings: list[PartFindings]
    decisions: dict[int, ChunkDecisions]  # the part's chunk number (from 0) -> its decisions
    dropped_columns: set[int]
    reachable: dict[str, int]
    customer_types: dict[str, int]
    terms_cleared: dict[str, Counter]
    facts: FileFacts | None  # None: no whole-file rule is active
    states: list[list] = field(default_factory=list)  # per whole-file rule, per chunk: its `collect` state

    def without_states(self) -> "PartOutcome":
        """The same, without the whole-file states (what crosses to the run's driver)."""
        return replace(self, states=[])


def export(engine: Engine) -> PartOutcome:
    """The part `engine` checked (every chunk fed, `finish_file` NOT called)."""
    findings = [PartFindings(c.rule.id, c.column, c.label, c.header_done, c.store.export())
                for c in engine._collectors.values()]
    return PartOutcome(engine.rows, findings, dict(engine.decisions.chunks), set(engine.decisions.dropped_columns),
                       dict(engine.reachable), dict(engine.customer_types), dict(engine.terms_cleared),
                       engine._facts, list(engine._states))


def absorb(engine: Engine, part: PartOutcome, row_offset: int, line_offset: int) -> None:
    """Add a part to the run's `engine`, after the parts it already holds (file order): its
    chunks are numbered on from theirs, its rows and lines moved by these offsets."""
    base = len(engine.decisions.chunks)
    for number, todo in sorted(part.decisions.items()):
        engine.decisions.chunks[base + number] = todo
    engine.decisions.dropped_columns |= part.dropped_columns
    rules = {item.rule.id: item.rule for item in engine.active + engine.post + engine.file}
    for found in part.findings:
        key = (found.rule_id, found.column)
        collector = engine._collectors.get(key)
        if collector is None:
            collector = engine._collectors[key] = _Collector(rules[found.rule_id], found.column, found.label,
                                                             FindingStore(engine.examples))
        if found.header:
            if not collector.header_done:  # the header is the same in every part: its finding, once
                collector.header_done = True
                collector.store.absorb(found.stored)
            continue
        collector.store.absorb(found.stored, row_offset, line_offset)
    for rule, counts in part.terms_cleared.items():
        engine.terms_cleared.setdefault(rule, Counter()).update(counts)
    for name, count in part.reachable.items():
        engine.reachable[name] = engine.reachable.get(name, 0) + count
    for name, count in part.customer_types.items():
        engine.customer_types[name] = engine.customer_types.get(name, 0) + count
    engine.rows += part.rows
    if engine._facts is not None and part.facts is not None:
        engine._facts.absorb(part.facts, row_offset, line_offset)


def preset_states(engine: Engine, states: list[list]) -> None:
    """The whole-file rules' states, as the run's driver holds them (`cluster/whole_file`)."""
    engine._states = states


def file_view(engine: Engine) -> FileFacts:
    """The `FileView` the run's whole-file rules will read (to hand it what the cluster computed)."""
    return engine._facts
