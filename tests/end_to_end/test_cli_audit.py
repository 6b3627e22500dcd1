"""End to end: the real command on real files — exit codes, outputs, row conservation, input untouched."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import stat

import jsonschema
import pytest

from tests.conftest import EXAMPLES

SCHEMA = json.loads((EXAMPLES.parent / "fichier_check" / "schema" / "report.schema.json").read_text())


@pytest.fixture
def example(tmp_path):
    for name in ("prospects.csv", "bloctel.txt", "opposition.csv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    return tmp_path


def rows_of(path, encoding="cp1252", delimiter=";"):
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline=""), delimiter=delimiter))


def test_example_run_finds_each_kind_of_problem(cli, example):
    before = (example / "prospects.csv").read_bytes()
    run = cli("audit", str(example / "prospects.csv"), "--as-of", "2026-11-28", "--lang", "en",
              "--bloctel", str(example / "bloctel.txt"), "--opposition", str(example / "opposition.csv"))
    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert (example / "prospects.csv").read_bytes() == before
    rules = {rule for rule, _ in run.findings()}
    assert {"sensitive-term", "nir", "email-optin-missing", "phone-consent-missing", "bloctel-match-after-end", "opposition",
            "phone-invalid", "email-invalid"} <= rules
    assert "FAIL" in run.stdout


def test_report_matches_the_json_schema(cli, example):
    run = cli("audit", str(example / "prospects.csv"), "--as-of", "2026-11-28")
    jsonschema.validate(run.report(), SCHEMA)


def test_every_row_is_in_exactly_one_output(cli, example):
    run = cli("audit", str(example / "prospects.csv"), "--opposition", str(example / "opposition.csv"))
    source = rows_of(example / "prospects.csv")
    clean = rows_of(run.out_dir / "prospects.clean.csv")
    quarantine = rows_of(run.out_dir / "prospects.quarantine.csv")
    assert len(clean) - 1 + len(quarantine) - 1 == len(source) - 1
    report = run.report()["summary"]
    assert report["rows_kept"] == len(clean) - 1 and report["rows_quarantined"] == len(quarantine) - 1
    names = {r[1] for r in clean[1:]} | {r[1] for r in quarantine[1:]}
    assert names == {r[1] for r in source[1:]}


def test_quarantine_keeps_original_values_and_gives_reasons(cli, example):
    run = cli("audit", str(example / "prospects.csv"), "--opposition", str(example / "opposition.csv"))
    source = rows_of(example / "prospects.csv")[1:]
    quarantine = rows_of(run.out_dir / "prospects.quarantine.csv")
    assert quarantine[0][-2:] == ["fichier_check_rules", "fichier_check_reasons"]
    for row in quarantine[1:]:
        assert row[:-2] in source  # the same person may have several rows: each kept as it was
        assert row[-2] and row[-1]


def test_untouched_rows_come_out_byte_for_byte(cli, example):
    run = cli("audit", str(example / "prospects.csv"))
    raw = (run.out_dir / "prospects.clean.csv").read_bytes()
    first_row = (example / "prospects.csv").read_bytes().split(b"\r\n")[1]
    assert first_row in raw
    assert raw.split(b"\r\n")[0].startswith((example / "prospects.csv").read_bytes().split(b"\r\n")[0])


def test_outputs_are_readable_by_their_owner_only(cli, example):
    run = cli("audit", str(example / "prospects.csv"))
    for path in run.out_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_outputs_have_the_contract_names(cli, example):
    run = cli("audit", str(example / "prospects.csv"))
    assert sorted(p.name for p in run.out_dir.iterdir()) == [
        "prospects.clean.csv", "prospects.findings.parquet", "prospects.quarantine.csv", "prospects.report.html",
        "prospects.report.json"]


def test_fail_on_never_exits_zero(cli, example):
    assert cli("audit", str(example / "prospects.csv"), "--fail-on", "never").code == 0


def test_fail_on_warning_fails_on_a_warning_only_file(cli, tmp_path):
    path = tmp_path / "warn.csv"
    path.write_text("Nom;Type client;Téléphone\nDurand;B2B;01 23\n", encoding="utf-8")
    assert cli("audit", str(path), "--fail-on", "error").code == 0
    assert cli("audit", str(path), "--fail-on", "warning").code == 1


def test_clean_file_exits_zero_and_is_identical(cli, tmp_path):
    path = tmp_path / "ok.csv"
    data = "Nom;Type client;Téléphone;E-mail\r\nDurand;B2B;01 42 68 53 00;lea.durand@durand-sa.fr\r\n"
    path.write_bytes(data.encode("utf-8"))
    run = cli("audit", str(path))
    assert run.code == 0, run.stderr + run.stdout
    assert (run.out_dir / "ok.clean.csv").read_bytes() == data.encode("utf-8")
    assert (run.out_dir / "ok.quarantine.csv").read_bytes().startswith("Nom;Type client".encode())


def test_missing_input_is_one_line_exit_2(cli, tmp_path):
    run = cli("audit", str(tmp_path / "absent.csv"))
    assert run.code == 2
    assert len(run.stderr.strip().splitlines()) == 1 and "absent.csv" in run.stderr
    assert not run.out_dir.exists() or not any(run.out_dir.iterdir())


def test_bad_as_of_is_exit_2(cli, example):
    run = cli("audit", str(example / "prospects.csv"), "--as-of", "2026-13-45")
    assert run.code == 2 and "--as-of" in run.stderr and "Traceback" not in run.stderr


def test_bad_rule_pack_is_exit_2_and_writes_nothing(cli, example, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: x\n    check: no_such_check\n    severity: error\n", encoding="utf-8")
    run = cli("audit", str(example / "prospects.csv"), "--rules", str(bad))
    assert run.code == 2 and "bad.yaml:3" in run.stderr
    assert not run.out_dir.exists() or not any(run.out_dir.iterdir())


def test_python_m_works(cli, example):
    run = cli("--version")
    assert run.code == 0 and "fichier-check" in run.stdout


def test_format_json_prints_the_report(cli, example):
    run = cli("audit", str(example / "prospects.csv"), "--format", "json")
    assert json.loads(run.stdout) == run.report()
    assert run.report()["schema_version"] == 2


def test_sensitive_column_is_dropped(cli, tmp_path):
    path = tmp_path / "rel.csv"
    path.write_text("Nom;Religion;Type client\nDurand;catholique;B2B\n", encoding="utf-8")
    run = cli("audit", str(path))
    assert ("sensitive-column", 1) in run.findings("rel")
    assert (run.out_dir / "rel.clean.csv").read_text(encoding="utf-8").splitlines()[0] == "Nom;Type client"


def test_invalid_phone_is_tagged_err(cli, tmp_path):
    path = tmp_path / "err.csv"
    path.write_text("Nom;Type client;Téléphone;Résultat appel\nDurand;B2B;01 23;NRP\n", encoding="utf-8")
    run = cli("audit", str(path))
    assert (run.out_dir / "err.clean.csv").read_text(encoding="utf-8").splitlines()[1].startswith("Durand;B2B;01 23;ERR")


def test_call_result_column_is_added_when_missing(cli, tmp_path):
    path = tmp_path / "err.csv"
    path.write_text("Nom;Type client;Téléphone\nDurand;B2B;01 23\nMartin;B2B;01 42 68 53 00\n", encoding="utf-8")
    run = cli("audit", str(path))
    lines = (run.out_dir / "err.clean.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Nom;Type client;Téléphone;Résultat appel")
    assert lines[1].startswith("Durand;B2B;01 23;ERR") and lines[2].startswith("Martin;B2B;01 42 68 53 00;;")


def test_input_sha256_is_in_the_report(cli, example):
    run = cli("audit", str(example / "prospects.csv"))
    digest = hashlib.sha256((example / "prospects.csv").read_bytes()).hexdigest()
    assert run.report()["input"]["sha256"] == digest
    assert run.report()["input"]["encoding"] == "cp1252" and run.report()["input"]["delimiter"] == ";"


def test_the_input_digest_made_while_the_run_starts_gives_its_error_to_the_run(tmp_path):
    from fichier_check.audit import InputDigest
    path = tmp_path / "p.csv"
    path.write_bytes(b"x" * 3_000_000)
    assert InputDigest(path).result() == hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(FileNotFoundError):
        InputDigest(tmp_path / "gone.csv").result()


def test_a_run_refused_while_it_starts_leaves_no_thread_behind(tmp_path, monkeypatch):
    import datetime as dt
    import threading
    import time

    from fichier_check import audit

    real = hashlib.sha256

    class Slow:  # a digest slower than the refusal: the thread would still be running
        def __init__(self, *data):
            self.real = real(*data)

        def update(self, block):
            time.sleep(0.2)
            self.real.update(block)

        def hexdigest(self):
            return self.real.hexdigest()

    monkeypatch.setattr(audit.hashlib, "sha256", Slow)

    from fichier_check.audit import run_audit
    from fichier_check.config import Settings
    from fichier_check.errors import UserError

    path = tmp_path / "p.csv"
    path.write_bytes(b"Nom;Tel\n" + b"x;y\n" * 1_000_000 + b"\"unclosed;y\n")  # refused while it opens
    settings = Settings(input=path, out_dir=tmp_path / "out", as_of=dt.date(2026, 12, 3), channels=("email",),
                        lang="en", fail_on="never", packs=["default"], jobs=1)
    with pytest.raises(UserError):
        run_audit(settings)
    assert not [t for t in threading.enumerate() if t.name == "input-sha256"]
