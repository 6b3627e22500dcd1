"""Properties of the whole audit on generated tables (hypothesis): every row is kept or
quarantined exactly once with its original values, untouched cells come out identical whatever
they hold, auditing the cleaned file changes nothing more, and two runs give the same outputs."""
from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
from hypothesis import HealthCheck, example, given, settings, strategies as st

from fichier_check.audit import run_audit
from fichier_check.runner import build_settings
from tests.conftest import read_report

HEADER = ["Id", "Nom", "Type client", "Téléphone", "E-mail", "Opt-in e-mail", "Résultat appel", "Commentaire"]
REALISTIC = {
    "Nom": st.sampled_from(["Durand", "Lefèvre", "O'Brien", "Œuvre & Fils", ""]),
    "Type client": st.sampled_from(["B2B", "B2C", "Particulier", "Pro", "", "?"]),
    "Téléphone": st.sampled_from(["01 42 68 53 00", "06 12 34 56 78", "+33 6 12 34 56 78", "01 23", "", "0690 12 34 56",
                                  "+33 690 12 34 56", "abc"]),
    "E-mail": st.sampled_from(["lea@durand.fr", "contact@durand.fr", "faux@", "", "Lea.Durand@Exemple.FR"]),
    "Opt-in e-mail": st.sampled_from(["Oui", "Non", "", "CGV", "1", "x"]),
    "Résultat appel": st.sampled_from(["RAPP", "NRP", "ERR", ""]),
    "Commentaire": st.sampled_from(["", "Rappeler jeudi", "En arrêt maladie", "=1+1", "RDV ok; \"chaud\"",
                                    "ligne 1\nligne 2", "catholique pratiquant"]),
}
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=12)


def cell(column: str):
    return st.one_of(REALISTIC[column], ANY_TEXT) if column in ("Nom", "Commentaire") else REALISTIC[column]


rows_strategy = st.lists(st.tuples(*[cell(c) for c in HEADER[1:]]), min_size=1, max_size=12)


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline=""), delimiter=";"))


def audit(path: Path, out: Path):
    """A run that keeps formula-looking cells as they are, so every cell can be compared with its input
    (the default neutralisation has its own tests in test_naughty_corpus.py)."""
    return run_audit(build_settings(path, {"out_dir": out, "as_of": "2026-11-28", "lang": "en",
                                           "neutralise_formulas": False}))


def table(rows) -> list[list[str]]:
    return [[str(i)] + list(r) for i, r in enumerate(rows)]


PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(rows_strategy)
def test_every_row_is_kept_or_quarantined_once_with_original_values(rows):
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "p.csv", Path(folder) / "out"
        data = table(rows)
        write_csv(source, data)
        audit(source, out)
        clean, quarantine = read_csv(out / "p.clean.csv"), read_csv(out / "p.quarantine.csv")
        ids = [r[0] for r in clean[1:]] + [r[0] for r in quarantine[1:]]
        assert sorted(ids, key=int) == [r[0] for r in data]
        for row in quarantine[1:]:
            assert row[:len(HEADER)] == data[int(row[0])]


@PROPERTY
@given(rows_strategy)
def test_cells_no_rule_touched_come_out_identical(rows):
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "p.csv", Path(folder) / "out"
        data = table(rows)
        write_csv(source, data)
        audit(source, out)
        side = pq.read_table(out / "p.findings.parquet").to_pylist()
        touched = {(f["row"], f["column"]) for f in side if f["action"] in ("blank", "mask", "remove-characters")}
        clean = read_csv(out / "p.clean.csv")
        header = clean[0]
        for row in clean[1:]:
            original = data[int(row[0])]
            for position, name in enumerate(HEADER):
                if name in header and (int(row[0]) + 2, name) not in touched and name != "Résultat appel":
                    assert row[header.index(name)] == original[position], (name, row, original)


# Found by hypothesis: the consumer Lefèvre, sharing the Durands' mobile, goes to quarantine (no
# consented channel left); the mobile was a switchboard (two last names) in the first run only.
QUARANTINED_NEIGHBOUR = [("Durand", "B2B", "06 12 34 56 78", "lea@durand.fr", "Oui", "RAPP", ""),
                         ("Durand", "B2B", "+33 6 12 34 56 78", "contact@durand.fr", "Oui", "RAPP", ""),
                         ("Lefèvre", "B2C", "+33 6 12 34 56 78", "lea@durand.fr", "", "RAPP", "")]


