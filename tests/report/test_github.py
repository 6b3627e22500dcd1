"""`--format github`: GitHub Actions workflow commands, read as GitHub documents them.

Each annotation line is `::KIND file=…,line=…,title=…::MESSAGE` with properties and message
escaped; there is one per (file, rule, column), never one per finding, the ones that fail the run
first; it says the count and the first rows, and its line is the physical line of the first
finding it names. A waived rule is a notice, an expired waiver a warning on its config line, an
unreadable file an error; a last plain line sums the run up. No personal value anywhere.
"""
from __future__ import annotations

import re

import pytest

from fichier_check.report import github
from tests.report import ci_example as example

COMMAND = re.compile(r"^::(error|warning|notice) ((?:[a-z]+=[^,:]*)(?:,[a-z]+=[^,:]*)*)::(.*)$")
NOTES = f"leads/{example.NOTES_NAME}"


def unescape(text: str) -> str:
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def annotations(text: str) -> list[tuple[str, dict, str]]:
    """(kind, properties, message) of every annotation line, unescaped."""
    found = []
    for line in text.splitlines():
        match = COMMAND.match(line)
        if match:
            properties = dict(p.split("=", 1) for p in match.group(2).split(","))
            found.append((match.group(1), {k: unescape(v) for k, v in properties.items()}, unescape(match.group(3))))
    return found


@pytest.fixture(scope="module")
def main(tmp_path_factory):
    text = example.main_run(tmp_path_factory, "github")[1]
    return text, annotations(text)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    _, _, after = example.baseline_run(tmp_path_factory, "github")
    return after, annotations(after)


def of(found, path: str, title: str):
    """The one annotation of `path` whose title is `title`."""
    chosen = [a for a in found if a[1].get("file") == path and a[1]["title"] == f"fichier-check: {title}"]
    assert len(chosen) == 1, chosen
    return chosen[0]


def test_every_line_is_an_annotation_a_group_or_a_plain_line_of_the_tool(main):
    for line in main[0].splitlines():
        assert COMMAND.match(line) or line in ("::endgroup::",) or line.startswith("::group::fichier-check: ") \
            or (line.startswith("fichier-check: ") and not line.startswith("::")), line


def test_one_annotation_per_file_rule_and_column_with_its_count_and_first_rows(main):
    found = [a for a in main[1] if a[1].get("file") == "leads/prospects.csv"]
    assert len(found) == 41  # the example's (rule, column)s: not one line per finding (66)
    kind, properties, message = of(main[1], "leads/prospects.csv", "sms-optin-missing (Portable)")
    assert kind == "error" and properties["line"] == "3"
    assert message == "Consumer mobile without SMS consent: no SMS — 9 findings, rows 3, 8, 11, 16, 17…"
    assert of(main[1], "leads/prospects.csv", "no-usable-channel")[0] == "notice"  # an info


def test_the_line_is_the_physical_line_of_the_first_finding(main):
    kind, properties, message = of(main[1], NOTES, "sms-optin-missing (Portable)")
    assert properties["line"] == "4" and message.endswith("1 finding, row 3")  # row 2 spans two lines


def test_file_and_title_are_escaped_as_properties(main):
    raw = next(line for line in main[0].splitlines() if "notes" in line and "sms-optin-missing" in line)
    assert "file=leads/notes & co%2C 2026%3A 100%25.csv," in raw
    assert "title=fichier-check%3A sms-optin-missing (Portable)::" in raw


def test_escaping_follows_githubs_rules():
    command = github._command("error", "a: b, c", "50% done\r\nnext::x", "d,e:f%.csv", 7)
    assert command == "::error file=d%2Ce%3Af%25.csv,line=7,title=a%3A b%2C c::50%25 done%0D%0Anext::x"
    assert len(command.splitlines()) == 1


def test_failing_lines_come_first_the_most_severe_and_largest_first(main):
    kinds = [kind for kind, properties, _ in main[1] if properties.get("file", "").startswith("leads/")]
    assert kinds == sorted(kinds, key=["error", "warning", "notice"].index)
    prospects = [a for a in main[1] if a[1].get("file") == "leads/prospects.csv" and a[0] == "error"]
    assert prospects[0][1]["title"] == "fichier-check: sms-optin-missing (Portable)"  # 6 findings, the most


def test_findings_below_the_threshold_are_warnings_and_waived_ones_are_noticed_with_their_reason(main):
    kind, _, message = of(main[1], "leads/prospects.csv", "email-invalid (E-mail)")
    assert kind == "warning" and "2 findings (1 waived)" in message
    kind, _, message = of(main[1], "leads/prospects.csv", "nir (Commentaire)")
    assert kind == "notice" and "(1 waived)" in message and "numéro fictif du jeu d'essai" in message


def test_an_expired_waiver_is_a_warning_on_its_line_of_the_config_and_its_findings_fail(main):
    kind, properties, message = of(main[1], "fichier-check.yaml", "waiver expired")
    assert kind == "warning" and properties["line"] == "15"
    assert "sensitive-term" in message and "2020-01-31" in message and "3 findings fail again" in message
    assert of(main[1], "leads/prospects.csv", "sensitive-term (Commentaire)")[0] == "error"


def test_an_unreadable_file_is_an_error_naming_it(main):
    kind, properties, message = of(main[1], "missing.csv", "not checked")
    assert kind == "error" and "file not found" in message


def test_the_run_is_summed_up_in_a_last_plain_line_after_a_group_per_file(main):
    lines = main[0].splitlines()
    assert lines[-1] == "fichier-check: 4 files: 2 failed, 1 passed, 1 not checked"
    start, end = lines.index("::group::fichier-check: 4 files"), lines.index("::endgroup::")
    assert lines[start + 1:end] == [
        "fichier-check: missing.csv: not checked — missing.csv: file not found",
        "fichier-check: leads/clean.csv: pass",
        f"fichier-check: {NOTES}: FAIL — 2 error, 1 warning, 1 info",  # no Source column: source-missing
        "fichier-check: leads/prospects.csv: FAIL — 28 error, 31 warning, 7 info"]


def test_with_fail_on_new_only_rules_with_new_findings_are_errors(baseline):
    errors = {a[1]["title"]: a[2] for a in baseline[1] if a[0] == "error"}
    assert set(errors) == {"fichier-check: email-optin-missing (E-mail)", "fichier-check: sms-optin-missing (Portable)",
                           "fichier-check: phone-consent-missing (Portable)"}
    assert errors["fichier-check: sms-optin-missing (Portable)"].endswith("10 findings (1 failing, 1 new), row 29")
    kind, _, _ = next(a for a in baseline[1] if a[1]["title"] == "fichier-check: nir (Commentaire)")
    assert kind == "warning"  # an error, but already in the baseline: it does not fail the run


def test_no_personal_value_is_written(main, baseline):
    assert example.leaked(main[0]) == []
    assert example.leaked(baseline[0]) == []


def test_a_file_of_many_findings_gives_one_line_per_rule_and_column(tmp_path):
    example.many_findings(tmp_path, rows=1000)
    text = github.render_run(example.in_process(tmp_path, ["big/many.csv"]), "en")
    found = annotations(text)
    assert len(found) == 8 and len(text.splitlines()) == 8 + 4
    assert all(message.endswith("1000 findings, rows 2, 3, 4, 5, 6…") for _, _, message in found)
