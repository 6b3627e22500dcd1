"""Writing the cleaned table in the input's format: untouched cells come out byte for byte."""
from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
import threading
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from fichier_check.errors import UserError
from fichier_check.read.source import open_table
from fichier_check.read.csv_source import text_frame
from fichier_check.write.output import OutputSet
from fichier_check.table import LoadOptions, SourceFormat
from fichier_check.write.writers import CsvWriter, open_writer

DATA = Path(__file__).parents[1] / "read" / "data" / "load"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "testdata"

ROWS = [
    ["Civilité", "Nom", "Téléphone", "SIRET", "Commentaire"],
    ["M.", "Lefèvre", "0612345678", "01234567800012", "coût 12 € ; à rappeler, vite | ok"],
    ["Mme", "L’Œuvre", "", "NA", 'dit "oui"\tpuis\nnon'],
    ["", "NULL", " 06 12 ", "#N/A", ""],
]


def csv_bytes(rows, delimiter, terminator, codec="utf-8", bom=b"", final_newline=True) -> bytes:
    """What Excel writes: fields quoted only when they hold the delimiter, a quote, CR or LF."""
    def field(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in (delimiter, '"', "\r", "\n")) else v
    text = terminator.join(delimiter.join(field(v) for v in row) for row in rows)
    return bom + (text + (terminator if final_newline else "")).encode(codec)


def round_trip(source_path: Path, out: Path, chunk_rows: int = 2, **options) -> bytes:
    """The file read and written back as it is (formulas kept: the writer's byte-for-byte contract)."""
    source = open_table(source_path, LoadOptions(chunk_rows=chunk_rows, **options))
    with OutputSet(protect=[source_path]) as outputs:
        writer = open_writer(outputs, out, source.format, source.header, neutralise=False)
        for chunk in source.chunks():
            writer.write(chunk.frame, chunk.typed)
        outputs.commit()
    return out.read_bytes()


ENCODINGS = [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""),
             ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")]


@pytest.mark.parametrize("codec, bom", ENCODINGS)
@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
@pytest.mark.parametrize("terminator", ["\r\n", "\n", "\r"])
def test_read_then_write_gives_back_the_same_bytes(tmp_path, codec, bom, delimiter, terminator):
    original = csv_bytes(ROWS, delimiter, terminator, codec, bom)
    (tmp_path / "in.csv").write_bytes(original)
    assert round_trip(tmp_path / "in.csv", tmp_path / "out" / "in.clean.csv") == original


@pytest.mark.parametrize("extra", [
    pytest.param(dict(final_newline=False), id="no final newline"),
    pytest.param(dict(rows=[ROWS[0]]), id="header only"),
    pytest.param(dict(rows=[["Nom"], ["A"], [""], ["B;C"]]), id="one column"),
])
def test_round_trip_edge_shapes(tmp_path, extra):
    rows = extra.pop("rows", ROWS)
    original = csv_bytes(rows, ";", "\r\n", **extra)
    if len(rows[0]) == 1:
        original = original.replace(b"\r\n\r\n", b'\r\n""\r\n')  # an empty single cell is written ""
    (tmp_path / "in.csv").write_bytes(original)
    assert round_trip(tmp_path / "in.csv", tmp_path / "out.csv", delimiter=";") == original


def test_sep_line_and_quote_everything_are_written_back(tmp_path):
    original = b'sep=;\r\n"Nom";"Ville"\r\n"Dupont";"Lyon"\r\n"";"a""b"\r\n'
    (tmp_path / "in.csv").write_bytes(original)
    assert round_trip(tmp_path / "in.csv", tmp_path / "out.csv") == original


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir()))
def test_the_fixture_files_round_trip(tmp_path, name):
    assert round_trip(DATA / name, tmp_path / name) == (DATA / name).read_bytes()


@pytest.mark.skipif(not SHARED.exists(), reason="shared test data not present")
@pytest.mark.parametrize("name", ["naughty_prospects.csv", "naughty_nul_byte.csv", "naughty_long_field.csv"])
def test_the_naughty_files_round_trip(tmp_path, name):
    path = SHARED / "naughty" / name
    assert round_trip(path, tmp_path / name, chunk_rows=100) == path.read_bytes()


