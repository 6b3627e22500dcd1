"""End to end, the sensitive-data additions of issue #24 through the real command on a CSV on disk:
a card number and an IBAN masked in the cleaned file (and nowhere in the outputs), a criminal note
emptied with one finding, a union mandate in a job title tagged, and the clean rows left alone."""
from __future__ import annotations

import csv
import io

from stdnum import luhn

BODY = "497010123456789"
CARD = BODY + luhn.calc_check_digit(BODY)
SPACED = " ".join(CARD[i:i + 4] for i in range(0, 16, 4))
IBAN = "FR76 3000 6000 0112 3456 7890 189"
ROWS = [
    ["Nom", "Prénom", "Fonction", "SIRET", "Type client", "E-mail", "Commentaire"],
    ["Durand", "Léa", "Délégué commercial", "44306184100047", "B2B", "lea.durand@durand-sa.fr", "Commande 4970101234567891"],
    ["Roux", "Anne", "Déléguée syndicale CGT", "44306184100047", "B2B", "anne.roux@durand-sa.fr", "RAS"],
    ["Petit", "Marc", "Gérant", "", "B2B", "marc@petit.fr", f"Payé par CB {SPACED} exp 12/27"],
    ["Morel", "Jean", "Acheteur", "", "B2B", "jean@morel.fr", f"RIB {IBAN}"],
    ["Blanc", "Paul", "Directeur", "", "B2B", "paul@blanc.fr", "Sorti de prison l'an dernier"],
]


def test_sensitive_additions_through_the_cli(cli, tmp_path):
    path = tmp_path / "prospects.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(ROWS)
    run = cli("audit", str(path), "--as-of", "2026-11-28", "--lang", "en", "--channel", "post")
    assert "Traceback" not in run.stderr and run.code in (0, 1), run.stderr
    found = {(rule, row) for rule, row in run.findings()
             if rule in {"payment-data-in-cell", "union-mandate-in-job-title", "criminal-terms-in-comment", "sensitive-term"}}
    assert found == {("union-mandate-in-job-title", 3), ("payment-data-in-cell", 4), ("payment-data-in-cell", 5),
                     ("criminal-terms-in-comment", 6)}
    clean = {r[0]: r for r in csv.reader(io.StringIO((run.out_dir / "prospects.clean.csv").read_text(encoding="utf-8")),
                                         delimiter=";")}
    assert clean["Petit"][6] == "Payé par CB •••• •••• •••• •••• exp 12/27"
    assert clean["Morel"][6] == "RIB FR•• •••• •••• •••• •••• •••• •••"
    assert clean["Blanc"][6] == "" and clean["Durand"][6] == "Commande 4970101234567891"
    for output in run.out_dir.iterdir():
        text = output.read_bytes()
        assert CARD[4:].encode() not in text and SPACED[5:].encode() not in text, output.name
        assert IBAN[5:].encode() not in text and IBAN.replace(" ", "")[4:].encode() not in text, output.name
