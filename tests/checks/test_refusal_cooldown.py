"""recall-within-refusal-cooldown (D223-9 al. 3): after a consumer's refusal on day D, no call
from D to D+60 included; the first day a call is allowed is D+61. A refusal row (REFUS, REFUS
COMM…) is flagged when its planned callback or the campaign date (--as-of) falls in that period;
the phone is blocked. The refusal date is the last call's, else the last contact's; an
unreadable one is flagged, never guessed; a blank one gives no finding here."""
from __future__ import annotations

import datetime as dt

import pytest

from fichier_check.checks import CHECKS
from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("recall-within-refusal-cooldown")
LATE = "2030-01-01"  # a campaign long after every refusal below: only the callbacks matter


def callback_flagged(refused: str, callback: str, code: str = "REFUS", **more) -> bool:
    return flagged_rows(RULE, as_of=LATE, Résultat_appel=[code], Date_dernier_appel=[refused],
                        Date_de_rappel=[callback], **more) == [2]


def campaign_flagged(refused: str, as_of: str, **more) -> bool:
    return flagged_rows(RULE, as_of=as_of, Résultat_appel=["REFUS"], Date_dernier_appel=[refused], **more) == [2]


# --- the 60 days, counted whole ------------------------------------------------------------------

@pytest.mark.parametrize("refused, last_day_barred, first_day_allowed", [
    ("2026-01-10", "2026-03-11", "2026-03-12"),
    ("2027-01-15", "2027-03-16", "2027-03-17"),   # February of 28 days
    ("2028-01-15", "2028-03-15", "2028-03-16"),   # leap year: 29 February counts
    ("2028-02-29", "2028-04-29", "2028-04-30"),   # refused on the leap day itself
    ("2026-12-20", "2027-02-18", "2027-02-19"),   # across the new year
])
def test_a_callback_on_d_plus_60_is_flagged_and_one_on_d_plus_61_passes(refused, last_day_barred, first_day_allowed):
    day = dt.date.fromisoformat(refused)
    assert dt.date.fromisoformat(last_day_barred) == day + dt.timedelta(days=60)
    assert callback_flagged(refused, last_day_barred)
    assert not callback_flagged(refused, first_day_allowed)


@pytest.mark.parametrize("refused, last_day_barred, first_day_allowed", [
    ("2026-09-29", "2026-11-28", "2026-11-29"),
    ("2028-01-15", "2028-03-15", "2028-03-16"),
    ("2027-01-15", "2027-03-16", "2027-03-17"),
])
def test_a_campaign_on_d_plus_60_is_flagged_and_one_on_d_plus_61_passes(refused, last_day_barred, first_day_allowed):
    assert campaign_flagged(refused, last_day_barred)
    assert not campaign_flagged(refused, first_day_allowed)


def test_a_campaign_the_day_of_the_refusal_is_flagged_and_one_before_it_passes():
    assert campaign_flagged("2026-11-28", "2026-11-28")
    assert not campaign_flagged("2026-11-28", "2026-11-27")


def test_the_detail_gives_the_refusal_day_and_the_first_day_a_call_is_allowed():
    [finding] = findings(RULE, as_of=LATE, Résultat_appel=["REFUS"], Date_dernier_appel=["15/01/2028"],
                         Date_de_rappel=["01/03/2028"])
    assert (finding.column, finding.detail) == ("Date de rappel", "refused on 2028-01-15; no call before 2028-03-16")


def test_a_campaign_in_the_cool_off_is_reported_on_the_refusal_date():
    [finding] = findings(RULE, as_of="2026-11-28", Résultat_appel=["refus comm."], Date_dernier_appel=["2026-11-02"],
                         Date_de_rappel=["2027-06-01"])
    assert (finding.column, finding.detail) == ("Date dernier appel", "refused on 2026-11-02; no call before 2027-01-02")


