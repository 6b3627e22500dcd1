"""`--format sarif`: a SARIF 2.1.0 log that GitHub code scanning accepts, read as its specification.

The log is valid against the official SARIF 2.1.0 JSON schema (OASIS, vendored in tests/data/sarif);
it holds one run of fichier-check describing every rule that ran; each finding is a result at
the physical line of its row in the file, relative to the repository root, with a fingerprint
that does not move with the rows; waived findings are suppressed, an expired waiver and an
unreadable file are notifications; a baseline gives each result its state; no more results than
code scanning shows, every (file, rule, column) kept; no personal value anywhere.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from fichier_check.report import sarif
from tests.report import ci_example as example

SCHEMA = json.loads((Path(__file__).parents[1] / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))
NOTES = f"leads/{example.NOTES_NAME}"
_URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-F]{2})+")  # RFC 3986's characters


def valid(log: dict) -> dict:
    """The log, checked against the SARIF 2.1.0 schema, with every artifact URI a URI reference."""
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    for uri in re.findall(r'"uri": "([^"]*)"', json.dumps(log, ensure_ascii=False)):
        assert _URI_REFERENCE.fullmatch(uri), uri
    return log


@pytest.fixture(scope="module")
def main(tmp_path_factory):
    folder, text = example.main_run(tmp_path_factory, "sarif")
    return folder, text, valid(json.loads(text))["runs"][0]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    folder, before, after = example.baseline_run(tmp_path_factory, "sarif")
    return folder, valid(json.loads(before))["runs"][0], after, valid(json.loads(after))["runs"][0]


def results_of(run: dict, path: str) -> list[dict]:
    return [r for r in run["results"] if unquote(where(r)["artifactLocation"]["uri"]) == path]


def where(result: dict) -> dict:
    return result["locations"][0]["physicalLocation"]


def test_the_log_is_sarif_2_1_0_with_one_run_of_fichier_check(main):
    _, text, run = main
    log = json.loads(text)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json") and len(log["runs"]) == 1
    driver = run["tool"]["driver"]
    assert driver["name"] == "fichier-check" and driver["version"] and driver["informationUri"].startswith("https://")


def test_every_rule_that_ran_is_described_with_its_legal_basis(main):
    driver = main[2]["tool"]["driver"]
    ids = [rule["id"] for rule in driver["rules"]]
    assert len(ids) == len(set(ids)) and {"sms-optin-missing", "nir", "email-invalid", "no-usable-channel"} <= set(ids)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["properties"]["legal_basis"] in rule["help"]["text"] and rule["properties"]["family"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    assert by_id["sms-optin-missing"]["defaultConfiguration"]["level"] == "error"
    assert by_id["email-invalid"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["no-usable-channel"]["defaultConfiguration"]["level"] == "note"
    assert by_id["sms-optin-missing"]["helpUri"].startswith("https://www.cnil.fr/")


def test_each_finding_is_one_result_of_its_rule_in_its_file(main):
    run = main[2]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert where(result)["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    found = results_of(run, "leads/prospects.csv")
    assert len(found) == 66  # every finding of the example: 28 errors, 31 warnings, 7 infos
    sms = [r for r in found if r["ruleId"] == "sms-optin-missing"]
    assert sorted(r["properties"]["row"] for r in sms) == [3, 8, 11, 16, 17, 19, 22, 27, 29]
    assert all(r["level"] == "error" and "(column Portable, row " in r["message"]["text"] for r in sms)
    assert {r["level"] for r in found if r["ruleId"] == "no-usable-channel"} == {"note"}
    assert results_of(run, "leads/clean.csv") == []


def test_a_result_stands_on_the_physical_line_of_its_row(main):
    notes = results_of(main[2], NOTES)
    assert {r["ruleId"] for r in notes} == {"sms-optin-missing", "phone-consent-missing", "no-usable-channel",
                                            "source-missing"}  # no Source column: a finding on the header
    # row 3 of the notes file starts on line 4: row 2's comment spans two lines; the header is line 1
    assert {(r["properties"]["row"], where(r)["region"]["startLine"]) for r in notes} == {(3, 4), (1, 1)}
    uri = where(notes[0])["artifactLocation"]["uri"]
    assert " " not in uri and "%2C" in uri and "%25" in uri and unquote(uri) == NOTES


def test_every_result_has_a_fingerprint_that_rows_moving_keep(baseline):
    folder, before, _, after = baseline
    pattern = re.compile(r"^[0-9a-f]{16}(\.\d+)?$")
    for run in (before, after):
        prints = [(r["ruleId"], r["properties"]["column"], r["partialFingerprints"][sarif.FINGERPRINT])
                  for r in run["results"]]
        assert all(pattern.match(p) for _, _, p in prints) and len(set(prints)) == len(prints)
    recorded = {p for entry in json.loads((folder / "base.json").read_text("utf-8"))["files"][0]["findings"]
                for p in entry["fingerprints"]}
    assert {r["partialFingerprints"][sarif.FINGERPRINT] for r in before["results"]} == recorded
    # a row removed above them moved most findings up one row: their fingerprints did not change
    unchanged = [r for r in after["results"] if r["baselineState"] == "unchanged"]
    assert len(unchanged) == 64 and all(r["partialFingerprints"][sarif.FINGERPRINT] in recorded for r in unchanged)


def test_with_a_baseline_each_result_says_new_or_unchanged(baseline):
    run = baseline[3]
    new = [r for r in run["results"] if r["baselineState"] == "new"]
    assert {(r["ruleId"], r["properties"]["row"]) for r in new} == {
        ("email-optin-missing", 29), ("sms-optin-missing", 29), ("phone-consent-missing", 29)}
    assert {r["baselineState"] for r in run["results"]} == {"new", "unchanged"}
    assert run["properties"]["fichierCheck"]["baseline"] == {"source": "base.json", "new": 3, "fixed": 2}
    # --fail-on-new: only the new ones fail
    assert {r["properties"]["fails"] for r in new if r["level"] == "error"} == {True}
    assert not any(r["properties"]["fails"] for r in run["results"] if r["baselineState"] == "unchanged")


def test_a_waived_finding_is_an_accepted_external_suppression_and_a_note(main):
    found = results_of(main[2], "leads/prospects.csv")
    nir = [r for r in found if r["ruleId"] == "nir"]
    assert len(nir) == 1 and nir[0]["suppressions"][0]["kind"] == "external"
    assert nir[0]["suppressions"][0]["status"] == "accepted"
    assert nir[0]["suppressions"][0]["justification"] == "numéro fictif du jeu d'essai"
    assert nir[0]["suppressions"][0]["properties"]["source"] == "fichier-check.yaml:10"
    # code scanning ignores suppressions: a waived error is a note, which fails no pull-request check
    assert (nir[0]["level"], nir[0]["properties"]["severity"], nir[0]["properties"]["fails"]) == \
        ("note", "error", False)
    invalid = {r["properties"]["row"]: r for r in found if r["ruleId"] == "email-invalid"}
    assert "suppressions" in invalid[10] and "suppressions" not in invalid[17]  # the waiver names row 10 only
    assert "suppressions" not in next(r for r in found if r["ruleId"] == "sms-optin-missing")  # other/*.csv's


def test_an_expired_waiver_suppresses_nothing_and_is_a_warning_notification(main):
    run = main[2]
    assert all("suppressions" not in r for r in run["results"] if r["ruleId"] == "sensitive-term")
    notes = run["invocations"][0]["toolExecutionNotifications"]
    expired = [n for n in notes if n["level"] == "warning"]
    assert len(expired) == 1 and "sensitive-term" in expired[0]["message"]["text"]
    assert "2020-01-31" in expired[0]["message"]["text"]
    where = expired[0]["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"] == "fichier-check.yaml" and where["region"]["startLine"] == 15


def test_a_file_that_could_not_be_read_is_an_error_notification(main):
    invocation = main[2]["invocations"][0]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert len(errors) == 1 and "missing.csv" in errors[0]["message"]["text"]
    assert errors[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "missing.csv"


def test_audit_with_format_sarif_gives_the_log_of_its_one_file(main):
    folder, _, checked = main
    done = subprocess.run([sys.executable, "-m", "fichier_check", "audit", "leads/prospects.csv", "--format", "sarif",
                           "--out-dir", "out", "--as-of", "2026-11-28"], capture_output=True, text=True, cwd=folder,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=300)
    assert done.returncode == 1, done.stderr
    audited = valid(json.loads(done.stdout))["runs"][0]
    prints = [(r["ruleId"], r["partialFingerprints"][sarif.FINGERPRINT], "suppressions" in r)
              for r in audited["results"]]
    assert prints == [(r["ruleId"], r["partialFingerprints"][sarif.FINGERPRINT], "suppressions" in r)
                      for r in results_of(checked, "leads/prospects.csv")]
    [expired] = audited["invocations"][0]["toolExecutionNotifications"]
    assert expired["level"] == "warning" and "sensitive-term" in expired["message"]["text"]
    assert example.leaked(done.stdout) == []


def test_no_personal_value_is_written(main, baseline):
    assert example.leaked(main[1]) == []
    assert example.leaked(baseline[2]) == []


def test_over_the_cap_each_rule_and_column_keeps_results_and_the_rest_is_counted(main, monkeypatch):
    run = example.in_process(main[0], ["leads/prospects.csv"])
    monkeypatch.setattr(sarif, "MAX_RESULTS", 50)  # over the example's 41 (rule, column)s, under its 66 findings
    log = sarif.as_sarif(run, "en")
    valid(log)
    results = log["runs"][0]["results"]
    assert len(results) == 50
    assert {(r["ruleId"], r["properties"]["column"]) for r in results} == {
        (o.rule_id, o.column) for o in run.files[0].result.outcomes}  # 41 (rule, column)s, each kept
    assert log["runs"][0]["properties"]["fichierCheck"]["resultsLeftOut"] == 66 - 50
    note = log["runs"][0]["invocations"][0]["toolExecutionNotifications"][-1]
    assert note["level"] == "note" and note["message"]["text"].startswith("16 findings not listed")
    assert "--format json" in note["message"]["text"]


def test_a_file_of_many_findings_gives_what_code_scanning_shows_at_most(tmp_path):
    example.many_findings(tmp_path, rows=1000)
    run = example.in_process(tmp_path, ["big/many.csv"])
    text = sarif.render_run(run, "en")
    log = valid(json.loads(text))
    results = log["runs"][0]["results"]
    assert sum(o.count for o in run.files[0].result.outcomes) == 8000 and len(results) == sarif.MAX_RESULTS == 5000
    assert set(Counter((r["ruleId"], r["properties"]["column"]) for r in results).values()) == {625}
    assert len(gzip.compress(text.encode("utf-8"))) < 10 * 2**20  # GitHub's upload limit, gzipped
