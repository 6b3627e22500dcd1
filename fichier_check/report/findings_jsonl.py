"""The findings side file as JSON Lines (`--findings jsonl`): one JSON object per finding and per
line, the side file's columns as keys, ready to stream into jq or a log pipeline.

A million-row file can give millions of findings, so the lines are built by Arrow kernels a batch
at a time, not one Python call per finding; each line is exactly what `json.dumps` (with
`ensure_ascii=False`) writes for the finding's record (`Finding.as_json`).
"""
from __future__ import annotations

import json
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.engine.findings import AuditResult
from fichier_check.report import findings_table
from fichier_check.table import join_texts, string_buffers, write_texts

_ENCODER = json.JSONEncoder(ensure_ascii=False)


def write(result: AuditResult, handle: BinaryIO) -> None:
    for batch in findings_table.batches(result):
        write_texts(handle, _lines(batch))


def _lines(batch: pa.RecordBatch) -> pa.Array:
    parts: list = []
    for number, name in enumerate(batch.schema.names):
        parts.append(("{" if number == 0 else ", ") + json.dumps(name) + ": ")
        column = batch.column(name)
        if pa.types.is_integer(column.type):
            parts.append(pc.fill_null(pc.cast(column, pa.large_string()), "null"))
        else:
            parts.extend(_json_part(column))
    parts.append("}\n")
    return join_texts(*parts)


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