def test_a_row_in_the_cool_off_twice_is_one_finding():
    found = findings(RULE, as_of="2026-11-28", Résultat_appel=["REFUS"], Date_dernier_appel=["2026-11-20"],
                     Date_de_rappel=["2026-12-01"])
    assert [(f.row, f.column) for f in found] == [(2, "Date de rappel")]


# --- the same day, before the refusal ----------------------------------------------------------

def test_a_callback_the_same_day_counts_unless_it_was_the_call_that_was_refused():
    assert callback_flagged("2026-03-10", "2026-03-10")  # no times: the strict reading
    assert callback_flagged("2026-03-10 10:05", "10/03/2026 16:00")
    assert not callback_flagged("2026-03-10 10:05", "10/03/2026 10:00")  # the planned call, made and refused
    assert not callback_flagged("2026-03-10 10:05", "10/03/2026 10:05")


def test_a_callback_before_the_refusal_passes():
    assert not callback_flagged("2026-03-10", "2026-03-09")


def test_a_refusal_after_the_campaign_date_is_not_in_its_cool_off():
    assert not campaign_flagged("2026-12-01", "2026-11-28")


# --- which date, read how ------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["15/01/2028", "15/01/28", "2028-01-15", "2028-01-15 14:30:00", "15.01.2028 14h30",
                                     "15 janvier 2028", "46767"])
def test_dates_as_exports_write_them(written):
    assert callback_flagged(written, "2028-03-15")
    assert not callback_flagged(written, "2028-03-16")


def test_the_last_contact_date_is_read_when_the_last_call_date_is_blank():
    rows = dict(as_of=LATE, Résultat_appel=["REFUS", "REFUS"], Date_dernier_appel=["", "2026-05-01"],
                Date_dernier_contact=["2026-01-10", "2026-01-10"], Date_de_rappel=["2026-03-11", "2026-03-11"])
    # row 3: the last call (1 May) is the refusal; the callback on 11 March was before it
    assert flagged_rows(RULE, **rows) == [2]


def test_the_last_contact_date_alone_is_enough():
    assert flagged_rows(RULE, as_of="2026-02-01", Résultat_appel=["REFUS"], Date_dernier_contact=["2026-01-10"]) == [2]


def test_month_first_dates_when_the_vocabulary_says_so():
    rows = dict(as_of=LATE, Résultat_appel=["REFUS"], Date_dernier_appel=["01/15/2028"], Date_de_rappel=["03/15/2028"])
    assert flagged_rows(RULE, vocabulary={"date_order": "month-first"}, **rows) == [2]
    # read day first (the French default), 01/15/2028 is no date: flagged as unreadable, not guessed
    [finding] = findings(RULE, **rows)
    assert finding.detail == "refusal date unreadable: no call may be planned"


def test_a_blank_refusal_date_gives_no_finding_here():
    assert flagged_rows(RULE, Résultat_appel=["REFUS"], Date_dernier_appel=[""], Date_de_rappel=["2026-12-01"]) == []


@pytest.mark.parametrize("written", ["31/02/2026", "hier", "2026-13-01", "32/01/2026"])
def test_an_unreadable_refusal_date_is_flagged_never_guessed(written):
    [finding] = findings(RULE, Résultat_appel=["REFUS"], Date_dernier_appel=[written], Date_dernier_contact=["2026-01-10"])
    assert (finding.column, finding.detail) == ("Date dernier appel", "refusal date unreadable: no call may be planned")


def test_an_unreadable_callback_date_after_a_refusal_is_flagged():
    [finding] = findings(RULE, as_of=LATE, Résultat_appel=["REFUS"], Date_dernier_appel=["2026-01-10"],
                         Date_de_rappel=["bientôt"])
    assert (finding.column, finding.detail) == (
        "Date de rappel", "refused on 2026-01-10; no call before 2026-03-12; callback date unreadable")


def test_dates_are_not_shown_in_clear_by_the_engine_but_the_detail_gives_them():
    [finding] = findings(RULE, as_of="2026-11-28", Résultat_appel=["REFUS"], Date_dernier_appel=["2026-11-20"])
    assert finding.value != "2026-11-20" and "2026-11-20" in finding.detail


