"""Write the example prospect file, its lists and its call history (run from the repository root:
`python examples/make_examples.py`). The people are invented; the NIR is built with a valid key
from an invented body so the `nir` rule has something to find."""
from __future__ import annotations

import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = ["Civilité", "Nom", "Prénom", "Société", "SIRET", "Type client", "Tél. fixe", "Portable", "E-mail",
          "Opt-in e-mail", "Opt-in téléphone", "Date dernier contact", "Statut", "Résultat d'appel", "Commentaire",
          "Date dernier appel", "Date de rappel", "Nb appels", "Date de collecte",
          "Fonction", "Code postal", "Ville", "Source", "Date opt-in", "Source opt-in", "Désabonné"]
# The columns of the rest of the catalogue (issue #24), per row of ROWS in order: job title, postal
# code, city, source, opt-in date, opt-in source, unsubscribed. Most are in order; a few are not.
# Three consumers have no postal address: when their e-mail and phones go, no channel is left.
CATALOGUE = [
    ["Directrice administrative et financière", "75008", "Paris", "Salon Batimat 2025", "15/01/2025", "formulaire salon", "Non"],
    ["", "69003", "Lyon", "Formulaire site", "03/02/2024", "formulaire site", "Non"],
    ["Gérant", "1000", "Bourg-en-Bresse", "Recommandation client", "02/11/2025", "appel entrant", "Non"],
    ["", "", "", "Formulaire site", "", "", "Non"],
    ["Directeur commercial", "92042 CEDEX", "Paris La Défense", "Salon Batimat 2025", "18/06/2025", "formulaire salon", "Non"],
    ["", "69007", "Lyon", "Jeu concours partenaire", "01/09/2025", "jeu concours partenaire", "Non"],
    ["", "20000", "Ajaccio", "Formulaire site", "", "", "Non"],
    ["Gérante", "75011", "Paris", "Extraction LinkedIn Sales Navigator", "11/04/2024", "formulaire site", "Non"],
    ["Responsable logistique", "59000", "Lille", "Pages Jaunes", "20/01/2025", "appel entrant", "Non"],
    ["", "33000", "Bordeaux", "Fichier loué", "", "", "Non"],
    ["", "", "", "", "", "", ""],
    ["Assistante de direction", "44000", "Nantes", "Formulaire site", "", "", "Non"],
    ["", "97200", "Fort-de-France", "Formulaire site", "09/09/2025", "formulaire site", "Non"],
    ["Avocate associée, déléguée syndicale", "75001", "Paris", "Recommandation client", "14/02/2025", "rendez-vous", "Non"],
    ["", "97200", "Fort-de-France", "Formulaire site", "30/06/2024", "formulaire site", "Non"],
    ["", "", "", "Formulaire site", "30/08/2025", "formulaire site", "Oui"],
    ["Conducteur de travaux", "13002", "Marseille", "Salon Batimat 2025", "01/12/2025", "formulaire salon", "Non"],
    ["", "20200", "Bastia", "Formulaire site", "17/07/2025", "formulaire site", "Non"],
    ["Délégué commercial", "77000", "Melun", "Formulaire site", "05/05/2025", "formulaire site", "Non"],
    ["", "75015", "Paris", "Formulaire site", "01/12/2024", "formulaire site", "Non"],
    ["", "75017", "Paris", "Formulaire site", "04/04/2025", "formulaire site", "Non"],
    ["", "75017", "Paris", "Formulaire site", "04/04/2025", "formulaire site", "Non"],
    ["Paysagiste", "35000", "Rennes", "Salon du paysage 2025", "15/11/2025", "formulaire salon", "Non"],
    ["", "38000", "Grenoble", "Formulaire site", "12/03/2021", "formulaire site", "Non"],
    ["Fleuriste", "67000", "Strasbourg", "Formulaire site", "30/09/2025", "formulaire site", "Non"],
    ["", "06000", "Nice", "Formulaire site", "", "formulaire site", "Non"],
]


