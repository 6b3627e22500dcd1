"""unmapped-column: each column the mapper gave no role makes one finding on its header (info,
nothing removed), naming it (masked when the header looks like personal data). Columns set to
`ignore` in the configuration, harmless headers (ID, Secteur…) and empty unnamed columns pass.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from fichier_check.engine.run_rules import Engine, plan_rules
from fichier_check.engine.rulepack import load_rules
from fichier_check.read.columns import map_columns
from fichier_check.table import Chunk
from tests.checks.rule_harness import decisions, findings
from tests.checks.shipped import shipped

RULE = shipped("unmapped-column")


def flagged_headers(headers: list[str], values: list[str] | None = None) -> list[str]:
    columns = {f"c{i}": [(values or ["x"] * len(headers))[i]] for i in range(len(headers))}
    found = findings(RULE, headers={f"c{i}": h for i, h in enumerate(headers)}, **columns)
    return [f.column for f in found]


def test_each_unrecognised_column_is_one_finding_on_its_header():
    found = findings(RULE, headers={"a": "Nom", "b": "Loisirs", "c": "Situation familiale"},
                     a=["Durand", "Roux"], b=["golf", "pêche"], c=["marié", ""])
    assert [(f.row, f.column) for f in found] == [(1, "Loisirs"), (1, "Situation familiale")]
    assert all("golf" not in f.detail and "marié" not in f.detail for f in found)


def test_mapped_and_harmless_columns_pass():
    assert flagged_headers(["Nom", "Prénom", "E-mail", "Téléphone", "ID", "Secteur", "Code NAF", "Effectif"]) == []


def test_an_unnamed_column_passes_when_empty_and_is_flagged_when_filled():
    assert flagged_headers(["Nom", ""], values=["Durand", ""]) == []
    assert flagged_headers(["Nom", ""], values=["Durand", "x"]) == [" (col. 2)"]  # the label every report gives a nameless column


def test_nothing_is_removed():
    todo, whole = decisions(RULE, headers={"a": "Nom", "b": "Loisirs"}, a=["Durand"], b=["golf"])
    assert todo.edits == {} and todo.flags == {} and whole.dropped_columns == set()


def run_with(header: list[str], rows: list[list[str]], overrides: dict | None = None, masked: bool = False) -> list:
    import tempfile
    import yaml
    from pathlib import Path
    pack = Path(tempfile.mkdtemp()) / "pack.yaml"
    pack.write_text(yaml.safe_dump({"pack": "t", "version": "1", "rules": [{"message": {"fr": "t", "en": "t"}, **RULE}]}),
                    encoding="utf-8")
    frame = pd.DataFrame({i: [r[i] for r in rows] for i in range(len(header))}, dtype=object)
    columns = map_columns(header, overrides)
    columns.masked = masked
    day = dt.date(2026, 11, 28)
    active, _ = plan_rules(load_rules([str(pack)]).rules, columns, day, ("email",), {})
    engine = Engine(active, columns, day, ("email",), {})
    engine.check_chunk(Chunk(frame=frame, row_numbers=np.arange(2, len(rows) + 2, dtype=np.int64)), 0)
    engine.finish_file()
    return [f for o in engine.outcomes() for f in o.findings()]


def test_a_column_set_to_ignore_in_the_configuration_passes():
    assert [f.column for f in run_with(["Nom", "Loisirs"], [["Durand", "golf"]])] == ["Loisirs"]
    assert run_with(["Nom", "Loisirs"], [["Durand", "golf"]], overrides={"Loisirs": "ignore"}) == []


def test_a_header_that_looks_like_personal_data_is_named_masked():
    found = run_with(["Jean Dupont", "Lyon 3e"], [["Marie Roux", "Paris"]], masked=True)
    assert [f.column[-8:] for f in found] == ["(col. 1)", "(col. 2)"]
    assert all("Jean" not in f.column and "Dupont" not in f.column and "Lyon" not in f.column for f in found)
