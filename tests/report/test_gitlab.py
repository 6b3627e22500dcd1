"""`--format gitlab`: a GitLab Code Quality report, read as GitLab documents it ("Implement a
custom tool"): a JSON array of issues, each with description, check_name, fingerprint,
severity (info, minor, major, critical or blocker), location.path and location.lines.begin.

One issue per finding, at the physical line of its row; fingerprints unique in the report and
unchanged when rows move; waived findings left out and counted in one info issue per file, with
the expired waivers; an unreadable file a blocker; at most MAX_ISSUES issues, every (file, rule,
column) kept; no personal value anywhere.
"""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from fichier_check.report import gitlab
from tests.report import ci_example as example

SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
NOTES = f"leads/{example.NOTES_NAME}"


def valid(text: str) -> list[dict]:
    """The report, checked field by field against GitLab's documented format."""
    assert not text.startswith("\ufeff")  # GitLab's parser refuses a byte order mark
    issues = json.loads(text)
    assert isinstance(issues, list)
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in SEVERITIES
        assert isinstance(issue["location"]["path"], str) and issue["location"]["path"]
        begin = issue["location"]["lines"]["begin"]
        assert isinstance(begin, int) and not isinstance(begin, bool) and begin >= 1
    prints = [issue["fingerprint"] for issue in issues]
    assert len(prints) == len(set(prints)), "fingerprints are unique in the report"
    return issues


@pytest.fixture(scope="module")
def main(tmp_path_factory):
    folder, text = example.main_run(tmp_path_factory, "gitlab")
    return folder, text, valid(text)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    _, before, after = example.baseline_run(tmp_path_factory, "gitlab")
    return valid(before), after, valid(after)


def in_file(issues: list[dict], path: str, check: str | None = None) -> list[dict]:
    return [i for i in issues if i["location"]["path"] == path and (check is None or i["check_name"] == check)]


def test_each_finding_is_an_issue_at_its_line_with_its_rule_and_severity(main):
    issues = main[2]
    sms = in_file(issues, "leads/prospects.csv", "sms-optin-missing")
    assert len(sms) == 9 and {i["severity"] for i in sms} == {"critical"}
    assert "Consumer mobile without SMS consent: no SMS (column Portable, row 3)" in {i["description"] for i in sms}
    assert {i["severity"] for i in in_file(issues, "leads/prospects.csv", "phone-invalid")} == {"minor"}
    assert {i["severity"] for i in in_file(issues, "leads/prospects.csv", "no-usable-channel")} == {"info"}
    notes = in_file(issues, NOTES)
    # row 3, after a two-line comment; and line 1, the header: the file has no Source column (source-missing)
    assert {(i["check_name"], i["location"]["lines"]["begin"]) for i in notes if i["location"]["lines"]["begin"] != 4} \
        == {("source-missing", 1)}
    assert in_file(issues, "leads/clean.csv") == []


def test_waived_findings_are_listed_as_info_with_their_waiver(main):
    issues = in_file(main[2], "leads/prospects.csv")
    [nir] = in_file(issues, "leads/prospects.csv", "nir")
    assert nir["severity"] == "info" and "numéro fictif du jeu d'essai" in nir["description"]
    assert "until 2099-12-31" in nir["description"]
    emails = in_file(issues, "leads/prospects.csv", "email-invalid")
    assert [(i["description"].split(" — ")[0], i["severity"]) for i in emails] == [
        ("Invalid e-mail address: emptied (column E-mail, row 10)", "info"),  # row 10 is waived
        ("Invalid e-mail address: emptied (column E-mail, row 17)", "minor")]
    assert len(issues) == 66 + 1
    note = in_file(issues, "leads/prospects.csv", "fichier-check/not-listed")
    assert len(note) == 1 and note[0]["severity"] == "info"
    assert "sensitive-term" in note[0]["description"] and "2020-01-31" in note[0]["description"]  # expired
    assert len(in_file(issues, "leads/prospects.csv", "sensitive-term")) == 3  # and its findings listed


def test_an_unreadable_file_is_a_blocker(main):
    [issue] = in_file(main[2], "missing.csv")
    assert issue["check_name"] == "fichier-check/not-checked" and issue["severity"] == "blocker"
    assert "file not found" in issue["description"]


def test_fingerprints_stay_when_rows_move(baseline):
    before, _, after = baseline
    shared = {i["fingerprint"] for i in before} & {i["fingerprint"] for i in after}
    # the edit removed row 5 (2 findings) and added row 29 (3): the 64 others moved up, same fingerprints
    assert len(before) == 66 and len(after) == 67 and len(shared) == 64
    moved = {i["fingerprint"]: i["location"]["lines"]["begin"] for i in after}
    assert any(moved[i["fingerprint"]] == i["location"]["lines"]["begin"] - 1 for i in before
               if i["fingerprint"] in shared)


def test_no_personal_value_is_written(main, baseline):
    assert example.leaked(main[1]) == []
    assert example.leaked(baseline[1]) == []


def test_over_the_cap_each_rule_and_column_keeps_issues_and_the_rest_is_counted(main, monkeypatch):
    run = example.in_process(main[0], ["leads/prospects.csv"])
    monkeypatch.setattr(gitlab, "MAX_ISSUES", 50)  # over the example's 41 (rule, column)s, under its 66 findings
    issues = valid(json.dumps(gitlab.issues(run, "en")))
    findings = [i for i in issues if not i["check_name"].startswith("fichier-check/")]
    assert len(findings) == 50
    # every (rule, column) keeps one at least (nir's only finding, waived, included)
    columns = {(i["check_name"], re.search(r"\((?:column (.+), )?row \d+\)$",
                                           i["description"].split(" — ")[0]).group(1)) for i in findings}
    assert columns == {(o.rule_id, o.column) for o in run.files[0].result.outcomes}
    [note] = [i for i in issues if i["check_name"] == "fichier-check/not-listed"]
    assert note["description"].startswith("16 findings of this file not listed here (16 over the cap of 50)")


def test_a_file_of_many_findings_gives_at_most_max_issues(tmp_path):
    example.many_findings(tmp_path, rows=1500)
    issues = valid(gitlab.render_run(example.in_process(tmp_path, ["big/many.csv"]), "en"))
    findings = [i for i in issues if not i["check_name"].startswith("fichier-check/")]
    assert len(findings) == gitlab.MAX_ISSUES == 10_000
    assert set(Counter(i["check_name"] for i in findings).values()) == {1250, 2500}  # 8 (rule, column)s
    [note] = [i for i in issues if i["check_name"] == "fichier-check/not-listed"]
    assert note["description"].startswith("2000 findings of this file not listed here (2000 over the cap of 10000)")