def nir(body13: str) -> str:
    digits = body13.replace("2A", "19").replace("2B", "18")
    key = 97 - int(digits) % 97
    b = body13
    return f"{b[0]} {b[1:3]} {b[3:5]} {b[5:7]} {b[7:10]} {b[10:13]} {key:02d}"


ROWS = [
    ["M.", "Durand", "Léa", "Durand SA", "44306184100047", "B2B", "01 42 68 53 00", "", "lea.durand@durand-sa.fr", "Oui", "", "2026-10-02", "CHAUD", "RDV", "RDV fixé le 12/12 avec la DAF", "02/10/2026", "", "3", "15/01/2025"],
    ["Mme", "Lefèvre", "Camille", "Boulangerie Lefèvre", "", "Particulier", "", "06 12 34 56 78", "camille.lefevre@orange.fr", "Oui", "Oui", "2026-09-15", "TIÈDE", "RAPP", "Rappeler après 18h", "15/09/2026", "17/12/2026 20:30", "2", "03/02/2024"],
    ["M.", "Martin", "Paul", "Martin & Fils", "443 061 841 00048", "Pro", "01 23 45", "", "paul.martin@martin-fils.fr", "Oui", "", "2026-06-30", "FROID", "NRP", "", "30/06/2026", "", "4", "2025-11-02"],
    ["Mme", "Roux", "Anne", "", "", "Particulier", "", "", "anne.roux@free.fr", "Non", "", "2026-05-12", "", "MAIL", "Envoyer la brochure", "12/05/2026", "", "1", "12/05/2026"],
    ["M.", "Blanc", "Marc", "Blanc Conseil", "", "B2B", "01 44 55 66 77", "06 98 76 54 32", "marc.blanc@blanc-conseil.fr", "Oui", "", "2026-11-03", "CHAUD", "PISTE", "En arrêt maladie jusqu'en mars, rappeler en avril", "03/11/2026", "14/12/2026 11:00", "2", "2025-06-18"],
    ["Mme", "Noir", "Eve", "", "", "Particulier", "04 78 12 34 56", "", "eve.noir@laposte.net", "Oui", "Oui", "2026-10-20", "TIÈDE", "RAPP", f"A donné son n° sécu {nir('2840569123456')} par erreur", "20/10/2026", "08/12/2026 15:00", "3", "2025-09-01"],
    ["M.", "Vert", "Luc", "", "", "Particulier", "", "06 11 22 33 44", "luc.vert@gmail.com", "CGV", "Oui", "2026-07-07", "", "OCC", "", "07/07/2026", "", "2", "31/02/2026"],
    ["Mme", "Gris", "Inès", "Gris Immobilier", "", "B2B", "01 40 50 60 70", "", "ines.gris@gris-immo.fr", "Oui", "", "2026-09-01", "ARRÊTÉ", "REFUS", "Ne souhaite plus être contactée", "01/09/2026", "", "5", "2024-04-11"],
    ["M.", "Petit", "Jean", "Petit Transports", "", "Professionnel", "03 20 11 22 33", "", "jean.petit@@petit-transports.fr", "Oui", "", "2026-08-19", "FROID", "NRP", "", "19/08/2026", "", "3", "2025-01-20"],
    ["Mme", "Moreau", "Julie", "", "", "Particulier", "", "07 81 23 45 67", "", "", "", "2026-10-11", "", "RAPP", "Très croyante, ne pas appeler le dimanche", "11/10/2026", "25/12/2026 10:00", "2", "2025-03-03"],
    ["M.", "Fournier", "Hugo", "", "", "", "05 56 44 33 22", "", "hugo.fournier@hotmail.fr", "", "", "2026-04-02", "", "NRP", "", "02/04/2026", "", "1", ""],
    ["Mme", "Girard", "Sophie", "Girard Déco", "", "B2B", "02 40 12 34 56", "", "contact@girard-deco.fr", "", "", "2026-10-28", "TIÈDE", "RAPP", "Standard : demander Sophie", "28/10/2026", "10/12/2026 09:30", "2", "2025-10-10"],
    ["M.", "Bonnet", "Nicolas", "", "", "Particulier", "", "+33 690 12 34 56", "nicolas.bonnet@yahoo.fr", "Oui", "Oui", "2026-09-09", "", "ERR", "Numéro erroné ?", "09/09/2026", "", "1", "2025-09-09"],
    ["Mme", "Dupont", "Claire", "Dupont Avocats", "", "B2B", "01 53 00 11 22", "", "claire.dupont@dupont-avocats.fr", "Oui", "", "2026-11-12", "CHAUD", "RDV", "Syndiquée CGT, très méfiante", "12/11/2026", "", "3", "2025-02-14"],
    ["M.", "Lambert", "Thomas", "", "", "Particulier", "+596 596 61 23 45", "0696 12 34 56", "thomas.lambert@orange.fr", "Oui", "Oui", "2026-10-05", "TIÈDE", "RAPP", "Martinique : tenir compte du décalage horaire", "05/10/2026", "14/12/2026 10:30", "3", "2024-06-30"],
    ["Mme", "Fontaine", "Laura", "", "", "Particulier", "", "06 45 67 89 01", "laura.fontaine@gmail", "Oui", "Non", "2026-08-30", "", "NRP", "", "30/08/2026", "", "2", "2025-08-30"],
    ["M.", "Chevalier", "Antoine", "Chevalier BTP", "", "B2B", "04 91 22 33 44", "", "antoine.chevalier@chevalier-btp.fr", "Oui", "", "2026-11-20", "FROID", "PROJET", "Budget voté en janvier", "20/11/2026", "04/01/2027 10:00", "2", "2025-12-01"],
    ["Mme", "Robin", "Manon", "", "", "Particulier", "", "06 33 44 55 66", "manon.robin@sfr.fr", "Oui", "Oui", "2026-10-17", "", "RAPP", "", "17/10/2026", "", "5", "2025-07-17"],
    ["M.", "Garnier", "Louis", "Garnier Auto", "", "B2B", "01 60 70 80 90", "", "louis.garnier@garnier-auto.fr", "Oui", "", "2026-09-25", "TIÈDE", "RAPP", "=HYPERLINK(\"https://example.invalid\";\"fiche\")", "25/09/2026", "", "2", "2025-05-05"],
    ["Mme", "Faure", "Chloé", "", "", "Particulier", "09 72 11 22 33", "", "chloe.faure@free.fr", "oui", "", "2026-03-14", "", "NRP", "", "14/03/2026", "", "7", "2024-12-01"],

    # Campaign hygiene (issue #18): a refusal, the same person again with a RAPP (the refusal follows
    # her), out of target, a prospect kept too long, an unknown code with a judgement, no date at all.
    ["M.", "Leroy", "Bruno", "", "", "Particulier", "", "06 52 41 30 20", "bruno.leroy@gmail.com", "Oui", "Oui", "2026-11-20", "", "REFUS", "Pas intéressé, ne veut plus être appelé", "20/11/2026", "10/12/2026 11:00", "2", "2025-04-04"],
    ["M.", "Leroy", "Bruno", "", "", "Particulier", "01 45 22 33 44", "", "bruno.leroy@gmail.com", "Oui", "Oui", "2026-10-01", "TIÈDE", "RAPP", "", "01/10/2026", "", "1", "2025-04-04"],
    ["Mme", "Caron", "Élise", "Caron Paysage", "", "B2B", "02 99 88 77 66", "", "elise.caron@caron-paysage.fr", "Oui", "", "2026-06-02", "", "HORS CIBLE", "Activité hors zone", "02/06/2026", "", "1", "2025-11-15"],
    ["M.", "Perrin", "Gilles", "", "", "Particulier", "04 76 55 44 33", "", "gilles.perrin@wanadoo.fr", "Oui", "Oui", "2022-05-10", "", "NRP", "", "10/05/2022", "", "3", "12/03/2021"],
    ["Mme", "Morel", "Agathe", "Morel Fleurs", "", "B2B", "03 88 12 34 56", "", "agathe.morel@morel-fleurs.fr", "Oui", "", "2026-11-25", "CHAUD", "PAS DISPO", "Assistante désagréable, demander la gérante", "25/11/2026", "", "2", "2025-09-30"],
    ["M.", "Marchand", "Yves", "", "", "Particulier", "", "06 71 82 93 04", "yves.marchand@free.fr", "Oui", "Oui", "", "", "", "", "", "", "", ""],
]
ROWS = [row + extra for row, extra in zip(ROWS, CATALOGUE, strict=True)]
ROWS += [
    # The rest of the catalogue (issue #24): a B2B contact on a webmail, a call platform's number, a
    # mistyped webmail domain, a card number written in a note.
    ["M.", "Rey", "Julien", "Rey Menuiserie", "", "B2B", "01 62 45 78 90", "", "julien.rey.menuiserie@gmail.com", "Oui", "", "2026-11-18", "TIÈDE", "RAPP", "Paiera l'acompte par carte 4970 1000 0000 0063", "18/11/2026", "", "1", "2026-11-18", "Artisan menuisier", "26000", "Valence", "Formulaire site", "18/11/2026", "formulaire site", "Non"],
    ["Mme", "Colin", "Sarah", "", "", "Particulier", "", "06 24 35 46 57", "sarah.colin@hotmial.fr", "Oui", "Oui", "2026-11-02", "", "RDV", "", "02/11/2026", "", "1", "2026-10-20", "", "34000", "Montpellier", "Formulaire site", "20/10/2026", "formulaire site", "Non"],
]


