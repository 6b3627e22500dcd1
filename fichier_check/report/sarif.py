"""A check run as SARIF 2.1.0, the format GitHub code scanning uploads (and any SARIF viewer reads).

One run; `tool.driver.rules` holds every rule that ran, with its message, its explanation and its
legal basis (`help`, `helpUri`: the legal text); each result is one finding: the rule, its level
(error, warning, note), the rule's message with the column and the spreadsheet row, the file
relative to the repository root (`%SRCROOT%`), the physical line of the row (`region.startLine`:
a CSV's line, the row of an XLSX sheet) and the finding's fingerprint in `partialFingerprints`
(rule, column and the row's content, never the row's number: a finding keeps its identity when rows move, so code
scanning keeps one alert for it across pushes). A finding a waiver accepts carries an accepted
external `suppression` with the waiver's reason, and the level `note` (its severity stays in
`properties.severity`): code scanning has been reported not to honour `suppressions`
(github/codeql-action#1230), and an open alert at the rule's level would fail its pull-request
check for an error, while a waived finding must not fail the CI. With a baseline, `baselineState` says new or
unchanged. A file that could not be checked, an expired waiver and the findings left out are
`toolExecutionNotifications` of the invocation.

No value and no detail of a finding is written (the detail of some rules is the sensitive word a
comment holds): a result says where to look, the cleaned file and the findings side file say what.

GitHub's limits ("SARIF support for code scanning", docs.github.com): at most 25,000 results per
run (more and the upload is rejected), of which only 5,000 are shown, and 10 MB for the gzipped
file. So at most MAX_RESULTS results are written, every (file, rule, column) keeping at least one
(`ci_findings.quotas`) and the failing findings first; how many were left out is said in a
notification and in `run.properties`, with where every finding is.
"""
from __future__ import annotations

import json
import os
from urllib.parse import quote

from fichier_check.engine.findings import CheckRun, RuleInfo, Severity
from fichier_check.report import ci_findings as ci
from fichier_check.report.terminal import safe

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/fichier-check/"
FINGERPRINT = "fichierCheck/v1"  # the partialFingerprints key: engine/fingerprints' version 1
MAX_RESULTS = 5000  # what code scanning shows of a run (it rejects a run of more than 25,000)
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_TEXT = {
    "fr": {"legal": "Base légale", "unchecked": "fichier non vérifié"},
    "en": {"legal": "Legal basis", "unchecked": "file not checked"},
}


def render_run(run: CheckRun, lang: str = "fr") -> str:
    return json.dumps(as_sarif(run, lang), ensure_ascii=False, indent=1) + "\n"


def as_sarif(run: CheckRun, lang: str = "fr") -> dict:
    rules = _rules(run)
    index = {rule.id: position for position, rule in enumerate(rules)}
    found = ci.groups(run)
    shares = ci.quotas(found, MAX_RESULTS)
    root = run.options.get("root")
    results = [_result(group, int(i), index[group.outcome.rule_id], lang, root)
               for group, share in zip(found, shares) for i in ci.listed(group, share)]
    left_out = sum(g.count for g in found) - len(results)
    notifications = _notifications(run, left_out, lang)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "fichier-check", "version": str(run.options.get("tool_version") or ""),
                                "informationUri": INFORMATION_URI,
                                "rules": [_descriptor(rule, lang) for rule in rules]}},
            "invocations": [{"executionSuccessful": all(f.result is not None for f in run.files),
                             "exitCode": run.exit_code(),
                             **({"toolExecutionNotifications": notifications} if notifications else {})}],
            "results": results,
            "properties": {"fichierCheck": _summary(run, found, len(results), left_out)},
        }],
    }


def _rules(run: CheckRun) -> list[RuleInfo]:
    """Every rule that ran, then any rule a finding names that the run did not describe."""
    rules = run.rules()
    known = {rule.id for rule in rules}
    for _, result in run.results():
        for o in result.outcomes:
            if o.rule_id not in known:
                known.add(o.rule_id)
                rules.append(RuleInfo(o.rule_id, o.family, o.severity, o.action, (), o.legal_basis, None,
                                      o.message, ""))
    return rules


