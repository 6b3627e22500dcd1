"""`fichier-check check`: many files in one call for a CI job, nothing written but the report,
exit 0/1/2/3, values never shown."""
from __future__ import annotations

import json
import re

from tests.ci_files import AS_OF, clean, dirty
from tests.conftest import EXAMPLES, REPORT_SCHEMA


def files_in(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_clean_files_pass_and_nothing_is_written(cli, tmp_path):
    clean(tmp_path / "leads" / "a.csv")
    clean(tmp_path / "leads" / "b.csv")
    run = cli("check", "leads/a.csv", "leads/b.csv", *AS_OF, "--lang", "en")
    assert run.code == 0, run.stdout + run.stderr
    assert "2 files: 0 failed, 2 passed, 0 not checked" in run.stdout
    assert files_in(tmp_path) == ["leads/a.csv", "leads/b.csv"]


def test_one_dirty_file_fails_the_run_and_is_named(cli, tmp_path):
    clean(tmp_path / "leads" / "a.csv")
    dirty(tmp_path / "leads" / "b.csv")
    run = cli("check", "leads", *AS_OF, "--lang", "en")
    assert run.code == 1
    assert re.search(r"^leads/b\.csv: FAIL", run.stdout, re.M) and re.search(r"^leads/a\.csv: pass", run.stdout, re.M)
    assert "sensitive-term" in run.stdout


def test_folders_and_patterns_expand_to_the_supported_files(cli, tmp_path):
    clean(tmp_path / "leads" / "2026" / "a.csv")
    clean(tmp_path / "leads" / "b.tsv")
    (tmp_path / "leads" / "notes.md").write_text("# not a prospect file\n", encoding="utf-8")
    clean(tmp_path / "leads" / ".hidden" / "c.csv")
    for arguments in (["leads"], ["leads/**/*.csv", "leads/*.tsv"]):
        document = json.loads(cli("check", *arguments, *AS_OF, "--format", "json").stdout)
        assert sorted(f["input"]["path"] for f in document["files"]) == ["leads/2026/a.csv", "leads/b.tsv"]


def test_an_unreadable_file_exits_2_named_while_the_others_are_still_checked(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    run = cli("check", "a.csv", "broken.xlsx", "missing.csv", *AS_OF, "--format", "json")
    assert run.code == 2
    document = json.loads(run.stdout)
    by_path = {f["input"]["path"]: f for f in document["files"]}
    assert by_path["a.csv"]["summary"]["verdict"] == "fail"
    assert by_path["broken.xlsx"]["exit_code"] == 2 and "broken.xlsx" in by_path["broken.xlsx"]["error"]
    assert by_path["missing.csv"]["error"] == "missing.csv: file not found"
    assert "Traceback" not in run.stderr


def test_a_pattern_matching_nothing_is_an_error_not_a_silent_pass(cli, tmp_path):
    run = cli("check", "leads/*.csv", "--lang", "en")
    assert run.code == 2 and "no supported file matches this pattern" in run.stdout


def test_each_file_of_the_json_is_a_report_of_the_shipped_schema(cli, tmp_path):
    import jsonschema
    dirty(tmp_path / "a.csv")
    clean(tmp_path / "b.csv")
    document = json.loads(cli("check", "a.csv", "b.csv", *AS_OF, "--format", "json").stdout)
    assert document["kind"] == "check" and document["exit_code"] == 1 and document["verdict"] == "fail"
    for report in document["files"]:
        jsonschema.validate({k: v for k, v in report.items() if k != "exit_code"}, REPORT_SCHEMA)
        for entry in report["findings"]:
            assert len(entry["fingerprints"]) == entry["count"]


def test_paths_are_relative_to_the_repository_root_wherever_the_command_runs(cli, tmp_path):
    (tmp_path / ".git").mkdir()
    dirty(tmp_path / "leads" / "a.csv")
    document = json.loads(cli("check", "a.csv", *AS_OF, "--format", "json", cwd=tmp_path / "leads").stdout)
    assert document["files"][0]["input"]["path"] == "leads/a.csv"
    other = json.loads(cli("check", "a.csv", *AS_OF, "--format", "json", "--root", str(tmp_path / "leads"),
                           cwd=tmp_path / "leads").stdout)
    assert other["files"][0]["input"]["path"] == "a.csv"


def test_the_report_goes_into_output_and_never_over_an_input(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    run = cli("check", "a.csv", *AS_OF, "--format", "json", "--output", "report.json")
    assert run.code == 1 and run.stdout == ""
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["files"][0]["input"]["path"] == "a.csv"
    before = (tmp_path / "a.csv").read_bytes()
    refused = cli("check", "a.csv", "--format", "json", "--output", "a.csv")
    assert refused.code == 2 and (tmp_path / "a.csv").read_bytes() == before


def test_no_value_of_the_example_appears_in_the_text_or_json_of_a_check(cli, tmp_path):
    raw = _raw_values(EXAMPLES / "prospects.csv")
    for output_format in ("text", "json"):
        run = cli("check", str(EXAMPLES / "prospects.csv"), "--format", output_format)
        assert run.code == 1
        shown = [value for value in raw if value in run.stdout]
        assert not shown, f"{output_format} shows {shown[:3]}"


def _raw_values(path):
    """The example's phones, e-mails, names and comments, as they are in the file."""
    import csv
    text = path.read_bytes().decode("cp1252")  # the example is a French Excel export
    rows = list(csv.DictReader(text.splitlines(), delimiter=";"))
    wanted = ("Nom", "Prénom", "E-mail", "Portable", "Tél. fixe", "Commentaire")
    values = {row[c].strip() for row in rows for c in wanted if c in row and len(row[c].strip()) >= 4}
    return sorted(values)


def test_the_json_of_a_check_leaves_out_what_a_comment_said(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    run = cli("check", "a.csv", *AS_OF, "--format", "json")
    assert "maladie" not in run.stdout
    [entry] = [e for e in json.loads(run.stdout)["files"][0]["findings"] if e["rule"] == "sensitive-term"]
    assert entry["examples"][0]["detail"] is None and entry["examples"][0]["row"] == 4


def test_an_output_over_a_file_found_in_a_folder_is_refused_before_anything_runs(cli, tmp_path):
    dirty(tmp_path / "leads" / "a.csv")
    before = (tmp_path / "leads" / "a.csv").read_bytes()
    run = cli("check", "leads", "--format", "json", "--output", "leads/a.csv")
    assert run.code == 2 and "--output would replace leads/a.csv" in run.stderr
    assert (tmp_path / "leads" / "a.csv").read_bytes() == before


def test_the_same_file_given_twice_is_checked_once(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    document = json.loads(cli("check", "a.csv", str(tmp_path / "a.csv"), ".", *AS_OF, "--format", "json").stdout)
    assert [f["input"]["path"] for f in document["files"]] == ["a.csv"]


def test_a_file_whose_first_row_is_data_has_its_header_masked_everywhere(cli, tmp_path):
    (tmp_path / "a.csv").write_text("Jean Dupont;06 12 34 56 78;jean.dupont@exemple.fr\n"
                                    "Marie Curie;06 98 76 54 32;marie@exemple.fr\n", encoding="utf-8")
    for output_format in ("json", "sarif", "github", "gitlab", "junit", "text"):
        run = cli("check", "a.csv", *AS_OF, "--format", output_format)
        for value in ("Jean", "Dupont", "12 34", "jean.dupont"):
            assert value not in run.stdout, (output_format, value)
    report = json.loads(cli("check", "a.csv", *AS_OF, "--format", "json").stdout)["files"][0]
    assert report["input"]["columns"][0] == "J••• (col. 1)"
    assert any("looks like an e-mail address or a phone number" in w for w in report["warnings"])
