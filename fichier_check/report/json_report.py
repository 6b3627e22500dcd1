"""The JSON report: the machine contract (schema_version 2, schema in fichier_check/schema/).

One entry per (rule, column) with its counts, first and last rows and at most `--examples` masked
examples; every finding, row by row, is in the findings side file (`report/findings_table.py`).
`lists` says what each suppression-list file held (`analysis/list_guard.ListSource`).
A million-row file's report stays well under 2 MB, unless the run made fingerprints (the `check`
command, `--baseline`, the CI formats): then each entry lists them all, 19 bytes a finding, so
that the report can be a later run's baseline. Waivers and the baseline's comparison add
`waived`/`new` counts per entry and `waivers`/`baseline` at the top. Bump SCHEMA_VERSION only with a changelog
entry (docs/CHANGELOG.md).
"""
from __future__ import annotations

import json
from typing import BinaryIO

from fichier_check.engine.findings import AuditResult, RuleOutcome
from fichier_check.report.summary import example_limit, summary

SCHEMA_VERSION = 2


def as_dict(result: AuditResult) -> dict:
    limit = example_limit(result)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "fichier-check", "version": result.options.get("tool_version", "")},
        "input": result.input,
        "options": result.options,
        "lists": [source.as_report() for source in result.lists],
        "columns": result.columns,
        "regime": result.regime,
        "summary": summary(result),
        "stats": result.stats,
        "warnings": result.warnings,
        "findings": [entry(outcome, limit) for outcome in result.outcomes],
        "skipped_rules": [{"rule": s.rule, "reason": s.reason} for s in result.skipped],
        "outputs": result.outputs,
        **({"waivers": [use.as_report() for use in result.waivers]} if result.waivers else {}),
        **({"baseline": result.baseline} if result.baseline is not None else {}),
    }


def entry(outcome: RuleOutcome, limit: int) -> dict:
    """What the report says of one (rule, column)."""
    return {
        "rule": outcome.rule_id,
        "family": outcome.family,
        "severity": outcome.severity.label,
        "action": outcome.action,
        "column": outcome.column,
        "message": outcome.message,
        "legal_basis": outcome.legal_basis,
        "count": outcome.count,
        "rows_affected": outcome.rows_affected,
        "first_row": outcome.first_row,
        "last_row": outcome.last_row,
        "examples": [{"row": row, "line": line, "value": value, "detail": detail, **state}
                     for (row, line, value, detail), state in zip(outcome.examples(limit),
                                                                  outcome.example_states(limit))],
        **({"waived": outcome.waived_count} if outcome.waived is not None else {}),
        **({"new": outcome.new_count} if outcome.new is not None else {}),
        # every finding's fingerprint (a run that made them: a check, a baseline's): what a later
        # run's --baseline compares with
        **({"fingerprints": prints} if (prints := outcome.fingerprints()) else {}),
    }


def render(result: AuditResult, lang: str = "fr", show_values: bool = False) -> str:
    """The report as text: one top-level key per line and one findings entry per line (readable,
    diffable), each compact."""
    lines = []
    for key, value in as_dict(result).items():
        if key == "findings" and value:
            value = "[\n" + ",\n".join(_compact(e) for e in value) + "\n]"
        else:
            value = _compact(value)
        lines.append(f"{json.dumps(key)}: {value}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def write(result: AuditResult, handle: BinaryIO) -> None:
    handle.write(render(result).encode("utf-8"))
