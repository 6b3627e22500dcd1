"""What the CI formats of a check run (`sarif`, `github`, `gitlab`, `junit`) share: which findings
fail the run, the findings of each (file, rule, column) as arrays, a fair cap on how many findings
a format lists, and the few words they say in the run's language.

Nothing here reads a finding's value or detail (the sensitive word a comment holds, the masked
phone): a CI format can only say the rule, the column, the row, the line, the fingerprint, the
waiver and the baseline state. So no value reaches a CI log or a code host, masked or not,
whatever `--show-values` said.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.engine.findings import AuditResult, CheckRun, RuleOutcome
from fichier_check.report.summary import THRESHOLDS
from fichier_check.report.terminal import safe

ROWS_SHOWN = 5  # rows a one-line summary of a (file, rule, column) names
FULL_LIST = "fichier-check check FILE… --format json"  # where every finding is, fingerprints included

_WORDS = {
    "fr": {"column": "colonne", "row": "ligne", "rows": "lignes", "findings": "constats", "finding": "constat",
           "fail": "en échec", "waived": "dérogés", "new": "nouveaux",
           "files": "fichiers", "failed": "en échec", "passed": "conformes", "not_checked": "non vérifiés",
           "expired": "dérogation expirée", "until": "expirée le", "waiver": "dérogation", "in_force": "jusqu'au",
           "covers": "couvre {n} {noun}", "would_cover_one": "son constat échoue à nouveau",
           "would_cover": "ses {n} constats échouent à nouveau", "left_out": "constats non listés ici",
           "cap": "au plus",
           "all_in": "tous les constats sont dans `{list}` et dans le fichier des constats d'un audit"},
    "en": {"column": "column", "row": "row", "rows": "rows", "findings": "findings", "finding": "finding",
           "fail": "failing", "waived": "waived", "new": "new",
           "files": "files", "failed": "failed", "passed": "passed", "not_checked": "not checked",
           "expired": "waiver expired", "until": "expired on", "waiver": "waiver", "in_force": "until",
           "covers": "covers {n} {noun}", "would_cover_one": "its finding fails again",
           "would_cover": "its {n} findings fail again", "left_out": "findings not listed here",
           "cap": "at most",
           "all_in": "every finding is in `{list}` and in an audit's findings side file"},
}


def words(lang: str) -> dict[str, str]:
    return _WORDS.get(lang, _WORDS["en"])


@dataclass
class Group:
    """The findings of one (file, rule, column) of a check run, in the order the run found them."""

    path: str  # the file as the reports name it (relative to the repository root, with `/`)
    result: AuditResult
    outcome: RuleOutcome
    rows: np.ndarray  # each finding's spreadsheet row (header = 1)
    lines: np.ndarray  # each finding's physical line in a CSV file; its row where the input has none (XLSX)
    failing: np.ndarray  # bool: the finding fails the run (see `failing_mask`)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def failing_count(self) -> int:
        return int(self.failing.sum())

    @property
    def waived_count(self) -> int:
        return self.outcome.waived_count

    @property
    def new_count(self) -> int | None:
        return self.outcome.new_count

    def waiver(self, index: int):
        """The waiver (engine/waivers.WaiverUse) that accepts finding `index`, or None."""
        waived = self.outcome.waived
        if waived is None or waived[index] < 0:
            return None
        return self.result.waivers[int(waived[index])]

    def new(self, index: int) -> bool | None:
        return bool(self.outcome.new[index]) if self.outcome.new is not None else None

    def fingerprint(self, index: int) -> str | None:
        prints = self.outcome.fingerprints()
        return prints[index] if prints else None

    def headline(self) -> np.ndarray:
        """The findings a one-line summary speaks of: the failing ones, or all when none fails."""
        return np.flatnonzero(self.failing) if self.failing.any() else np.arange(self.count)

    def by_importance(self) -> np.ndarray:
        """Every finding's index, the failing ones first, each part in the order found."""
        return np.concatenate([np.flatnonzero(self.failing), np.flatnonzero(~self.failing)])


def failing_mask(outcome: RuleOutcome, options: dict) -> np.ndarray:
    """Per finding: does it fail the run? At or above `--fail-on`, not waived, and new since the
    baseline under `--fail-on-new` (as `RuleOutcome.failing_count` counts them)."""
    threshold = THRESHOLDS[options.get("fail_on") or "error"]
    if threshold is None or outcome.severity < threshold:
        return np.zeros(outcome.count, dtype=bool)
    mask = np.ones(outcome.count, dtype=bool)
    if outcome.waived is not None:
        mask &= outcome.waived < 0
    if options.get("fail_on_new") and outcome.new is not None:
        mask &= outcome.new
    return mask


def groups(run: CheckRun) -> list[Group]:
    """Every (file, rule, column) of the run that has findings, in the run's order."""
    found = []
    for path, result in run.results():
        for outcome in result.outcomes:
            if not outcome.count:
                continue
            rows, lines = _positions(outcome)
            found.append(Group(path, result, outcome, rows, lines, failing_mask(outcome, run.options)))
    return found


