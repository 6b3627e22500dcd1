"""The fast reader hands a stretch to the exact one and takes over again after it: the rows, their
row and line numbers and the malformed rows are exactly what the exact reader alone gives."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from fichier_check.errors import UserError
from fichier_check.read.csv_lines import CountingLines, offset_of_line, resumable
from fichier_check.read.source import open_table
from fichier_check.table import LoadOptions

CELLS = st.sampled_from(["Durand", "06 12 34 56 78", "", "a;b", 'dit "oui"', "ligne 1\r\nligne 2", "x\ny", "é€",
                         "z\rw"])
RECORD = st.one_of(
    st.lists(CELLS, min_size=3, max_size=3).map(lambda cells: ("ok", cells)),
    st.lists(CELLS, min_size=1, max_size=6).map(lambda cells: ("any", cells)),
    st.just(("blank", [])), st.just(("empty", ["", "", ""])))


def quoted(cell: str) -> str:
    return f'"{cell.replace(chr(34), chr(34) * 2)}"' if any(c in cell for c in ';"\r\n') else cell


def write(path: Path, records, terminator: str, encoding: str, bom: bool, sep_line: bool) -> Path:
    lines = (["sep=;"] if sep_line else []) + ["Nom;Téléphone;Commentaire"]
    lines += [";".join(quoted(c) for c in cells) for _, cells in records]
    data = terminator.join(lines) + terminator
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data.encode(encoding))
    return path


def read(path: Path, exact: bool):
    source = open_table(path, LoadOptions(chunk_rows=7))
    try:
        chunks = list(source.exact_chunks() if exact else source.chunks())
    except UserError as error:
        return ("refused", error.message, error.line)
    rows = [row for chunk in chunks for row in chunk.frame.values.tolist()]
    numbers = [n for chunk in chunks for n in chunk.row_numbers.tolist()]
    lines = [n for chunk in chunks for n in chunk.line_numbers.tolist()]
    ragged = {int(c.row_numbers[p]): n for c in chunks for p, n in (c.ragged or {}).items()}
    return rows, numbers, lines, ragged, source.warnings


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    """Blocks of a few rows and a short calm stretch, so a small file hands over back and forth."""
    monkeypatch.setattr("fichier_check.read.csv_source.ARROW_BLOCK_SIZE", 64)
    monkeypatch.setattr("fichier_check.read.csv_segments.CALM_ROWS", 2)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example([("ok", ["a", "b", "c"])] * 20 + [("any", ["a", "b", "c", "d"])] + [("ok", ["a", "b", "c"])] * 20,
         "\r\n", "utf-8", False, False)
@given(records=st.lists(RECORD, min_size=1, max_size=40), terminator=st.sampled_from(["\r\n", "\n", "\r"]),
       encoding=st.sampled_from(["utf-8", "cp1252"]), bom=st.booleans(), sep_line=st.booleans())
def test_handing_over_and_back_reads_what_the_exact_reader_reads(tmp_path, records, terminator, encoding, bom,
                                                                   sep_line):
    path = write(tmp_path / "p.csv", records, terminator, encoding, bom and encoding == "utf-8", sep_line)
    assert read(path, exact=False) == read(path, exact=True)


def test_one_malformed_row_in_many_is_read_exactly_then_fast_again(tmp_path, monkeypatch):
    seen = []
    original = __import__("fichier_check.read.csv_segments", fromlist=["ExactSegment"]).ExactSegment.__iter__

    def spy(self):
        for chunk in original(self):
            seen.append(len(chunk.frame))
            yield chunk

    monkeypatch.setattr("fichier_check.read.csv_segments.ExactSegment.__iter__", spy)
    records = [("ok", ["a", "b", "c"])] * 500 + [("any", ["a", "b", "c", "d"])] + [("ok", ["a", "b", "c"])] * 500
    path = write(tmp_path / "p.csv", records, "\r\n", "utf-8", False, False)
    rows, numbers, _, ragged, _ = read(path, exact=False)
    assert len(rows) == 1001 and numbers == list(range(2, 1003)) and ragged == {502: 4}
    assert 0 < sum(seen) < 50  # the exact reader read a few rows around the malformed one, not the rest


def test_offsets_of_lines_count_crlf_lf_and_cr_as_one_break_each(tmp_path):
    path = tmp_path / "l.csv"
    path.write_bytes(b"a\r\nb\nc\rd\r\n\r\ne")
    starts = [offset_of_line(path, 0, 1, n) for n in range(1, 8)]
    assert starts == [0, 3, 5, 7, 10, 12, 13]
    assert offset_of_line(path, 5, 3, 5) == 10  # from a known line start


def test_a_crlf_cut_by_a_block_boundary_is_one_break(tmp_path, monkeypatch):
    monkeypatch.setattr("fichier_check.read.csv_lines.BLOCK", 2)
    path = tmp_path / "l.csv"
    path.write_bytes(b"a\r\nb\r\nc")
    assert [offset_of_line(path, 0, 1, n) for n in (2, 3)] == [3, 6]
    with open(path, "rb") as raw:
        lines = CountingLines(raw, 0, "utf-8")
        assert list(lines) == ["a\r\n", "b\r\n", "c"] and lines.consumed == 7


def test_utf16_is_not_resumable_and_utf8_is():
    assert resumable("utf-8") and resumable("cp1252") and not resumable("utf-16-le")


BLOCKS = [("utf-8", block) for block in range(48, 130, 2)] + [  # a cp1252 or UTF-16 read is a third of a block
    ("cp1252", block) for block in range(150, 390, 2)] + [("utf-16", block) for block in range(300, 780, 4)]


@pytest.mark.parametrize(("encoding", "block"), BLOCKS)
def test_a_quoted_crlf_across_two_of_pyarrows_blocks_keeps_its_lf(tmp_path, monkeypatch, block, encoding):
    """Arrow drops the LF of a quoted CRLF that straddles two blocks (apache/arrow#51368): the
    reader never hands it a block ending with CR, in UTF-8 and in the encodings it decodes itself."""
    monkeypatch.setattr("fichier_check.read.csv_source.ARROW_BLOCK_SIZE", block)
    cell = "lignée 1\r\nligne 2"
    path = write(tmp_path / "p.csv", [("ok", [cell, cell, "Durand"])] * 3, "\r\n", encoding, False, True)
    source = open_table(path)
    assert [row for chunk in source.fast_chunks() for row in chunk.frame.values.tolist()] == [[cell, cell, "Durand"]] * 3
