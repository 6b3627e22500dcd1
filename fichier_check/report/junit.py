"""A check run as JUnit XML, the test report that GitLab (`artifacts:reports:junit`), Jenkins,
Azure Pipelines and most CI servers show as a list of tests.

`<testsuites>` holds one `<testsuite>` per file (name: its path relative to the repository
root) and, in it, one `<testcase>` per rule that ran on the file (classname: the path, name: the
rule id). A rule whose findings fail the run (at or above `--fail-on`, not waived, new under
`--fail-on-new`) is a `<failure>` (type: the rule's severity; message: how many fail and the first
rows of each column; text: the rule's message, every column's counts and the legal basis). A rule
with no finding passes; one whose findings do not fail the run (waived, below the threshold, not
new) passes too, with a `<system-out>` saying what they are. A rule the run skipped (no column for
it, a list not given…) is `<skipped>` with the reason. A file that could not be checked is a
testsuite whose one testcase is an `<error>`. Waivers are `<property>` elements of the file's
testsuite (`waiver`, or `waiver-expired`: its findings fail again). The tests, failures, errors and
skipped attributes count the testcases.

Built with xml.etree.ElementTree (it escapes the text); characters that XML 1.0 cannot hold are
left out, control characters of a column header shown as <U+…> (`terminal.safe`). No value nor
detail of a finding is written.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from fichier_check.engine.findings import AuditResult, CheckRun, FileCheck
from fichier_check.report import ci_findings as ci
from fichier_check.report.summary import THRESHOLDS
from fichier_check.report.terminal import safe

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT = {
    "fr": {"unchecked": "fichier non vérifié", "legal": "Base légale", "not_failing": "n'échouent pas",
           "threshold": "sous le seuil --fail-on", "old": "déjà dans la référence"},
    "en": {"unchecked": "file not checked", "legal": "Legal basis", "not_failing": "do not fail the run",
           "threshold": "below --fail-on", "old": "already in the baseline"},
}


def render_run(run: CheckRun, lang: str = "fr") -> str:
    found = ci.groups(run)
    suites = [_suite(file, [g for g in found if g.result is file.result], run, lang) for file in run.files]
    root = ET.Element("testsuites", {"name": "fichier-check"})
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(suite.get(key)) for suite in suites)))
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(file: FileCheck, found: list[ci.Group], run: CheckRun, lang: str) -> ET.Element:
    t = _TEXT.get(lang, _TEXT["en"])
    suite = ET.Element("testsuite", {"name": _xml(file.path)})
    if file.result is None:
        case = ET.SubElement(suite, "testcase", {"classname": _xml(file.path), "name": "fichier-check"})
        error = ET.SubElement(case, "error", {"message": _xml(f"{t['unchecked']}: {safe(file.error)}"),
                                              "type": "incomplete" if file.exit_code == 3 else "unreadable"})
        error.text = _xml(safe(file.error))
        _count(suite, tests=1, errors=1)
        return suite
    _properties(suite, file.result, lang)
    failures = skipped = 0
    for rule in file.result.rules:
        case = ET.SubElement(suite, "testcase", {"classname": _xml(file.path), "name": rule.id})
        mine = [g for g in found if g.outcome.rule_id == rule.id]
        failing = [g for g in mine if g.failing_count]
        if failing:
            failures += 1
            failure = ET.SubElement(case, "failure", {"message": _xml(_failure_message(failing, lang)),
                                                      "type": rule.severity.label})
            failure.text = _xml(_details(rule, mine, lang))
        elif mine:
            out = ET.SubElement(case, "system-out")
            out.text = _xml(f"{_why_not(mine, run.options, lang)}\n{_details(rule, mine, lang)}")
    for rule in file.result.skipped:
        case = ET.SubElement(suite, "testcase", {"classname": _xml(file.path), "name": rule.rule})
        ET.SubElement(case, "skipped", {"message": _xml(rule.reason)})
        skipped += 1
    _count(suite, tests=len(file.result.rules) + skipped, failures=failures, skipped=skipped)
    return suite


def _failure_message(failing: list[ci.Group], lang: str) -> str:
    """'3 findings fail: column E-mail rows 5, 8, 12; …' (the failing findings' first rows)."""
    w = ci.words(lang)
    total = sum(g.failing_count for g in failing)
    parts = [", ".join(p for p in (ci.column_text(g.outcome.column, lang), ci.rows_text(g, lang)) if p)
             for g in failing]
    return f"{total} {w['findings'] if total > 1 else w['finding']} {w['fail']}: " + "; ".join(parts)


def _details(rule, mine: list[ci.Group], lang: str) -> str:
    t = _TEXT.get(lang, _TEXT["en"])
    lines = [rule.message]
    for g in mine:
        where = ci.column_text(g.outcome.column, lang)
        lines.append(f"{where + ': ' if where else ''}{ci.counts_text(g, lang)}, {ci.rows_text(g, lang)}")
    if rule.legal_basis:
        lines.append(f"{t['legal']}: {rule.legal_basis}" + (f" ({rule.legal_url})" if rule.legal_url else ""))
    return "\n".join(lines)


def _why_not(mine: list[ci.Group], options: dict, lang: str) -> str:
    """Why findings do not fail the run: waived, below the threshold, or not new."""
    t, reasons = _TEXT.get(lang, _TEXT["en"]), []
    if any(g.waived_count for g in mine):
        reasons.append(ci.words(lang)["waived"])
    threshold = THRESHOLDS[options.get("fail_on") or "error"]
    if threshold is None or mine[0].outcome.severity < threshold:
        reasons.append(t["threshold"])
    elif options.get("fail_on_new") and any(g.new_count is not None and g.new_count < g.count for g in mine):
        reasons.append(t["old"])
    return f"{t['not_failing']}" + (f" ({', '.join(reasons)})" if reasons else "")


def _properties(suite: ET.Element, result: AuditResult, lang: str) -> None:
    """The waivers for this file: in force, or expired with findings that fail again."""
    uses = [use for use in result.waivers if use.matched or not use.expired]
    if not uses:
        return
    properties = ET.SubElement(suite, "properties")
    for use in uses:
        ET.SubElement(properties, "property", {"name": "waiver-expired" if use.expired else "waiver",
                                               "value": _xml(ci.waiver_text(use, lang))})


def _count(suite: ET.Element, tests: int, failures: int = 0, errors: int = 0, skipped: int = 0) -> None:
    for key, value in (("tests", tests), ("failures", failures), ("errors", errors), ("skipped", skipped)):
        suite.set(key, str(value))


def _xml(text: str | None) -> str:
    """Text XML 1.0 can hold: the characters it cannot are left out."""
    return _NOT_XML.sub("", "" if text is None else str(text))
