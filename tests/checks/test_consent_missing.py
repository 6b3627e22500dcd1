"""email-optin-missing, sms-optin-missing, phone-consent-missing: consumer rows without consent."""
from __future__ import annotations

from tests.checks.rule_harness import decisions, flagged_rows, run_rule
from tests.checks.shipped import shipped

EMAIL = shipped("email-optin-missing")
PHONE = shipped("phone-consent-missing")
SMS = shipped("sms-optin-missing")


def test_b2c_row_without_optin_is_flagged():
    assert flagged_rows(EMAIL, Type_client=["B2C", "B2C"], email=["a@exemple.fr", "b@exemple.fr"],
                        Opt_in_email=["Oui", "Non"]) == [3]


def test_unknown_customer_type_counts_as_b2c():
    assert flagged_rows(EMAIL, Type_client=["", "?"], email=["a@exemple.fr", "b@exemple.fr"]) == [2, 3]


def test_a_file_without_customer_type_is_treated_as_b2c():
    assert flagged_rows(EMAIL, email=["a@exemple.fr"], Opt_in_email=[""]) == [2]


def test_b2b_row_passes():
    assert flagged_rows(EMAIL, Type_client=["Professionnel"], email=["a@exemple.fr"], Opt_in_email=[""]) == []


def test_role_address_passes():
    assert flagged_rows(EMAIL, Type_client=["Particulier"], email=["contact@boulangerie.fr"]) == []


def test_ambiguous_optin_value_is_not_consent():
    assert flagged_rows(EMAIL, Type_client=["B2C"] * 4, email=["a@x.fr"] * 4,
                        Opt_in_email=["CGV", "implicite", "x", "1"]) == [2, 3]


def test_blank_email_passes():
    assert flagged_rows(EMAIL, Type_client=["B2C"], email=[""]) == []


def test_email_is_emptied_and_the_row_kept():
    todo, _ = decisions(EMAIL, Type_client=["B2C"], email=["a@exemple.fr"])
    assert todo.edits == {(0, 1): ""} and todo.quarantine == {}


def test_phone_consent_rule_applies_only_from_2026_08_11():
    row = dict(Type_client=["Particulier"], Téléphone=["06 12 34 56 78"])
    assert flagged_rows(PHONE, as_of="2026-08-10", **row) == []
    assert flagged_rows(PHONE, as_of="2026-08-11", **row) == [2]


def test_phone_optin_yes_passes():
    assert flagged_rows(PHONE, Type_client=["B2C"], Téléphone=["06 12 34 56 78"],
                        Consentement_téléphone=["Oui"]) == []


def test_contract_in_progress_exempts():
    assert flagged_rows(PHONE, Type_client=["B2C", "B2C"], Téléphone=["06 12 34 56 78"] * 2,
                        Contrat_en_cours=["Oui", ""]) == [3]


def test_phone_channel_is_blocked_not_emptied():
    todo, _ = decisions(PHONE, Type_client=["B2C"], Téléphone=["06 12 34 56 78"])
    assert todo.blocked == {0: {"phone"}} and todo.edits == {}


def test_rule_is_skipped_when_the_campaign_does_not_call():
    _, skipped = run_rule(PHONE, channels=("email",), Type_client=["B2C"], Téléphone=["06 12 34 56 78"])
    assert [s.rule for s in skipped] == ["phone-consent-missing"]


def test_sms_concerns_mobile_numbers_only():
    assert flagged_rows(SMS, Type_client=["B2C", "B2C"], Téléphone=["01 42 68 53 00", "06 12 34 56 78"]) == [3]


AUTO_CALL = shipped("b2c-auto-call-optin-missing")


def test_auto_call_needs_its_own_opt_in_not_the_phone_one():
    assert flagged_rows(AUTO_CALL, channels=("auto_call",), Type_client=["B2C"] * 3,
                        Téléphone=["01 61 23 45 67", "06 12 34 56 78", "06 98 76 54 32"],
                        Opt_in_automate=["Oui", "", ""], Consentement_téléphone=["", "Oui", ""]) == [3, 4]


def test_auto_call_blocks_only_robot_calls_and_spares_businesses():
    todo, _ = decisions(AUTO_CALL, channels=("phone", "auto_call"), Type_client=["B2C", "Pro"],
                        Téléphone=["06 12 34 56 78", "01 61 23 45 67"])
    assert todo.blocked == {0: {"auto_call"}} and todo.edits == {}


def test_auto_call_is_checked_only_when_the_campaign_declares_it():
    _, skipped = run_rule(AUTO_CALL, Type_client=["B2C"], Téléphone=["06 12 34 56 78"])  # the default channels
    assert [s.rule for s in skipped] == ["b2c-auto-call-optin-missing"]


def test_a_row_without_a_phone_is_not_concerned_by_auto_call():
    assert flagged_rows(AUTO_CALL, channels=("auto_call",), Type_client=["B2C"], Téléphone=[""], email=["a@b.fr"]) == []
