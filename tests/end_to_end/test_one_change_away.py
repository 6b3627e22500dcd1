"""The rest of the catalogue, as a new user meets it: a file of ordinary rows that are in order, and
rows each one change away from one of them. Every changed row gets the finding of the one rule its
change breaks; the rows in order get none of the catalogue's rules (a B2B address at the company's
own domain, a 0161 number, an order number that is not a card, a "délégué commercial", Ajaccio's
20000). Campaign settings (--channel auto_call, --sector, a date while Bloctel was the law) are one
more run each, on the same rows."""
from __future__ import annotations

import csv

import pytest

HEADER = ["Type client", "Société", "SIRET", "Nom", "Prénom", "Fonction", "E-mail", "Téléphone", "Portable",
          "Adresse", "Code postal", "Ville", "Opt-in e-mail", "Opt-in SMS", "Opt-in téléphone", "Date opt-in",
          "Source opt-in", "Source", "Désabonné", "STOP SMS", "Contrat en cours", "Date de collecte",
          "Résultat appel", "Commentaire"]

B2B = {"Type client": "B2B", "Société": "Durand SA", "SIRET": "732 829 320 00074", "Nom": "Durand", "Prénom": "Léa",
       "Fonction": "Directrice des achats", "E-mail": "lea.durand@durand-sa.fr", "Téléphone": "01 61 23 45 67",
       "Portable": "06 12 34 56 78", "Adresse": "12 rue de la Paix", "Code postal": "75002", "Ville": "Paris",
       "Opt-in e-mail": "oui", "Opt-in SMS": "oui", "Opt-in téléphone": "oui", "Date opt-in": "01/03/2026",
       "Source opt-in": "formulaire du site durand-sa.fr", "Source": "Formulaire site", "Désabonné": "non",
       "STOP SMS": "non", "Contrat en cours": "non", "Date de collecte": "01/03/2026", "Résultat appel": "RDV",
       "Commentaire": "Commande n° 4970 1012 3456 7890 livrée, rappeler pour la suite"}
B2C = {**B2B, "Type client": "Particulier", "Société": "", "SIRET": "", "Fonction": "",
       "E-mail": "lea.durand@gmail.com", "Téléphone": "04 72 10 20 30", "Adresse": "3 cours Napoléon",
       "Code postal": "20000", "Ville": "Ajaccio", "Commentaire": "Souhaite un devis pour une cuisine"}

IN_ORDER = [
    B2B,
    {**B2B, "Nom": "Rossi", "Prénom": "Marc", "Fonction": "Délégué commercial", "E-mail": "m.rossi@rossi-btp.fr",
     "Société": "Rossi BTP", "Téléphone": "01 42 68 53 00", "Portable": "06 98 76 54 32", "Code postal": "20200",
     "Ville": "Bastia"},
    B2C,
    {**B2C, "Nom": "Martin", "Prénom": "Paul", "E-mail": "paul.martin@orange.fr", "Téléphone": "05 56 00 11 22",
     "Portable": "07 12 34 56 78", "Code postal": "33000", "Ville": "Bordeaux"},
]
# (rule the change must raise, the change)
ONE_CHANGE = [
    ("payment-data-in-cell", {"Commentaire": "Paie par carte 4111 1111 1111 1111"}),
    ("payment-data-in-cell", {"Commentaire": "IBAN FR76 3000 6000 0112 3456 7890 189 pour le prélèvement"}),
    ("union-mandate-in-job-title", {"Fonction": "Délégué syndical CGT"}),
    ("criminal-terms-in-comment", {"Commentaire": "Sorti de prison l'an dernier"}),
    ("optin-without-proof", {"Date opt-in": ""}),
    ("optin-without-proof", {"Source opt-in": ""}),
    ("b2b-webmail-address", {"E-mail": "lea.durand.pro@gmail.com"}),
    ("channel-unsubscribed", {"Désabonné": "oui"}),
    ("channel-unsubscribed", {"STOP SMS": "oui"}),
    ("phone-npv-prefix", {"Téléphone": "01 62 12 34 56"}),
    ("phone-special-number", {"Téléphone": "08 92 68 01 23"}),
    ("phone-foreign", {"Téléphone": "+32 2 555 12 12"}),
    ("phone-sms-not-mobile", {"Portable": "01 45 22 33 44"}),
    ("email-typo-domain", {"E-mail": "lea.durand@gmial.com", "Type client": "Particulier", "Société": "",
                           "SIRET": "", "Fonction": ""}),
    ("source-missing", {"Source": ""}),
    ("scraped-source", {"Source": "Extraction LinkedIn Sales Navigator"}),
    ("third-party-source-electronic-b2c", {**{k: B2C[k] for k in ("Type client", "Société", "SIRET", "Fonction")},
                                           "E-mail": "lea.d@orange.fr", "Source": "Fichier loué",
                                           "Source opt-in": "fichier loué"}),
    ("customer-type-missing", {"Type client": ""}),
    ("customer-type-inconsistent", {"Type client": "Particulier"}),
    ("postal-code-invalid", {"Code postal": "1000"}),
    ("npai-address", {"Adresse": "NPAI 12 rue de la Paix"}),
]
CATALOGUE_RULES = {rule for rule, _ in ONE_CHANGE} | {
    "b2c-auto-call-optin-missing", "sector-ban", "bloctel-check-stale", "soft-optin-without-purchase",
    "phone-shared", "birthdate-collected", "civility-collected", "unmapped-column"}


