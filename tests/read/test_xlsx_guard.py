"""A workbook's archive is checked before calamine inflates it: zip bombs, lying sizes, too many
parts and cells longer than Excel writes are refused with one line naming the file, having
inflated no more than the caps; real workbooks pass, whatever writer made them."""
from __future__ import annotations

import dataclasses
import os
import zipfile
import zlib

import pytest

from fichier_check.errors import UserError
from fichier_check.read import xlsx_guard
from fichier_check.read.source import open_table
from fichier_check.read.xlsx_guard import EXCEL_CELL_CHARS, RATIO_FLOOR, check_workbook
from fichier_check.table import LoadOptions
from tests.read.hostile_zip import (SST_HEAD, SST_TAIL, deflated, long_cell_workbook, shared_string_bomb,
                                    workbook_with, write_zip)


@pytest.fixture
def inflated(monkeypatch):
    """Counts the bytes the guard inflates (a list holding the running total)."""
    total = [0]

    class Counting:
        def __init__(self):
            self.inner = zlib.decompressobj(-zlib.MAX_WBITS)

        def decompress(self, data, max_length=0):
            out = self.inner.decompress(data, max_length)
            total[0] += len(out)
            return out

        unconsumed_tail = property(lambda self: self.inner.unconsumed_tail)
        eof = property(lambda self: self.inner.eof)

    monkeypatch.setattr(xlsx_guard, "_inflater", Counting)
    return total


def refusal(path, **options) -> str:
    with pytest.raises(UserError) as caught:
        check_workbook(path, **options)
    assert caught.value.path == path
    return caught.value.render()


def test_a_real_workbook_passes_and_is_inflated_once(tmp_path, inflated):
    path = workbook_with(tmp_path / "p.xlsx")
    check_workbook(path)
    with zipfile.ZipFile(path) as archive:
        assert inflated[0] == sum(entry.file_size for entry in archive.infolist())


def test_a_shared_string_bomb_is_refused_from_the_directory_without_inflating_it(tmp_path, inflated):
    path = workbook_with(tmp_path / "bomb.xlsx", shared_string_bomb(64))
    assert path.stat().st_size < 100_000  # 64 MiB inflated: the 1.4 MB → 1.5 GB workbook, scaled down
    message = refusal(path)
    assert message.startswith(f"{path}: part xl/sharedStrings.xml inflates 1,0")
    assert "zip bomb" in message and "\n" not in message
    assert inflated[0] < 1 << 20  # the parts before it


def test_a_bomb_declaring_a_small_size_stops_one_block_past_it(tmp_path, inflated):
    path = workbook_with(tmp_path / "liar.xlsx", shared_string_bomb(64), declared={"xl/sharedStrings.xml": 1_000})
    assert "part xl/sharedStrings.xml declares 1,000 bytes but inflates to more" in refusal(path)
    assert inflated[0] <= xlsx_guard.BLOCK + (1 << 20)


def test_a_bomb_with_a_plausible_ratio_declared_is_stopped_at_the_floor(tmp_path, inflated):
    """24 MiB of "A" then 400 KB of noise: 60 to 1 declared; the "A" alone inflate 1,000 to 1."""
    styles = deflated("xl/styles.xml", b"A" * (24 << 20) + os.urandom(400_000))
    assert styles.size < xlsx_guard.MAX_RATIO * len(styles.stream)
    message = refusal(workbook_with(tmp_path / "styles.xlsx", styles))
    assert "part xl/styles.xml inflates" in message and "zip bomb" in message
    assert inflated[0] <= RATIO_FLOOR + xlsx_guard.BLOCK + (1 << 20)


def test_a_bomb_in_a_part_nothing_reads_is_refused_too(tmp_path, inflated):
    """An image or embedded file is never inflated by the audit, but the directory already says
    the archive was built to exhaust what opens it: refusing costs nothing."""
    image = dataclasses.replace(shared_string_bomb(64), name="xl/media/image1.png")
    message = refusal(workbook_with(tmp_path / "image.xlsx", image))
    assert "part xl/media/image1.png inflates" in message and inflated[0] < 1 << 20


