"""A baseline: an earlier run's findings, to say what is new and what was fixed since.

Teams adopt a checker on old data this way: the findings of today's files are recorded once
(`fichier-check check leads/ --format json --output baseline.json`, committed), and from then on
`--baseline baseline.json --fail-on-new` fails only on findings that were not there.

A finding is recognised by its fingerprint (`engine/fingerprints`: rule, column and the row's
content, never the row's number), so rows inserted above it or a sorted file do not make it new. A baseline is a
JSON report of a run that made fingerprints: the `check` command's JSON, or an audit's report made
with `--baseline` or `--format sarif|gitlab`. Files are matched by their report path; a baseline
holding a single file is matched with an audit of a single file whatever their folders (an audit's
report beside its input) when their names are the same. Files the run does not check are not
compared, nor the findings of rules the run did not apply (`--rules`, `disable:`): a pre-commit run that
checks the changed files only does not report the others as fixed.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np

from fichier_check.engine.fingerprints import hash_key
from fichier_check.engine.findings import AuditResult
from fichier_check.errors import UserError

FIXED_SHOWN = 20  # fixed fingerprints listed per (rule, column)


def key_id() -> str:
    """Which fingerprint key a run used, without telling it (a baseline made under another key
    would call every finding new)."""
    return hashlib.sha256(b"fichier-check key id\x00" + hash_key().encode()).hexdigest()[:12]


@dataclass
class BaselineFile:
    path: str
    entries: dict[tuple[str, str | None], list[str]] = field(default_factory=dict)  # (rule, column) -> fingerprints


@dataclass
class Baseline:
    source: str
    files: list[BaselineFile]

    def for_file(self, path: str, single_run: bool) -> BaselineFile | None:
        for file in self.files:
            if file.path == path:
                return file
        if single_run and len(self.files) == 1 and PurePosixPath(self.files[0].path).name == PurePosixPath(path).name:
            return self.files[0]  # an audit's report, its input named from another folder
        return None


def load_baseline(path: Path) -> Baseline:
    """Read a baseline JSON report; exit 2 naming the file when it is not one, or lacks fingerprints."""
    try:
        data = json.loads(Path(path).read_bytes())
    except FileNotFoundError:
        raise UserError("baseline not found", path=path, hint="check the --baseline path") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise UserError(f"the baseline is not JSON ({error})", path=path,
                        hint="give a report written by fichier-check with --format json") from None
    except OSError as error:
        raise UserError(f"cannot read the baseline: {error.strerror}", path=path) from None
    reports = data.get("files") if isinstance(data, dict) and "files" in data else [data]
    if not isinstance(reports, list) or not all(
            isinstance(r, dict) and isinstance(r.get("findings"), list) and isinstance(r.get("input") or {}, dict)
            and all(isinstance(e, dict) for e in r["findings"]) for r in reports):
        raise UserError("not a fichier-check JSON report", path=path,
                        hint="give a report written by fichier-check with --format json")
    used_key = (data.get("options") or {}).get("fingerprint_key") if "files" not in data else data.get("fingerprint_key")
    if used_key is not None and used_key != key_id():
        raise UserError("the baseline's fingerprints were made with another key (FICHIER_CHECK_FINGERPRINT_KEY)",
                        path=path, hint="run with the key the baseline was made with, or make the baseline again")
    files = []
    for report in reports:
        entries: dict[tuple[str, str | None], list[str]] = {}
        for entry in report.get("findings") or []:
            prints = entry.get("fingerprints")
            if prints is not None and not (isinstance(prints, list) and all(isinstance(p, str) for p in prints)):
                raise UserError("not a fichier-check JSON report (fingerprints)", path=path,
                                hint="give a report written by fichier-check with --format json")
            if prints is None:
                raise UserError("the baseline lists no fingerprints (a report of a run that made none)", path=path,
                                hint="make one with `fichier-check check FILE… --format json --output baseline.json`")
            entries.setdefault((entry.get("rule"), entry.get("column")), []).extend(prints)
        files.append(BaselineFile(str((report.get("input") or {}).get("path", "")), entries))
    return Baseline(str(path), files)


def compare(result: AuditResult, path: str, baseline: Baseline, single_run: bool) -> None:
    """Mark each finding of `result` new or not, and record what the baseline held that this run
    no longer finds (`result.baseline`)."""
    old = baseline.for_file(path, single_run)
    applied = {rule.id for rule in result.rules}
    entries = {key: prints for key, prints in (old.entries.items() if old else ()) if key[0] in applied}
    new_total = 0
    for outcome in result.outcomes:
        prints = outcome.fingerprints()
        before = set(entries.pop((outcome.rule_id, outcome.column), ()))
        outcome.new = np.array([p not in before for p in prints], dtype=bool) if prints else \
            np.ones(outcome.count, dtype=bool)
        new_total += int(outcome.new.sum())
        gone = before.difference(prints)
        if gone:
            entries[(outcome.rule_id, outcome.column)] = sorted(gone)
    fixed = [{"rule": rule, "column": column, "count": len(prints), "fingerprints": sorted(prints)[:FIXED_SHOWN]}
             for (rule, column), prints in entries.items() if prints]
    result.baseline = {"source": baseline.source, "matched_file": old.path if old else None,
                       "new": new_total, "fixed": sum(f["count"] for f in fixed), "fixed_findings": fixed}
