"""callback-outside-slot: a consumer's callback planned outside Monday–Friday 10:00–13:00 /
14:00–20:00 (the start of a slot allowed, its end not), or on an L3133-1 public holiday, in the
consumer's time zone (D223-9 al. 1-2); unless an express out-of-hours consent is recorded.

Dates (the run is on 2026-11-28): 2027-03-26 is a Friday (Good Friday), 2027-03-27 a Saturday,
2027-03-28 the Sunday Europe moves to summer time, 2027-03-29 Easter Monday, 2027-03-30 a Tuesday.
"""
from __future__ import annotations

import pytest

from fichier_check.checks import CHECKS
from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("callback-outside-slot")
PARIS = "06 12 34 56 78"
MARTINIQUE, REUNION, MAYOTTE = "0696 20 12 34", "0692 12 34 56", "+262 639 01 23 45"


def flagged(*callbacks: str, phone: str = PARIS, rule=RULE, **columns) -> list[int]:
    return flagged_rows(rule, Date_de_rappel=list(callbacks), Téléphone=[phone] * len(callbacks), **columns)


@pytest.mark.parametrize("time, outside", [
    ("09:59", True), ("10:00", False), ("12:59", False), ("13:00", True), ("13:30", True), ("13:59", True),
    ("14:00", False), ("19:59", False), ("20:00", True), ("21:15", True), ("00:00", False),
])
def test_the_slots_allow_their_start_and_not_their_end(time, outside):
    # 00:00:00 written by a workbook is a date without a time (analysis/dates): only the day is judged
    cell = "2027-03-30 00:00:00" if time == "00:00" else f"30/03/2027 {time}"
    assert flagged(cell) == ([2] if outside else [])


@pytest.mark.parametrize("day, outside", [
    ("26/03/2027", False),  # Good Friday: a working day outside Alsace-Moselle
    ("27/03/2027", True),   # Saturday
    ("28/03/2027", True),   # Sunday
    ("29/03/2027", True),   # Easter Monday 2027
    ("30/03/2027", False),
    ("14/07/2027", True),   # a Wednesday, national day
    ("06/05/2027", True),   # Ascension
    ("17/05/2027", True),   # Whit Monday
    ("11/11/2027", True),
    ("26/12/2027", True),   # a Sunday anyway
    ("27/12/2027", False),
    ("29/02/2028", False),  # a Tuesday, leap day
])
def test_days_are_monday_to_friday_except_public_holidays(day, outside):
    assert flagged(f"{day} 11:00") == ([2] if outside else [])
    assert flagged(day) == ([2] if outside else [])  # a date alone: the day is judged, not the time


def test_the_detail_names_the_day_and_the_reason():
    details = [f.detail for f in findings(RULE, Date_de_rappel=["27/03/2027 11:00", "29/03/2027", "30/03/2027 13:00"],
                                           Téléphone=[PARIS] * 3)]
    assert details == ["callback 2027-03-27 11:00: Saturday, not a calling day",
                       "callback 2027-03-29: Easter Monday, a public holiday",
                       "callback 2027-03-30 13:00: outside 10:00-13:00, 14:00-20:00"]


def test_an_overseas_number_is_called_at_its_local_time_across_the_summer_time_change():
    # Martinique is UTC-4 all year: 15:00 in Paris is 10:00 there in winter, 09:00 in summer
    assert flagged("26/03/2027 15:00", phone=MARTINIQUE) == []
    assert flagged("30/03/2027 15:00", phone=MARTINIQUE) == [2]
    [finding] = findings(RULE, Date_de_rappel=["30/03/2027 15:00"], Téléphone=[MARTINIQUE])
    assert finding.detail == ("callback 2027-03-30 09:00 in America/Martinique: "
                              "outside 10:00-13:00, 14:00-20:00")


def test_reunion_and_mayotte_share_a_country_code_but_not_a_time_zone():
    # 10:30 in Paris in winter: 13:30 in Réunion (UTC+4), 12:30 in Mayotte (UTC+3)
    assert flagged("15/12/2026 10:30", phone=REUNION) == [2]
    assert flagged("15/12/2026 10:30", phone=MAYOTTE) == []


def test_a_paris_evening_is_the_next_morning_in_reunion_and_the_day_is_judged_there():
    # Friday 22:30 in Paris (winter) is Saturday 01:30 in Réunion: outside anyway; Thursday 23:00
    # Paris is Friday 02:00 there, outside the slots too
    assert flagged("18/12/2026 22:30", phone=REUNION) == [2]


def test_the_file_may_already_write_the_consumers_local_time():
    rule = {**RULE, "params": {"file_timezone": "consumer"}}
    assert flagged("30/03/2027 15:00", phone=MARTINIQUE, rule=rule) == []


