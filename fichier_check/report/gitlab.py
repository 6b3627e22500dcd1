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
(rule, column and the row's content, never the row's number, with an occurrence number for a row found twice), so
it is unique in the report and the same from one pipeline to the next when rows move: the
widget shows only the issues the merge request adds or fixes.

Findings a waiver accepts are listed as waived: GitLab has no notion of an accepted issue, so
they are `info` issues whose description ends with the waiver (reason, owner, expiry), the last
to be kept when the cap bites. Each file that had findings left out (beyond the cap) or an expired waiver gets
one `info` issue, `fichier-check/not-listed`, saying how many, which waivers expired (their
findings are listed again at their own severity) and where every finding is.

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
           "over": "au-delà de"},
    "en": {"unchecked": "file not checked", "not_listed": "findings of this file not listed here",
           "over": "over the cap of"},
}


def render_run(run: CheckRun, lang: str = "fr") -> str:
    return json.dumps(issues(run, lang), ensure_ascii=False, indent=1) + "\n"


def issues(run: CheckRun, lang: str = "fr") -> list[dict]:
    t = _TEXT.get(lang, _TEXT["en"])
    found = ci.groups(run)
    ordered = [_ordered(group) for group in found]
    budget = ci.quotas(found, MAX_ISSUES)
    listed: list[dict] = []
    left: dict[str, int] = {}  # path -> findings over the cap
    for group, kept, share in zip(found, ordered, budget):
        chosen = sorted(kept[:share])
        listed += [_issue(group, i, lang) for i in chosen]
        left[group.path] = left.get(group.path, 0) + len(kept) - len(chosen)
    for file in run.files:
        if file.result is None:
            listed.append(_raw_issue("fichier-check/not-checked", f"{t['unchecked']}: {safe(file.error)}",
                                     "blocker", file.path, 1, ["Bug Risk"], _digest(file.path, "not-checked")))
        elif left.get(file.path) or any(use.expired and use.matched for use in file.result.waivers):
            listed.append(_not_listed(file, left.get(file.path, 0), lang))
    return listed


def _ordered(group: ci.Group) -> list[int]:
    """The findings of a group in the order GitLab lists them: failing, then the others not
    waived, then the waived ones."""
    waived = group.outcome.waived
    order = [int(i) for i in group.by_importance()]
    if waived is None:
        return order
    return [i for i in order if waived[i] < 0] + [i for i in order if waived[i] >= 0]


def _issue(group: ci.Group, i: int, lang: str) -> dict:
    outcome = group.outcome
    where = ", ".join(p for p in (ci.column_text(outcome.column, lang), f"{ci.words(lang)['row']} {int(group.rows[i])}")
                      if p)
    own = group.fingerprint(i) or f"row {int(group.rows[i])}"  # a run that made no fingerprint: the row
    use = group.waiver(i)
    description = f"{outcome.message} ({where})" + (f" — {ci.waiver_text(use, lang)}" if use else "")
    return _raw_issue(outcome.rule_id, description, "info" if use else SEVERITIES[outcome.severity], group.path,
                      int(group.lines[i]), ["Security" if outcome.family in _SECURITY else "Bug Risk"],
                      _digest(group.path, outcome.rule_id, outcome.column or "", own))


def _not_listed(file, over: int, lang: str) -> dict:
    t, w = _TEXT.get(lang, _TEXT["en"]), ci.words(lang)
    sentences = [f"{over} {t['not_listed']} ({over} {t['over']} {MAX_ISSUES})"] if over else []
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
