"""The findings side file of a whole run: it holds every finding the JSON report counts, row by
row, agrees with the quarantine file's reasons, is masked, owner-only, and comes in the format
asked for (`--findings parquet|csv|jsonl|none`)."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import stat
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from fichier_check.audit import run_audit
from fichier_check.runner import build_settings
from tests.conftest import EXAMPLES, REPO, read_report

ROWS = 6_000


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("generated")
    paths = {"csv": folder / "p.csv", "opposition": folder / "opp.txt", "bloctel": folder / "bloc.txt"}
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), "--rows", str(ROWS), "--seed", "7",
                    "--out", str(paths["csv"]), "--opposition", str(paths["opposition"]), "--opposition-size", "2000",
                    "--bloctel", str(paths["bloctel"]), "--bloctel-size", "1000"], check=True, stdout=subprocess.DEVNULL)
    return paths


@pytest.fixture(scope="module")
def audited(generated, tmp_path_factory) -> Path:
    """A run in many chunks, with both lists, formula-looking cells kept as they are so quarantined rows
    compare with their input: the outputs' folder."""
    out = tmp_path_factory.mktemp("out")
    settings = build_settings(generated["csv"], {"out_dir": out, "as_of": "2026-11-28", "lang": "en",
                                                 "opposition": [generated["opposition"]],
                                                 "bloctel": generated["bloctel"], "neutralise_formulas": False})
    run_audit(dataclasses.replace(settings, chunk_rows=700))
    return out


