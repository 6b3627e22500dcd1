"""A baseline: what is new and what was fixed since an earlier run.

Findings are recognised by their fingerprint (rule, column, value), not their row: rows inserted
above a finding or a sorted file do not make it new. `--fail-on-new` fails only on new findings.
"""
from __future__ import annotations

import json

from tests.ci_files import AS_OF, BAD_PHONE, CLEAN_ROWS, HEALTH, dirty, write_prospects

ANOTHER_BAD_PHONE = "Blanc;Delta;99;achats@delta.fr;RAS\n"


def baseline(cli, *paths):
    run = cli("check", *paths, *AS_OF, "--format", "json", "--output", "baseline.json")
    assert run.code == 1 and run.stdout == "", run.stderr
    return "baseline.json"


def compare(cli, *args):
    run = cli("check", *args, *AS_OF, "--format", "json", "--baseline", "baseline.json")
    return run, json.loads(run.stdout)


def entry(document, rule, path="a.csv"):
    [found] = [e for f in document["files"] if f["input"]["path"] == path for e in f["findings"] if e["rule"] == rule]
    return found


def test_the_same_file_again_has_nothing_new_and_nothing_fixed(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    baseline(cli, "a.csv")
    run, document = compare(cli, "a.csv", "--fail-on-new")
    assert run.code == 0
    assert document["files"][0]["baseline"]["new"] == 0 and document["files"][0]["baseline"]["fixed"] == 0
    assert document["files"][0]["summary"]["verdict"] == "pass"


def test_rows_moved_or_inserted_above_do_not_make_a_finding_new(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    baseline(cli, "a.csv")
    write_prospects(tmp_path / "a.csv", CLEAN_ROWS[1], HEALTH, CLEAN_ROWS[0], CLEAN_ROWS[1], BAD_PHONE)
    run, document = compare(cli, "a.csv", "--fail-on-new")
    assert run.code == 0, document["files"][0]["baseline"]
    assert entry(document, "phone-invalid")["examples"][0]["row"] == 6
    assert entry(document, "phone-invalid")["new"] == 0


def test_a_new_finding_is_new_and_fails_the_run_with_fail_on_new(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    baseline(cli, "a.csv")
    write_prospects(tmp_path / "a.csv", CLEAN_ROWS[0], BAD_PHONE, HEALTH, ANOTHER_BAD_PHONE)
    run, document = compare(cli, "a.csv", "--fail-on-new", "--fail-on", "warning")
    assert run.code == 1
    found = entry(document, "phone-invalid")
    assert found["count"] == 2 and found["new"] == 1
    assert [e["new"] for e in found["examples"]] == [False, True]
    assert document["files"][0]["baseline"]["new"] == 1


def test_a_new_finding_below_the_threshold_does_not_fail_it(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    baseline(cli, "a.csv")
    write_prospects(tmp_path / "a.csv", CLEAN_ROWS[0], BAD_PHONE, HEALTH, ANOTHER_BAD_PHONE)
    run, _ = compare(cli, "a.csv", "--fail-on-new")  # phone-invalid is a warning; the threshold is error
    assert run.code == 0


def test_a_finding_gone_is_reported_fixed(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    baseline(cli, "a.csv")
    write_prospects(tmp_path / "a.csv", CLEAN_ROWS[0], BAD_PHONE, CLEAN_ROWS[1])
    run, document = compare(cli, "a.csv", "--fail-on-new")
    assert run.code == 0
    [fixed] = document["files"][0]["baseline"]["fixed_findings"]
    assert fixed["rule"] == "sensitive-term" and fixed["count"] == 1 and fixed["column"] == "Commentaire"
    text = cli("check", "a.csv", *AS_OF, "--baseline", "baseline.json", "--lang", "en").stdout
    assert "baseline: 0 new, 1 fixed" in text


def test_the_same_value_twice_is_two_findings_one_of_them_new(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    baseline(cli, "a.csv")
    write_prospects(tmp_path / "a.csv", CLEAN_ROWS[0], BAD_PHONE, HEALTH, BAD_PHONE)
    _, document = compare(cli, "a.csv")
    assert entry(document, "phone-invalid")["new"] == 1


def test_without_fail_on_new_old_findings_still_fail_the_run(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    baseline(cli, "a.csv")
    run, _ = compare(cli, "a.csv")
    assert run.code == 1


def test_files_the_run_does_not_check_are_not_reported_fixed(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    dirty(tmp_path / "b.csv")
    baseline(cli, "a.csv", "b.csv")
    _, document = compare(cli, "b.csv")
    assert [f["input"]["path"] for f in document["files"]] == ["b.csv"]
    assert document["files"][0]["baseline"]["fixed"] == 0


def test_an_audit_compares_with_its_previous_report_made_with_a_baseline(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    baseline(cli, "a.csv")
    out = tmp_path / "out"
    first = cli("audit", "a.csv", *AS_OF, "--baseline", "baseline.json", "--out-dir", str(out))
    assert first.report("a")["baseline"]["new"] == 0
    write_prospects(tmp_path / "a.csv", CLEAN_ROWS[0], BAD_PHONE, HEALTH, ANOTHER_BAD_PHONE)
    (tmp_path / "previous.json").write_bytes((out / "a.report.json").read_bytes())
    second = cli("audit", "a.csv", *AS_OF, "--baseline", "previous.json", "--fail-on-new", "--fail-on", "warning",
                 "--out-dir", str(out))
    assert second.code == 1 and second.report("a")["baseline"]["new"] == 1


def test_a_report_without_fingerprints_is_refused_as_a_baseline_with_how_to_make_one(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    cli("audit", "a.csv", *AS_OF, "--out-dir", str(tmp_path / "out"))
    run = cli("check", "a.csv", "--baseline", str(tmp_path / "out" / "a.report.json"))
    assert run.code == 2 and "lists no fingerprints" in run.stderr and "--format json" in run.stderr


def test_a_baseline_made_under_another_key_is_refused(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    baseline(cli, "a.csv")
    run = cli("check", "a.csv", "--baseline", "baseline.json", env={"FICHIER_CHECK_FINGERPRINT_KEY": "secret"})
    assert run.code == 2 and "another key" in run.stderr


def test_fail_on_new_without_a_baseline_is_a_usage_error(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    run = cli("check", "a.csv", "--fail-on-new")
    assert run.code == 2 and "--fail-on-new needs a --baseline" in run.stderr


def test_a_baseline_that_is_not_a_report_is_refused(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    (tmp_path / "baseline.json").write_text("[1, 2]", encoding="utf-8")
    run = cli("check", "a.csv", "--baseline", "baseline.json")
    assert run.code == 2 and "baseline.json: not a fichier-check JSON report" in run.stderr


def test_a_finding_whose_row_was_edited_elsewhere_is_new(cli, tmp_path):
    """The fingerprint is the row's content (as a linter keys a baseline on the line's text): a
    row touched since the baseline owns its findings again."""
    dirty(tmp_path / "a.csv")
    baseline(cli, "a.csv")
    write_prospects(tmp_path / "a.csv", CLEAN_ROWS[0], BAD_PHONE.replace("RAS", "rappeler lundi"), HEALTH,
                    CLEAN_ROWS[1])
    _, document = compare(cli, "a.csv")
    assert entry(document, "phone-invalid")["new"] == 1
    assert entry(document, "sensitive-term")["new"] == 0


def test_findings_of_rules_the_run_does_not_apply_are_not_called_fixed(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    baseline(cli, "a.csv")
    _, document = compare(cli, "a.csv", "--rules", "quality")
    assert document["files"][0]["baseline"]["fixed"] == 0


def test_a_baseline_of_another_file_is_not_compared_with_this_one(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    baseline(cli, "a.csv")
    dirty(tmp_path / "b.csv")
    _, document = compare(cli, "b.csv")
    assert document["files"][0]["baseline"]["matched_file"] is None
    assert document["files"][0]["baseline"]["fixed"] == 0
    out = tmp_path / "out"
    run = cli("audit", "b.csv", *AS_OF, "--baseline", "baseline.json", "--out-dir", str(out))
    assert run.report("b")["baseline"]["matched_file"] is None