def _positions(outcome: RuleOutcome) -> tuple[np.ndarray, np.ndarray]:
    """Every finding's row and line (the row where it has no line), read batch by batch: the
    values and details the batches also carry are never looked at."""
    rows, lines = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for batch in outcome.batches():
        batch_rows = np.asarray(batch.rows, dtype=np.int64)
        rows.append(batch_rows)
        physical = batch.lines.cast(pa.int64()) if batch.lines.type != pa.int64() else batch.lines
        lines.append(pc.coalesce(physical, pa.array(batch_rows, type=pa.int64())).to_numpy(zero_copy_only=False))
    return np.concatenate(rows), np.concatenate(lines).astype(np.int64)


def importance(group: Group) -> tuple:
    """Sort key: the groups that fail the run first, then by severity, then the run's order."""
    return (group.failing_count == 0, -int(group.outcome.severity))


def quotas(found: list[Group], budget: int, counts: list[int] | None = None) -> list[int]:
    """How many findings of each group a format lists when it lists `budget` at most (of the
    group's `counts`, its findings by default): all when they fit; else every group gets the same
    share (the largest that fits) and what remains goes to the most important groups, so that
    each (file, rule, column) keeps at least one finding while there are fewer groups than the
    budget (else the most important ones do)."""
    counts = [g.count for g in found] if counts is None else counts
    if sum(counts) <= budget:
        return counts
    order = sorted(range(len(found)), key=lambda i: importance(found[i]))
    shares = [0] * len(found)
    if sum(c > 0 for c in counts) >= budget:
        for i in [i for i in order if counts[i]][:budget]:
            shares[i] = 1
        return shares
    low, high = 1, max(counts)  # the largest equal share that fits: sum(min(count, share)) <= budget
    while low < high:
        middle = (low + high + 1) // 2
        if sum(min(c, middle) for c in counts) <= budget:
            low = middle
        else:
            high = middle - 1
    shares = [min(c, low) for c in counts]
    left = budget - sum(shares)
    for i in order:
        if left <= 0:
            break
        if counts[i] > shares[i]:
            shares[i] += 1
            left -= 1
    return shares


def listed(group: Group, share: int) -> np.ndarray:
    """The `share` findings of a group a capped format lists (the failing ones first), in row order."""
    return np.sort(group.by_importance()[:share])


def rows_text(group: Group, lang: str) -> str:
    """'rows 3, 8, 11, 16, 17…': the first rows of the headline findings."""
    chosen = group.headline()
    rows = sorted(set(int(r) for r in group.rows[chosen[:ROWS_SHOWN]]))
    more = "…" if len(chosen) > ROWS_SHOWN else ""
    w = words(lang)
    return f"{w['rows'] if len(rows) > 1 else w['row']} {', '.join(map(str, rows))}{more}"


def counts_text(group: Group, lang: str) -> str:
    """'6 findings (2 failing, 1 waived, 3 new)'."""
    w = words(lang)
    notes = []
    if group.failing_count and group.failing_count != group.count:
        notes.append(f"{group.failing_count} {w['fail']}")
    if group.waived_count:
        notes.append(f"{group.waived_count} {w['waived']}")
    if group.new_count is not None:
        notes.append(f"{group.new_count} {w['new']}")
    noun = w["findings"] if group.count > 1 else w["finding"]
    return f"{group.count} {noun}" + (f" ({', '.join(notes)})" if notes else "")


def column_text(column: str | None, lang: str) -> str:
    """'column Portable' (made printable: a header is the file's text), '' for a row-level finding."""
    return f"{words(lang)['column']} {safe(column)}" if column else ""


def waiver_text(use, lang: str) -> str:
    """One line on a waiver as the run saw it (engine/waivers.WaiverUse): which, until when, what it
    covers; an expired one, since when and what fails again."""
    w, waiver = words(lang), use.waiver
    which = f"{waiver.rule} {safe(waiver.file)}" + (f" ({w['column']} {safe(waiver.column)})" if waiver.column else "")
    if use.expired:
        again = w["would_cover_one"] if use.matched == 1 else w["would_cover"].format(n=use.matched)
        state = f"{w['expired']}: {which}, {w['until']} {waiver.expires.isoformat()}: {again}"
    else:
        covers = w["covers"].format(n=use.matched, noun=w["finding"] if use.matched == 1 else w["findings"])
        state = f"{w['waiver']}: {which}, {w['in_force']} {waiver.expires.isoformat()}, {covers}"
    return f"{state} — {safe(waiver.reason)} [{safe(waiver.owner)}]"


def expired_waivers(run: CheckRun) -> list:
    """The config's waivers that expired and would still cover findings of this run, once each
    (from the files' results when the run does not sum them up: an audit's)."""
    uses = run.waivers
    if not uses:
        totals: dict[int, object] = {}
        for _, result in run.results():
            for use in result.waivers:
                known = totals.get(id(use.waiver))
                totals[id(use.waiver)] = use if known is None else replace(known, matched=known.matched + use.matched)
        uses = list(totals.values())
    return [use for use in uses if use.expired and use.matched]


def config_path(source: str, root: str | None) -> str | None:
    """A waiver's config file relative to the repository root, with `/`; None when outside it."""
    if not source or not root:
        return None
    relative = os.path.relpath(os.path.abspath(source), root)
    return None if relative.startswith("..") else PurePosixPath(relative.replace(os.sep, "/")).as_posix()
