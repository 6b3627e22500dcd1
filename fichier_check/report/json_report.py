"""The JSON report: the machine contract (schema_version 1, schema in fichier_check/schema/).

Every finding is listed, values masked unless --show-values. Bump SCHEMA_VERSION only with a
changelog entry (docs/CHANGELOG.md).
"""
from __future__ import annotations

import io
import json
from typing import BinaryIO, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.engine.findings import AuditResult, RuleOutcome
from fichier_check.report.summary import summary
from fichier_check.table import join_texts, string_buffers, write_texts

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


def _finding_lines(outcome: RuleOutcome) -> Iterator[pa.Array]:
    """The JSON of the findings of one outcome, a batch at a time, each line preceded by ",\n".
    Same keys and order as Finding.as_json; built by Arrow kernels, not one Python call per
    finding (a million-row file has millions of findings)."""
    head = json.dumps({"rule": outcome.rule_id, "family": outcome.family, "severity": outcome.severity.label},
                      ensure_ascii=False)[:-1]
    middle = json.dumps({"column": outcome.column, "action": outcome.action, "message": outcome.message},
                        ensure_ascii=False)[1:-1]
    basis = json.dumps(outcome.legal_basis, ensure_ascii=False)
    for batch in outcome.batches():
        rows = pc.cast(pa.array(batch.rows, type=pa.int64()), pa.large_string())
        yield join_texts(",\n" + head + ', "row": ', rows, ", " + middle + ', "value": ', *_json_part(batch.values),
                         ', "legal_basis": ' + basis + ', "detail": ', *_json_part(batch.details), "}")


def _json_part(values: pa.Array) -> list:
    """`values` as JSON string literals, as parts for `join_texts`: the quotes as literals around
    the array when no value is null or needs an escape (most batches), "null" alone when all are
    null, else `_json_strings`."""
    values = values.cast(pa.large_string())
    if values.null_count == len(values):
        return ["null"]
    if not values.null_count and not _any_escape(values):
        return ['"', values, '"']
    return [_json_strings(values)]


_ESCAPED_BYTES = bytes(range(0x20)) + b'"\\'


def _any_escape(values: pa.Array) -> bool:
    """Does any string of a large-string array hold a byte that JSON escapes? One pass of
    bytes.translate over its UTF-8 data (those bytes never occur inside a multi-byte character)."""
    bounds, data = string_buffers(values)
    body = data[bounds[0]:bounds[-1]].tobytes()
    return len(body.translate(None, _ESCAPED_BYTES)) != len(body)


# What json.dumps(ensure_ascii=False) escapes; other strings are encoded by quoting them.
_NEEDS_ESCAPE = r'["\\\x00-\x1f]'


def _json_strings(values: pa.Array) -> pa.Array:
    """Each string as a JSON string literal, nulls as null (exactly what json.dumps writes)."""
    values = values.cast(pa.large_string())
    quoted = join_texts('"', values, '"')
    special = pc.fill_null(pc.match_substring_regex(values, _NEEDS_ESCAPE), False)
    if pc.any(special).as_py():
        escaped = [_ENCODER.encode(v) for v in values.filter(special).to_pylist()]
        quoted = pc.replace_with_mask(quoted, special, pa.array(escaped, type=pa.large_string()))
    return pc.fill_null(quoted, "null")


def render(result: AuditResult, lang: str = "fr", show_values: bool = False) -> str:
    buffer = io.BytesIO()
    write(result, buffer)
    return buffer.getvalue().decode("utf-8")


def write(result: AuditResult, handle: BinaryIO) -> None:
    """Stream the report into a binary file: one key per line and one finding per line (readable,
    diffable), the findings a batch at a time (bounded memory)."""
    document = as_dict(result, with_findings=False)
    handle.write(b"{\n")
    for key, value in document.items():
        if key == "findings":
            handle.write(b'"findings": [')
            first = True
            for outcome in result.outcomes:
                for lines in _finding_lines(outcome):
                    write_texts(handle, lines, skip=1 if first else 0)  # the first line has no comma
                    first = first and not len(lines)
            handle.write(b"],\n" if first else b"\n],\n")
        else:
            text = f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False, default=str)}"
            handle.write((text + ("\n" if key == "outputs" else ",\n")).encode("utf-8"))
    handle.write(b"}\n")
