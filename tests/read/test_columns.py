"""Headers map to roles whatever their accents, case, punctuation or language."""
from __future__ import annotations

import pandas as pd
import pytest

from fichier_check.read.columns import map_columns, role_of_header


@pytest.mark.parametrize("header, role", [
    ("Tél. fixe", "phone"), ("TELEPHONE", "phone"), ("Téléphone", "phone"), ("Phone", "phone"),
    ("GSM", "mobile"), ("Portable", "mobile"), ("Mobile", "mobile"),
    ("Adresse e-mail", "email"), ("Courriel", "email"), ("E-mail", "email"), ("EMAIL", "email"), ("Mail", "email"),
    ("Consentement email", "optin_email"), ("Opt-in e-mail", "optin_email"), ("Optin", "optin_email"),
    ("Opt-in SMS", "optin_sms"), ("Consentement téléphone", "optin_phone"),
    ("Accord prospection téléphonique", "optin_phone"),
    ("Typologie", "customer_type"), ("Type client", "customer_type"), ("Customer type", "customer_type"),
    ("Remarques", "comment"), ("Commentaire", "comment"), ("Notes", "comment"), ("Observations", "comment"),
    ("Résultat d'appel", "call_result"), ("Resultat appel", "call_result"), ("Call result", "call_result"),
    ("Statut", "status"), ("Date dernier contact", "last_contact_date"), ("SIRET", "siret"), ("SIREN", "siren"),
    ("Source", "source"), ("Origine", "source"), ("Contrat en cours", "contract_in_progress"),
    ("Adresse", "address"), ("Code postal", "postal_code"), ("CP", "postal_code"), ("Ville", "city"),
    ("Nom", "last_name"), ("Prénom", "first_name"), ("Société", "company"), ("Raison sociale", "company"),
    ("Bloctel", "bloctel_flag"), ("Ne pas contacter", "opposition"),
])
def test_real_headers_map_to_their_role(header, role):
    assert role_of_header(header) == role


@pytest.mark.parametrize("header", ["Religion", "Code INSEE", "Chiffre d'affaires", ""])
def test_headers_without_a_role_stay_unmapped(header):
    assert role_of_header(header) is None


def test_several_phone_and_comment_columns_are_kept():
    mapping = map_columns(["Tél. fixe", "Portable", "Commentaire", "Remarques"])
    assert mapping.phone_columns() == [0, 1] and mapping.columns("comment") == [2, 3]


def test_a_second_status_column_stays_unmapped():
    mapping = map_columns(["Statut", "Statut"])
    assert mapping.columns("status") == [0]


def test_config_overrides_the_mapping():
    mapping = map_columns(["Champ 1", "Téléphone"], overrides={"Champ 1": "email", "téléphone": "ignore"})
    assert mapping.columns("email") == [0] and not mapping.has("phone")


def test_email_column_is_recognised_from_its_values():
    sample = pd.DataFrame({0: ["a@exemple.fr", "b@exemple.fr", "c@exemple.fr"], 1: ["x", "y", "z"]})
    mapping = map_columns(["Contact", "Divers"], sample=sample)
    assert mapping.columns("email") == [0] and mapping.how[0] == "values"


def test_duplicate_headers_are_told_apart_in_the_report():
    mapping = map_columns(["Tel", "Tel"])
    assert list(mapping.as_report()) == ["Tel", "Tel (col. 2)"]


@pytest.mark.parametrize("header", ["Opt-in automate", "Appels automatisés", "Accord robot", "Automated calls consent",
                                    "Consentement appels automatisés", "Opt-in messages préenregistrés"])
def test_consent_to_automated_calls_has_its_own_role_before_the_phone_opt_in(header):
    assert role_of_header(header) == "optin_auto_call"


@pytest.mark.parametrize("header, role", [("Nb appels automatisés", "call_count"), ("Accord appels", "optin_phone"),
                                          ("Consentement téléphone", "optin_phone")])
def test_counts_and_the_phone_opt_in_are_not_automated_call_consents(header, role):
    assert role_of_header(header) == role
