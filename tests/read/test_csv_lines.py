"""Physical lines: where each row of a CSV starts in the file, as an editor or a CI annotation
counts lines. A spreadsheet row and a line differ when a quoted cell spans lines or when Excel's
`sep=` line comes first; both readers must count them alike."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from fichier_check.read.source import open_table
from fichier_check.table import LoadOptions


def lines_and_rows(tmp_path, data: bytes, chunk_rows: int = 50_000, reader: str = "chunks"):
    path = tmp_path / "p.csv"
    path.write_bytes(data)
    source = open_table(path, LoadOptions(chunk_rows=chunk_rows))
    chunks = list(getattr(source, reader)())
    return ([int(n) for c in chunks for n in c.line_numbers], [int(n) for c in chunks for n in c.row_numbers],
            source.header_line)


def test_without_multi_line_cells_a_row_is_its_line(tmp_path):
    assert lines_and_rows(tmp_path, b"Nom;Ville\r\nDupont;Lyon\r\nDurand;Paris\r\n") == ([2, 3], [2, 3], 1)


def test_a_cell_spanning_lines_pushes_the_next_rows_down(tmp_path):
    data = b'Nom;Note\r\nDupont;"rappeler\r\njeudi\r\napres 14h"\r\nDurand;ok\r\nMartin;"a\nb"\r\nPetit;x\r\n'
    assert lines_and_rows(tmp_path, data) == ([2, 5, 6, 8], [2, 3, 4, 5], 1)


def test_the_count_carries_over_from_chunk_to_chunk(tmp_path):
    data = b'Nom;Note\n' + b''.join(b'n%d;"l1\nl2"\n' % i for i in range(7))
    lines, rows, _ = lines_and_rows(tmp_path, data, chunk_rows=2)
    assert rows == list(range(2, 9)) and lines == [2 + 2 * i for i in range(7)]


def test_an_excel_sep_line_is_a_line_but_not_a_row(tmp_path):
    assert lines_and_rows(tmp_path, b"sep=;\r\nNom;Ville\r\nDupont;Lyon\r\n") == ([3], [2], 2)


def test_blank_lines_count_as_lines_and_rows(tmp_path):
    assert lines_and_rows(tmp_path, b"Nom;Ville\n\nDupont;Lyon\n\n\nDurand;Paris\n")[:2] == ([3, 6], [3, 6])


def test_a_header_spanning_lines_moves_the_first_row_down(tmp_path):
    assert lines_and_rows(tmp_path, b'Nom;"Ville\nde naissance"\nDupont;Lyon\n')[:2] == ([3], [2])


def test_old_mac_line_ends_and_crlf_inside_a_cell_are_one_break_each(tmp_path):
    assert lines_and_rows(tmp_path, b'a;b\r1;"x\r\ny"\r2;"p\rq\nr"\r3;z\r')[0] == [2, 4, 7]


CELLS = st.text(alphabet=st.sampled_from(list("ab;\"é \r\n")), max_size=6)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(CELLS, CELLS), min_size=1, max_size=12), st.sampled_from([b"\n", b"\r\n"]),
       st.integers(min_value=1, max_value=5))
def test_the_fast_reader_counts_lines_as_pythons_csv_module_does(tmp_path_factory, rows, terminator, chunk_rows):
    def quoted(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"'
    body = [f"{quoted(a)};{quoted(b)}" for a, b in rows]
    data = terminator.join(["Nom;Note".encode()] + [line.encode() for line in body]) + terminator
    folder = tmp_path_factory.mktemp("lines")
    fast = lines_and_rows(folder, data, chunk_rows, "chunks")  # the fast reader unless a row is all empty
    exact = lines_and_rows(folder, data, chunk_rows, "exact_chunks")
    assert fast == exact
    assert np.all(np.diff(fast[0]) >= 1)