def _descriptor(rule: RuleInfo, lang: str) -> dict:
    t = _TEXT.get(lang, _TEXT["en"])
    legal = f"{t['legal']}: {rule.legal_basis}" if rule.legal_basis else ""
    text = "\n\n".join(part for part in (rule.message, rule.description, legal, rule.legal_url or "") if part)
    markdown = "\n\n".join(part for part in (
        f"**{rule.message}**", rule.description,
        f"*{t['legal']}*: {rule.legal_basis}" + (f" ([{rule.legal_url}]({rule.legal_url}))" if rule.legal_url else "")
        if rule.legal_basis else "") if part)
    descriptor = {
        "id": rule.id,
        "shortDescription": {"text": rule.message},
        "fullDescription": {"text": rule.description or rule.message},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"family": rule.family, "legal_basis": rule.legal_basis, "action": rule.action,
                       "channels": list(rule.channels), "severity": rule.severity.label,
                       "tags": ["fichier-check", rule.family]},
    }
    if rule.legal_url:
        descriptor["helpUri"] = rule.legal_url
    return descriptor


def _result(group: ci.Group, i: int, rule_index: int, lang: str, root: str | None) -> dict:
    outcome, row, use = group.outcome, int(group.rows[i]), group.waiver(i)
    where = ", ".join(part for part in (ci.column_text(outcome.column, lang), f"{ci.words(lang)['row']} {row}") if part)
    result = {
        "ruleId": outcome.rule_id,
        "ruleIndex": rule_index,
        "level": "note" if use is not None else LEVELS[outcome.severity],
        "message": {"text": f"{outcome.message} ({where})"},
        "locations": [_location(group.path, int(group.lines[i]))],
    }
    fingerprint = group.fingerprint(i)
    if fingerprint:
        result["partialFingerprints"] = {FINGERPRINT: fingerprint}
    new = group.new(i)
    if new is not None:
        result["baselineState"] = "new" if new else "unchanged"
    if use is not None:
        waiver = use.waiver
        config = ci.config_path(waiver.source, root) or os.path.basename(waiver.source)
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": waiver.reason,
                                   "properties": {"owner": waiver.owner, "expires": waiver.expires.isoformat(),
                                                  "source": f"{config}:{waiver.line}"}}]
    result["properties"] = {"row": row, "column": outcome.column, "severity": outcome.severity.label,
                            "fails": bool(group.failing[i])}
    return result


def _location(path: str, line: int | None = None) -> dict:
    """A file of the run: relative to the repository root (%SRCROOT%), or an absolute file URI
    when it lies outside the root; percent-encoded, as a URI reference must be."""
    if os.path.isabs(path):
        artifact = {"uri": "file://" + quote(path.replace(os.sep, "/"), safe="/")}
    else:
        artifact = {"uri": quote(path, safe="/"), "uriBaseId": "%SRCROOT%"}
    physical = {"artifactLocation": artifact}
    if line is not None:
        physical["region"] = {"startLine": max(1, line)}
    return {"physicalLocation": physical}


def _notifications(run: CheckRun, left_out: int, lang: str) -> list[dict]:
    t, w = _TEXT.get(lang, _TEXT["en"]), ci.words(lang)
    notes = [{"level": "error", "message": {"text": f"{t['unchecked']}: {safe(f.error or f.path)}"},
              "locations": [_location(f.path)]} for f in run.files if f.result is None]
    for use in ci.expired_waivers(run):
        note = {"level": "warning", "message": {"text": ci.waiver_text(use, lang)}}
        config = ci.config_path(use.waiver.source, run.options.get("root"))
        if config:
            note["locations"] = [_location(config, use.waiver.line or None)]
        notes.append(note)
    if left_out:
        text = f"{left_out} {w['left_out']} ({w['cap']} {MAX_RESULTS}); {w['all_in'].format(list=ci.FULL_LIST)}"
        notes.append({"level": "note", "message": {"text": text}})
    return notes


def _summary(run: CheckRun, found: list[ci.Group], listed: int, left_out: int) -> dict:
    files = run.files
    summary = {
        "exitCode": run.exit_code(), "failOn": run.options.get("fail_on"),
        "failOnNew": bool(run.options.get("fail_on_new")), "files": len(files),
        "filesFailed": sum(f.exit_code == 1 for f in files), "filesNotChecked": sum(f.result is None for f in files),
        "findings": sum(g.count for g in found), "failing": sum(g.failing_count for g in found),
        "waived": sum(g.waived_count for g in found), "resultsListed": listed, "resultsLeftOut": left_out,
        "resultsCap": MAX_RESULTS,
    }
    baselines = [r.baseline for _, r in run.results() if r.baseline]
    if run.options.get("baseline"):
        summary["baseline"] = {"source": str(run.options["baseline"]), "new": sum(b["new"] for b in baselines),
                               "fixed": sum(b["fixed"] for b in baselines)}
    return summary