def test_added_columns_and_changed_cells_are_written_in_the_inputs_encoding(tmp_path):
    (tmp_path / "in.csv").write_bytes("Nom;Tél\r\nCœur;0612\r\nÉté;x\r\n".encode("cp1252"))
    source = open_table(tmp_path / "in.csv")
    header = source.header + ["fichier_check_flags"]
    with OutputSet() as outputs:
        writer = open_writer(outputs, tmp_path / "out.csv", source.format, header, neutralise=False)
        for chunk in source.chunks():
            frame = chunk.frame.copy()
            frame[1] = ["+33612", "ERR"]
            frame[2] = ["phone-normalised", ""]
            writer.write(frame)
        outputs.commit()
    assert (tmp_path / "out.csv").read_bytes() == (
        "Nom;Tél;fichier_check_flags\r\nCœur;+33612;phone-normalised\r\nÉté;ERR;\r\n".encode("cp1252"))


def test_a_value_the_encoding_cannot_hold_is_refused_naming_the_cell(tmp_path):
    fmt = SourceFormat(kind="csv", encoding="cp1252", delimiter=";", line_terminator="\r\n")
    with OutputSet() as outputs:
        writer = open_writer(outputs, tmp_path / "out.csv", fmt, ["Nom", "Ville"])
        writer.write(text_frame([["Dupont"], ["Lyon"]]))
        with pytest.raises(UserError) as caught:
            writer.write(text_frame([["Durand", "Tanaka"], ["Paris", "東京"]]))
    assert "column 'Ville', row 4 of the output" in caught.value.message
    assert list(tmp_path.iterdir()) == []


def test_abort_removes_the_temporary_file(tmp_path):
    fmt = SourceFormat(kind="csv", encoding="utf-8", delimiter=";", line_terminator="\n")
    with OutputSet() as outputs:
        writer = open_writer(outputs, tmp_path / "out.csv", fmt, ["a", "b"])
        writer.abort()
        outputs.commit()
    assert list(tmp_path.iterdir()) == []


def hostile_strings() -> list[str]:
    strings = ["", " ", '"', '""', ";", ",", "\t", "|", "\r", "\n", "\r\n", "a\x00b", "=1+1", "é€’", "\u2028", "#"]
    if SHARED.exists():
        strings += json.loads((SHARED / "naughty" / "blns" / "blns.json").read_text(encoding="utf-8"))
    rng = random.Random(7)
    alphabet = 'ab ;,\t|"\r\né\x00'
    strings += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(8))) for _ in range(300)]
    return strings


@pytest.mark.parametrize("delimiter, terminator, quote_all", [
    (";", "\r\n", False), (",", "\n", False), ("\t", "\r", False), ("|", "\r\n", True)])
def test_polars_and_python_renderers_write_identical_bytes(tmp_path, delimiter, terminator, quote_all):
    strings = hostile_strings()
    frame = text_frame([strings, list(reversed(strings)), strings[1:] + strings[:1]])
    fmt = SourceFormat(kind="csv", encoding="utf-8", delimiter=delimiter, line_terminator=terminator,
                       quote_all=quote_all)
    with OutputSet() as outputs:
        for engine in ("polars", "python"):
            writer = CsvWriter(outputs, tmp_path / f"{engine}.csv", fmt, ["a", "b", "c"], engine=engine,
                               neutralise=False)
            writer.write(frame.iloc[:100])
            writer.write(frame.iloc[100:])
        outputs.commit()
    written = {engine: (tmp_path / f"{engine}.csv").read_bytes() for engine in ("polars", "python")}
    assert written["polars"] == written["python"]
    reread = open_table(tmp_path / "polars.csv", LoadOptions(delimiter=delimiter))
    back = pd.concat([c.frame for c in reread.chunks()], ignore_index=True)
    assert back.values.tolist() == frame.values.tolist()


def _render_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("csv-render")]


def test_chunks_rendered_ahead_are_written_in_order_and_the_thread_ends_with_the_file(tmp_path):
    fmt = SourceFormat(kind="csv", encoding="utf-8", delimiter=";", line_terminator="\r\n")
    rows = [[f"r{i}", f"{i % 7};x" if i % 3 else ""] for i in range(1, 61)]
    with OutputSet() as outputs:
        writer = CsvWriter(outputs, tmp_path / "out.csv", fmt, ["id", "v"], engine="polars")
        for start in range(0, 60, 7):  # chunks of uneven sizes, some rendered while the next is queued
            writer.write(text_frame([list(column) for column in zip(*rows[start:start + 7])]))
        assert _render_threads()
        outputs.commit()
    assert not _render_threads()
    expected = "id;v" + "".join(f"\r\n{a};" + (f'"{b}"' if b else "") for a, b in rows) + "\r\n"
    assert (tmp_path / "out.csv").read_bytes().decode() == expected


