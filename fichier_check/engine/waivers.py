"""Waivers: findings a team has looked at and accepted, for a while, with a reason.

A waiver in the config file (`waivers:`) names a rule, the files it covers (a glob), optionally a
column and either rows or finding fingerprints, and must say why (`reason`), who answers for it
(`owner`) and until when (`expires`, inclusive):

```yaml
waivers:
  - rule: phone-invalid
    file: "leads/*.csv"
    column: Téléphone
    rows: [12, "40-45"]
    reason: numéros fictifs de la démo commerciale
    owner: dpo@example.fr
    expires: 2027-03-31
```

A waived finding stays in every report, marked with its waiver, but does not fail the run. A
waiver past its date no longer applies: the findings it covered fail again, and the reports list
it as expired, with how many findings it would still cover. Waivers change the verdict, never the
cleaned file: a waived row is cleaned as any other (the law does not read waivers).

`file` is a glob matched against the file's path relative to the repository root (with `/`):
`*` and `?` stay within a folder, `**/` spans any number of folders (none included); a pattern
without `/` is matched against the file's name alone, wherever it is.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np

from fichier_check.engine.findings import AuditResult
from fichier_check.engine.yaml_lines import LineDict, LineList
from fichier_check.errors import UserError

KEYS = {"rule", "file", "column", "rows", "fingerprint", "reason", "owner", "expires"}
REQUIRED = ("rule", "file", "reason", "owner", "expires")


@dataclass(frozen=True)
class Waiver:
    rule: str
    file: str
    reason: str
    owner: str
    expires: dt.date
    column: str | None = None
    rows: tuple[tuple[int, int], ...] | None = None  # inclusive ranges of spreadsheet rows
    fingerprints: frozenset[str] | None = None
    source: str = ""  # the config file
    line: int = 0  # where the waiver starts in it

    def expired(self, today: dt.date) -> bool:
        return today > self.expires

    def covers_file(self, path: str) -> bool:
        pattern = self.file.replace("\\", "/").removeprefix("./")
        if "/" not in pattern:
            return _glob(pattern).fullmatch(PurePosixPath(path).name) is not None
        return _glob(pattern).fullmatch(path) is not None

    def as_report(self) -> dict:
        return {"rule": self.rule, "file": self.file, "column": self.column,
                "rows": [f"{a}-{b}" if a != b else a for a, b in self.rows] if self.rows else None,
                "fingerprints": sorted(self.fingerprints) if self.fingerprints else None,
                "reason": self.reason, "owner": self.owner, "expires": self.expires.isoformat(),
                "source": f"{self.source}:{self.line}"}


@dataclass
class WaiverUse:
    """One waiver as a run saw it: whether it was in force, and how many findings it covered
    (an expired waiver: how many it would have covered)."""

    waiver: Waiver
    expired: bool
    matched: int = 0

    def as_report(self) -> dict:
        return {**self.waiver.as_report(), "status": "expired" if self.expired else "active",
                "matched": self.matched}


def _glob(pattern: str) -> re.Pattern:
    """A path glob as a regular expression: `**/` any folders (or none), `*` and `?` within one
    folder, `[…]` a class, anything else literal."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and pattern.find("]", i + 2) != -1:
            end = pattern.find("]", i + 2)
            body = pattern[i + 1:end].replace("\\", "\\\\")
            out.append("[^" + body[1:] + "]" if body[:1] == "!" else "[" + body.replace("^", "\\^") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def parse_waivers(entries, path: Path) -> list[Waiver]:
    """The `waivers:` list of a config file, each entry checked: a missing reason, owner or expiry,
    an unknown key or a bad value is an error naming the file and the line."""
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise UserError("waivers: expected a list of waivers", path=path,
                        line=getattr(entries, "line", None) or None)
    return [_parse_one(entry, path, entries.line_of(i) if isinstance(entries, LineList) else None)
            for i, entry in enumerate(entries)]


def _parse_one(entry, path: Path, line: int | None) -> Waiver:
    if not isinstance(entry, dict):
        raise UserError("waiver: expected a mapping (rule, file, reason, owner, expires…)", path=path, line=line)
    line = entry.line if isinstance(entry, LineDict) else line

    def at(key: str) -> int | None:
        return entry.line_of(key) if isinstance(entry, LineDict) else line

    for key in entry:
        if key not in KEYS:
            raise UserError(f"waiver: unknown key {key!r}", path=path, line=at(key),
                            hint=f"known keys: {', '.join(sorted(KEYS))}")
    for key in REQUIRED:
        value = entry.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise UserError(f"waiver: {key!r} is missing", path=path, line=line,
                            hint="every waiver says which rule and file, why (reason), who answers for it "
                                 "(owner) and until when (expires: YYYY-MM-DD)")
    for key in ("rule", "file", "reason", "owner", "column"):
        if key in entry and entry[key] is not None and not isinstance(entry[key], str):
            raise UserError(f"waiver: {key} must be text", path=path, line=at(key))
    if "rows" in entry and "fingerprint" in entry:
        raise UserError("waiver: give rows or fingerprint, not both", path=path, line=at("fingerprint"))
    return Waiver(rule=entry["rule"].strip(), file=entry["file"].strip(), reason=entry["reason"].strip(),
                  owner=entry["owner"].strip(), expires=_date(entry["expires"], path, at("expires")),
                  column=entry.get("column"), rows=_rows(entry.get("rows"), path, at("rows")),
                  fingerprints=_fingerprints(entry.get("fingerprint"), path, at("fingerprint")),
                  source=str(path), line=line or 0)


def _date(value, path: Path, line: int | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError(f"waiver: expires {value!r} is not a date", path=path, line=line,
                        hint="write it YYYY-MM-DD, e.g. 2027-03-31") from None


def _items(value, key: str, path: Path, line: int | None, hint: str) -> list:
    """A waiver's value that is one item or a list of them; an empty list is refused (it would be
    read as no restriction, and waive everything)."""
    items = value if isinstance(value, list) else [value]
    if not items:
        raise UserError(f"waiver: {key}: the list is empty", path=path, line=line, hint=hint)
    return items


def _rows(value, path: Path, line: int | None) -> tuple[tuple[int, int], ...] | None:
    if value is None:
        return None
    items = _items(value, "rows", path, line, "give row numbers or ranges like 40-45, or leave rows out to "
                                              "waive the whole file")
    ranges = []
    for item in items:
        low, dash, high = str(item).strip().partition("-")
        try:
            low_row, high_row = int(low), int(high if dash else low)
        except ValueError:
            low_row = high_row = -1
        if isinstance(item, bool) or low_row < 2 or high_row < low_row:
            raise UserError(f"waiver: rows: {item!r} is not a row number or a range like 40-45", path=path,
                            line=line, hint="rows are the spreadsheet's row numbers the reports give (header = 1)")
        ranges.append((low_row, high_row))
    return tuple(ranges)


def _fingerprints(value, path: Path, line: int | None) -> frozenset[str] | None:
    if value is None:
        return None
    items = _items(value, "fingerprint", path, line, "copy fingerprints from a report, or leave fingerprint out")
    for item in items:
        text = str(item)
        head, dot, occurrence = text.partition(".")
        if (len(head) != 16 or any(c not in "0123456789abcdef" for c in head)
                or (dot and not (occurrence.isdigit() and int(occurrence) >= 2))):
            raise UserError(f"waiver: fingerprint {text!r} is not one the reports give", path=path, line=line,
                            hint="copy it from the report: 16 hex digits, maybe followed by .2, .3…")
    return frozenset(str(item) for item in items)


def check_rules(waivers: list[Waiver], known: set[str] | frozenset[str]) -> None:
    """A waiver naming a rule that no pack defines (those of the run, disabled rules included,
    and the shipped ones) is a typo that would waive nothing: refused. A waiver of a rule this
    run does not apply (`--rules`, `disable:`) is kept: it covers nothing today."""
    for waiver in waivers:
        if waiver.rule not in known and waiver.rule not in _shipped_rule_ids():
            raise UserError(f"waiver: no rule {waiver.rule!r} in the rule packs", path=waiver.source,
                            line=waiver.line, hint="use a rule id as `fichier-check rules check` lists them")


@functools.lru_cache(maxsize=1)
def _shipped_rule_ids() -> frozenset[str]:
    from fichier_check.engine.rulepack import load_rules
    return load_rules(["default"]).known


def needs_fingerprints(waivers: list[Waiver]) -> bool:
    return any(w.fingerprints for w in waivers)


def apply_waivers(result: AuditResult, path: str, waivers: list[Waiver], today: dt.date,
                  aliases: dict[str, str] | None = None) -> None:
    """Mark the findings of `result` (the file at report path `path`) that a waiver in force
    covers (the first that does), and record in `result.waivers` every waiver for this file.
    `aliases`: another name a rule answers to → its id (a waiver may name either)."""
    uses = [WaiverUse(w, w.expired(today)) for w in waivers if w.covers_file(path)]
    result.waivers = uses
    if not uses:
        return
    aliases = aliases or {}
    for outcome in result.outcomes:
        mine = [(index, use) for index, use in enumerate(uses)
                if aliases.get(use.waiver.rule, use.waiver.rule) == outcome.rule_id
                and _same_column(use.waiver.column, outcome.column)]
        if not mine:
            continue
        rows = np.concatenate([b.rows for b in outcome.batches()] or [np.zeros(0, np.int64)])
        prints = np.array(outcome.fingerprints(), dtype=object) if any(u.waiver.fingerprints for _, u in mine) else None
        waived = np.full(len(rows), -1, dtype=np.int32)
        # the waivers in force first: an expired one counts only what no waiver in force covers
        # (a waiver renewed under a new entry leaves its old one covering nothing)
        for index, use in sorted(mine, key=lambda item: item[1].expired):
            covered = _covered(use.waiver, rows, prints) & (waived < 0)
            use.matched += int(covered.sum())
            if not use.expired:
                waived[covered] = index
        outcome.waived = waived


def _same_column(wanted: str | None, column: str | None) -> bool:
    return wanted is None or (column is not None and wanted.strip().casefold() == column.strip().casefold())


def _covered(waiver: Waiver, rows: np.ndarray, prints: np.ndarray | None) -> np.ndarray:
    if waiver.rows:
        covered = np.zeros(len(rows), dtype=bool)
        for low, high in waiver.rows:
            covered |= (rows >= low) & (rows <= high)
        return covered
    if waiver.fingerprints:
        if prints is None or not len(prints):
            return np.zeros(len(rows), dtype=bool)
        return np.isin(prints, list(waiver.fingerprints))
    return np.ones(len(rows), dtype=bool)