def test_a_workbook_inside_the_workbook_is_not_opened(tmp_path):
    """An embedded workbook is bytes to this run (calamine never opens it): a bomb inside it
    inflates nothing, and the sheet is read."""
    inner = workbook_with(tmp_path / "inner.xlsx", shared_string_bomb(64)).read_bytes()
    path = workbook_with(tmp_path / "outer.xlsx", deflated("xl/embeddings/Book1.xlsx", inner))
    check_workbook(path)
    assert open_table(path).header == ["Nom", "Commentaire"]


def test_more_parts_than_a_workbook_needs_are_refused_before_zipfile_lists_them(tmp_path, monkeypatch):
    parts = [deflated(f"xl/media/image{i}.png", b"") for i in range(xlsx_guard.MAX_ENTRIES + 1)]
    path = write_zip(tmp_path / "many.xlsx", parts, {})
    monkeypatch.setattr(zipfile.ZipFile, "__init__", lambda *a, **k: pytest.fail("the directory was parsed"))
    assert "the archive holds 10,001 parts, more than the 10,000" in refusal(path)


def test_a_part_holding_less_than_it_declares_is_unreadable(tmp_path):
    path = workbook_with(tmp_path / "short.xlsx", declared={"xl/workbook.xml": 1 << 20})
    assert "unreadable XLSX workbook: part xl/workbook.xml holds" in refusal(path)


def test_a_compression_excel_does_not_use_is_refused(tmp_path):
    path = tmp_path / "bz.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "part xl/workbook.xml: compressed or encrypted in a way Excel does not use" in refusal(path)


def test_an_entity_in_a_part_is_still_refused_by_the_reader(tmp_path):
    """calamine never expands DTD entities (a "billion laughs" costs nothing): the guard lets the
    part through and the reader refuses it."""
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 9))
    sst = (SST_HEAD.replace(b"<sst", b'<!DOCTYPE sst [<!ENTITY l0 "lol">' + laughs.encode() + b"]><sst")
           + b"&l8;" + SST_TAIL)
    path = workbook_with(tmp_path / "laughs.xlsx", deflated("xl/sharedStrings.xml", sst))
    check_workbook(path)
    with pytest.raises(UserError, match="unreadable XLSX workbook: .*entity"):
        open_table(path)


@pytest.mark.parametrize("inline", [False, True], ids=["shared string", "inline string"])
@pytest.mark.parametrize("character", ["x", "é", "&", "😀"])
def test_a_cell_of_excels_limit_passes_and_one_more_character_is_refused(tmp_path, inline, character):
    fits = long_cell_workbook(tmp_path / "fits.xlsx", character * EXCEL_CELL_CHARS, inline)
    assert open_table(fits).header == ["Nom", "Commentaire"]
    over = long_cell_workbook(tmp_path / "over.xlsx", character * (EXCEL_CELL_CHARS + 1), inline)
    part = "xl/worksheets/sheet1.xml" if inline else "xl/sharedStrings.xml"
    assert refusal(over) == (f"{over}: part {part}: a cell holds more than 32,767 characters, which Excel does not "
                             "write: not a workbook Excel saved (use --max-cell-chars N to read it anyway)")


@pytest.mark.parametrize("block", [1_000, 32_768, 50_000])
def test_a_long_cell_is_found_across_the_blocks_it_is_inflated_in(tmp_path, monkeypatch, block):
    monkeypatch.setattr(xlsx_guard, "BLOCK", block)
    check_workbook(long_cell_workbook(tmp_path / "fits.xlsx", "é" * EXCEL_CELL_CHARS))
    assert "more than 32,767 characters" in refusal(long_cell_workbook(tmp_path / "o.xlsx", "é" * 32_768))


def test_a_higher_limit_reads_the_long_cell(tmp_path):
    path = long_cell_workbook(tmp_path / "long.xlsx", "x" * 40_000)
    assert "more than 39,999 characters" in refusal(path, max_cell_chars=39_999)
    source = open_table(path, LoadOptions(max_cell_chars=40_000))
    assert len(next(source.chunks()).frame.iloc[0, 1]) == 40_000
    with pytest.raises(UserError, match="more than 32,767 characters"):
        open_table(path)


def test_a_long_csv_cell_is_not_refused(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("Nom;Commentaire\r\nDurand;" + "x" * 40_000 + "\r\n", encoding="utf-8")
    assert len(next(open_table(path).chunks()).frame.iloc[0, 1]) == 40_000
