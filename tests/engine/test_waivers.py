"""Waivers: a finding a team accepted, for a while, with a reason and an owner.

A waived finding stays in the reports but does not fail the run; an expired waiver no longer
applies and is reported as expired; a waiver covers only the files its glob names; a waiver
without its reason, owner or expiry is a config error naming the file and the line.
"""
from __future__ import annotations

import json

import pytest

from tests.ci_files import AS_OF, dirty

# phone-invalid alone fails these files at --fail-on warning: the health comment is an error, and
# the CI files have no Source or Bloctel check date column (a file-level warning each)
ONLY_PHONE = "disable: [sensitive-term, source-missing, bloctel-check-stale]\n"
WAIVE_BAD_PHONE = """\
waivers:
  - rule: phone-invalid
    file: "{file}"
    column: Téléphone
    rows: [3]
    reason: numéro factice de la démo
    owner: dpo@example.fr
    expires: {expires}
"""


def check(cli, *args):
    return cli("check", *args, *AS_OF, "--fail-on", "warning", "--format", "json")


def entries(run, rule):
    document = json.loads(run.stdout)
    return [e for f in document["files"] for e in f["findings"] if e["rule"] == rule]


def configure(tmp_path, text):
    (tmp_path / "fichier-check.yaml").write_text(text, encoding="utf-8")


def test_without_a_waiver_the_bad_phone_fails_the_run_at_warning(cli, tmp_path):
    dirty(tmp_path / "leads" / "a.csv")
    run = cli("check", "leads/a.csv", *AS_OF, "--fail-on", "warning", "--rules", "default",
              "--config", str(_only_phone_pack(tmp_path)))
    assert run.code == 1, run.stderr


def _only_phone_pack(tmp_path):
    """A config keeping phone-invalid alone (the health comment would fail the run anyway)."""
    path = tmp_path / "phones-only.yaml"
    path.write_text(ONLY_PHONE, encoding="utf-8")
    return path


def test_a_waiver_in_force_accepts_the_finding_and_the_run_passes(cli, tmp_path):
    dirty(tmp_path / "leads" / "a.csv")
    configure(tmp_path, ONLY_PHONE + WAIVE_BAD_PHONE.format(file="leads/*.csv",
                                                                               expires="2099-12-31"))
    run = check(cli, "leads/a.csv")
    assert run.code == 0, run.stdout + run.stderr
    [entry] = entries(run, "phone-invalid")
    assert entry["count"] == 1 and entry["waived"] == 1
    assert entry["examples"][0]["waiver"] == 0  # the first waiver of the file
    [waiver] = json.loads(run.stdout)["files"][0]["waivers"]
    assert waiver["status"] == "active" and waiver["matched"] == 1
    assert waiver["reason"] == "numéro factice de la démo" and waiver["expires"] == "2099-12-31"


def test_an_expired_waiver_no_longer_applies_and_is_reported_as_expired(cli, tmp_path):
    dirty(tmp_path / "leads" / "a.csv")
    configure(tmp_path, ONLY_PHONE + WAIVE_BAD_PHONE.format(file="leads/*.csv",
                                                                               expires="2020-01-31"))
    run = check(cli, "leads/a.csv")
    assert run.code == 1
    [entry] = entries(run, "phone-invalid")
    assert entry["waived"] == 0
    [waiver] = json.loads(run.stdout)["waivers"]
    assert waiver["status"] == "expired" and waiver["matched"] == 1  # what it would still cover
    text = cli("check", "leads/a.csv", *AS_OF, "--fail-on", "warning", "--lang", "en").stdout
    assert "EXPIRED" in text and "2020-01-31" in text


def test_a_waiver_on_another_file_does_not_apply(cli, tmp_path):
    dirty(tmp_path / "leads" / "a.csv")
    dirty(tmp_path / "leads" / "b.csv")
    configure(tmp_path, ONLY_PHONE + WAIVE_BAD_PHONE.format(file="leads/b.csv",
                                                                               expires="2099-12-31"))
    run = check(cli, "leads")
    assert run.code == 1
    by_file = {f["input"]["path"]: f for f in json.loads(run.stdout)["files"]}
    assert by_file["leads/a.csv"]["summary"]["verdict"] == "fail"
    assert by_file["leads/b.csv"]["summary"]["verdict"] == "pass"
    assert "waivers" not in by_file["leads/a.csv"]


