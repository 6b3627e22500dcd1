"""The findings side file as CSV for a spreadsheet (`--findings csv`): UTF-8 with a byte-order
mark and `;` between fields, so Excel in a French locale opens it with the accents and the
columns right. A text that a spreadsheet would run as a formula (it begins with `=`, `+`, `-`,
`@`, TAB or CR: a masked phone number `+33 6 •• •• •• 89` does) is written with a leading
apostrophe (OWASP "CSV injection"), which the spreadsheet shows as text: `write.formulas`, as in
the cleaned CSV, always (this file is made for a spreadsheet)."""
from __future__ import annotations

from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pa_csv

from fichier_check.engine.findings import AuditResult
from fichier_check.report import findings_table
from fichier_check.write.formulas import neutralised

BOM = b"\xef\xbb\xbf"


def write(result: AuditResult, handle: BinaryIO) -> None:
    handle.write(BOM)
    options = pa_csv.WriteOptions(include_header=True, delimiter=";", quoting_style="needed")
    with pa_csv.CSVWriter(handle, findings_table.SCHEMA, write_options=options) as writer:
        for batch in findings_table.batches(result):
            writer.write_batch(_as_text(batch))


def _as_text(batch: pa.RecordBatch) -> pa.RecordBatch:
    # every text column: the file's values, its headers, and a rule pack's free texts (family)
    columns = [neutralised(column) if pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
               else column for column in batch.columns]
    return pa.record_batch(columns, schema=batch.schema)