def test_an_abandoned_run_stops_the_rendering_thread_and_leaves_no_file(tmp_path):
    fmt = SourceFormat(kind="csv", encoding="utf-8", delimiter=";", line_terminator="\n")
    with pytest.raises(KeyboardInterrupt):
        with OutputSet() as outputs:
            writer = CsvWriter(outputs, tmp_path / "out.csv", fmt, ["a", "b"], engine="polars")
            writer.write(text_frame([["1", "2"], ["3", "4"]]))
            writer.write(text_frame([["5"], ["6"]]))
            raise KeyboardInterrupt
    assert not _render_threads()
    assert list(tmp_path.iterdir()) == []


# --- XLSX -------------------------------------------------------------------------------------

@pytest.mark.parametrize("background", [False, True], ids=["here", "in-a-second-process"])
def test_xlsx_untouched_cells_keep_their_type_and_changed_cells_are_text(tmp_path, background):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Prospects"
    for row in [["Nom", "Téléphone", "Date", "Montant", "Note"],
                ["Dupont", 612345678, dt.date(2025, 1, 13), 1.5, "x"],
                ["Durand", 123, dt.datetime(2025, 2, 1, 8, 30), 2, None]]:
        sheet.append(row)
    sheet["E2"].value = "=SOMME(1;2)"
    sheet["E2"].data_type = "s"  # a text cell that looks like a formula: it must stay text
    book.save(tmp_path / "in.xlsx")
    source = open_table(tmp_path / "in.xlsx")
    header = source.header + ["fichier_check_flags"]
    with OutputSet(protect=[tmp_path / "in.xlsx"]) as outputs:
        writer = open_writer(outputs, tmp_path / "out.xlsx", source.format, header, background=background)
        for chunk in source.chunks():
            frame = chunk.frame.copy()
            frame.iloc[1, 1] = "ERR"
            frame[5] = ["", "phone-invalid"]
            writer.write(frame, chunk.typed)
        outputs.commit()
    out = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert out.sheetnames == ["Prospects"]
    values = [[c.value for c in row] for row in out["Prospects"].iter_rows()]
    assert values == [
        ["Nom", "Téléphone", "Date", "Montant", "Note", "fichier_check_flags"],
        ["Dupont", 612345678, dt.datetime(2025, 1, 13), 1.5, "=SOMME(1;2)", None],
        ["Durand", "ERR", dt.datetime(2025, 2, 1, 8, 30), 2, None, "phone-invalid"],
    ]
    assert out["Prospects"]["E2"].data_type == "s"


def test_xlsx_round_trip_gives_back_the_same_texts(tmp_path):
    book = openpyxl.Workbook()
    for row in [["a", "b"], [0.1, "x"], [True, dt.time(8, 30)], [1e20, "0612"]]:
        book.active.append(row)
    book.save(tmp_path / "in.xlsx")
    round_trip(tmp_path / "in.xlsx", tmp_path / "out.xlsx")
    texts = {}
    for name in ("in.xlsx", "out.xlsx"):
        source = open_table(tmp_path / name)
        texts[name] = [row for c in source.chunks() for row in c.frame.values.tolist()]
    assert texts["in.xlsx"] == texts["out.xlsx"] == [["0.1", "x"], ["TRUE", "08:30:00"], ["1e+20", "0612"]]


@pytest.mark.parametrize("background", [False, True], ids=["here", "in-a-second-process"])
def test_xlsx_control_characters_are_stored_as_excel_stores_them(tmp_path, background):
    """As _xHHHH_ escapes, read back as the characters (the quarantine workbook keeps a row as it was)."""
    from python_calamine import CalamineWorkbook
    fmt = SourceFormat(kind="xlsx", encoding="utf-8", sheet="Feuil1")
    frame = pd.DataFrame({0: ["a", "b", "c\x07"], 1: ["x", "y\x01", "_x0041_"]}, dtype="str")
    with OutputSet() as outputs:
        writer = open_writer(outputs, tmp_path / "out.xlsx", fmt, ["nom\x00", "note"], background=background)
        writer.write(frame)
        outputs.commit()
    rows = CalamineWorkbook.from_path(tmp_path / "out.xlsx").get_sheet_by_index(0).to_python()
    assert rows == [["nom\x00", "note"], ["a", "x"], ["b", "y\x01"], ["c\x07", "_x0041_"]]


@pytest.mark.parametrize("engine", ["polars", "python"])
def test_missing_values_from_a_cleaner_are_written_as_empty_cells(tmp_path, engine):
    fmt = SourceFormat(kind="csv", encoding="utf-8", delimiter=";", line_terminator="\n")
    frame = pd.DataFrame({0: ["a", "b"], 1: pd.Series([None, None], dtype=object), 2: [float("nan")] * 2})
    with OutputSet() as outputs:
        CsvWriter(outputs, tmp_path / "out.csv", fmt, ["x", "y", "z"], engine=engine).write(frame)
        outputs.commit()
    assert (tmp_path / "out.csv").read_bytes() == b"x;y;z\na;;\nb;;\n"