def test_a_waiver_covers_only_its_rows_and_its_column(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    configure(tmp_path, ONLY_PHONE + WAIVE_BAD_PHONE.format(file="a.csv", expires="2099-12-31")
              .replace("rows: [3]", "rows: [2, \"4-5\"]"))
    assert check(cli, "a.csv").code == 1
    configure(tmp_path, ONLY_PHONE + WAIVE_BAD_PHONE.format(file="a.csv", expires="2099-12-31")
              .replace("column: Téléphone", "column: Portable"))
    assert check(cli, "a.csv").code == 1


def test_a_waiver_by_fingerprint_follows_the_finding_when_rows_move(cli, tmp_path):
    path = dirty(tmp_path / "a.csv")
    fingerprint = entries(check(cli, "a.csv"), "phone-invalid")[0]["examples"][0]["fingerprint"]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + "".join(reversed(lines[1:])), encoding="utf-8")  # the bad phone is now row 4
    configure(tmp_path, ONLY_PHONE + WAIVE_BAD_PHONE.format(file="a.csv", expires="2099-12-31")
              .replace("rows: [3]", f"fingerprint: {fingerprint}"))
    run = check(cli, "a.csv")
    assert run.code == 0, run.stdout
    assert entries(run, "phone-invalid")[0]["examples"][0]["row"] == 4


@pytest.mark.parametrize("missing", ["reason", "owner", "expires"])
def test_a_waiver_without_its_reason_owner_or_expiry_is_a_config_error_with_its_line(cli, tmp_path, missing):
    dirty(tmp_path / "a.csv")
    text = WAIVE_BAD_PHONE.format(file="a.csv", expires="2099-12-31")
    configure(tmp_path, "\n".join(line for line in text.splitlines() if not line.strip().startswith(missing)) + "\n")
    run = cli("check", "a.csv")
    assert run.code == 2
    assert f"fichier-check.yaml:2: waiver: '{missing}' is missing" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("change, message, line", [
    ("expires: 2099-12-31", "expires: 31/12/2099", "expires '31/12/2099' is not a date"),
    ("rows: [3]", "rows: [3, abc]", "rows: 'abc' is not a row number"),
    ("owner: dpo@example.fr", "owner: dpo@example.fr\n    approved: yes", "unknown key 'approved'"),
    ("rule: phone-invalid", "rule: phone-invalide", "no rule 'phone-invalide' in the rule packs"),
])
def test_a_mistyped_waiver_is_refused_with_what_is_wrong(cli, tmp_path, change, message, line):
    dirty(tmp_path / "a.csv")
    configure(tmp_path, WAIVE_BAD_PHONE.format(file="a.csv", expires="2099-12-31").replace(change, message))
    run = cli("check", "a.csv")
    assert run.code == 2 and line in run.stderr and "fichier-check.yaml:" in run.stderr


def test_waived_findings_are_still_cleaned_by_an_audit(cli, tmp_path):
    """A waiver changes the verdict, never the cleaned file."""
    dirty(tmp_path / "a.csv")
    configure(tmp_path, WAIVE_BAD_PHONE.format(file="a.csv", expires="2099-12-31"))
    run = cli("audit", "a.csv", *AS_OF, "--out-dir", str(tmp_path / "out"))
    assert run.code == 1  # the health comment still fails it
    report = run.report("a")
    [entry] = [e for e in report["findings"] if e["rule"] == "phone-invalid"]
    assert entry["waived"] == 1
    assert report["waivers"][0]["status"] == "active"
    clean = (tmp_path / "out" / "a.clean.csv").read_text(encoding="utf-8")
    assert "ERR" in clean.splitlines()[2] or "phone-invalid" in clean  # tagged as without the waiver