def source_rows(path: Path) -> dict[int, list[str]]:
    """The input's data rows by spreadsheet row (a multi-line cell is one row)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""), delimiter=";"))
    return {number: row for number, row in enumerate(rows[1:], start=2)}


def test_the_side_file_holds_every_finding_the_report_counts(audited):
    report = read_report(audited / "p.report.json")
    side = pd.read_parquet(audited / "p.findings.parquet")
    counted = {(e["rule"], e["column"]): e for e in report["findings"]}
    assert sum(e["count"] for e in counted.values()) == len(side) > ROWS  # several chunks' worth of findings
    for (rule, column), group in side.groupby(["rule", "column"], dropna=False):
        entry = counted[(rule, None if pd.isna(column) else column)]
        assert (entry["count"], entry["rows_affected"]) == (len(group), group["row"].nunique())
        assert (entry["first_row"], entry["last_row"]) == (group["row"].min(), group["row"].max())
        assert [e["row"] for e in entry["examples"]] == group["row"].head(100).tolist()
    assert report["summary"]["by_rule"] == side["rule"].value_counts().to_dict()
    assert report["summary"]["by_family"] == side["family"].value_counts().to_dict()


def test_quarantined_rows_are_the_rows_of_quarantine_findings_with_the_same_rules(audited, generated):
    side = pd.read_parquet(audited / "p.findings.parquet")
    source = source_rows(generated["csv"])
    quarantining = side[side["action"] == "quarantine"].groupby("row")["rule"].agg(frozenset)
    expected = Counter((tuple(source[row]), rules) for row, rules in quarantining.items())
    quarantine = list(csv.reader(io.StringIO((audited / "p.quarantine.csv").read_text(encoding="utf-8"), newline=""),
                                 delimiter=";"))
    found = Counter((tuple(r[:-2]), frozenset(r[-2].split(", "))) for r in quarantine[1:])
    assert found == expected and len(found) > 10


def test_each_finding_points_at_the_line_its_row_starts_on(audited, generated):
    side = pd.read_parquet(audited / "p.findings.parquet")
    text = generated["csv"].read_text(encoding="utf-8")
    starts = {}  # spreadsheet row -> physical line, counted here from the quotes
    line, row, quoted = 1, 1, False
    for character in text:
        if character == '"':
            quoted = not quoted
        elif character == "\n":
            line += 1
            if not quoted:
                row += 1
                starts[row] = line
    rows = side[side["row"] != 1]  # findings about the header (a column, the file) stand on its line
    assert (rows["line"] != rows["row"]).any()  # the generator writes a few two-line comments
    assert all(starts[r] == ln for r, ln in zip(rows["row"], rows["line"]))


def test_the_side_file_is_masked_unless_values_are_shown(audited, generated):
    side = pd.read_parquet(audited / "p.findings.parquet")
    phones = side[side["column"] == "Téléphone"]["value"]
    assert len(phones) and phones.str.contains("•").all()
    source = source_rows(generated["csv"])
    comments = {row[13] for row in source.values() if len(row[13]) > 12}
    assert not comments & set(side["value"]) and not comments & set(side["detail"].dropna())


@pytest.fixture
def example(tmp_path):
    for name in ("prospects.csv", "bloctel.txt", "opposition.csv"):
        (tmp_path / name).write_bytes((EXAMPLES / name).read_bytes())
    return tmp_path / "prospects.csv"


@pytest.mark.parametrize("name", ["csv", "jsonl"])
def test_the_other_formats_hold_the_same_findings(cli, example, name, tmp_path):
    default = cli("audit", str(example), "--as-of", "2026-11-28", out=tmp_path / "parquet")
    other = cli("audit", str(example), "--as-of", "2026-11-28", "--findings", name, out=tmp_path / name)
    path = other.out_dir / f"prospects.findings.{name}"
    if name == "jsonl":
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    else:
        records = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
        for record in records:
            record.update(row=int(record["row"]), line=int(record["line"]) if record["line"] else None,
                          column=record["column"] or None, detail=record["detail"] or None,
                          value=record["value"].removeprefix("'"))
    assert records == default.side()
    assert other.report()["outputs"]["findings"] == str(path) and other.report()["options"]["findings"] == name
    assert not (other.out_dir / "prospects.findings.parquet").exists()


def test_findings_none_writes_no_side_file(cli, example):
    run = cli("audit", str(example), "--findings", "none")
    assert run.code == 1 and not list(run.out_dir.glob("*.findings.*"))
    assert "findings" not in run.report()["outputs"]


def test_examples_option_caps_the_reports_examples(cli, example):
    run = cli("audit", str(example), "--examples", "1", "--lang", "en")
    report = run.report()
    assert report["options"]["examples"] == 1
    assert all(len(e["examples"]) == min(1, e["count"]) for e in report["findings"])
    assert sum(e["count"] for e in report["findings"]) == len(run.side())  # the side file keeps them all


@pytest.mark.parametrize("option, value", [("--findings", "xml"), ("--examples", "99999999999999999999"),
                                           ("--examples", "-1")])
def test_a_bad_findings_or_examples_option_is_refused_in_one_line(cli, example, option, value):
    run = cli("audit", str(example), option, value)
    assert run.code == 2 and "Traceback" not in run.stderr and value in run.stderr
    assert not run.out_dir.exists() or not list(run.out_dir.iterdir())


def test_show_values_lifts_the_mask_in_the_side_file_too(cli, example):
    masked = cli("audit", str(example)).side()
    shown = cli("audit", str(example), "--show-values", out=example.parent / "shown").side()
    assert [(f["rule"], f["row"]) for f in masked] == [(f["rule"], f["row"]) for f in shown]
    assert any("•" in f["value"] for f in masked) and not any("•" in f["value"] for f in shown)


def test_the_side_file_is_readable_by_its_owner_only(cli, example):
    run = cli("audit", str(example))
    assert stat.S_IMODE((run.out_dir / "prospects.findings.parquet").stat().st_mode) == 0o600


def test_the_config_file_may_choose_the_side_files_format_and_the_examples(cli, example):
    (example.parent / "fichier-check.yaml").write_text("findings: jsonl\nexamples: 2\n", encoding="utf-8")
    run = cli("audit", str(example), cwd=example.parent)
    assert (run.out_dir / "prospects.findings.jsonl").exists()
    assert max(len(e["examples"]) for e in run.report()["findings"]) == 2
    overridden = cli("audit", str(example), "--findings", "parquet", "--examples", "0", cwd=example.parent,
                     out=example.parent / "cli-wins")
    assert overridden.side() and all(e["examples"] == [] for e in overridden.report()["findings"])


@pytest.mark.parametrize("text, needle", [("findings: xml\n", "findings"), ("examples: -1\n", "examples"),
                                          ("examples: many\n", "examples"),
                                          ("examples: 99999999999999999999999\n", "examples")])
def test_a_bad_value_in_the_config_names_the_file_and_line(cli, example, text, needle):
    config = example.parent / "fichier-check.yaml"
    config.write_text("lang: fr\n" + text, encoding="utf-8")
    run = cli("audit", str(example), "--config", str(config))
    assert run.code == 2 and "Traceback" not in run.stderr
    assert "fichier-check.yaml:2" in run.stderr and needle in run.stderr


def test_without_a_side_file_the_summaries_do_not_point_to_one(cli, example):
    run = cli("audit", str(example), "--findings", "none", "--lang", "en", "--examples", "1")
    html = (run.out_dir / "prospects.report.html").read_text(encoding="utf-8")
    assert "see the findings file" not in run.stdout and "not listed: --findings none" in run.stdout
    assert "not listed: --findings none" in html
    with_file = cli("audit", str(example), "--lang", "en", "--examples", "1", out=example.parent / "with")
    assert "see the findings file" in with_file.stdout
    assert "see the findings file" in (with_file.out_dir / "prospects.report.html").read_text(encoding="utf-8")
    assert "see the findings file" not in html and "not listed" not in with_file.stdout


def test_the_terminal_counts_what_it_did_not_show_whatever_examples_says(cli, example):
    def block(stdout: str) -> list[str]:
        """The lines under sms-optin-missing's title (9 findings in the example)."""
        lines = stdout.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("sms-optin-missing —"))
        return [line for line in lines[start + 1:] if line.startswith("  ")][:4]
    one = block(cli("audit", str(example), "--lang", "en", "--examples", "1").stdout)
    assert one[:2] == ["  row 3, Portable: 06 •• •• •• 78", "  … and 8 more (see the findings file)"]
    none = block(cli("audit", str(example), "--lang", "en", "--examples", "0", out=example.parent / "none").stdout)
    assert none[0] == "  … and 9 more (see the findings file)"
    default = block(cli("audit", str(example), "--lang", "en", out=example.parent / "default").stdout)
    assert default[3] == "  … and 6 more (see the findings file)"


