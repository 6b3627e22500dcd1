"""An engine's work on a part crosses to the run's engine as plain data: absorbing the parts in
file order, then concluding the whole-file rules, gives what one engine fed every chunk gives —
findings, examples, counts and decisions — with the parts' rows and lines moved by the offsets."""
from __future__ import annotations

import datetime as dt
import pickle

from fichier_check.audit import load_lists
from fichier_check.config import Settings
from fichier_check.engine import partitions
from fichier_check.engine.rulepack import load_rules
from fichier_check.engine.run_rules import Engine, plan_rules
from fichier_check.read.columns import map_columns
from fichier_check.read.source import open_table
from fichier_check.table import LoadOptions
from tests.conftest import EXAMPLES

DAY = dt.date(2026, 6, 1)
CHANNELS = ("email", "sms", "phone", "post")


def the_example():
    settings = Settings(input=EXAMPLES / "prospects.csv", out_dir=EXAMPLES, as_of=DAY, channels=CHANNELS, lang="en",
                        fail_on="error", packs=[], opposition=[EXAMPLES / "opposition.csv"],
                        bloctel=EXAMPLES / "bloctel.txt", calls=EXAMPLES / "calls.csv")
    ruleset = load_rules(["default"])
    lists = load_lists(settings)
    source = open_table(EXAMPLES / "prospects.csv", LoadOptions(chunk_rows=6))
    chunks = list(source.chunks())
    columns = map_columns(source.header, {}, chunks[0].frame)
    active, _ = plan_rules(ruleset.rules, columns, DAY, CHANNELS, lists)
    return lambda: Engine(active, columns, DAY, CHANNELS, lists, "en", examples=4, fingerprints=True), chunks


def seen(engine: Engine) -> dict:
    out = {}
    for outcome in engine.outcomes():
        rows = [row for batch in outcome.batches() for row in batch.rows.tolist()]
        out[(outcome.rule_id, outcome.column)] = (outcome.count, outcome.rows_affected, outcome.first_row,
                                                  outcome.last_row, outcome.rows.tolist(), rows)
    return out


def test_parts_absorbed_in_order_give_what_one_engine_gives():
    make, chunks = the_example()
    whole = make()
    for number, chunk in enumerate(chunks):
        whole.check_chunk(chunk, number)
    whole.finish_file()

    run, states = make(), None
    for part in (chunks[:2], chunks[2:]):
        engine = make()
        for number, chunk in enumerate(part):
            engine.check_chunk(chunk, number)
        outcome = pickle.loads(pickle.dumps(partitions.export(engine)))  # it crosses machines
        states = outcome.states if states is None else [a + b for a, b in zip(states, outcome.states)]
        partitions.absorb(run, outcome.without_states(), row_offset=0, line_offset=0)
    partitions.preset_states(run, states)
    run.finish_file()

    assert len(run.file) >= 2  # the whole-file rules take part
    assert seen(run) == seen(whole)
    assert run.rows == whole.rows and run.reachable == whole.reachable
    assert run.customer_types == whole.customer_types
    assert run.decisions.rows_quarantined() == whole.decisions.rows_quarantined() > 0
    for number in whole.decisions.chunks:
        assert (run.decisions.chunks[number].quarantine_mask() == whole.decisions.chunks[number].quarantine_mask()).all()


def test_a_part_checked_alone_is_moved_by_the_rows_and_lines_before_it():
    make, chunks = the_example()
    alone = make()
    alone.check_chunk(chunks[0], 0)
    run = make()
    partitions.absorb(run, partitions.export(alone).without_states(), row_offset=100, line_offset=200)
    for outcome in run.outcomes():
        if outcome.column is not None and outcome.count and outcome.first_row > 1:
            original = next(o for o in alone.outcomes() if (o.rule_id, o.column) == (outcome.rule_id, outcome.column))
            assert outcome.rows.tolist() == [row + 100 for row in original.rows.tolist()]
            assert outcome.lines == [line + 200 for line in original.lines]
