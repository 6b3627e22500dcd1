"""Provenance, sector bans and per-channel opt-outs through the real command line, on a real file:
what each row's source, unsubscribe and STOP columns say reaches the findings and the cleaned file,
`--sector` and `campaign: sector:` apply the sector bans, an unknown sector stops the run, and no
personal value appears in the reports."""
from __future__ import annotations

import csv
import io

from tests.end_to_end.test_cli_broken_input import refused, write

HEADER = "Nom;Type client;E-mail;Portable;Adresse;Source;Opt-in e-mail;Opt-in SMS;Désabonné;STOP SMS;Contrat en cours;Date Bloctel\n"
ROWS = [
    "Durand;Particulier;lea.durand@free.fr;06 12 34 56 78;3 rue des Lilas;Formulaire site web;oui;oui;;;;01/08/2026",
    "Petit;Particulier;marc.petit@orange.fr;06 22 33 44 55;4 rue Haute;Fichier loué;oui;oui;;;;01/06/2026",
    "Martin SA;Professionnel;contact@martin-sa.fr;06 98 76 54 32;;LinkedIn;;;;;;",
    "Roux;Particulier;anne.roux@gmail.com;06 55 44 33 22;;;oui;oui;;;;",
    "Blanc;Particulier;paul.blanc@free.fr;06 11 22 33 44;8 rue Basse;Salon;oui;oui;oui;STOP;;01/08/2026",
    "Noir;Particulier;jean.noir@free.fr;06 66 77 88 99;;Salon;oui;oui;;;oui;",
]
SECRETS = ("durand", "petit@", "martin-sa", "roux", "blanc@", "06 12", "0612", "06 22", "rue des Lilas")


def prospects(tmp_path):
    return write(tmp_path, "prospects.csv", HEADER + "\n".join(ROWS) + "\n")


def clean_rows(run) -> list[list[str]]:
    text = (run.out_dir / "prospects.clean.csv").read_bytes().decode("utf-8")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_sources_and_opt_outs_reach_the_findings_and_the_cleaned_file(cli, tmp_path):
    run = cli("audit", str(prospects(tmp_path)), "--as-of", "2026-11-28", "--lang", "en")
    assert run.code == 1, run.stderr
    found = run.findings()
    assert ("third-party-source-electronic-b2c", 3) in found
    assert ("scraped-source", 4) in found
    assert ("source-missing", 5) in found
    assert {r for rule, r in found if rule == "channel-unsubscribed"} == {6}
    assert not {r for rule, r in found if rule in ("third-party-source-electronic-b2c", "scraped-source",
                                                     "source-missing", "channel-unsubscribed")} & {2, 7}
    rows = clean_rows(run)
    flags = {row[0]: row[-1] for row in rows[1:]}  # blocked, not quarantined: every row is in the cleaned file
    assert set(flags) == {"Durand", "Petit", "Martin SA", "Roux", "Blanc", "Noir"}
    report = run.report()
    assert "sector" not in report["options"]
    assert any(s["rule"] == "sector-ban" and "--sector" in s["reason"] for s in report["skipped_rules"])
    shown = run.stdout + (run.out_dir / "prospects.report.json").read_text(encoding="utf-8") + \
        (run.out_dir / "prospects.report.html").read_text(encoding="utf-8")
    assert not [s for s in SECRETS if s in shown.lower()]


def test_sector_from_the_option_or_the_config_bans_consumers_but_contracts(cli, tmp_path):
    file = prospects(tmp_path)
    run = cli("audit", str(file), "--as-of", "2026-11-28", "--sector", "training-cpf", "--channel", "email",
              "--channel", "sms")
    assert run.code == 1, run.stderr
    banned = {r for rule, r in run.findings() if rule == "sector-ban"}
    assert banned == {2, 3, 5, 6}  # the consumers, not the business (row 4), not the contract in progress (row 7)
    assert run.report()["options"]["sector"] == "training-cpf"
    [detail] = {f["detail"] for f in run.side() if f["rule"] == "sector-ban"}
    assert detail == "CPF training: consumer canvassing banned since 2022-12-20 (loi 2022-1587)"
    kept = {row[0] for row in clean_rows(run)[1:]}
    assert kept == {"Martin SA", "Noir"}  # e-mail and SMS campaign: the banned consumers have no channel left
    config = write(tmp_path, "fichier-check.yaml", "campaign:\n  sector: energy-renovation\n")
    again = cli("audit", str(file), "--as-of", "2024-03-01", "--channel", "phone", "--config", str(config))
    assert {r for rule, r in again.findings() if rule == "sector-ban"} == {2, 3, 5, 6}
    [detail] = {f["detail"] for f in again.side() if f["rule"] == "sector-ban"}
    assert detail == "energy renovation: consumer phone canvassing banned since 2020-07-26 (loi 2020-901)"


def test_an_unknown_sector_stops_the_run(cli, tmp_path):
    file = prospects(tmp_path)
    config = write(tmp_path, "fichier-check.yaml", "lang: en\ncampaign:\n  sector: solar-panels\n")
    refused(cli("audit", str(file), "--config", str(config)), "fichier-check.yaml:3:",
            "campaign: sector 'solar-panels' is not one of energy-renovation, housing-adaptation, training-cpf")
    typo = write(tmp_path, "typo.yaml", "campaign:\n  secteur: training-cpf\n")
    refused(cli("audit", str(file), "--config", str(typo)), "typo.yaml:2:", "campaign: unknown setting 'secteur'")
    run = cli("audit", str(file), "--sector", "solar")
    assert run.code == 2 and "--sector" in run.stderr and "Traceback" not in run.stderr


def test_a_stale_bloctel_check_while_bloctel_is_the_legal_test(cli, tmp_path):
    run = cli("audit", str(prospects(tmp_path)), "--as-of", "2026-08-10", "--channel", "phone")
    stale = {r for rule, r in run.findings() if rule == "bloctel-check-stale"}
    assert stale == {3, 5}  # 70 days before, and no date; 9 days before passes, so do a business and a contract
    later = cli("audit", str(prospects(tmp_path)), "--as-of", "2026-08-11", "--channel", "phone")
    assert not {r for rule, r in later.findings() if rule == "bloctel-check-stale"}