def test_a_row_without_a_valid_number_is_judged_in_the_files_time_zone():
    assert flagged("30/03/2027 13:30", phone="") == [2]
    assert flagged("30/03/2027 15:00", phone="12") == []


def test_an_express_out_of_hours_consent_exempts_the_row():
    assert flagged_rows(RULE, Date_de_rappel=["27/03/2027 21:00"] * 3, Téléphone=[PARIS] * 3,
                        Accord_hors_horaires=["oui", "non", ""]) == [3, 4]


def test_past_callbacks_are_not_judged_unless_asked():
    assert flagged("27/03/2027 11:00", "28/11/2026", "21/11/2026 21:00", "27/11/2026") == [2, 3]
    rule = {**RULE, "params": {"include_past": True}}
    assert flagged("21/11/2026 21:00", rule=rule) == [2]


def test_unreadable_and_blank_callbacks_are_not_judged_here():
    assert flagged("31/02/2027 11:00", "", "bientôt") == []


def test_professionals_are_not_concerned():
    assert flagged_rows(RULE, Date_de_rappel=["27/03/2027 11:00"] * 2, Téléphone=[PARIS] * 2,
                        Type_client=["Entreprise", "Particulier"]) == [3]


def test_local_holidays_are_off_by_default_and_follow_the_postal_code_or_the_region():
    alsace = {"Code_postal": ["67000", "75011"]}
    assert flagged("26/03/2027 11:00", "26/03/2027 11:00", **alsace) == []
    rule = {**RULE, "params": {"local_holidays": True}}
    assert flagged("26/03/2027 11:00", "26/03/2027 11:00", rule=rule, **alsace) == [2]   # Good Friday
    assert flagged("27/12/2027 11:00", rule=rule, Code_postal=["57000"]) == []            # 26 December is a Sunday
    assert flagged("26/12/2028 11:00", rule=rule, Code_postal=["57000"]) == [2]           # a Tuesday
    # the abolition of slavery: 22 May in Martinique, 27 May in Guadeloupe (2028: Monday, Saturday)
    assert flagged("22/05/2028 17:00", phone=MARTINIQUE, rule=rule) == [2]         # 11:00 there
    assert flagged("22/05/2028 17:00", phone="0690 00 12 34", rule=rule) == []
    assert flagged("22/05/2028 17:00", phone=MARTINIQUE) == []


def test_slots_days_and_holidays_are_params():
    rule = {**RULE, "params": {"days": ["mon", "tue", "wed", "thu", "fri", "sat"], "slots": ["09:00-21:00"],
                               "public_holidays": False}}
    assert flagged("27/03/2027 09:00", "29/03/2027 20:30", "28/03/2027 11:00", rule=rule) == [4]


def test_the_row_is_tagged_not_blocked():
    chunk, _ = decisions(RULE, Date_de_rappel=["27/03/2027 11:00"], Téléphone=[PARIS])
    assert chunk.blocked_mask("phone").tolist() == [False] and chunk.flags[0] == ["callback-outside-slot"]


@pytest.mark.parametrize("params, problem", [
    ({"slots": ["10h-13h"]}, "is not HH:MM-HH:MM"),
    ({"slots": ["13:00-10:00"]}, "is not HH:MM-HH:MM"),
    ({"days": []}, "at least one weekday"),
    ({"days": ["lundi"]}, "'lundi' is not one of"),
    ({"file_timezone": "Paris"}, "is not a time zone"),
])
def test_bad_params_are_refused(params, problem):
    with pytest.raises(UserError, match=problem):
        flagged("27/03/2027 11:00", rule={**RULE, "params": params})


def test_the_shipped_rule_spells_the_defaults():
    defaults = {name: param.default for name, param in CHECKS["callback_outside_slot"].params.items()}
    assert RULE["params"] == defaults
    assert (RULE["severity"], RULE["action"], RULE["channels"]) == ("warning", "tag", ["phone"])


def test_rule_is_skipped_without_a_callback_column():
    assert skipped_reasons(RULE, Téléphone=[PARIS]) == ["no column holds the role callback_datetime"]


def test_the_national_holidays_are_those_of_the_holidays_package():
    # L3133-1's list is written in the check (importing `holidays` costs a small file's run 0.2 s);
    # it must stay the package's France calendar (since 2008: the "solidarity day" years aside)
    from holidays.countries.france import France
    from fichier_check.checks.callback_outside_slot import national_holidays
    years = tuple(range(2008, 2041))
    assert set(national_holidays(years)) == set(France(years=years, language="en_US"))
