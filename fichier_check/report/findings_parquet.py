"""The findings side file as Parquet (`--findings parquet`, the default): typed columns, zstd,
read in one line by pandas, polars or duckdb. Written in row groups of about 128,000 findings,
so memory stays bounded whatever the number of findings."""
from __future__ import annotations

from typing import BinaryIO

import pyarrow.parquet as pq

from fichier_check.engine.findings import AuditResult
from fichier_check.report import findings_table


def write(result: AuditResult, handle: BinaryIO) -> None:
    with pq.ParquetWriter(handle, findings_table.SCHEMA, compression="zstd") as writer:
        for batch in findings_table.batches(result):
            writer.write_batch(batch)
