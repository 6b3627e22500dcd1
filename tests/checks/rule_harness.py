"""Run one rule, written as a YAML entry, on a small table: the real pack validation and engine.

`flagged_rows(RULE, email=[...])` answers with the spreadsheet rows (header = row 1) the rule
flagged, so a test reads like the rule's specification.
"""
from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from fichier_check.read.columns import map_columns
from fichier_check.engine.run_rules import Engine, plan_rules
from fichier_check.engine.rulepack import load_rules
from fichier_check.table import Chunk

DEFAULT_MESSAGE = {"fr": "test", "en": "test"}


def run_rule(rule: dict, *, as_of: str = "2026-11-28", channels=("email", "sms", "phone", "post"),
             lists: dict | None = None, headers: dict[str, str] | None = None, tmp: Path | None = None,
             extra_rules: list[dict] | None = None, extra_rules_first: bool = False, vocabulary: dict | None = None,
             chunk_rows: int | None = None, sector: str | None = None, **columns: list[str]):
    """Run `rule` on a table whose columns are given as `header=[values]` (underscores in the
    keyword become spaces unless `headers` maps keyword → exact header), after `extra_rules` when
    `extra_rules_first` (as a pack listing them earlier), else before them; `vocabulary`: the test
    pack's `vocabulary:` section, on top of the shipped one; `chunk_rows`: the table is fed to the
    engine in chunks of that many rows (one chunk when None), then `finish_file()` is called;
    `sector`: the campaign's (--sector). Returns (engine, skipped)."""
    import tempfile
    entry = {"message": DEFAULT_MESSAGE, **rule}
    folder = Path(tmp or tempfile.mkdtemp())
    pack = folder / "pack.yaml"
    extras = [{"message": DEFAULT_MESSAGE, **extra} for extra in extra_rules or []]
    entries = extras + [entry] if extra_rules_first else [entry] + extras
    data = {"pack": "test", "version": "1", "rules": entries, **({"vocabulary": vocabulary} if vocabulary else {})}
    pack.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    ruleset = load_rules([str(pack)])
    names = [(headers or {}).get(k, k.replace("_", " ")) for k in columns]
    length = max((len(v) for v in columns.values()), default=0)
    data = {i: [str(x) for x in values] + [""] * (length - len(values)) for i, values in enumerate(columns.values())}
    frame = pd.DataFrame(data, dtype=object)
    colmap = map_columns(names, sample=frame)
    day = dt.date.fromisoformat(as_of)
    active, skipped = plan_rules(ruleset.rules, colmap, day, tuple(channels), lists or {}, sector)
    engine = Engine(active, colmap, day, tuple(channels), lists or {}, vocabulary=ruleset.vocabulary, sector=sector)
    step = chunk_rows or max(length, 1)
    for number, start in enumerate(range(0, max(length, 1), step)):
        part = frame.iloc[start:start + step].reset_index(drop=True)
        engine.check_chunk(Chunk(frame=part, row_numbers=np.arange(start + 2, start + len(part) + 2, dtype=np.int64)),
                           number)
    engine.finish_file()
    return engine, skipped


def findings_in_file(rule: dict, path: Path, *, as_of: str = "2026-11-28") -> list:
    """Run `rule` on a real file as the reader gives it (chunks, row numbers, malformed rows)."""
    from fichier_check.read.source import open_table
    pack = path.parent / "pack.yaml"
    pack.write_text(yaml.safe_dump({"pack": "test", "version": "1", "rules": [{"message": DEFAULT_MESSAGE, **rule}]},
                                   allow_unicode=True), encoding="utf-8")
    source = open_table(path)
    colmap = map_columns(source.header)
    day = dt.date.fromisoformat(as_of)
    active, _ = plan_rules(load_rules([str(pack)]).rules, colmap, day, ("email", "sms", "phone", "post"), {})
    engine = Engine(active, colmap, day, ("email", "sms", "phone", "post"), {})
    for number, chunk in enumerate(source.chunks()):
        engine.check_chunk(chunk, number)
    engine.finish_file()
    return [f for o in engine.outcomes() for f in o.findings()]


def flagged_rows(rule: dict, **kwargs) -> list[int]:
    engine, _ = run_rule(rule, **kwargs)
    return sorted({f.row for o in engine.outcomes() for f in o.findings()})


def findings(rule: dict, **kwargs) -> list:
    engine, _ = run_rule(rule, **kwargs)
    return [f for o in engine.outcomes() for f in o.findings()]


def skipped_reasons(rule: dict, **kwargs) -> list[str]:
    _, skipped = run_rule(rule, **kwargs)
    return [s.reason for s in skipped]


def decisions(rule: dict, **kwargs):
    """(the first chunk's decisions, every chunk's)."""
    engine, _ = run_rule(rule, **kwargs)
    return engine.decisions.chunks[0], engine.decisions


def dedent(text: str) -> str:
    return textwrap.dedent(text).strip() + "\n"
