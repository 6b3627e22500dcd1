"""`--format junit`: JUnit XML as CI servers read it.

`<testsuites>` holds one `<testsuite>` per file (name: its path) and one `<testcase>` per rule
that ran on it (classname: the path, name: the rule id): a `<failure>` (type: the severity) when
findings of the rule fail the run, passing otherwise (with a `<system-out>` when it has findings
that do not fail: waived, below --fail-on, already in the baseline), `<skipped>` for a rule the run
skipped; an unreadable file is a testsuite with one `<error>`. The tests, failures, errors and
skipped attributes count the testcases; waivers are properties. No personal value anywhere.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from fichier_check.report import junit
from tests.report import ci_example as example

NOTES = f"leads/{example.NOTES_NAME}"


def parsed(text: str) -> ET.Element:
    """The report, parsed, with every count attribute checked against the testcases."""
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        for key, tag in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
            assert int(suite.get(key)) == sum(case.find(tag) is not None for case in cases), (suite.get("name"), key)
    for key in ("tests", "failures", "errors", "skipped"):
        assert int(root.get(key)) == sum(int(suite.get(key)) for suite in root.iter("testsuite"))
    return root


@pytest.fixture(scope="module")
def main(tmp_path_factory):
    folder, text = example.main_run(tmp_path_factory, "junit")
    return folder, text, parsed(text)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    _, _, after = example.baseline_run(tmp_path_factory, "junit")
    return after, parsed(after)


def suite(root: ET.Element, path: str) -> ET.Element:
    [found] = [s for s in root.iter("testsuite") if s.get("name") == path]
    return found


def case(root: ET.Element, path: str, rule: str) -> ET.Element:
    [found] = [c for c in suite(root, path).findall("testcase") if c.get("name") == rule]
    assert found.get("classname") == path
    return found


def test_one_testsuite_per_file_and_one_testcase_per_rule(main):
    root = main[2]
    assert [s.get("name") for s in root.iter("testsuite")] == ["missing.csv", "leads/clean.csv", NOTES,
                                                               "leads/prospects.csv"]
    prospects = suite(root, "leads/prospects.csv")
    names = [c.get("name") for c in prospects.findall("testcase")]
    assert len(names) == len(set(names)) and {"sms-optin-missing", "nir", "bloctel", "opposition"} <= set(names)
    assert suite(root, "leads/clean.csv").get("failures") == "0"


def test_a_rule_whose_findings_fail_the_run_is_a_failure_with_counts_and_rows(main):
    failure = case(main[2], "leads/prospects.csv", "phone-consent-missing").find("failure")
    assert failure.get("type") == "error"
    assert failure.get("message") == ("4 findings failing: column Tél. fixe, rows 12, 21; "
                                      "column Portable, rows 11, 17")
    assert "C. conso. art. L223-1" in failure.text  # the legal basis
    assert case(main[2], NOTES, "sms-optin-missing").find("failure").get("message") == \
        "1 finding failing: column Portable, row 3"
    failing = {c.get("name") for c in suite(main[2], "leads/prospects.csv").findall("testcase")
               if c.find("failure") is not None}
    assert failing == {"sensitive-term", "email-optin-missing", "sms-optin-missing", "phone-consent-missing",
                       "refusal-result-code", "recall-within-refusal-cooldown", "objection-propagated",
                       "refusal-cooldown-propagated", "channel-unsubscribed", "third-party-source-electronic-b2c"}


def test_findings_that_do_not_fail_the_run_pass_and_say_why(main):
    nir = case(main[2], "leads/prospects.csv", "nir")  # an error, waived
    assert nir.find("failure") is None and "waived" in nir.find("system-out").text
    invalid = case(main[2], "leads/prospects.csv", "email-invalid")  # a warning, below --fail-on error
    assert invalid.find("failure") is None and "below --fail-on" in invalid.find("system-out").text
    assert "2 findings (1 waived), rows 10, 17" in invalid.find("system-out").text
    quiet = case(main[2], "leads/prospects.csv", "possible-nir")  # no finding: passes, says nothing
    assert list(quiet) == []


def test_a_rule_the_run_skipped_is_skipped_with_the_reason(main):
    skipped = case(main[2], "leads/prospects.csv", "bloctel").find("skipped")  # the law until 2026-08-10
    assert skipped is not None and skipped.get("message") == "not in force on 2026-11-28: applied until 2026-08-10"
    skipped = case(main[2], "leads/prospects.csv", "birthdate-collected").find("skipped")
    assert skipped is not None and skipped.get("message") == "no column holds the role birth_date"


def test_an_unreadable_file_is_a_testsuite_with_one_error(main):
    missing = suite(main[2], "missing.csv")
    assert (missing.get("tests"), missing.get("errors")) == ("1", "1")
    error = missing.find("testcase").find("error")
    assert error.get("type") == "unreadable" and "file not found" in error.get("message")


def test_waivers_are_properties_of_their_files_suite_an_expired_one_too(main):
    properties = [(p.get("name"), p.get("value")) for p in suite(main[2], "leads/prospects.csv").find("properties")]
    assert ("waiver", "waiver: nir leads/prospects.csv, until 2099-12-31, covers 1 finding — numéro fictif du jeu "
                      "d'essai [dpo@example.fr]") in properties
    assert [name for name, _ in properties] == ["waiver", "waiver", "waiver-expired"]  # not other/*.csv's
    [expired] = [value for name, value in properties if name == "waiver-expired"]
    assert expired.startswith("waiver expired: sensitive-term *.csv, expired on 2020-01-31: its 3 findings fail again")
    assert case(main[2], "leads/prospects.csv", "sensitive-term").find("failure") is not None  # fails again
    assert suite(main[2], "leads/clean.csv").find("properties") is None  # *.csv's expired waiver: nothing there


def test_with_fail_on_new_only_rules_with_new_findings_fail(baseline):
    root = baseline[1]
    failing = {c.get("name") for c in root.iter("testcase") if c.find("failure") is not None}
    assert failing == {"email-optin-missing", "sms-optin-missing", "phone-consent-missing"}
    assert "already in the baseline" in case(root, "leads/prospects.csv", "sensitive-term").find("system-out").text


def test_text_from_the_file_is_escaped_and_made_printable(main):
    text = main[1]
    assert "notes &amp; co, 2026: 100%.csv" in text  # ElementTree escapes; the parse above read it back
    run = example.in_process(main[0], [f"leads/{example.NOTES_NAME}"])
    run.files[0].result.outcomes[0].column = "Port<able>&\x01\x1b\ud800"
    root = parsed(junit.render_run(run, "en"))
    message = case(root, NOTES, "sms-optin-missing").find("failure").get("message")
    assert message == "1 finding failing: column Port<able>&<U+0001><U+001B>, row 3"


def test_no_personal_value_is_written(main, baseline):
    assert example.leaked(main[1]) == []
    assert example.leaked(baseline[0]) == []
