"""How a dataset becomes parts: a folder's files in name order, markers and hidden files left out;
a large CSV file cut only just after a line break outside any quoted cell, so each part holds
whole records."""
from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings, strategies as st

from fichier_check.cluster.dataset import cut, cut_points, find_parts, scan_block, splittable
from fichier_check.errors import UserError


def test_a_folder_of_csv_parts_is_read_in_name_order_without_markers_or_hidden_files(tmp_path):
    for name in ("b.csv", "a.csv", "_SUCCESS", ".a.csv.crc", "c.tsv"):
        (tmp_path / name).write_text("x;y\n1;2\n", encoding="utf-8")
    dataset = find_parts(tmp_path)
    assert dataset.kind == "csv" and [p.name for p in dataset.parts] == ["a.csv", "b.csv", "c.tsv"]
    assert [p.number for p in dataset.parts] == [0, 1, 2] and dataset.stem == tmp_path.name


def test_a_parquet_folder_is_named_without_its_suffix(tmp_path):
    folder = tmp_path / "prospects.parquet"
    folder.mkdir()
    (folder / "part-0.parquet").write_bytes(b"PAR1")
    dataset = find_parts(folder)
    assert dataset.kind == "parquet" and dataset.stem == "prospects"


@pytest.mark.parametrize("names, message", [((), "no CSV or Parquet part"), (("a.csv", "b.parquet"), "both")])
def test_a_folder_without_parts_or_mixing_kinds_is_refused(tmp_path, names, message):
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    with pytest.raises(UserError, match=message):
        find_parts(tmp_path)


def test_a_missing_dataset_is_refused(tmp_path):
    with pytest.raises(UserError, match="not found"):
        find_parts(tmp_path / "nothing.csv")


def test_only_encodings_with_one_byte_line_breaks_are_cut():
    assert splittable("utf-8") and splittable("cp1252")
    assert not splittable("utf-16-le") and not splittable(None)


cells = st.text(alphabet=st.sampled_from(list('ab ;"\n\r\té')), max_size=12)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(cells, min_size=2, max_size=2), min_size=1, max_size=40),
       size=st.integers(min_value=1, max_value=200), terminator=st.sampled_from(["\n", "\r\n"]))
def test_every_cut_falls_between_two_records(tmp_path_factory, rows, size, terminator):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator=terminator)
    writer.writerow(["x", "y"])
    header_end = len(buffer.getvalue().encode("utf-8"))
    starts = set()
    for row in rows:
        starts.add(len(buffer.getvalue().encode("utf-8")))
        writer.writerow(row)
    path = tmp_path_factory.mktemp("cut") / "file.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    end = path.stat().st_size
    blocks = [scan_block(path, at, min(at + size, end), b"\n", b";") for at in range(header_end, end, size)]
    cuts = cut_points(header_end, end, blocks)
    assert cuts[0] == header_end and cuts == sorted(set(cuts))
    assert set(cuts) <= starts  # never inside a record, whatever its quoted line breaks
    assert all(c < end for c in cuts)

    from fichier_check.cluster.dataset import Dataset, Part
    dataset = Dataset(path, "file", "csv", [Part(0, path.name, path, "csv")])
    cut(dataset, header_end, cuts)
    assert dataset.prefix == path.read_bytes()[:header_end]
    assert dataset.parts[0].start == header_end and dataset.parts[-1].end == end
    assert all(a.end == b.start for a, b in zip(dataset.parts, dataset.parts[1:]))


def test_a_stray_quote_inside_an_unquoted_cell_leaves_the_file_whole(tmp_path):
    path = tmp_path / "file.csv"
    rows = [f"{n};note {n}" for n in range(2000)]
    rows[700] = '700;écran 27" neuf'  # a quote that neither opens nor closes a cell
    path.write_bytes(("x;y\n" + "\n".join(rows) + "\n").encode("utf-8"))
    end = path.stat().st_size
    blocks = [scan_block(path, at, min(at + 1000, end), b"\n", b";") for at in range(4, end, 1000)]
    assert [block[3] >= 0 for block in blocks].count(True) == 1
    assert cut_points(4, end, blocks) == [4]
