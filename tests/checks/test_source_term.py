"""third-party-source-electronic-b2c and scraped-source: a source naming a bought or rented file, a
broker, a contest (blocked for consumers' e-mail and SMS without a consent naming the user), or a
scraped/public directory (tagged)."""
from __future__ import annotations

import pytest

from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

THIRD = shipped("third-party-source-electronic-b2c")
SCRAPED = shipped("scraped-source")
MOBILE = "06 12 34 56 78"


def with_names(*names: str) -> dict:
    return {**THIRD, "params": {**THIRD["params"], "consent_names": list(names)}}


def test_bought_rented_and_broker_files_are_flagged_for_consumers():
    sources = ["Fichier loué (Acxiom)", "ACHAT DE FICHIER 2024", "Courtier", "Jeu-concours été", "Coreg", "partenaires",
               "Base achetée", "Location de fichiers"]
    assert flagged_rows(THIRD, Source=sources, email=["a@durand.fr"] * len(sources)) == list(range(2, 2 + len(sources)))


def test_first_party_sources_and_decoys_pass():
    sources = ["Formulaire site web", "Achat en ligne", "Achat en magasin", "Client ayant acheté en 2024", "Salon",
               "Recommandation", "Location", "Newsletter", ""]
    assert flagged_rows(THIRD, Source=sources, email=["a@durand.fr"] * len(sources)) == []


def test_email_and_sms_are_blocked_phone_and_post_stay():
    todo, _ = decisions(THIRD, Source=["Fichier loué"], email=["a@durand.fr"], Portable=[MOBILE], Adresse=["1 rue X"])
    assert todo.blocked == {0: {"email", "sms"}}
    assert not todo.quarantine


def test_business_rows_pass_unknown_type_counts_as_consumer():
    assert flagged_rows(THIRD, Type_client=["B2B", "", "Particulier"], Source=["Fichier loué"] * 3,
                        email=["a@durand.fr"] * 3) == [3, 4]


def test_a_consent_whose_source_names_the_user_or_a_listed_partner_exempts_the_row():
    rule = with_names("Acme Énergie", "Partenaire Solaris")
    rows = flagged_rows(rule, Source=["Fichier loué"] * 4, email=["a@durand.fr"] * 4,
                        Opt_in_email=["oui", "oui", "non", "oui"],
                        Source_opt_in=["Formulaire ACME ENERGIE 2024", "jeu concours sans partenaire nommé",
                                       "Acme Énergie", ""])
    assert rows == [3, 4, 5]  # no named source, no yes, no source


def test_without_consent_names_no_consent_can_be_recognised():
    rows = flagged_rows(THIRD, Source=["Fichier loué"], email=["a@durand.fr"], Opt_in_email=["oui"],
                        Source_opt_in=["Formulaire Acme"])
    assert rows == [2]


def test_a_row_without_an_email_or_a_mobile_is_not_flagged():
    assert flagged_rows(THIRD, Source=["Fichier loué"] * 2, Téléphone=["01 42 68 53 00", MOBILE]) == [3]


def test_the_detail_names_the_term_found_never_the_cell():
    [found] = findings(THIRD, Source=["Fichier loué chez Dupont Data"], email=["a@durand.fr"])
    # without consent_names, what would exempt the row is said
    assert found.detail == "third-party source: fichier loue, and no consent_names set to recognise a consent given to you"
    assert "Dupont" not in found.detail
    named = {**THIRD, "params": {**THIRD["params"], "consent_names": ["ACME"]}}
    [found] = findings(named, Source=["Fichier loué chez Dupont Data"], email=["a@durand.fr"])
    assert found.detail == "third-party source: fichier loue, without an opt-in given to you or a listed partner"


def test_a_customer_s_own_purchase_is_not_a_bought_file():
    sources = ["Acheté en boutique", "Client - a acheté une cuisine", "Achat en ligne"]
    assert flagged_rows(THIRD, Source=sources, email=["a@durand.fr"] * 3) == []
    assert flagged_rows(THIRD, Source=["Contacts achetés à un courtier"], email=["a@durand.fr"]) == [2]


def test_scraped_and_directory_sources_are_flagged_on_any_row():
    sources = ["LinkedIn", "Sales Navigator", "Extraction Pages Jaunes", "annuaires pros", "Scraping Google Maps",
               "societe.com", "Leboncoin", "Réseaux sociaux"]
    assert flagged_rows(SCRAPED, Type_client=["B2B"] * len(sources), Source=sources) == list(range(2, 2 + len(sources)))


def test_own_web_forms_and_linkedin_lead_forms_are_not_scraped():
    sources = ["Site web", "Formulaire site web", "LinkedIn Lead Gen", "Formulaire LinkedIn", "Salon", "Recommandation"]
    assert flagged_rows(SCRAPED, Source=sources) == []


def test_scraped_source_tags_the_row():
    todo, _ = decisions(SCRAPED, Source=["LinkedIn"], email=["a@durand.fr"])
    assert todo.flags == {0: ["scraped-source"]} and not todo.blocked
    [found] = findings(SCRAPED, Source=["LinkedIn"], email=["a@durand.fr"])
    assert found.detail == "scraped or directory source: linkedin"


def test_skipped_without_a_source_column():
    assert skipped_reasons(SCRAPED, email=["a@b.fr"]) == ["no column holds the role source"]
    assert skipped_reasons(THIRD, email=["a@b.fr"]) == ["no column holds the role source"]


def test_a_pack_term_without_a_letter_or_digit_is_refused_with_its_line(tmp_path):
    from fichier_check.engine.rulepack import load_rules
    from fichier_check.errors import UserError
    pack = tmp_path / "h.yaml"
    pack.write_text("pack: h\nversion: '1'\nextends: [default]\nrules:\n  - id: scraped-source\n"
                    "    params:\n      terms: [linkedin, '?']\n", encoding="utf-8")
    with pytest.raises(UserError) as refused:
        load_rules([str(pack)])
    assert "'?' has no letter or digit" in str(refused.value) and "h.yaml" in str(refused.value)