def test_a_finding_about_a_header_points_at_the_headers_row_and_line(cli, tmp_path):
    path = tmp_path / "rel.csv"
    path.write_bytes(b"sep=;\r\n\r\nNom;Religion;Type client\r\nDurand;catholique;B2B\r\n")
    found = [f for f in cli("audit", str(path)).side("rel") if f["rule"] == "sensitive-column"]
    assert [(f["row"], f["line"], f["column"]) for f in found] == [(2, 3, "Religion")]


def test_a_side_file_left_by_an_earlier_run_in_another_format_is_removed(cli, example):
    out = example.parent / "out"
    cli("audit", str(example), "--show-values", out=out)
    assert (out / "prospects.findings.parquet").exists()
    run = cli("audit", str(example), "--findings", "csv", out=out)
    assert run.code == 1 and sorted(p.name for p in out.glob("*.findings.*")) == ["prospects.findings.csv"]
    cli("audit", str(example), "--findings", "none", out=out)
    assert not list(out.glob("*.findings.*"))


def test_a_refused_run_leaves_the_earlier_side_file_as_it_was(cli, example):
    out = example.parent / "out"
    cli("audit", str(example), out=out)
    before = (out / "prospects.findings.parquet").read_bytes()
    run = cli("audit", str(example), "--findings", "csv", "--as-of", "2026-13-45", out=out)
    assert run.code == 2 and (out / "prospects.findings.parquet").read_bytes() == before


def test_a_list_named_like_a_stale_side_file_is_never_removed(cli, example):
    out = example.parent / "out"
    out.mkdir()
    listed = out / "prospects.findings.jsonl"
    listed.write_text("anne.roux@orange.fr\n", encoding="utf-8")
    run = cli("audit", str(example), "--opposition", str(listed), out=out)
    assert run.code == 1 and listed.read_text(encoding="utf-8") == "anne.roux@orange.fr\n"
