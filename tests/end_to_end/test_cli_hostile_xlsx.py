"""Hostile workbooks through the real command: a zip bomb, a lying archive or a cell longer than
Excel writes ends the run with exit 2 and one line naming the file, before anything inflates the
workbook and with nothing written; `--max-cell-chars` (or `max_cell_chars:`) reads a long cell."""
from __future__ import annotations

import pytest

from tests.end_to_end.test_cli_broken_input import refused
from tests.read.hostile_zip import long_cell_workbook, shared_string_bomb, workbook_with


@pytest.mark.parametrize("declared", [None, 1_000], ids=["honest sizes", "lying sizes"])
def test_a_shared_string_bomb_is_refused_with_exit_2(cli, tmp_path, declared):
    sizes = {"xl/sharedStrings.xml": declared} if declared else None
    bomb = workbook_with(tmp_path / "bombe.xlsx", shared_string_bomb(64), declared=sizes)
    before = bomb.read_bytes()
    run = cli("audit", str(bomb))
    refused(run, f"{bomb}: part xl/sharedStrings.xml", "not a workbook Excel saved", "do not open it")
    assert bomb.read_bytes() == before


def test_a_cell_longer_than_excel_writes_is_refused_unless_the_limit_is_raised(cli, tmp_path):
    path = long_cell_workbook(tmp_path / "long.xlsx", "x" * 40_000)
    refused(cli("audit", str(path)), f"{path}: part xl/sharedStrings.xml: a cell holds more than 32,767 characters",
            "use --max-cell-chars N to read it anyway")
    run = cli("audit", str(path), "--max-cell-chars", "40000", "--lang", "en")
    assert run.code in (0, 1), run.stderr
    assert run.report("long")["input"]["rows"] == 1
    assert "Commentaire" in cli("columns", str(path), "--max-cell-chars", "40000").stdout


def test_the_config_file_may_raise_the_limit_and_the_option_wins(cli, tmp_path):
    path = long_cell_workbook(tmp_path / "long.xlsx", "x" * 40_000)
    (tmp_path / "fichier-check.yaml").write_text("max_cell_chars: 40000\n", encoding="utf-8")
    assert cli("audit", str(path), "--lang", "en").code in (0, 1)
    refused(cli("audit", str(path), "--max-cell-chars", "32767", out=tmp_path / "refused"), "more than 32,767 characters")


@pytest.mark.parametrize("value", ["1000", "true", "'40000'"])
def test_a_limit_below_excels_is_refused_in_the_config(cli, tmp_path, value):
    (tmp_path / "fichier-check.yaml").write_text(f"lang: en\nmax_cell_chars: {value}\n", encoding="utf-8")
    path = long_cell_workbook(tmp_path / "p.xlsx", "court")
    refused(cli("audit", str(path)), "fichier-check.yaml:2: max_cell_chars: invalid value")


def test_a_limit_below_excels_is_refused_on_the_command_line(cli, tmp_path):
    run = cli("audit", str(long_cell_workbook(tmp_path / "p.xlsx", "court")), "--max-cell-chars", "1000")
    assert run.code == 2 and "1000 is not in the range x>=32767" in run.stderr