@pytest.mark.parametrize("rows, message", [
    ("rows: []", "rows: the list is empty"),
    ('rows: ["3-"]', "rows: '3-' is not a row number"),
    ("fingerprint: []", "fingerprint: the list is empty"),
    ("fingerprint: 0123456789abcdef.1", "is not one the reports give"),
    ("expires: 2099-02-30", "'2099-02-30' is not a valid"),
])
def test_a_waiver_that_would_cover_everything_or_nothing_by_mistake_is_refused(cli, tmp_path, rows, message):
    dirty(tmp_path / "a.csv")
    text = WAIVE_BAD_PHONE.format(file="a.csv", expires="2099-12-31")
    key = rows.split(":")[0]
    text = text.replace("rows: [3]", rows) if key != "expires" else text.replace("expires: 2099-12-31", rows)
    configure(tmp_path, text)
    run = cli("check", "a.csv")
    assert run.code == 2 and message in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("pattern, path, covered", [
    ("leads/*.csv", "leads/a.csv", True),
    ("leads/*.csv", "leads/2026/a.csv", False),  # * stays within a folder
    ("leads/**/*.csv", "leads/a.csv", True),  # **/ spans any folders, none included
    ("leads/**/*.csv", "leads/2026/06/a.csv", True),
    ("**/*.csv", "a.csv", True),
    ("*.csv", "deep/down/a.csv", True),  # without "/": the file's name, wherever it is
    ("./leads/a.csv", "leads/a.csv", True),
    ("leads/[ab].csv", "leads/c.csv", False),
])
def test_the_file_glob_follows_path_glob_rules(pattern, path, covered):
    from fichier_check.engine.waivers import Waiver
    import datetime as dt
    waiver = Waiver(rule="r", file=pattern, reason="x", owner="y", expires=dt.date(2099, 1, 1))
    assert waiver.covers_file(path) is covered


def test_a_waiver_renewed_under_a_new_entry_leaves_the_expired_one_covering_nothing(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    renewed = (WAIVE_BAD_PHONE.format(file="a.csv", expires="2020-01-31")
               + WAIVE_BAD_PHONE.format(file="a.csv", expires="2099-12-31").replace("waivers:\n", ""))
    configure(tmp_path, ONLY_PHONE + renewed)
    run = check(cli, "a.csv")
    assert run.code == 0
    expired, active = json.loads(run.stdout)["waivers"]
    assert (expired["status"], expired["matched"]) == ("expired", 0)
    assert (active["status"], active["matched"]) == ("active", 1)


def test_a_waiver_of_a_rule_this_run_does_not_apply_is_kept_not_refused(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    configure(tmp_path, WAIVE_BAD_PHONE.format(file="a.csv", expires="2099-12-31").replace("phone-invalid", "nir"))
    run = cli("check", "a.csv", *AS_OF, "--rules", "consent")
    assert run.code in (0, 1) and "no rule" not in run.stderr


def test_a_waiver_expiring_today_still_applies(cli, tmp_path):
    import datetime as dt
    dirty(tmp_path / "a.csv")
    configure(tmp_path, ONLY_PHONE
              + WAIVE_BAD_PHONE.format(file="a.csv", expires=dt.date.today().isoformat()))
    assert check(cli, "a.csv").code == 0


def test_a_waiver_may_name_a_rule_by_its_alias(cli, tmp_path):
    from tests.ci_files import write_prospects
    write_prospects(tmp_path / "a.csv", "Durand;ACME;01 23 45 67 89;contact@acme.fr;assistante désagréable\n")
    configure(tmp_path, ONLY_PHONE + WAIVE_BAD_PHONE.format(file="a.csv", expires="2099-12-31")
              .replace("phone-invalid", "comment-subjective").replace("Téléphone", "Commentaire").replace("[3]", "[2]"))
    run = check(cli, "a.csv")
    assert run.code == 0, run.stdout + run.stderr
    [entry] = entries(run, "subjective-comment")
    assert entry["count"] == entry["waived"] == 1
