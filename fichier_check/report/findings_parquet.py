"""The findings side file as Parquet (`--findings parquet`, the default): typed columns, zstd,
read in one line by pandas, polars or duckdb. Written in row groups of about 128,000 findings,
so memory stays bounded whatever the number of findings.

Only the columns that repeat a few values (the rule's, the column's, the detail) are dictionary
encoded, and only the rule's and the column's and the row numbers carry statistics: trying dictionaries and computing
min/max on the masked values made the 2.3 million findings of the 1M-row bench file take 1.6 s
to write and 17 MB, against 0.6 s and 12 MB (measured with pyarrow 26)."""
from __future__ import annotations

from typing import BinaryIO

import pyarrow.parquet as pq

from fichier_check.engine.findings import AuditResult
from fichier_check.report import findings_table


_REPEATED = ["rule", "family", "severity", "action", "column", "detail"]
_WITH_STATISTICS = ["rule", "family", "severity", "action", "column", "row", "line"]


def write(result: AuditResult, handle: BinaryIO) -> None:
    with pq.ParquetWriter(handle, findings_table.SCHEMA, compression="zstd", use_dictionary=_REPEATED,
                          write_statistics=_WITH_STATISTICS) as writer:
        for batch in findings_table.batches(result):
            writer.write_batch(batch)
