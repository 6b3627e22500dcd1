"""`--calls FILE`, the call history, from the command line: its calls are counted for the
call-pressure rules, its unusable lines are warned by number, a file that is no call history
stops the run with one line naming it, and no phone number or e-mail of it appears anywhere."""
from __future__ import annotations

from tests.end_to_end.test_cli_broken_input import refused, write

PROSPECTS = ("Nom;Téléphone;E-mail;Type client;Statut\n"
             "Durand;06 12 34 56 78;marie.durand@exemple.fr;Particulier;CHAUD\n"
             "Petit;07 11 22 33 44;;Particulier;FROID\n"
             "Martin SA;01 42 68 53 00;;Entreprise;CHAUD\n")
HISTORY = ("Numéro;E-mail;Date;Résultat\n"
           "0612345678;;01/10/2026 10:15;NRP\n"
           "0612345678;;02/10/2026 11:00;OCC\n"
           ";marie.durand@exemple.fr;03/10/2026;NRP\n"
           "+33612345678;;04/10/2026 17:30;NRP\n"
           "0612345678;;05/10/2026 18:00;RAPP\n"
           + "0142685300;;01/10/2026;NRP\n" * 6
           + "0711223344;;hier;NRP\n"
           ";;06/10/2026;NRP\n")
SECRETS = ("06 12", "0612", "612345678", "marie", "durand@", "07 11 22", "0711", "0142", "Durand")


def test_the_history_counts_calls_and_its_unusable_lines_are_warned(cli, tmp_path):
    prospects, calls = write(tmp_path, "prospects.csv", PROSPECTS), write(tmp_path, "appels.csv", HISTORY)
    run = cli("audit", str(prospects), "--calls", str(calls), "--channel", "phone", "--as-of", "2026-10-20",
              "--lang", "en")
    assert run.code == 1, run.stderr
    found = run.findings()
    assert ("calls-over-limit-30d", 2) in found  # 4 calls by number + 1 by e-mail in 5 days
    assert not {rule for rule, row in found if row == 4} & {"calls-over-limit-30d"}  # B2B: D223-9 does not apply
    report = run.report()
    calls_info = report["options"]["lists"]["calls"]
    assert (calls_info["lines"], calls_info["calls"], calls_info["rejected"]) == (
        13, 11, {"contact": {"lines": 1, "first_lines": [14]}, "date": {"lines": 1, "first_lines": [13]}})
    assert report["lists"] == []  # not a suppression list
    assert "--calls history: 1 line without a readable date not counted (line 13)" in run.stdout
    [detail] = [f["detail"] for f in run.side() if f["rule"] == "calls-over-limit-30d"]
    assert detail == "5 calls from 2026-10-01 to 2026-10-05, limit 4 in 30 days"
    shown = run.stdout + run.stderr + (run.out_dir / "prospects.report.json").read_text(encoding="utf-8") + \
        (run.out_dir / "prospects.report.html").read_text(encoding="utf-8")
    assert not [s for s in SECRETS if s in shown]


def test_the_check_command_reads_the_history_too(cli, tmp_path):
    prospects, calls = write(tmp_path, "prospects.csv", PROSPECTS), write(tmp_path, "appels.csv", HISTORY)
    run = cli("check", str(prospects), "--calls", str(calls), "--channel", "phone", "--as-of", "2026-10-20",
              "--format", "json")
    assert run.code == 1, run.stderr
    assert "calls-over-limit-30d" in run.stdout and not [s for s in SECRETS if s in run.stdout]


def test_a_history_that_is_no_call_history_stops_the_run(cli, tmp_path):
    prospects = write(tmp_path, "prospects.csv", PROSPECTS)
    notes = write(tmp_path, "notes.csv", "Nom;Commentaire\nDurand;rappeler mardi\n")
    refused(cli("audit", str(prospects), "--calls", str(notes)), "notes.csv:1:",
            "the --calls history has no phone or e-mail column", "--calls expects")
    refused(cli("audit", str(prospects), "--calls", "/bin/ls"), "/bin/ls", "the --calls history")
    refused(cli("audit", str(prospects), "--calls", str(tmp_path / "absent.csv")), "--calls: file not found")
