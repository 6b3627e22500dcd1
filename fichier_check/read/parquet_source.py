"""Read a Parquet file into chunks of text cells, as the CSV and XLSX readers do.

Used for the parts of a Parquet dataset audited on a cluster (`--engine dask`). Every column is
read as text, as a CSV file's cells are: numbers and dates as pyarrow writes them
(`12`, `2026-01-31`), booleans `true`/`false`, a null as an empty cell. A column of nested
values (lists, structs) has no such text and is refused. Rows are numbered as a spreadsheet would
show the table (header = row 1); there are no physical lines.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.errors import UserError
from fichier_check.read.csv_rows import text_frame
from fichier_check.table import Chunk, SourceFormat


class ParquetSource:
    """A Parquet file opened for reading (the `TableSource` of the CSV and XLSX readers)."""

    header_row = 1
    header_line = None

    def __init__(self, path: Path, chunk_rows: int = 50_000) -> None:
        import pyarrow.parquet as pq
        self.path, self._chunk_rows = Path(path), max(1, chunk_rows)
        try:
            self._file = pq.ParquetFile(str(path))
        except (OSError, pa.ArrowException) as error:
            raise UserError(f"not a readable Parquet file ({error})", path=path,
                            hint="check the file, or write it again") from None
        schema = self._file.schema_arrow
        nested = [field.name for field in schema if pa.types.is_nested(field.type)]
        if nested:
            raise UserError(f"column {nested[0]!r} holds nested values (lists or structs), which have no text",
                            path=path, hint="flatten it into text columns")
        self.header = list(schema.names)
        self.warnings: list[str] = []
        self.format = SourceFormat(kind="parquet", detection="Parquet: every column read as text")

    def chunks(self) -> Iterator[Chunk]:
        row = self.header_row + 1
        try:
            for batch in self._file.iter_batches(batch_size=self._chunk_rows):
                columns = [as_text(column) for column in batch.columns]
                yield Chunk(text_frame(columns), np.arange(row, row + batch.num_rows, dtype=np.int64))
                row += batch.num_rows
        except (OSError, pa.ArrowException) as error:
            raise UserError(f"cannot read the Parquet file after row {row - 1} ({error})", path=self.path,
                            hint="check the file, or write it again") from None


def as_text(column: pa.Array) -> pa.Array:
    """A column's values as text, a null as an empty string."""
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = pc.cast(column, pa.string())
    return pc.fill_null(column.cast(pa.string()), "")
