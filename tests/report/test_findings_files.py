"""The findings side file in its three formats: every finding once, in the report's order, the
same record whichever format (Parquet for pandas/polars/duckdb, CSV for Excel, JSON Lines for
jq), in bounded batches."""
from __future__ import annotations

import csv
import io
import json

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fichier_check.engine.findings import AuditResult, RuleOutcome, Severity
from fichier_check.report import findings_table
from fichier_check.report.findings_jsonl import _json_strings
from fichier_check.runtime.spool import FindingStore


def outcome(rule_id: str, rows, values, details, lines=None, column: str | None = "Téléphone") -> RuleOutcome:
    store = FindingStore()
    store.append(np.asarray(rows, dtype=np.int64), values, details, None if lines is None else np.asarray(lines))
    store.close()
    return RuleOutcome(rule_id, "phone-quality", Severity.WARNING, "tag", "m", "RGPD", column, 0,
                       np.array(store.example_rows), store.example_values, store.example_details, store=store,
                       lines=store.example_lines)


def run(*outcomes) -> AuditResult:
    return AuditResult(input={}, options={}, columns={}, outcomes=list(outcomes))


SAMPLE = run(outcome("phone-invalid", [3, 9], ["+33 6 •• •• •• 89", "01 23"], ["too short", None], [3, 10]),
             outcome("sensitive-column", [1], ["Religion"], ["religion"], None, column="Religion"),
             outcome("no-usable-channel", [4], [""], [None], [4], column=None))
EXPECTED = [f.as_json() for o in SAMPLE.outcomes for f in o.findings()]


def written(name: str, result: AuditResult = SAMPLE) -> bytes:
    buffer = io.BytesIO()
    findings_table.write(name, result, buffer)
    return buffer.getvalue()


def test_the_records_are_the_findings_in_the_reports_order():
    assert [(r["rule"], r["row"], r["line"]) for r in EXPECTED] == [
        ("phone-invalid", 3, 3), ("phone-invalid", 9, 10), ("sensitive-column", 1, None), ("no-usable-channel", 4, 4)]
    assert list(EXPECTED[0]) == list(findings_table.COLUMNS)


def test_parquet_reads_back_as_the_findings():
    table = pq.read_table(io.BytesIO(written("parquet")))
    assert table.schema.field("row").type == pa.int64() and table.schema.field("line").type == pa.int64()
    assert table.to_pylist() == EXPECTED


def test_jsonl_is_one_json_object_per_finding_and_per_line():
    lines = written("jsonl").decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == EXPECTED
    assert lines[0] == json.dumps(EXPECTED[0], ensure_ascii=False)


def test_csv_opens_in_excel_with_a_bom_and_semicolons():
    raw = written("csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert list(rows[0]) == list(findings_table.COLUMNS)
    assert [(r["rule"], r["row"], r["line"], r["column"]) for r in rows] == [
        ("phone-invalid", "3", "3", "Téléphone"), ("phone-invalid", "9", "10", "Téléphone"),
        ("sensitive-column", "1", "", "Religion"), ("no-usable-channel", "4", "4", "")]


def test_csv_texts_a_spreadsheet_would_run_as_formulas_start_with_an_apostrophe():
    hostile = run(outcome("formula-injection", [2, 3, 4], ["=HYPERLINK(\"x\")", "@SUM(A1)", "-2+3"],
                          ["+cmd", None, "plain"], column="=A1"))
    rows = list(csv.DictReader(io.StringIO(written("csv", hostile).decode("utf-8-sig")), delimiter=";"))
    assert [r["value"] for r in rows] == ["'=HYPERLINK(\"x\")", "'@SUM(A1)", "'-2+3"]
    assert [r["detail"] for r in rows] == ["'+cmd", "", "plain"] and {r["column"] for r in rows} == {"'=A1"}
    assert [r["value"] for r in csv.DictReader(io.StringIO(written("csv").decode("utf-8-sig")), delimiter=";")][0] \
        == "'+33 6 •• •• •• 89"  # a masked phone number would be a formula too


def test_csv_neutralises_a_rule_packs_free_texts_too():
    one = outcome("r", [2], ["v"], [None])
    one.family = "=HYPERLINK(\"https://example.invalid\")"
    rows = list(csv.DictReader(io.StringIO(written("csv", run(one)).decode("utf-8-sig")), delimiter=";"))
    assert rows[0]["family"] == "'=HYPERLINK(\"https://example.invalid\")"


def test_no_finding_gives_a_file_with_only_the_columns():
    assert pq.read_table(io.BytesIO(written("parquet", run()))).num_rows == 0
    assert written("jsonl", run()) == b""
    assert written("csv", run()).decode("utf-8-sig").splitlines() == [";".join(f'"{c}"' for c in findings_table.COLUMNS)]


def test_many_small_batches_are_gathered_into_row_groups():
    store = FindingStore()
    for start in range(2, 300_002, 1_000):  # a chunk's findings at a time, as a run appends them
        rows = np.arange(start, start + 1_000)
        store.append(rows, ["v"] * len(rows), [None] * len(rows), rows)
    store.close()
    many = run(RuleOutcome("r", "f", Severity.INFO, "none", "m", "b", "c", 0, np.array([2]), ["v"], [None], store=store))
    batches = list(findings_table.batches(many))
    assert sum(b.num_rows for b in batches) == 300_000 and len(batches) == 3
    metadata = pq.read_metadata(io.BytesIO(written("parquet", many)))
    assert metadata.num_rows == 300_000 and metadata.num_row_groups == 3


@pytest.mark.parametrize("name", ["parquet", "csv", "jsonl"])
def test_each_format_is_a_module_named_in_the_registry(name):
    assert name in findings_table.CHOICES and findings_table.FORMATS[name].endswith(f"findings_{name}")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text()), max_size=30))
def test_json_strings_are_what_json_dumps_writes(values):
    assert _json_strings(pa.array(values, type=pa.string())).to_pylist() == [
        json.dumps(v, ensure_ascii=False) for v in values]


FINDING_TEXTS = st.one_of(st.none(), st.text(), st.sampled_from(["06 •• •• •• 78", "", "a\"b", "c\\d", "e\nf", "g\x1fh"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(FINDING_TEXTS, FINDING_TEXTS), min_size=1, max_size=20),
       st.sampled_from(["all", "no-null", "none"]))
def test_each_jsonl_line_is_json_dumps_of_the_finding(pairs, shape):
    values = [v if shape != "no-null" or v is not None else "x" for v, _ in pairs]
    details = [None if shape == "none" else d for _, d in pairs]
    one = RuleOutcome("r-1", "fam", Severity.ERROR, "block", "Message « é »", 'loi "x"', 'Télé"phone', 6,
                      np.arange(2, 2 + len(pairs), dtype=np.int64), values, details)
    lines = written("jsonl", run(one)).decode("utf-8").split("\n")
    assert lines[:-1] == [json.dumps(f.as_json(), ensure_ascii=False) for f in one.findings()] and lines[-1] == ""