@PROPERTY
@given(rows_strategy)
@example(QUARANTINED_NEIGHBOUR)
@example(QUARANTINED_NEIGHBOUR + [("O'Brien", "B2B", "06 12 34 56 78", "", "Oui", "RAPP", "")])
def test_auditing_the_cleaned_file_changes_nothing_more(rows):
    with tempfile.TemporaryDirectory() as folder:
        source, out, again = Path(folder) / "p.csv", Path(folder) / "out", Path(folder) / "again"
        write_csv(source, table(rows))
        audit(source, out)
        second = audit(out / "p.clean.csv", again)
        assert (again / "p.clean.clean.csv").read_bytes() == (out / "p.clean.csv").read_bytes()
        assert second.rows_quarantined == 0
        assert not [o.rule_id for o in second.outcomes
                    if o.action in ("blank", "mask", "remove-characters", "quarantine", "drop-column")]


@PROPERTY
@given(rows_strategy)
def test_two_runs_give_identical_outputs(rows):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "p.csv"
        write_csv(source, table(rows))
        audit(source, Path(folder) / "one")
        audit(source, Path(folder) / "two")
        for name in ("p.clean.csv", "p.quarantine.csv"):
            assert (Path(folder) / "one" / name).read_bytes() == (Path(folder) / "two" / name).read_bytes()
        reports = [read_report(Path(folder) / d / "p.report.json") for d in ("one", "two")]
        for report in reports:
            report["options"].pop("run_at")
            report["outputs"] = {}
        assert reports[0] == reports[1]


# A ragged line: cut short after `cut` fields (at least the Id), or with extra fields, holding text or empty.
SHAPES = st.one_of(st.just(("ok", 0)), st.just(("ok", 0)), st.tuples(st.just("short"), st.integers(1, len(HEADER) - 1)),
                   st.tuples(st.just("extra"), st.integers(1, 3)), st.tuples(st.just("empty-extra"), st.integers(1, 2)))
ragged_strategy = st.lists(st.tuples(st.tuples(*[cell(c) for c in HEADER[1:]]), SHAPES), min_size=1, max_size=30)


def shaped(record: list[str], shape: tuple[str, int]) -> list[str]:
    kind, n = shape
    if kind == "short":
        return record[:n]
    if kind == "extra":
        return record + [f"en trop {i}" for i in range(n)]
    return record + [""] * n if kind == "empty-extra" else record


def as_read(fields: list[str]) -> list[str]:
    """What the audit keeps of a line: the header's width, extra text joined into the last cell."""
    width = len(HEADER)
    if len(fields) > width and any(fields[width:]):
        return fields[:width - 1] + [";".join(fields[width - 1:])]
    return (fields + [""] * width)[:width]


@PROPERTY
@example([(("Durand",) * 7, ("extra", 1))] * 11 + [(("Durand",) * 7, ("ok", 0))] * 5)  # refused: 11 of 16
@example([(("Durand",) * 7, ("short", 2))] + [(("Durand",) * 7, ("ok", 0))] * 5)
@given(ragged_strategy)
def test_ragged_lines_are_refused_with_a_message_or_every_row_is_kept_or_quarantined_once(shaped_rows):
    from fichier_check.errors import UserError
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "p.csv", Path(folder) / "out"
        lines = [shaped([str(i), *row], shape) for i, (row, shape) in enumerate(shaped_rows)]
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(lines)
        source.write_bytes(buffer.getvalue().encode("utf-8"))
        before = source.read_bytes()
        try:
            audit(source, out)
        except UserError as error:
            assert error.message and error.line and not out.exists()
            return
        finally:
            assert source.read_bytes() == before
        clean, quarantine = read_csv(out / "p.clean.csv"), read_csv(out / "p.quarantine.csv")
        ids = [r[0] for r in clean[1:]] + [r[0] for r in quarantine[1:]]
        assert sorted(ids, key=int) == [line[0] for line in lines]
        malformed = {line[0] for line in lines if len(line) < len(HEADER) or any(line[len(HEADER):])}
        assert malformed <= {r[0] for r in quarantine[1:]}
        for row in quarantine[1:]:
            assert row[:len(HEADER)] == as_read(lines[int(row[0])])
