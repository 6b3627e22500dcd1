"""Write the example prospect file and its lists (run from the repository root:
`python examples/make_examples.py`). The people are invented; the NIR is built with a valid key
from an invented body so the `nir` rule has something to find."""
from __future__ import annotations

import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = ["Civilité", "Nom", "Prénom", "Société", "SIRET", "Type client", "Tél. fixe", "Portable", "E-mail",
          "Opt-in e-mail", "Opt-in téléphone", "Date dernier contact", "Statut", "Résultat d'appel", "Commentaire"]


def nir(body13: str) -> str:
    digits = body13.replace("2A", "19").replace("2B", "18")
    key = 97 - int(digits) % 97
    b = body13
    return f"{b[0]} {b[1:3]} {b[3:5]} {b[5:7]} {b[7:10]} {b[10:13]} {key:02d}"


ROWS = [
    ["M.", "Durand", "Léa", "Durand SA", "44306184100047", "B2B", "01 42 68 53 00", "", "lea.durand@durand-sa.fr", "Oui", "", "2026-10-02", "CHAUD", "RDV", "RDV fixé le 12/12 avec la DAF"],
    ["Mme", "Lefèvre", "Camille", "Boulangerie Lefèvre", "", "Particulier", "", "06 12 34 56 78", "camille.lefevre@orange.fr", "Oui", "Oui", "2026-09-15", "TIÈDE", "RAPP", "Rappeler après 18h"],
    ["M.", "Martin", "Paul", "Martin & Fils", "", "Pro", "01 23 45", "", "paul.martin@martin-fils.fr", "Oui", "", "2026-06-30", "FROID", "NRP", ""],
    ["Mme", "Roux", "Anne", "", "", "Particulier", "", "", "anne.roux@free.fr", "Non", "", "2026-05-12", "", "MAIL", "Envoyer la brochure"],
    ["M.", "Blanc", "Marc", "Blanc Conseil", "", "B2B", "01 44 55 66 77", "06 98 76 54 32", "marc.blanc@blanc-conseil.fr", "Oui", "", "2026-11-03", "CHAUD", "PISTE", "En arrêt maladie jusqu'en mars, rappeler en avril"],
    ["Mme", "Noir", "Eve", "", "", "Particulier", "04 78 12 34 56", "", "eve.noir@laposte.net", "Oui", "Oui", "2026-10-20", "TIÈDE", "RAPP", f"A donné son n° sécu {nir('2840569123456')} par erreur"],
    ["M.", "Vert", "Luc", "", "", "Particulier", "", "06 11 22 33 44", "luc.vert@gmail.com", "CGV", "Oui", "2026-07-07", "", "OCC", ""],
    ["Mme", "Gris", "Inès", "Gris Immobilier", "", "B2B", "01 40 50 60 70", "", "ines.gris@gris-immo.fr", "Oui", "", "2026-09-01", "ARRÊTÉ", "REFUS", "Ne souhaite plus être contactée"],
    ["M.", "Petit", "Jean", "Petit Transports", "", "Professionnel", "03 20 11 22 33", "", "jean.petit@@petit-transports.fr", "Oui", "", "2026-08-19", "FROID", "NRP", ""],
    ["Mme", "Moreau", "Julie", "", "", "Particulier", "", "07 81 23 45 67", "", "", "", "2026-10-11", "", "RAPP", "Très croyante, ne pas appeler le dimanche"],
    ["M.", "Fournier", "Hugo", "", "", "", "05 56 44 33 22", "", "hugo.fournier@hotmail.fr", "", "", "2026-04-02", "", "NRP", ""],
    ["Mme", "Girard", "Sophie", "Girard Déco", "", "B2B", "02 40 12 34 56", "", "contact@girard-deco.fr", "", "", "2026-10-28", "TIÈDE", "RAPP", "Standard : demander Sophie"],
    ["M.", "Bonnet", "Nicolas", "", "", "Particulier", "", "+33 690 12 34 56", "nicolas.bonnet@yahoo.fr", "Oui", "Oui", "2026-09-09", "", "ERR", "Numéro erroné ?"],
    ["Mme", "Dupont", "Claire", "Dupont Avocats", "", "B2B", "01 53 00 11 22", "", "claire.dupont@dupont-avocats.fr", "Oui", "", "2026-11-12", "CHAUD", "RDV", "Syndiquée CGT, très méfiante"],
    ["M.", "Lambert", "Thomas", "", "", "Particulier", "0596 61 23 45", "0696 12 34 56", "thomas.lambert@orange.fr", "Oui", "Oui", "2026-10-05", "TIÈDE", "RAPP", "Martinique : tenir compte du décalage horaire"],
    ["Mme", "Fontaine", "Laura", "", "", "Particulier", "", "06 45 67 89 01", "laura.fontaine@gmail", "Oui", "Non", "2026-08-30", "", "NRP", ""],
    ["M.", "Chevalier", "Antoine", "Chevalier BTP", "", "B2B", "04 91 22 33 44", "", "antoine.chevalier@chevalier-btp.fr", "Oui", "", "2026-11-20", "FROID", "PROJET", "Budget voté en janvier"],
    ["Mme", "Robin", "Manon", "", "", "Particulier", "", "06 33 44 55 66", "manon.robin@sfr.fr", "Oui", "Oui", "2026-10-17", "", "RAPP", ""],
    ["M.", "Garnier", "Louis", "Garnier Auto", "", "B2B", "01 60 70 80 90", "", "louis.garnier@garnier-auto.fr", "Oui", "", "2026-09-25", "TIÈDE", "RAPP", "=HYPERLINK(\"https://example.invalid\";\"fiche\")"],
    ["Mme", "Faure", "Chloé", "", "", "Particulier", "09 72 11 22 33", "", "chloe.faure@free.fr", "oui", "", "2026-03-14", "", "NRP", ""],
]


def main() -> None:
    lines = [";".join(HEADER)] + [";".join(_quote(c) for c in row) for row in ROWS]
    (HERE / "prospects.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    (HERE / "bloctel.txt").write_text("0611223344\n+33 6 33 44 55 66\n06 99 88 77 66\n", encoding="utf-8")
    hashed = hashlib.sha256("+33781234567".encode()).hexdigest()
    (HERE / "opposition.csv").write_text(
        "valeur;date_opposition\nines.gris@gris-immo.fr;2026-09-01\n" f"{hashed};2026-10-12\n"
        "ancien.client@exemple.fr;2025-02-03\n", encoding="utf-8")


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ';"\r\n') else cell


if __name__ == "__main__":
    main()
