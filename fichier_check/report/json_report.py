"""The JSON report: the machine contract (schema_version 1, schema in fichier_check/schema/).

Every finding is listed, values masked unless --show-values. Bump SCHEMA_VERSION only with a
changelog entry (docs/CHANGELOG.md).
"""
from __future__ import annotations

import json
from typing import BinaryIO, Iterator

from fichier_check.findings import AuditResult, RuleOutcome
from fichier_check.report.summary import summary

SCHEMA_VERSION = 1
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def as_dict(result: AuditResult, with_findings: bool = True) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "fichier-check", "version": result.options.get("tool_version", "")},
        "input": result.input,
        "options": result.options,
        "columns": result.columns,
        "regime": result.regime,
        "summary": summary(result),
        "stats": result.stats,
        "warnings": result.warnings,
        "findings": [f.as_json() for f in result.findings()] if with_findings else None,
        "skipped_rules": [{"rule": s.rule, "reason": s.reason} for s in result.skipped],
        "outputs": result.outputs,
    }


def _finding_lines(outcome: RuleOutcome) -> Iterator[str]:
    """The JSON of each finding of one outcome: the parts shared by all its findings are encoded
    once (same keys and order as Finding.as_json)."""
    head = json.dumps({"rule": outcome.rule_id, "family": outcome.family, "severity": outcome.severity.label},
                      ensure_ascii=False)[:-1]
    middle = json.dumps({"column": outcome.column, "action": outcome.action, "message": outcome.message},
                        ensure_ascii=False)[1:-1]
    basis = json.dumps(outcome.legal_basis, ensure_ascii=False)
    encode = _ENCODER.encode  # one encoder for all findings: json.dumps builds a new one per call
    for row, value, detail in zip(outcome.rows.tolist(), outcome.values, outcome.details):
        yield (f'{head}, "row": {row}, {middle}, "value": {encode(value)}, '
               f'"legal_basis": {basis}, "detail": {encode(detail)}}}')


def render(result: AuditResult, lang: str = "fr", show_values: bool = False) -> str:
    return "".join(pieces(result))


def write(result: AuditResult, handle: BinaryIO, batch: int = 10_000) -> None:
    """Stream the report into a binary file, a batch of findings at a time (bounded memory)."""
    buffer: list[str] = []
    for piece in pieces(result):
        buffer.append(piece)
        if len(buffer) >= batch:
            handle.write("".join(buffer).encode("utf-8"))
            buffer.clear()
    handle.write("".join(buffer).encode("utf-8"))


def pieces(result: AuditResult) -> Iterator[str]:
    """One key per line and one finding per line: readable, diffable, and encoded by json's C
    encoder (an indented dump of 200,000 findings goes through the slow pure-Python encoder)."""
    document = as_dict(result, with_findings=False)
    yield "{\n"
    for key, value in document.items():
        if key == "findings":
            yield '"findings": ['
            first = True
            for outcome in result.outcomes:
                for line in _finding_lines(outcome):
                    yield ("\n" if first else ",\n") + line
                    first = False
            yield "],\n" if first else "\n],\n"
        else:
            yield f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False, default=str)}"
            yield "\n" if key == "outputs" else ",\n"
    yield "}\n"
