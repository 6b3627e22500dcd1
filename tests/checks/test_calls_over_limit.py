"""calls-over-limit-30d: more than 4 calls or attempts to the same consumer in any 30 calendar
days (D223-9 al. 3), first and last day included; B2C only; a breach that happened: row tagged.
attempts-budget-exhausted (same check, `moment: campaign`): the 30 days ending on --as-of already
hold 4 calls, so one more today would break the limit: phone channel blocked until the day given.

Sources: the call history (`--calls`), or the file when it proves it — a count headed with 30
days, or the total count with the first and last call dates at most 30 days apart.
"""
from __future__ import annotations

import pytest

from fichier_check.checks import CHECKS
from fichier_check.errors import UserError
from fichier_check.read.call_history import load_calls
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("calls-over-limit-30d")
BUDGET = shipped("attempts-budget-exhausted")
PHONE = "06 12 34 56 78"


def history(tmp_path, lines: list[str], header: str = "Téléphone;E-mail;Date;Résultat"):
    path = tmp_path / "appels.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return {"calls": load_calls(path)}


def calls_on(*days: str, phone: str = PHONE, result: str = "NRP") -> list[str]:
    return [f"{phone};;{day};{result}" for day in days]


# -- the history -----------------------------------------------------------------------------------
def test_four_calls_in_30_days_pass_and_a_fifth_is_flagged(tmp_path):
    four = calls_on("01/10/2026", "02/10/2026", "03/10/2026", "04/10/2026")
    assert flagged_rows(RULE, lists=history(tmp_path, four), Téléphone=[PHONE]) == []
    five = four + calls_on("05/10/2026")
    assert flagged_rows(RULE, lists=history(tmp_path, five), Téléphone=[PHONE]) == [2]


def test_the_window_holds_its_first_and_its_30th_day(tmp_path):
    # 1 and 30 October are in the same 30 calendar days: five calls
    days = calls_on("01/10/2026", "10/10/2026", "15/10/2026", "20/10/2026", "30/10/2026")
    [finding] = findings(RULE, lists=history(tmp_path, days), Téléphone=[PHONE], as_of="2026-10-30")
    assert finding.detail == "5 calls from 2026-10-01 to 2026-10-30, limit 4 in 30 days"
    assert finding.column is None  # the calls may have gone to any of the row's numbers or its e-mail


def test_a_call_on_the_31st_day_is_in_another_window(tmp_path):
    days = calls_on("01/10/2026", "10/10/2026", "15/10/2026", "20/10/2026", "31/10/2026")
    assert flagged_rows(RULE, lists=history(tmp_path, days), Téléphone=[PHONE]) == []


def test_a_window_across_the_leap_day(tmp_path):
    # 2028-02-01 … 2028-03-01 is 30 days because of 29 February; 2028-03-02 is the 31st
    leap = calls_on("01/02/2028", "10/02/2028", "29/02/2028", "29/02/2028")
    assert flagged_rows(RULE, lists=history(tmp_path, leap + calls_on("01/03/2028")), Téléphone=[PHONE],
                        as_of="2028-03-31") == [2]
    assert flagged_rows(RULE, lists=history(tmp_path, leap + calls_on("02/03/2028")), Téléphone=[PHONE],
                        as_of="2028-03-31") == []


def test_unanswered_busy_unknown_and_blank_results_all_count(tmp_path):
    days = ["06 12 34 56 78;;01/10/2026;NRP", "06 12 34 56 78;;02/10/2026;OCC", "06 12 34 56 78;;03/10/2026;???",
            "06 12 34 56 78;;04/10/2026;", "06 12 34 56 78;;05/10/2026;RDV"]
    assert flagged_rows(RULE, lists=history(tmp_path, days), Téléphone=[PHONE]) == [2]


def test_a_history_without_result_column_counts_every_line(tmp_path):
    lines = [f"{PHONE};0{d}/10/2026 11:00" for d in range(1, 6)]
    assert flagged_rows(RULE, lists=history(tmp_path, lines, header="Numéro;Date/heure"), Téléphone=[PHONE]) == [2]


def test_numbers_are_compared_in_e164_whatever_their_form(tmp_path):
    days = (calls_on("01/10/2026", phone="0612345678") + calls_on("02/10/2026", phone="+33 6 12 34 56 78")
            + calls_on("03/10/2026", phone="0033612345678") + calls_on("04/10/2026", "05/10/2026"))
    assert flagged_rows(RULE, lists=history(tmp_path, days), Téléphone=["+33612345678"]) == [2]