def main() -> None:
    lines = [";".join(HEADER)] + [";".join(_quote(c) for c in row) for row in ROWS]
    (HERE / "prospects.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    (HERE / "bloctel.txt").write_text("0611223344\n+33 6 33 44 55 66\n06 99 88 77 66\n", encoding="utf-8")
    hashed = hashlib.sha256("+33781234567".encode()).hexdigest()
    (HERE / "opposition.csv").write_text(
        "valeur;date_opposition\nines.gris@gris-immo.fr;2026-09-01\n" f"{hashed};2026-10-12\n"
        "ancien.client@exemple.fr;2025-02-03\n", encoding="utf-8")
    calls = [("06 33 44 55 66", "", f"{day}/10/2026 {hour}", result) for day, hour, result in
             (("02", "10:15", "NRP"), ("06", "11:40", "NRP"), ("09", "17:05", "OCC"), ("14", "18:30", "NRP"),
              ("17", "10:20", "RAPP"))]
    calls += [("06 12 34 56 78", "", "02/09/2026 14:10", "NRP"), ("", "camille.lefevre@orange.fr", "15/09/2026 18:05", "RAPP"),
              ("09 72 11 22 33", "", "03/03/2026 10:30", "NRP"), ("09 72 11 22 33", "", "14/03/2026 16:45", "NRP"),
              ("04 78 12 34 56", "", "10/11/2026 10:05", "NRP"), ("04 78 12 34 56", "", "18/11/2026 17:30", "OCC"),
              ("04 78 12 34 56", "", "25/11/2026 11:15", "NRP"), ("04 78 12 34 56", "", "02/12/2026 14:20", "NRP"),
              ("", "", "20/11/2026 10:00", "NRP")]
    (HERE / "calls.csv").write_text("Téléphone;E-mail;Date appel;Résultat\n"
                                    + "".join(";".join(line) + "\n" for line in calls), encoding="utf-8")


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ';"\r\n') else cell


if __name__ == "__main__":
    main()
