"""A check run as a GitLab Code Quality report (`artifacts:reports:codequality`), the JSON that
the merge-request widget and the pipeline's Code Quality tab read.

A JSON array of issues, one per finding, each with the fields GitLab documents as required
("Code Quality", "Implement a custom tool", docs.gitlab.com): `description` (the rule's message,
the column and the spreadsheet row), `check_name` (the rule id), `fingerprint`, `severity` and
`location.path` (relative to the repository root) with `location.lines.begin` (the physical line
of the row in a CSV file, the row of an XLSX sheet); plus `type` and `categories` of the Code
Climate specification GitLab's format comes from (GitLab ignores them). Severity: an error rule
is `critical`, a warning `minor`, an info `info`; a file that could not be checked is a `blocker`
issue (check_name `fichier-check/not-checked`).

The fingerprint is a SHA-256 of the path, the rule, the column and the finding's own fingerprint
(rule, column and value, never the row, with an occurrence number for a value found twice), so
it is unique in the report and the same from one pipeline to the next when rows move: the
widget shows only the issues the merge request adds or fixes.

Findings a waiver accepts are not listed: GitLab has no notion of an accepted issue, and one
listed would read as a problem to fix. Each file that had findings left out (waived, or beyond
the cap) gets one `info` issue, `fichier-check/not-listed`, saying how many, which waivers
expired (their findings are listed again) and where every finding is.

The cap: at most MAX_ISSUES issues (about 4 MB), every (file, rule, column) keeping at least one
and the failing findings first (`ci_findings.quotas`). GitLab stops loading a merge-request report
over 20 MB (instance limits, "Merge request reports size limit") and its widget slows down well
before; a file with more findings than that is fixed in bulk from the cleaned file, not issue by
issue. No value nor detail of a finding is written.
"""
from __future__ import annotations

import hashlib
import json

from fichier_check.engine.findings import CheckRun, Severity
from fichier_check.report import ci_findings as ci
from fichier_check.report.terminal import safe

MAX_ISSUES = 10_000
SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "minor", Severity.INFO: "info"}
# Code Climate's categories: the sensitive-data, consent, opposition and output-safety rules protect people
# (Security), the others keep the data right (Bug Risk).
_SECURITY = {"sensitive-data", "consent", "opposition", "output-safety"}
_TEXT = {
    "fr": {"unchecked": "fichier non vérifié", "not_listed": "constats de ce fichier non listés ici",
           "waived": "acceptés par une dérogation", "over": "au-delà de"},
    "en": {"unchecked": "file not checked", "not_listed": "findings of this file not listed here",
           "waived": "accepted by a waiver", "over": "over the cap of"},
}


def render_run(run: CheckRun, lang: str = "fr") -> str:
    return json.dumps(issues(run, lang), ensure_ascii=False, indent=1) + "\n"


def issues(run: CheckRun, lang: str = "fr") -> list[dict]:
    t = _TEXT.get(lang, _TEXT["en"])
    found = ci.groups(run)
    unwaived = [_unwaived(group) for group in found]
    budget = ci.quotas(found, MAX_ISSUES, [len(kept) for kept in unwaived])
    listed: list[dict] = []
    left: dict[str, list[int]] = {}  # path -> [waived, over the cap]
    for group, kept, share in zip(found, unwaived, budget):
        chosen = sorted(kept[:share])
        listed += [_issue(group, i, lang) for i in chosen]
        counts = left.setdefault(group.path, [0, 0])
        counts[0] += group.count - len(kept)
        counts[1] += len(kept) - len(chosen)
    for file in run.files:
        if file.result is None:
            listed.append(_raw_issue("fichier-check/not-checked", f"{t['unchecked']}: {safe(file.error)}",
                                     "blocker", file.path, 1, ["Bug Risk"], _digest(file.path, "not-checked")))
        elif any(left.get(file.path, ())) or any(use.expired and use.matched for use in file.result.waivers):
            listed.append(_not_listed(file, left.get(file.path, [0, 0]), lang))
    return listed


def _unwaived(group: ci.Group) -> list[int]:
    """The findings of a group GitLab may list (not waived), the failing ones first."""
    waived = group.outcome.waived
    return [int(i) for i in group.by_importance() if waived is None or waived[i] < 0]


def _issue(group: ci.Group, i: int, lang: str) -> dict:
    outcome = group.outcome
    where = ", ".join(p for p in (ci.column_text(outcome.column, lang), f"{ci.words(lang)['row']} {int(group.rows[i])}")
                      if p)
    own = group.fingerprint(i) or f"row {int(group.rows[i])}"  # a run that made no fingerprint: the row
    return _raw_issue(outcome.rule_id, f"{outcome.message} ({where})", SEVERITIES[outcome.severity], group.path,
                      int(group.lines[i]), ["Security" if outcome.family in _SECURITY else "Bug Risk"],
                      _digest(group.path, outcome.rule_id, outcome.column or "", own))


def _not_listed(file, counts: list[int], lang: str) -> dict:
    t, w = _TEXT.get(lang, _TEXT["en"]), ci.words(lang)
    waived, over = counts
    parts = ([f"{waived} {t['waived']}"] if waived else []) + ([f"{over} {t['over']} {MAX_ISSUES}"] if over else [])
    sentences = [f"{waived + over} {t['not_listed']} ({', '.join(parts)})"] if parts else []
    sentences += [ci.waiver_text(use, lang) for use in file.result.waivers if use.expired and use.matched]
    sentences.append(w["all_in"].format(list=ci.FULL_LIST))
    return _raw_issue("fichier-check/not-listed", "; ".join(sentences), "info", file.path, 1, ["Bug Risk"],
                      _digest(file.path, "not-listed"))


def _raw_issue(check: str, description: str, severity: str, path: str, line: int, categories: list[str],
               fingerprint: str) -> dict:
    return {"type": "issue", "check_name": check, "description": description, "categories": categories,
            "severity": severity, "fingerprint": fingerprint,
            "location": {"path": path, "lines": {"begin": max(1, line)}}}


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