def test_calls_logged_by_phone_and_by_email_add_up_for_a_row_that_gives_both(tmp_path):
    lines = calls_on("01/10/2026", "02/10/2026", "03/10/2026") + [
        ";Marie.Durand@Exemple.fr;04/10/2026;NRP", ";marie.durand@exemple.fr ;05/10/2026;NRP"]
    lists = history(tmp_path, lines)
    assert flagged_rows(RULE, lists=lists, Téléphone=[PHONE, PHONE, ""],
                        Email=["marie.durand@exemple.fr", "", "marie.durand@exemple.fr"]) == [2]


def test_a_line_naming_both_joins_them_into_one_person(tmp_path):
    lines = calls_on("01/10/2026", "02/10/2026") + [f"{PHONE};marie@exemple.fr;03/10/2026;NRP",
                                                    ";marie@exemple.fr;04/10/2026;NRP", ";marie@exemple.fr;05/10/2026;NRP"]
    # the row gives only the phone: the e-mail's calls are the same person's (one line names both)
    assert flagged_rows(RULE, lists=history(tmp_path, lines), Téléphone=[PHONE]) == [2]


def test_another_mobile_of_the_same_row_counts_too(tmp_path):
    lines = calls_on("01/10/2026", "02/10/2026", "03/10/2026") + calls_on("04/10/2026", "05/10/2026",
                                                                         phone="07 11 22 33 44")
    assert flagged_rows(RULE, lists=history(tmp_path, lines), Téléphone=[PHONE], Mobile=["07 11 22 33 44"]) == [2]


def test_other_people_are_not_counted(tmp_path):
    lines = calls_on("01/10/2026", "02/10/2026", "03/10/2026") + calls_on("04/10/2026", "05/10/2026",
                                                                         phone="07 11 22 33 44")
    assert flagged_rows(RULE, lists=history(tmp_path, lines), Téléphone=[PHONE, "07 11 22 33 44", "01 42 68 53 00"]) == []


def test_the_next_callable_day_is_when_the_fourth_latest_call_leaves_the_window(tmp_path):
    days = calls_on("20/11/2026", "21/11/2026", "22/11/2026", "23/11/2026", "24/11/2026")
    [finding] = findings(BUDGET, lists=history(tmp_path, days), Téléphone=[PHONE], as_of="2026-11-28")
    # the calls of 21-24 November are 4 in the 30 days to 28 November: a fifth waits for 21 + 30 days
    assert finding.detail.endswith("callable again from 2026-12-21")


def test_an_old_excess_is_reported_and_no_longer_blocks(tmp_path):
    days = calls_on("01/03/2026", "02/03/2026", "03/03/2026", "04/03/2026", "05/03/2026")
    [finding] = findings(RULE, lists=history(tmp_path, days), Téléphone=[PHONE], as_of="2026-11-28")
    assert finding.detail == "5 calls from 2026-03-01 to 2026-03-05, limit 4 in 30 days"
    assert flagged_rows(BUDGET, lists=history(tmp_path, days), Téléphone=[PHONE], as_of="2026-11-28") == []


def test_the_report_masks_the_number_and_the_detail_holds_no_personal_data(tmp_path):
    days = calls_on("01/10/2026", "02/10/2026", "03/10/2026", "04/10/2026", "05/10/2026")
    [finding] = findings(RULE, lists=history(tmp_path, days), Téléphone=[PHONE], Email=["marie@exemple.fr"])
    assert "34 56" not in finding.value and "12 34" not in finding.detail and "marie" not in finding.detail


def test_professionals_are_not_concerned_and_unknown_types_are(tmp_path):
    days = calls_on("01/10/2026", "02/10/2026", "03/10/2026", "04/10/2026", "05/10/2026")
    lists = history(tmp_path, days)
    assert flagged_rows(RULE, lists=lists, Téléphone=[PHONE, PHONE, PHONE],
                        Type_client=["Professionnel", "Particulier", "?"]) == [3, 4]


