"""attempts-without-contact: 6 calls in a row without reaching the consumer (NRP, OCC, ERR…)
suggest the status ARRÊTÉ (the prospecting practice of rule_catalogue.md §4); a warning, the row
tagged; rows already ARRÊTÉ are left out."""
from __future__ import annotations

import pytest

from fichier_check.checks import CHECKS
from fichier_check.errors import UserError
from fichier_check.read.call_history import load_calls
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("attempts-without-contact")
PHONE = "06 12 34 56 78"


def history(tmp_path, results: list[str], phone: str = PHONE, header: str = "Téléphone;Date;Résultat"):
    """One call a day from 1 October 2026, with these results in this order."""
    path = tmp_path / "appels.csv"
    lines = [f"{phone};{day + 1:02d}/10/2026;{result}" for day, result in enumerate(results)]
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return {"calls": load_calls(path)}


def test_six_attempts_without_contact_in_a_row_are_flagged_five_are_not(tmp_path):
    assert flagged_rows(RULE, lists=history(tmp_path, ["NRP"] * 5), Téléphone=[PHONE]) == []
    assert flagged_rows(RULE, lists=history(tmp_path, ["NRP", "OCC", "NRP", "ERR", "occupé", "ne répond pas"]),
                        Téléphone=[PHONE]) == [2]


def test_only_the_latest_calls_count_a_conversation_ends_the_run(tmp_path):
    assert flagged_rows(RULE, lists=history(tmp_path, ["NRP"] * 6 + ["RDV"]), Téléphone=[PHONE]) == []
    assert flagged_rows(RULE, lists=history(tmp_path, ["RAPP"] + ["NRP"] * 6), Téléphone=[PHONE]) == [2]
    assert flagged_rows(RULE, lists=history(tmp_path, ["NRP"] * 3 + ["REFUS"] + ["NRP"] * 5), Téléphone=[PHONE]) == []


def test_an_unknown_or_blank_result_may_have_been_a_conversation(tmp_path):
    assert flagged_rows(RULE, lists=history(tmp_path, ["NRP"] * 3 + ["???"] + ["NRP"] * 3), Téléphone=[PHONE]) == []
    assert flagged_rows(RULE, lists=history(tmp_path, ["NRP"] * 3 + [""] + ["NRP"] * 3), Téléphone=[PHONE]) == []


def test_calls_are_taken_in_date_order_not_file_order(tmp_path):
    path = tmp_path / "appels.csv"
    lines = [f"{PHONE};0{d}/10/2026;NRP" for d in range(2, 8)] + [f"{PHONE};01/10/2026 09:00;RDV"]
    path.write_text("Téléphone;Date;Résultat\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert flagged_rows(RULE, lists={"calls": load_calls(path)}, Téléphone=[PHONE]) == [2]


def test_the_detail_suggests_arrete_and_gives_the_last_attempt(tmp_path):
    [finding] = findings(RULE, lists=history(tmp_path, ["NRP"] * 7), Téléphone=[PHONE])
    assert finding.detail == "7 calls in a row without contact, the last on 2026-10-07: consider the status ARRÊTÉ"
    assert "34 56" not in finding.value


def test_rows_already_stopped_are_left_out(tmp_path):
    lists = history(tmp_path, ["NRP"] * 6)
    assert flagged_rows(RULE, lists=lists, Téléphone=[PHONE] * 3, Statut=["ARRÊTÉ", "arrete", "FROID"]) == [4]


def test_professionals_are_left_out_by_default(tmp_path):
    lists = history(tmp_path, ["NRP"] * 6)
    assert flagged_rows(RULE, lists=lists, Téléphone=[PHONE] * 2, Type_client=["B2B", "B2C"]) == [3]
    assert flagged_rows({**RULE, "params": {"customer_type": "all"}}, lists=lists, Téléphone=[PHONE] * 2,
                        Type_client=["B2B", "B2C"]) == [2, 3]


def test_a_history_without_results_cannot_tell_and_the_file_is_used(tmp_path):
    path = tmp_path / "appels.csv"
    path.write_text("Téléphone;Date\n" + "".join(f"{PHONE};0{d}/10/2026\n" for d in range(1, 9)), encoding="utf-8")
    lists = {"calls": load_calls(path)}
    assert skipped_reasons(RULE, lists=lists, Téléphone=[PHONE]) == [
        "no --calls history with a result column, and no call count with a last call result "
        "('Nb appels' and 'Résultat appel')"]
    assert flagged_rows(RULE, lists=lists, Téléphone=[PHONE], Nb_appels=["6"], Résultat_appel=["NRP"]) == [2]


@pytest.mark.parametrize("count, result, flagged", [
    ("5", "NRP", []), ("6", "NRP", [2]), ("9", "OCC", [2]), ("6", "Ne répond pas", [2]), ("6", "ERR", [2]),
    ("6", "RDV", []), ("6", "RAPP", []), ("6", "", []), ("6", "???", []), ("", "NRP", []),
])
def test_the_file_alone_a_count_of_six_and_a_last_result_without_contact(count, result, flagged):
    assert flagged_rows(RULE, Téléphone=[PHONE], Nb_appels=[count], Résultat_appel=[result]) == flagged


def test_the_file_alone_detail_says_what_the_count_proves():
    [finding] = findings(RULE, Téléphone=[PHONE], Nb_appels=["8"], Résultat_appel=["occupé"])
    assert finding.detail == "8 calls, the last one without contact, OCC: consider the status ARRÊTÉ"


def test_the_cap_can_be_tuned(tmp_path):
    assert flagged_rows({**RULE, "params": {"max_attempts": 5}}, lists=history(tmp_path, ["NRP"] * 5),
                        Téléphone=[PHONE]) == [2]


def test_a_cap_below_one_is_refused():
    with pytest.raises(UserError, match="max_attempts must be at least 1"):
        flagged_rows({**RULE, "params": {"max_attempts": 0}}, Téléphone=[PHONE], Nb_appels=["6"], Résultat_appel=["NRP"])


def test_the_row_is_tagged_not_blocked():
    chunk, _ = decisions(RULE, Téléphone=[PHONE], Nb_appels=["6"], Résultat_appel=["NRP"])
    assert chunk.blocked_mask("phone").tolist() == [False] and chunk.flags[0] == ["attempts-without-contact"]


def test_the_shipped_rule_spells_the_defaults():
    defaults = {name: param.default for name, param in CHECKS["attempts_without_contact"].params.items()}
    assert RULE["params"] == defaults == {"max_attempts": 6, "customer_type": "B2C"}
    assert (RULE["severity"], RULE["action"], RULE["channels"]) == ("warning", "tag", ["phone"])


def test_rule_is_skipped_without_a_source():
    assert skipped_reasons(RULE, Téléphone=[PHONE], Nb_appels=["9"]) != []


def test_attempts_logged_by_phone_and_by_email_make_one_run_for_a_row_giving_both(tmp_path):
    path = tmp_path / "appels.csv"
    lines = ([f"{PHONE};;0{d}/10/2026;NRP" for d in (1, 3, 5)] + [f";marie@exemple.fr;0{d}/10/2026;OCC" for d in (2, 4, 6)])
    path.write_text("Téléphone;E-mail;Date;Résultat\n" + "\n".join(lines) + "\n", encoding="utf-8")
    lists = {"calls": load_calls(path)}
    assert flagged_rows(RULE, lists=lists, Téléphone=[PHONE, PHONE], Email=["marie@exemple.fr", ""]) == [2]