def test_xlsx_a_disk_error_in_the_second_process_fails_the_run_and_leaves_no_file(tmp_path, monkeypatch):
    import errno

    from fichier_check.write import xlsx_sheet
    from fichier_check.write.output import OutputError

    def full(self, texts, values):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(xlsx_sheet.XlsxSheet, "append", full)  # the forked child inherits it
    fmt = SourceFormat(kind="xlsx", encoding="utf-8", sheet="Feuil1")
    with OutputSet() as outputs:
        writer = open_writer(outputs, tmp_path / "out.xlsx", fmt, ["nom"], background=True)
        with pytest.raises(OutputError, match="No space left on device") as caught:
            for _ in range(50):  # the child's answer arrives with one of the next rows, or at commit
                writer.write(pd.DataFrame({0: ["a"] * 1000}, dtype="str"))
            outputs.commit()
    assert caught.value.exit_code == 3
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("cells, jobs, expected", [
    ({"clean": 900_000, "quarantine": 100_000}, 2, "clean"),
    ({"clean": 100_000, "quarantine": 600_000}, 2, "quarantine"),
    ({"clean": 250_000, "quarantine": 0}, 2, "clean"),
    ({"clean": 900_000, "quarantine": 100_000}, 1, None),  # one core: no second process
    ({"clean": 150_000, "quarantine": 100}, 2, None),  # too small to be worth a process
])
def test_the_larger_workbook_is_the_one_written_in_a_second_process(cells, jobs, expected):
    from fichier_check.write.writers import writes_in_background
    assert writes_in_background(SourceFormat(kind="xlsx"), jobs, cells) == expected
    assert writes_in_background(SourceFormat(kind="csv"), jobs, cells) is None  # CSV is rendered natively


def test_xlsx_an_output_wider_than_excel_s_grid_is_refused_with_what_to_do(tmp_path):
    from fichier_check.write.writers import XLSX_MAX_COLUMNS
    fmt = SourceFormat(kind="xlsx", encoding="utf-8", sheet="Feuil1")
    with OutputSet() as outputs:
        with pytest.raises(UserError, match="at most 16384") as caught:
            open_writer(outputs, tmp_path / "out.xlsx", fmt, [f"c{i}" for i in range(XLSX_MAX_COLUMNS + 2)])
    assert caught.value.exit_code == 2 and "CSV" in caught.value.hint
    assert list(tmp_path.iterdir()) == []


def test_a_small_file_is_written_without_importing_polars(tmp_path):
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from fichier_check.table import SourceFormat\n"
        "from fichier_check.read.csv_rows import text_frame\n"
        "from fichier_check.write.output import OutputSet\n"
        "from fichier_check.write.writers import open_writer\n"
        "fmt = SourceFormat(kind='csv', encoding='utf-8', delimiter=';', line_terminator='\\n')\n"
        "with OutputSet() as outputs:\n"
        "    writer = open_writer(outputs, Path(sys.argv[1]), fmt, ['a', 'b'])\n"
        "    writer.write(text_frame([['1', 'x;y'], ['', '3']]))\n"
        "    outputs.commit()\n"
        "print('polars' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "out.csv")], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
    assert (tmp_path / "out.csv").read_bytes() == b'a;b\n1;\n"x;y";3\n'


def test_a_small_chunk_after_a_large_one_keeps_the_rows_in_order(tmp_path, monkeypatch):
    from fichier_check.write import writers
    monkeypatch.setattr(writers, "POLARS_MIN_ROWS", 5)  # chunks of 5 rows or more go to polars' thread
    fmt = SourceFormat(kind="csv", encoding="utf-8", delimiter=";", line_terminator="\n")
    sizes = [6, 2, 7, 7, 1, 3, 8]
    rows, start = [], 0
    with OutputSet() as outputs:
        writer = open_writer(outputs, tmp_path / "out.csv", fmt, ["n", "v"])
        for size in sizes:
            chunk = [[str(n), "x;y" if n % 4 else ""] for n in range(start, start + size)]
            rows += chunk
            start += size
            writer.write(text_frame([list(column) for column in zip(*chunk)]))
        outputs.commit()
    expected = "n;v\n" + "".join(f"{n};" + ('"x;y"' if int(n) % 4 else "") + "\n" for n, _ in rows)
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == expected
