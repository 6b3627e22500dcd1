"""The whole-file phase (`PHASE = "file"`): a check collects a compact state per chunk, concludes
once every chunk is checked (`Engine.finish_file`), and its findings and actions are recorded as
any rule's: spreadsheet rows and physical lines, fingerprints, decisions, counts."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import yaml

from fichier_check.engine import fingerprints
from fichier_check.engine.file_phase import FileFacts, _Numbers
from fichier_check.engine.rulepack import load_rules
from fichier_check.engine.run_rules import Engine, plan_rules
from fichier_check.read.columns import map_columns
from fichier_check.table import Chunk
from tests.checks.shipped import shipped

CHANNELS = ("email", "sms", "phone", "post")
HEADER = ["Nom", "E-mail", "Téléphone", "Opposition"]
ROWS = [["Roux", "anne@free.fr", "0612345678", ""],
        ["Petit", "paul@free.fr", "", ""],
        ["Roux", "ANNE@free.fr", "", ""],
        ["", "lea@free.fr", "0612345678", "oui"]]  # no name: the phone links it to Roux


def engine_for(rule_ids: list[str], tmp_path, fingerprinted: bool = False) -> Engine:
    entries = [{"message": {"fr": "t", "en": "t"}, **shipped(rule_id)} for rule_id in rule_ids]
    pack = tmp_path / "pack.yaml"
    pack.write_text(yaml.safe_dump({"pack": "t", "version": "1", "rules": entries}, allow_unicode=True), "utf-8")
    columns = map_columns(HEADER)
    day = dt.date(2026, 11, 28)
    active, _ = plan_rules(load_rules([str(pack)]).rules, columns, day, CHANNELS, {})
    return Engine(active, columns, day, CHANNELS, {}, fingerprints=fingerprinted)


def chunks(rows: list[list[str]], size: int, row_numbers=None, line_numbers=None) -> list[Chunk]:
    row_numbers = np.arange(2, len(rows) + 2) if row_numbers is None else np.asarray(row_numbers)
    out = []
    for start in range(0, len(rows), size):
        part = rows[start:start + size]
        frame = pd.DataFrame({i: [row[i] for row in part] for i in range(len(HEADER))}, dtype=object)
        lines = None if line_numbers is None else np.asarray(line_numbers[start:start + size], dtype=np.int64)
        out.append(Chunk(frame=frame, row_numbers=np.asarray(row_numbers[start:start + size], dtype=np.int64),
                         line_numbers=lines))
    return out


def run(engine: Engine, parts: list[Chunk]) -> Engine:
    for number, chunk in enumerate(parts):
        engine.check_chunk(chunk, number)
    engine.finish_file()
    return engine


def found(engine: Engine) -> list[tuple]:
    return sorted((f.rule, f.row, f.line, f.detail) for o in engine.outcomes() for f in o.findings())


def test_findings_point_to_the_spreadsheet_row_and_the_physical_line_across_chunks(tmp_path):
    # blank lines and multi-line cells: row and line numbers that do not count up by one
    numbers = {"row_numbers": [2, 3, 5, 9], "line_numbers": [2, 4, 7, 12]}
    engine = run(engine_for(["opposition-flag", "objection-propagated"], tmp_path), chunks(ROWS, 3, **numbers))
    assert found(engine) == [
        ("objection-propagated", 2, 2, "same person as row 9, quarantined by opposition-flag"),
        ("objection-propagated", 5, 7, "same person as row 9, quarantined by opposition-flag"),
        ("opposition-flag", 9, 12, None)]
    engine = run(engine_for(["duplicate-contact"], tmp_path), chunks(ROWS, 3, **numbers))
    assert found(engine) == [("duplicate-contact", 5, 7, "same e-mail as row 2"),
                             ("duplicate-contact", 9, 12, "same phone as row 2")]


def test_finish_file_runs_once_and_outcomes_runs_it_when_forgotten(tmp_path):
    engine = engine_for(["opposition-flag", "objection-propagated"], tmp_path)
    for number, chunk in enumerate(chunks(ROWS, 2)):
        engine.check_chunk(chunk, number)
    first = found(engine)  # finish_file not called: outcomes() calls it
    engine.finish_file()
    assert found(engine) == first and len(first) == 3
    assert engine.decisions.rows_quarantined() == 3


def test_the_quarantining_rules_conclude_first_whatever_the_pack_order(tmp_path):
    # duplicate-contact listed first still sees the rows objection-propagated quarantines
    engine = run(engine_for(["duplicate-contact", "opposition-flag", "objection-propagated"], tmp_path),
                 chunks(ROWS, 2))
    assert [f for f in found(engine) if f[0] == "duplicate-contact"] == []


def test_fingerprints_of_whole_file_findings_are_those_of_their_rows(tmp_path):
    engine = run(engine_for(["duplicate-contact"], tmp_path, fingerprinted=True), chunks(ROWS, 1))
    [outcome] = engine.outcomes()
    batches = list(outcome.store.batches())
    rows = [int(row) for batch in batches for row in batch[0]]
    prints = [value for batch in batches for value in batch[4].to_pylist()]
    expected = [int(fingerprints.of_findings("duplicate-contact", None, fingerprints.hash_rows(
        [pa.array([cell]) for cell in ROWS[row - 2]]))[0]) for row in rows]
    assert rows == [4, 5] and prints == expected


def test_the_rules_share_their_collected_keys(tmp_path):
    engine = engine_for(["objection-propagated", "duplicate-contact"], tmp_path)
    engine.check_chunk(chunks(ROWS, 4)[0], 0)
    first, second = (states[0] for states in engine._states)
    assert all(a is b for kind in first for a, b in zip(first[kind], second[kind]))


def test_an_engine_without_whole_file_rules_keeps_nothing(tmp_path):
    engine = run(engine_for(["opposition-flag"], tmp_path), chunks(ROWS, 2))
    assert engine._facts is None and engine._states == []


def test_an_empty_file_concludes_with_nothing(tmp_path):
    engine = engine_for(["opposition-flag", "objection-propagated", "duplicate-contact"], tmp_path)
    engine.finish_file()
    assert found(engine) == [] and engine.reachable == {c: 0 for c in CHANNELS}
    engine = run(engine_for(["duplicate-contact"], tmp_path), [Chunk(frame=pd.DataFrame({i: [] for i in range(4)},
                                                                                       dtype=object),
                                                                    row_numbers=np.zeros(0, dtype=np.int64))])
    assert found(engine) == []


def test_chunks_must_come_in_file_order(tmp_path):
    engine = engine_for(["duplicate-contact"], tmp_path)
    with pytest.raises(ValueError, match="out of order"):
        engine.check_chunk(chunks(ROWS, 2)[1], 1)


@pytest.mark.parametrize("values", [[2, 3, 4, 5], [7], [], [2, 3, 5, 6], [10, 9], [4, 9, 10, 11, 30]])
def test_numbers_are_kept_as_their_start_and_their_jumps(values):
    numbers = _Numbers.of(np.array(values, dtype=np.int64))
    assert numbers.take(np.arange(len(values))).tolist() == values
    assert numbers.take(np.arange(len(values))[::-1]).tolist() == values[::-1]
    jumps = sum(1 for a, b in zip(values, values[1:]) if b != a + 1)
    assert len(numbers.at) == len(numbers.lead) == jumps


def test_the_view_names_the_first_rule_listed_that_quarantined_or_blocked_a_row(tmp_path):
    engine = run(engine_for(["opposition-flag"], tmp_path), chunks(ROWS, 3))
    facts = FileFacts(CHANNELS)
    for number, chunk in enumerate(chunks(ROWS, 3)):
        facts.add(chunk, number, {"email": np.ones(len(chunk.row_numbers), dtype=bool)}, None)
    facts.decisions = engine.decisions
    facts.actions = {"opposition-flag": ("quarantine", CHANNELS)}
    assert facts.quarantined().tolist() == [0, 0, 0, 1]
    assert facts.quarantined(["other", "opposition-flag"]).tolist() == [0, 0, 0, 2]
    assert facts.quarantined(["other"]).tolist() == [0, 0, 0, 0]
    assert facts.blocked(["opposition-flag"], CHANNELS).tolist() == [0, 0, 0, 0]  # it quarantines, it does not block
    assert facts.row_numbers(np.array([3, 0])).tolist() == [5, 2]
    assert facts.reachable() == {"email": 3, "sms": 0, "phone": 0, "post": 0}