def test_a_past_breach_is_tagged_not_blocked(tmp_path):
    days = calls_on("01/10/2026", "02/10/2026", "03/10/2026", "04/10/2026", "05/10/2026")
    chunk, _ = decisions(RULE, lists=history(tmp_path, days), Téléphone=[PHONE], Email=["marie@exemple.fr"])
    assert chunk.flags == {0: ["calls-over-limit-30d"]} and not chunk.blocked_mask("phone").any()


# -- attempts-budget-exhausted: the window ending on --as-of -----------------------------------------
def test_four_calls_in_the_30_days_up_to_the_campaign_block_the_phone_until_the_first_leaves(tmp_path):
    days = calls_on("10/11/2026", "20/11/2026", "25/11/2026", "01/12/2026")
    [finding] = findings(BUDGET, lists=history(tmp_path, days), Téléphone=[PHONE], as_of="2026-12-06")
    assert finding.detail == "4 calls in the 30 days up to 2026-12-06, limit 4; callable again from 2026-12-10"
    chunk, _ = decisions(BUDGET, lists=history(tmp_path, days), Téléphone=[PHONE], as_of="2026-12-06")
    assert chunk.blocked_mask("phone").tolist() == [True]


def test_the_budget_frees_on_the_31st_day_after_the_oldest_call(tmp_path):
    days = calls_on("10/11/2026", "20/11/2026", "25/11/2026", "01/12/2026")
    lists = history(tmp_path, days)
    assert flagged_rows(BUDGET, lists=lists, Téléphone=[PHONE], as_of="2026-12-09") == [2]  # 10 Nov is day 30
    assert flagged_rows(BUDGET, lists=lists, Téléphone=[PHONE], as_of="2026-12-10") == []


def test_three_calls_leave_room_and_an_old_breach_does_not_block_today(tmp_path):
    assert flagged_rows(BUDGET, lists=history(tmp_path, calls_on("20/11/2026", "25/11/2026", "01/12/2026")),
                        Téléphone=[PHONE], as_of="2026-12-06") == []
    old = calls_on("01/10/2026", "02/10/2026", "03/10/2026", "04/10/2026", "05/10/2026")
    lists = history(tmp_path, old)
    assert flagged_rows(BUDGET, lists=lists, Téléphone=[PHONE], as_of="2026-12-06") == []
    assert flagged_rows(RULE, lists=lists, Téléphone=[PHONE], as_of="2026-12-06") == [2]


def test_from_the_file_the_budget_holds_until_30_days_after_the_last_call(tmp_path):
    # 4 calls from 20 to 25 November: their own days are unknown but within those two
    dated = dict(Téléphone=[PHONE], Nb_appels=["4"], Date_premier_appel=["20/11/2026"],
                 Date_dernier_appel=["25/11/2026"])
    [finding] = findings(BUDGET, as_of="2026-12-06", **dated)
    assert finding.detail.endswith("callable again from 2026-12-25")
    assert flagged_rows(BUDGET, as_of="2026-12-25", **dated) == []
    assert flagged_rows(BUDGET, as_of="2026-12-06", **{**dated, "Nb_appels": ["3"]}) == []
    assert flagged_rows(BUDGET, as_of="2026-12-06", Téléphone=[PHONE], Nb_appels_30_j=["4"],
                        Date_dernier_appel=["01/12/2026"]) == [2]
    # a 30-day count without the last call's day proves nothing about today
    assert flagged_rows(BUDGET, as_of="2026-12-06", Téléphone=[PHONE], Nb_appels_30_j=["9"]) == []


def test_the_limit_and_the_window_can_be_tuned(tmp_path):
    days = calls_on("01/10/2026", "08/10/2026", "15/10/2026")
    lists = history(tmp_path, days)
    assert flagged_rows({**RULE, "params": {"max_calls": 2}}, lists=lists, Téléphone=[PHONE]) == [2]
    assert flagged_rows({**RULE, "params": {"max_calls": 2, "window_days": 14}}, lists=lists, Téléphone=[PHONE]) == []


# -- the file alone ---------------------------------------------------------------------------------
@pytest.mark.parametrize("count, flagged", [("4", []), ("5", [2]), (" 7 ", [2]), ("5.0", [2]), ("", []), ("cinq", [])])
def test_a_count_headed_with_30_days_over_4_is_flagged(count, flagged):
    assert flagged_rows(RULE, Téléphone=[PHONE], Nb_appels_30_j=[count]) == flagged