def own_contact(i: int) -> dict:
    """A changed row is another person of the company: its own name, phones and e-mail (rows sharing
    a number under different names would be a switchboard: phone-shared)."""
    return {"Nom": f"Variante{i}", "Téléphone": f"01 44 {10 + i:02d} 20 30", "Portable": f"06 20 {10 + i:02d} 30 40",
            "E-mail": f"variante{i}@durand-sa.fr"}


def write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, HEADER, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def trial(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trial")
    rows = IN_ORDER + [{**B2B, **own_contact(i), **change} for i, (_, change) in enumerate(ONE_CHANGE)]
    write(folder / "prospects.csv", rows)
    return folder


def findings(cli, folder, *options):
    done = cli("audit", str(folder / "prospects.csv"), "--as-of", "2026-12-06", *options, out=folder / "out")
    assert done.code in (0, 1), done.stderr
    return done.side()


def test_each_row_one_change_away_gets_the_rule_its_change_breaks(cli, trial):
    found = {(f["rule"], f["row"]) for f in findings(cli, trial)}
    first = len(IN_ORDER) + 2  # spreadsheet row of the first changed row
    missed = [(rule, first + i) for i, (rule, _) in enumerate(ONE_CHANGE) if (rule, first + i) not in found]
    assert missed == []


def test_rows_in_order_get_none_of_the_catalogue_rules(cli, trial):
    rows_in_order = range(2, len(IN_ORDER) + 2)
    wrong = sorted((f["rule"], f["row"]) for f in findings(cli, trial)
                   if f["row"] in rows_in_order and f["rule"] in CATALOGUE_RULES)
    assert wrong == []


def test_a_robot_campaign_needs_the_consumers_automated_call_consent(cli, trial):
    found = findings(cli, trial, "--channel", "auto_call")
    flagged = {f["row"] for f in found if f["rule"] == "b2c-auto-call-optin-missing"}
    assert {4, 5} <= flagged  # the consumers in order have no automated-call opt-in column
    assert not flagged & {2, 3}  # companies: not this rule's business


def test_an_energy_renovation_campaign_quarantines_the_consumers_only(cli, trial):
    found = findings(cli, trial, "--sector", "energy-renovation")
    flagged = {f["row"] for f in found if f["rule"] == "sector-ban"}
    assert {4, 5} <= flagged and not flagged & {2, 3}


def test_while_bloctel_was_the_law_a_consumer_file_without_its_check_date_is_said_once(cli, trial):
    done = cli("audit", str(trial / "prospects.csv"), "--as-of", "2026-06-01", out=trial / "before")
    stale = [f for f in done.side() if f["rule"] == "bloctel-check-stale"]
    assert len(stale) == 1  # no Bloctel check-date column: one file-level finding, not one per row
