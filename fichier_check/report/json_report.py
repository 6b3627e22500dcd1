"""The JSON report: the machine contract (schema_version 1, schema in fichier_check/schema/).

Every finding is listed, values masked unless --show-values. Bump SCHEMA_VERSION only with a
changelog entry (docs/CHANGELOG.md).
"""
from __future__ import annotations

import json

from fichier_check.findings import AuditResult
from fichier_check.report.summary import summary

SCHEMA_VERSION = 1


def as_dict(result: AuditResult) -> dict:
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
        "findings": [f.as_json() for f in result.findings()],
        "skipped_rules": [{"rule": s.rule, "reason": s.reason} for s in result.skipped],
        "outputs": result.outputs,
    }


def render(result: AuditResult, lang: str = "fr", show_values: bool = False) -> str:
    return json.dumps(as_dict(result), ensure_ascii=False, indent=1, default=str) + "\n"
