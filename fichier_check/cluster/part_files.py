"""One cleaned or quarantine part file, in the run's temporary folder: Parquet (every column text)
or CSV (written by the one-machine CSV writer, in the input part's own format)."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow as pa

from fichier_check.table import SourceFormat
from fichier_check.write.output import OutputSet
from fichier_check.write.writers import CsvWriter


class ParquetPartWriter:
    """A Parquet file of text columns, written chunk by chunk (a file with no rows keeps its columns)."""

    def __init__(self, path: Path, header: list[str]) -> None:
        import pyarrow.parquet as pq
        self._schema = pa.schema([pa.field(name, pa.string()) for name in header])
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._file = open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")
        self._writer = pq.ParquetWriter(self._file, self._schema, compression="zstd")

    def write(self, frame: pd.DataFrame) -> None:
        if len(frame):
            columns = [pa.array(frame[column], type=pa.string(), from_pandas=True) for column in frame.columns]
            self._writer.write_table(pa.Table.from_arrays(columns, schema=self._schema))

    def __enter__(self) -> "ParquetPartWriter":
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self._writer.close()
        self._file.close()


class CsvPartWriter:
    """A CSV part file, committed whole when the part is written (else nothing is left of it)."""

    def __init__(self, path: Path, fmt: SourceFormat, header: list[str], neutralise: bool) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._outputs = OutputSet()
        self._writer = CsvWriter(self._outputs, path, fmt, header, neutralise=neutralise)

    def write(self, frame: pd.DataFrame) -> None:
        self._writer.write(frame)

    def __enter__(self) -> "CsvPartWriter":
        self._outputs.__enter__()
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if error is None:
            self._outputs.commit()
        self._outputs.__exit__(kind, error, traceback)


def part_writer(path: Path, parts_format: str, fmt: SourceFormat, header: list[str], neutralise: bool):
    if parts_format == "parquet":
        return ParquetPartWriter(path, header)
    return CsvPartWriter(path, fmt, header, neutralise)
