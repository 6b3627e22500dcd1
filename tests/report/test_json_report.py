"""The JSON report, schema_version 2: one entry per (rule, column) with its counts, its first and
last rows and capped masked examples; small however many findings there are; valid against the
schema shipped in the package."""
from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import numpy as np

from fichier_check.engine.findings import AuditResult, RuleOutcome, Severity
from fichier_check.report import json_report
from fichier_check.runtime.spool import FindingStore

SCHEMA = json.loads((Path(json_report.__file__).parents[1] / "schema" / "report.schema.json").read_text())


def stored(rule_id: str, rows, column: str | None = "E-mail", examples: int = 100, value: str = "a•••@b•••.fr",
           family: str = "consent", severity=Severity.ERROR, line_offset: int | None = None) -> RuleOutcome:
    """An outcome as the engine makes it; `line_offset`: each row's line is row + offset (None: no lines)."""
    store = FindingStore(examples)
    for part in np.array_split(np.asarray(rows, dtype=np.int64), max(1, len(rows) // 50_000)):
        part_lines = None if line_offset is None else part + line_offset
        store.append(part, [value] * len(part), [None] * len(part), part_lines)
    store.close()
    return RuleOutcome(rule_id, family, severity, "blank", f"{rule_id} message", "RGPD art. 6", column, 3,
                       np.array(store.example_rows, dtype=np.int64), store.example_values, store.example_details,
                       store=store, lines=store.example_lines)


def result(outcomes, examples: int = 100) -> AuditResult:
    return AuditResult(
        input={"path": "/d/p.csv", "name": "p.csv", "size": 10, "sha256": "ab" * 32, "format": "csv",
               "encoding": "utf-8", "delimiter": ";", "rows": 10, "columns": ["E-mail"]},
        options={"as_of": "2026-11-28", "channels": ["email", "phone"], "fail_on": "error",
                 "rule_packs": [{"name": "default", "version": "2026.11", "sha256": "cd" * 32}],
                 "examples": examples, "findings": "parquet"},
        columns={"E-mail": "email"}, outcomes=outcomes, rows_kept=7, rows_quarantined=3,
        stats={"customer_types": {"B2B": 4}, "reachable": {"email": 5, "sms": 2, "phone": 6, "post": 0}})


def report(run: AuditResult) -> dict:
    buffer = io.BytesIO()
    json_report.write(run, buffer)
    document = json.loads(buffer.getvalue())
    jsonschema.validate(document, SCHEMA)
    return document


def test_each_rule_and_column_is_one_entry_with_its_counts():
    document = report(result([stored("email-optin-missing", [4, 9, 12], line_offset=1),
                              stored("phone-invalid", [3, 4], column="Téléphone", value="01 •• 23",
                                     family="phone-quality", severity=Severity.WARNING)]))
    assert document["schema_version"] == 2
    first, second = document["findings"]
    assert first == {"rule": "email-optin-missing", "family": "consent", "severity": "error", "action": "blank",
                     "column": "E-mail", "message": "email-optin-missing message", "legal_basis": "RGPD art. 6",
                     "count": 3, "rows_affected": 3, "first_row": 4, "last_row": 12,
                     "examples": [{"row": 4, "line": 5, "value": "a•••@b•••.fr", "detail": None},
                                  {"row": 9, "line": 10, "value": "a•••@b•••.fr", "detail": None},
                                  {"row": 12, "line": 13, "value": "a•••@b•••.fr", "detail": None}]}
    assert (second["rule"], second["column"], second["count"], second["examples"][0]["line"]) == (
        "phone-invalid", "Téléphone", 2, None)


def test_the_summary_counts_by_rule_by_family_and_the_reachable_rows_per_campaign_channel():
    summary = report(result([stored("a", [2, 3]), stored("b", [5], family="consent"),
                             stored("c", [7], family="opposition", severity=Severity.WARNING)]))["summary"]
    assert summary["by_rule"] == {"a": 2, "b": 1, "c": 1}
    assert summary["by_family"] == {"consent": 3, "opposition": 1}
    assert summary["reachable"] == {"email": 5, "phone": 6}  # the campaign's channels only
    assert (summary["errors"], summary["warnings"], summary["verdict"]) == (3, 1, "fail")


def test_examples_are_capped_by_the_runs_examples_option():
    many = stored("email-invalid", list(range(2, 502)), examples=7)
    entry = report(result([many], examples=7))["findings"][0]
    assert entry["count"] == 500 and [e["row"] for e in entry["examples"]] == list(range(2, 9))
    none = report(result([stored("email-invalid", [2, 3], examples=0)], examples=0))["findings"][0]
    assert none["examples"] == [] and none["count"] == 2


def test_a_million_findings_make_a_report_of_a_few_kilobytes():
    outcomes = [stored(f"rule-{i}", np.arange(2, 250_002)) for i in range(4)]
    buffer = io.BytesIO()
    json_report.write(result(outcomes), buffer)
    assert sum(o.count for o in outcomes) == 1_000_000
    assert len(buffer.getvalue()) < 60_000


def test_every_top_level_key_and_every_entry_is_on_a_line_of_its_own():
    text = json_report.render(result([stored("a", [2]), stored("b", [3])]))
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}"
    assert sum(line.startswith('{"rule": ') for line in lines) == 2
    assert [line.split(":")[0] for line in lines if line.startswith('"')][:3] == [
        '"schema_version"', '"tool"', '"input"']


def test_no_finding_gives_an_empty_list():
    assert report(result([]))["findings"] == []