# --- which rows ----------------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["NRP", "RAPP", "RDV", "HORS CIBLE", "", "BLAH"])
def test_other_codes_pass(code):
    assert not callback_flagged("2026-01-10", "2026-01-20", code=code)


@pytest.mark.parametrize("code", ["REFUS", "refus comm.", "Refusé", "pas intéressé", "Raccroché"])
def test_every_refusal_spelling_counts(code):
    assert callback_flagged("2026-01-10", "2026-01-20", code=code)


def test_a_code_the_vocabulary_adds_with_the_meaning_refusal_counts():
    vocabulary = {"call_result": {"PAS DISPONIBLE POUR NOUS": {"means": ["attempt", "reached", "refusal"]}}}
    assert not callback_flagged("2026-01-10", "2026-01-20", code="pas disponible pour nous")
    assert flagged_rows(RULE, as_of=LATE, vocabulary=vocabulary, Résultat_appel=["pas disponible pour nous"],
                        Date_dernier_appel=["2026-01-10"], Date_de_rappel=["2026-01-20"]) == [2]


def test_consumers_and_rows_of_unknown_type_only():
    # D223-9 does not apply to business-to-business calls (regulation.md §4.4)
    assert flagged_rows(RULE, as_of="2026-11-28", Type_client=["Professionnel", "Particulier", "", "?"],
                        Résultat_appel=["REFUS"] * 4, Date_dernier_appel=["2026-11-20"] * 4) == [3, 4, 5]


def test_the_phone_is_blocked_and_the_row_kept():
    todo, _ = decisions(RULE, as_of="2026-11-28", Résultat_appel=["REFUS", "NRP"],
                        Date_dernier_appel=["2026-11-20", "2026-11-20"], Téléphone=["06 12 34 56 78"] * 2,
                        email=["a@exemple.fr"] * 2)
    assert todo.blocked == {0: {"phone"}} and todo.quarantine == {}


def test_rule_concerns_phone_campaigns_only():
    assert skipped_reasons(RULE, channels=("email",), Résultat_appel=["REFUS"], Date_dernier_appel=["2026-11-20"]) == [
        "the campaign does not use its channels (phone)"]


def test_rule_is_skipped_without_a_date():
    assert skipped_reasons(RULE, Résultat_appel=["REFUS"], Date_de_rappel=["2026-12-01"]) == [
        "no column holds the role call_datetime or last_contact_date"]


# --- params --------------------------------------------------------------------------------------

def test_the_shipped_rule_spells_the_defaults():
    params = CHECKS["refusal_cooldown"].params
    assert RULE["params"] == {name: param.default for name, param in params.items()}
    assert RULE["params"]["cooldown_days"] == 60 and RULE["params"]["customer_type"] == "B2C"


def test_the_cool_off_can_be_tuned():
    rule = {**RULE, "params": {**RULE["params"], "cooldown_days": 30}}
    rows = dict(as_of=LATE, Résultat_appel=["REFUS", "REFUS"], Date_dernier_appel=["2026-01-10"] * 2,
                Date_de_rappel=["2026-02-09", "2026-02-10"])
    assert flagged_rows(rule, **rows) == [2]


@pytest.mark.parametrize("params, message", [
    ({"cooldown_days": 0}, "cooldown_days must be at least 1"),
    ({"cooldown_days": "60"}, "expected int"),
    ({"cooldown_days": True}, "expected true/false|expected int"),
    ({"date_roles": []}, "date_roles must each list"),
    ({"customer_type": "B2X"}, "'B2X' is not one of"),
])
def test_bad_params_are_refused(params, message):
    with pytest.raises(UserError, match=message):
        flagged_rows({**RULE, "params": {**RULE["params"], **params}}, Résultat_appel=["REFUS"],
                     Date_dernier_appel=["2026-11-20"])