def test_the_30_day_count_says_when_the_row_is_surely_callable_again():
    [finding] = findings(RULE, Téléphone=[PHONE], Nb_appels_30_j=["6"], Date_dernier_appel=["20/11/2026"])
    assert finding.detail == "6 calls in 30 days per the file's count, limit 4; callable again from 2026-12-20"


@pytest.mark.parametrize("first, last, flagged", [
    ("01/10/2026", "30/10/2026", [2]),   # day 1 and day 30: one window
    ("01/10/2026", "31/10/2026", []),    # day 31: the calls may be in two windows
    ("01/10/2026", "01/10/2026", [2]),   # all on one day
    ("01/02/2028", "01/03/2028", [2]),   # 29 February 2028 in between: 30 days
    ("01/02/2028", "02/03/2028", []),
    ("30/10/2026", "01/10/2026", []),    # first after last: the file contradicts itself, nothing proven
    ("", "20/10/2026", []),
    ("01/10/2026", "pas de date", []),
])
def test_a_total_count_with_first_and_last_call_dates_at_most_30_days_apart(first, last, flagged):
    assert flagged_rows(RULE, Téléphone=[PHONE], Nb_appels=["5"], Date_premier_appel=[first],
                        Date_dernier_appel=[last], as_of="2028-12-01") == flagged


def test_a_total_count_of_exactly_4_passes_and_the_detail_gives_the_dates():
    assert flagged_rows(RULE, Téléphone=[PHONE], Nb_appels=["4"], Date_premier_appel=["01/10/2026"],
                        Date_dernier_appel=["02/10/2026"]) == []
    [finding] = findings(RULE, Téléphone=[PHONE], Nb_appels=["5"], Date_premier_appel=["01/10/2026"],
                         Date_dernier_appel=["02/10/2026"])
    assert finding.detail == ("5 calls from 2026-10-01 to 2026-10-02, limit 4 in 30 days; "
                              "callable again from 2026-11-01")


def test_a_total_count_with_the_last_date_only_proves_nothing():
    assert skipped_reasons(RULE, Téléphone=[PHONE], Nb_appels=["12"], Date_dernier_appel=["20/11/2026"]) == [
        "no --calls history, and no call count the file proves is within 30 days (a count headed 'Nb appels 30 j', "
        "or 'Nb appels' with 'Date premier appel' and 'Date dernier appel')"]


def test_a_30_day_count_proves_nothing_about_a_shorter_window():
    assert skipped_reasons({**RULE, "params": {"window_days": 20}}, Téléphone=[PHONE], Nb_appels_30_j=["9"]) != []


def test_the_history_and_the_file_do_not_report_a_row_twice(tmp_path):
    days = calls_on("01/10/2026", "02/10/2026", "03/10/2026", "04/10/2026", "05/10/2026")
    found = findings(RULE, lists=history(tmp_path, days), Téléphone=[PHONE, "07 11 22 33 44"], Nb_appels_30_j=["6", "6"])
    assert sorted((f.row, f.column or "") for f in found) == [(2, ""), (3, "Nb appels 30 j")]


# -- the rule's frame -----------------------------------------------------------------------------
def test_the_shipped_rule_spells_the_defaults():
    defaults = {name: param.default for name, param in CHECKS["calls_over_limit"].params.items()}
    assert RULE["params"] == defaults == {"max_calls": 4, "window_days": 30, "customer_type": "B2C", "moment": "any"}
    assert (RULE["severity"], RULE["action"], RULE["channels"]) == ("error", "tag", ["phone"])
    assert BUDGET["params"] == {**defaults, "moment": "campaign"}
    assert (BUDGET["severity"], BUDGET["action"], BUDGET["channels"]) == ("warning", "block", ["phone"])


def test_a_limit_below_one_is_refused():
    with pytest.raises(UserError, match="max_calls must be at least 1"):
        flagged_rows({**RULE, "params": {"max_calls": 0}}, Téléphone=[PHONE], Nb_appels_30_j=["5"])


def test_rule_is_skipped_without_a_phone_column():
    assert skipped_reasons(RULE, Nb_appels_30_j=["9"]) == ["no column holds the role phone or mobile"]


def test_rule_is_skipped_when_the_campaign_does_not_call():
    assert skipped_reasons(RULE, channels=("email",), Téléphone=[PHONE], Nb_appels_30_j=["9"]) == [
        "the campaign does not use its channels (phone)"]
