"""A CSV file is parsed once per run (`runtime.parsed_once`): the second pass replays the chunks of
the first, exactly, and reads the file again whenever the first pass could not be kept."""
from __future__ import annotations

import tempfile

import numpy as np
import pandas as pd
import pytest

from fichier_check.read import source as read_source
from fichier_check.read.csv_source import CsvSource
from fichier_check.runtime import parsed_once
from fichier_check.table import LoadOptions


def open_table(path, options):
    """The source as a run sees it."""
    return parsed_once(read_source.open_table(path, options))

FILES = {
    "regular": b"Nom;Tel\r\nDupont;06 12 34 56 78\r\n\"Du\"\"rand\";\"a\r\nb\"\r\n\xc3\xa9;\r\nx;y\r\n",
    "ragged (exact reader)": b"Nom;Tel\nDupont;06\nDurand\nMartin;07;;\n\nx;y\n",
}


def _passes(path, monkeypatch=None):
    source = open_table(path, LoadOptions(chunk_rows=2))
    return source, list(source.chunks())


def _same(chunks, others):
    assert len(chunks) == len(others) > 0
    for one, other in zip(chunks, others):
        pd.testing.assert_frame_equal(one.frame, other.frame)
        np.testing.assert_array_equal(one.row_numbers, other.row_numbers)
        assert one.row_numbers.dtype == np.int64 and one.typed is None


@pytest.mark.parametrize("name", FILES)
def test_the_second_pass_replays_the_first_without_parsing_the_file_again(tmp_path, monkeypatch, name):
    path = tmp_path / "p.csv"
    path.write_bytes(FILES[name])
    source, first = _passes(path)
    warnings = list(source.warnings)
    parse = CsvSource.chunks
    monkeypatch.setattr(CsvSource, "chunks", lambda self: pytest.fail("the file was parsed again"))
    _same(list(source.chunks()), first)
    assert source.warnings == warnings
    assert source._replay._file is None  # replayed once: the temporary file is closed at once
    monkeypatch.setattr(CsvSource, "chunks", parse)
    _same(list(source.chunks()), first)  # a third pass parses the file again


def test_a_pass_stopped_before_the_end_is_not_replayed(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(FILES["regular"])
    source = open_table(path, LoadOptions(chunk_rows=2))
    next(iter(source.chunks()))  # e.g. a command that only looks at the first rows
    whole = list(source.chunks())
    assert sum(len(c.frame) for c in whole) == 4
    _same(list(source.chunks()), whole)


def _refusing(*args, **kwargs):
    raise OSError(28, "No space left on device")


def test_a_temporary_folder_without_room_means_reading_the_file_again(tmp_path, monkeypatch):
    path = tmp_path / "p.csv"
    path.write_bytes(FILES["regular"])
    monkeypatch.setattr(tempfile, "TemporaryFile", _refusing)
    source, first = _passes(path)
    _same(list(source.chunks()), first)


def test_a_write_failing_half_way_means_reading_the_file_again(tmp_path, monkeypatch):
    import pyarrow as pa

    path = tmp_path / "p.csv"
    path.write_bytes(FILES["regular"])
    written = []
    real = pa.ipc.RecordBatchStreamWriter.write_table

    def fills_up(self, table, *args):
        if written:
            raise OSError(28, "No space left on device")
        written.append(table)
        return real(self, table, *args)

    monkeypatch.setattr(pa.ipc.RecordBatchStreamWriter, "write_table", fills_up)
    source, first = _passes(path)
    assert written and not source._replay.complete
    _same(list(source.chunks()), first)


def test_the_kept_chunks_leave_nothing_in_the_temporary_folder(tmp_path, monkeypatch):
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    path = tmp_path / "p.csv"
    path.write_bytes(FILES["regular"])
    source, _ = _passes(path)
    assert source._replay.complete
    assert list(folder.iterdir()) == []  # an anonymous file, already unlinked


def test_chunks_made_of_several_arrow_blocks_are_replayed_whole(tmp_path, monkeypatch):
    from fichier_check.read import csv_source
    monkeypatch.setattr(csv_source, "ARROW_BLOCK_SIZE", 256)  # a batch of a few rows: a chunk spans many
    path = tmp_path / "p.csv"
    path.write_bytes(b"Nom;Tel\n" + b"".join(b"Nom %d;06 12 34 56 %02d\n" % (i, i % 100) for i in range(230)))
    source = open_table(path, LoadOptions(chunk_rows=50))
    first = list(source.chunks())
    assert [len(c.frame) for c in first] == [50, 50, 50, 50, 30]
    monkeypatch.setattr(CsvSource, "chunks", lambda self: pytest.fail("the file was parsed again"))
    _same(list(source.chunks()), first)


def test_a_workbook_keeps_its_own_first_pass(tmp_path):
    import openpyxl
    path = tmp_path / "p.xlsx"
    book = openpyxl.Workbook()
    for row in (["Nom", "Tel"], ["Dupont", "06 12 34 56 78"], ["Durand", "07 12 34 56 78"]):
        book.active.append(row)
    book.save(path)
    source = read_source.open_table(path, LoadOptions(chunk_rows=1))
    assert parsed_once(source) is source


def test_a_file_of_one_chunk_is_not_kept(tmp_path, monkeypatch):
    path = tmp_path / "p.csv"
    path.write_bytes(FILES["regular"])
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda *a, **k: pytest.fail("a one-chunk pass was kept"))
    source = open_table(path, LoadOptions(chunk_rows=50))  # the run keeps its only chunk in memory
    assert len(list(source.chunks())) == 1 and not source._replay.complete


class _FillsUp:
    """A temporary file on a folder that fills up after `room` bytes (and fails to close, too)."""

    def __init__(self, room):
        self.room, self.closed = room, False

    def write(self, data):
        if len(data) > self.room:
            raise OSError(28, "No space left on device")
        self.room -= len(data)
        return len(data)

    def close(self):
        self.closed = True
        raise OSError(28, "No space left on device")

    def __getattr__(self, name):
        return getattr(__import__("io").BytesIO(), name)


@pytest.mark.parametrize("room", [0, 300, 3000])
def test_a_temporary_folder_that_fills_up_means_reading_the_file_again(tmp_path, monkeypatch, room):
    path = tmp_path / "p.csv"
    path.write_bytes(b"Nom;Tel\n" + b"".join(b"Nom %d;06 12 34 56 %02d\n" % (i, i % 100) for i in range(300)))
    made = []
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda *a, **k: made.append(_FillsUp(room)) or made[-1])
    source, first = _passes(path)
    assert made and made[0].closed and not source._replay.complete
    _same(list(source.chunks()), first)


def test_the_room_the_findings_need_is_left_free(tmp_path, monkeypatch):
    import shutil
    from collections import namedtuple

    path = tmp_path / "p.csv"
    path.write_bytes(FILES["regular"])
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda folder: usage(10**9, 10**9 - 50_000_000, 50_000_000))
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda *a, **k: pytest.fail("kept with too little room"))
    source, first = _passes(path)  # 50 MB free: less than the input's size and 64 MB for the findings
    assert not source._replay.complete
    _same(list(source.chunks()), first)
