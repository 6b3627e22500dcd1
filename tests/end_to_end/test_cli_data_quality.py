"""The data-quality family through the real command line on a CSV on disk: each row one change away
from a clean row is flagged by its rule, the clean rows (Ajaccio's 20000, a CEDEX code, a Belgian
row, a business row with its type) by none, the row whose address was returned NPAI has no channel left for a post campaign, and no
address, postal code or birth date appears in the reports."""
from __future__ import annotations

import csv

from tests.end_to_end.test_cli_broken_input import write

HEADER = "Civilité;Nom;Type client;Société;Adresse;Code postal;Ville;Pays;Date de naissance;Commentaire;Loisirs\n"
ROWS = [
    "M.;Durand;B2B;Durand SA;12 cours Napoléon;20000;Ajaccio;France;;RDV fixé avec la DAF;\n",  # 2 clean
    "Mme;Roux;Particulier;;4 rue des Lilas;92042 CEDEX;Nanterre;;;Rappeler après 18h;\n",  # 3 clean
    "M.;Peeters;Particulier;;10 rue Neuve;1000;Bruxelles;Belgique;;;\n",  # 4 clean (foreign)
    "M.;Petit;;;8 rue Haute;75008;Paris;;;;\n",  # 5 type blank
    "Mme;Martin;Particulier;;3 rue Basse;1300;Marseille;;;;\n",  # 6 leading zero lost
    "M.;Blanc;Particulier;;5 rue Verte;69003;Lyon;;;Retour courrier NPAI;\n",  # 7 NPAI
    "Mme;Noir;Particulier;;6 rue Bleue;33000;Bordeaux;;12/03/1980;;golf\n",  # 8 birth date, hobby
]
SECRETS = ("rue Verte", "12/03/1980", "golf", "1300")


def test_each_data_quality_rule_fires_on_its_row_and_not_on_clean_ones(cli, tmp_path):
    prospects = write(tmp_path, "prospects.csv", HEADER + "".join(ROWS))
    run = cli("audit", str(prospects), "--channel", "post", "--as-of", "2026-11-28", "--lang", "en")
    assert run.code in (0, 1), run.stderr
    found = {(rule, row) for rule, row in run.findings() if rule in {
        "customer-type-missing", "postal-code-invalid", "npai-address", "birthdate-collected", "civility-collected",
        "unmapped-column", "customer-type-inconsistent"}}
    assert found == {("customer-type-missing", 5), ("postal-code-invalid", 6), ("npai-address", 7),
                     ("birthdate-collected", 1), ("civility-collected", 1), ("unmapped-column", 1)}
    details = {f["rule"]: f["detail"] for f in run.side()}
    assert details["unmapped-column"].startswith("no role recognised")
    assert details["npai-address"] == "NPAI mention in a comment"
    with open(run.out_dir / "prospects.clean.csv", encoding="utf-8", newline="") as handle:
        cleaned = list(csv.reader(handle, delimiter=";"))
    # the NPAI row lost its address, hence its only channel in a post campaign: quarantined, the others kept
    assert ("no-usable-channel", 7) in run.findings()
    assert [row[1] for row in cleaned[1:]] == ["Durand", "Roux", "Peeters", "Petit", "Martin", "Noir"]
    shown = run.stdout + (run.out_dir / "prospects.report.json").read_text(encoding="utf-8") + \
        (run.out_dir / "prospects.report.html").read_text(encoding="utf-8")
    assert not [s for s in SECRETS if s in shown]
