"""The findings side file's rows: every finding of a run, one per row, as Arrow record batches.

The JSON report counts the findings per (rule, column); the side file lists each of them (its
spreadsheet row, its physical line in a CSV, the masked value, the detail), in the report's order
of (rule, column) entries, each entry's findings in row order. One module per file format writes
these batches (`FORMATS`: name → module, imported only when that format is asked for).
"""
from __future__ import annotations

from importlib import import_module
from typing import BinaryIO, Iterator

import pyarrow as pa

from fichier_check.engine.findings import AuditResult, RuleOutcome

SCHEMA = pa.schema([
    ("rule", pa.string()), ("family", pa.string()), ("severity", pa.string()), ("action", pa.string()),
    ("column", pa.string()), ("row", pa.int64()), ("line", pa.int64()), ("value", pa.large_string()),
    ("detail", pa.large_string()),
])
COLUMNS = tuple(SCHEMA.names)

# --findings NAME: the module that writes that format (NAME is also the file's extension)
FORMATS = {"parquet": "fichier_check.report.findings_parquet", "csv": "fichier_check.report.findings_csv",
           "jsonl": "fichier_check.report.findings_jsonl"}
CHOICES = (*FORMATS, "none")


def write(name: str, result: AuditResult, handle: BinaryIO) -> None:
    """Write every finding of `result` into `handle` in the format `name` (a key of FORMATS)."""
    import_module(FORMATS[name]).write(result, handle)


def batches(result: AuditResult, rows: int = 1 << 17) -> Iterator[pa.RecordBatch]:
    """Every finding as record batches of `SCHEMA`, gathered to about `rows` rows each (the spool
    holds a batch per chunk and per (rule, column); a file's row groups want fewer, larger ones)."""
    pending: list[pa.RecordBatch] = []
    held = 0
    for outcome in result.outcomes:
        for batch in _outcome_batches(outcome):
            pending.append(batch)
            held += batch.num_rows
            if held >= rows:
                yield _combined(pending)
                pending, held = [], 0
    if pending:
        yield _combined(pending)


def _outcome_batches(outcome: RuleOutcome) -> Iterator[pa.RecordBatch]:
    constants = {"rule": outcome.rule_id, "family": outcome.family, "severity": outcome.severity.label,
                 "action": outcome.action, "column": outcome.column}
    for part in outcome.batches():
        n = len(part.rows)
        columns = [pa.repeat(pa.scalar(constants[name], pa.string()), n) for name in COLUMNS[:5]]
        columns += [pa.array(part.rows, type=pa.int64()), part.lines.cast(pa.int64()),
                    part.values.cast(pa.large_string()), part.details.cast(pa.large_string())]
        yield pa.record_batch(columns, schema=SCHEMA)


def _combined(parts: list[pa.RecordBatch]) -> pa.RecordBatch:
    if len(parts) == 1:
        return parts[0]
    return pa.Table.from_batches(parts, schema=SCHEMA).combine_chunks().to_batches()[0]
