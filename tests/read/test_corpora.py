"""Public CSV corpora written by others (../shared/testdata) load to their published values."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from fichier_check.errors import UserError
from fichier_check.read.source import open_table

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "testdata"
SPECTRUM = SHARED / "csv" / "csv-spectrum"
CSVKIT = SHARED / "csv" / "csvkit-examples"
NAUGHTY = SHARED / "naughty"

pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="shared test data not present")

# Upstream's location_coordinates.json carries another phone than its CSV: the CSV is the truth.
SPECTRUM_ERRATA = {"location_coordinates": {"Contact Phone Number": "2095257564"}}


def load_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    source = open_table(path)
    return source.header, [row for chunk in source.chunks() for row in chunk.frame.values.tolist()]


def names(folder: Path, pattern: str) -> list[str]:
    return sorted(p.name for p in folder.glob(pattern)) if folder.exists() else []


@pytest.mark.parametrize("name", names(SPECTRUM / "csvs", "*.csv"))
def test_csv_spectrum_file_loads_to_its_json(name):
    stem = name.removesuffix(".csv")
    expected = json.loads((SPECTRUM / "json" / f"{stem}.json").read_text(encoding="utf-8"))
    expected = expected if isinstance(expected, list) else [expected]
    expected = [{**record, **SPECTRUM_ERRATA.get(stem, {})} for record in expected]
    header, rows = load_rows(SPECTRUM / "csvs" / name)
    assert header == list(expected[0])
    assert [dict(zip(header, row)) for row in rows] == expected


def csvkit_expectation(rows: list[list[str]], delimiter: str) -> tuple[list[str], list[list[str]]] | None:
    """Our reading of Python csv's rows: blank lines dropped, short rows padded, empty extras dropped,
    extra fields holding text joined into the last cell with the delimiter (a malformed row, which the
    audit quarantines); None when malformed rows are more than 10 and more than 10 % of the rows (the
    loader refuses the file)."""
    records = [r for r in rows if r]
    header, width = records[0], len(records[0])
    data, malformed = [], 0
    for record in records[1:]:
        if len(record) < width or any(record[width:]):
            malformed += 1
        if any(record[width:]):
            data.append(record[:width - 1] + [delimiter.join(record[width - 1:])])
        else:
            data.append((record + [""] * width)[:width])
    if malformed > 10 and malformed > 0.1 * len(data):
        return None
    return header, data


CSVKIT_EXPECTED = (json.loads((CSVKIT / "expected_rows.json").read_text(encoding="utf-8"))["files"]
                   if CSVKIT.exists() else {})


@pytest.mark.parametrize("name", sorted(CSVKIT_EXPECTED))
def test_csvkit_example_loads_as_pythons_csv_reads_it(name):
    spec = CSVKIT_EXPECTED[name]
    expected = csvkit_expectation(spec["rows"], spec["delimiter"])
    if expected is None:
        with pytest.raises(UserError) as caught:
            load_rows(CSVKIT / name)
        assert caught.value.line is not None
        return
    source = open_table(CSVKIT / name)
    assert source.format.delimiter == spec["delimiter"]
    assert load_rows(CSVKIT / name) == expected


def test_every_csvkit_example_has_an_expectation():
    present = {p.name for p in CSVKIT.iterdir() if p.suffix in (".csv", ".tsv")}
    assert present == set(CSVKIT_EXPECTED)


def test_naughty_prospects_keep_every_hostile_string_intact():
    expected = json.loads((NAUGHTY / "naughty_expected.json").read_text(encoding="utf-8"))
    header, rows = load_rows(NAUGHTY / expected["file"])
    assert header == expected["header"]
    assert len(rows) == expected["data_rows"] == 605
    columns = [header.index(c) for c in expected["columns_carrying_the_string"]]
    for record in expected["records"]:
        row = rows[record["row"] - 1]
        assert [row[i] for i in columns] == [record["string"]] * len(columns), record


def test_naughty_long_field_is_kept_whole():
    header, rows = load_rows(NAUGHTY / "naughty_long_field.csv")
    comment = header.index("Commentaire")
    assert len(rows) == 5
    assert max(len(row[comment]) for row in rows) == 140_000
