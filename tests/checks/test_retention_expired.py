"""prospect-retention-expired and customer-retention-expired: a row kept more than 36 months after
its reference day is quarantined (CNIL référentiel "gestion des activités commerciales": 3 years).

A prospect's reference is the latest of its collection date, last contact date, and last call date
when the call result comes from the prospect (RDV, PISTE, PROJET, MAIL, RAPP); a customer's is the
end of the relationship, else the last purchase. The reference day + 36 months is the last day
kept (a day the month lacks: the month's last day); the day after, the row is expired.
"""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from fichier_check.checks import CHECKS
from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, findings_in_file, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

PROSPECT = shipped("prospect-retention-expired")
CUSTOMER = shipped("customer-retention-expired")
AS_OF = "2026-07-31"


def contact(*dates: str, as_of: str = AS_OF, rule: dict = PROSPECT, **columns) -> list[int]:
    """The rows flagged when each row's only date is its last contact date."""
    return flagged_rows(rule, as_of=as_of, Date_dernier_contact=list(dates), **columns)


def details(rule: dict = PROSPECT, **kwargs) -> list[tuple[int, str]]:
    return [(f.row, f.detail) for f in findings(rule, **kwargs)]


# --- the boundary: the anniversary is the last day kept ---------------------------------------

def test_exactly_three_years_is_the_last_day_kept_and_the_day_before_is_expired():
    assert contact("31/07/2023", "30/07/2023", "01/08/2023") == [3]


def test_the_day_after_the_anniversary_the_row_is_expired():
    assert contact("31/07/2023", as_of="2026-07-31") == []
    assert contact("31/07/2023", as_of="2026-08-01") == [2]


def test_the_details_give_the_reference_and_the_last_day_kept():
    assert details(as_of=AS_OF, Date_dernier_contact=["30/07/2023"]) == [
        (2, "last prospect contact 2023-07-30, kept until 2026-07-30")]


def test_a_leap_day_is_kept_until_the_28th_of_february_three_years_later():
    assert contact("29/02/2024", as_of="2027-02-28") == []
    assert contact("29/02/2024", as_of="2027-03-01") == [2]
    assert details(as_of="2027-03-01", Date_dernier_contact=["29/02/2024"]) == [
        (2, "last prospect contact 2024-02-29, kept until 2027-02-28")]


def test_a_reference_on_the_28th_of_february_before_a_leap_year():
    assert contact("28/02/2021", as_of="2024-02-28") == []
    assert contact("28/02/2021", as_of="2024-02-29") == [2]


@pytest.mark.parametrize("reference, last_kept", [
    ("31/05/2026", "2026-06-30"),   # June has no 31st: its last day
    ("31/01/2026", "2026-02-28"),
    ("30/06/2026", "2026-07-30"),
    ("31/12/2025", "2026-01-31"),
])
def test_month_ends_with_a_one_month_period(reference, last_kept):
    rule = {**PROSPECT, "params": {**PROSPECT["params"], "retention_months": 1}}
    following = (dt.date.fromisoformat(last_kept) + dt.timedelta(days=1)).isoformat()
    assert contact(reference, as_of=last_kept, rule=rule) == []
    assert contact(reference, as_of=following, rule=rule) == [2]


def test_as_of_drives_the_rule_never_todays_date():
    dates = ["15/01/2020", "15/01/2023", "15/01/2026"]
    assert contact(*dates, as_of="2023-01-15") == []
    assert contact(*dates, as_of="2026-01-16") == [2, 3]
    assert contact(*dates, as_of="2029-01-16") == [2, 3, 4]


# --- dates as exports write them ---------------------------------------------------------------

@pytest.mark.parametrize("written", [
    "30/07/2023", "30-07-2023", "30.07.2023", "2023-07-30", "30/07/23", "30 juillet 2023", "30 juil. 2023",
    "dimanche 30 juillet 2023", "45137", "2023-07-30 14:30:00", "30/07/2023 14h30", "2023-07-30T09:05",
    "2023-07-30 00:00:00",
])
def test_every_way_of_writing_the_day_before_the_anniversary_is_expired(written):
    assert contact(written) == [2]


@pytest.mark.parametrize("written", ["31/07/2023", "2023-07-31", "31/07/23", "45138", "2023-07-31 23:59:00"])
def test_every_way_of_writing_the_anniversary_is_kept(written):
    assert contact(written) == []


def test_a_two_digit_year_is_read_20yy():
    assert details(as_of=AS_OF, Date_dernier_contact=["3/02/16"]) == [
        (2, "last prospect contact 2016-02-03, kept until 2019-02-03")]


def test_slashed_dates_are_day_first_by_default():
    # 01/08/2023 is 1 August (kept), 08/01/2023 is 8 January (expired); month first, the other way round
    assert contact("01/08/2023", "08/01/2023") == [3]
    assert contact("01/08/2023", "08/01/2023", vocabulary={"date_order": "month-first"}) == [2]


def test_a_month_first_vocabulary_reads_slashed_dates_month_first():
    month_first = {"date_order": "month-first"}
    assert contact("7/30/2023", "7/31/2023", "8/1/2023", vocabulary=month_first) == [2]
    assert contact("2023-07-30", "30 juillet 2023", vocabulary=month_first) == [2, 3]  # never ambiguous
    assert contact("7/30/2023") == []   # day first there is no 30th month: unreadable, not a date


@pytest.mark.parametrize("unreadable", ["31/02/2026", "bientôt", "juil. 2023", "20230730"])
def test_an_unreadable_date_is_never_guessed(unreadable):
    # it is no date: nothing to expire (retention-date-missing and date-unreadable report the row)
    assert contact(unreadable) == []


def test_a_real_workbook_with_date_cells(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nom", "Date de collecte", "Date dernier appel", "Résultat appel"])
    sheet.append(["Durand", dt.date(2023, 7, 30), None, None])
    sheet.append(["Martin", dt.datetime(2023, 7, 31, 14, 30), None, None])
    sheet.append(["Petit", dt.date(2020, 1, 1), dt.datetime(2026, 7, 1, 10, 15), "RDV"])
    sheet.append(["Leroy", dt.date(2020, 1, 1), dt.datetime(2026, 7, 1, 10, 15), "NRP"])
    sheet.append(["Moreau", 45137, None, None])          # a serial number in a cell not formatted as a date
    book.save(tmp_path / "p.xlsx")
    found = findings_in_file(PROSPECT, tmp_path / "p.xlsx", as_of=AS_OF)
    assert [(f.row, f.detail) for f in found] == [
        (2, "collected 2023-07-30, kept until 2026-07-30"),
        (5, "collected 2020-01-01, kept until 2023-01-01"),
        (6, "collected 2023-07-30, kept until 2026-07-30"),
    ]


# --- which dates restart a prospect's clock -----------------------------------------------------

def test_the_latest_of_collection_and_last_contact_is_the_reference():
    assert flagged_rows(PROSPECT, as_of=AS_OF,
                        Date_de_collecte=["01/01/2020", "01/01/2025", "01/01/2020", ""],
                        Date_dernier_contact=["01/01/2025", "01/01/2020", "01/01/2021", "01/01/2021"]) == [4, 5]
    assert details(as_of=AS_OF, Date_de_collecte=["01/01/2020"], Date_dernier_contact=["01/01/2021"]) == [
        (2, "last prospect contact 2021-01-01, kept until 2024-01-01")]


@pytest.mark.parametrize("result", ["RDV", "PISTE", "PROJET", "MAIL", "RAPP", "rendez-vous", "Rappel", "à rappeler",
                                    "rdv pris", "envoi mail"])
def test_a_call_whose_result_comes_from_the_prospect_restarts_the_clock(result):
    assert flagged_rows(PROSPECT, as_of=AS_OF, Date_de_collecte=["01/01/2020"],
                        Date_dernier_appel=["01/07/2026 10:30"], Resultat_appel=[result]) == []


@pytest.mark.parametrize("result", ["NRP", "OCC", "ne répond pas", "REFUS", "REFUS COMM", "HORS CIBLE", "ERR", "",
                                    "code inconnu"])
def test_an_outbound_attempt_does_not_restart_the_clock(result):
    assert details(as_of=AS_OF, Date_de_collecte=["01/01/2020"], Date_dernier_appel=["01/07/2026 10:30"],
                   Resultat_appel=[result]) == [(2, "collected 2020-01-01, kept until 2023-01-01")]


def test_the_details_name_a_call_that_gave_the_reference():
    assert details(as_of="2029-08-01", Date_de_collecte=["01/01/2020"], Date_dernier_appel=["31/07/2026 10:30"],
                   Resultat_appel=["RDV"]) == [
        (2, "last call with a prospect-originated result 2026-07-31, kept until 2029-07-31")]


def test_a_status_alone_does_not_make_a_call_from_the_prospect():
    # GAGNÉ or CHAUD say how the account stands, not what the last call was
    assert flagged_rows(PROSPECT, as_of=AS_OF, Date_de_collecte=["01/01/2020", "01/01/2020"],
                        Date_dernier_appel=["01/07/2026", "01/07/2026"], Statut=["GAGNÉ", "CHAUD"]) == [2, 3]


def test_the_vocabulary_says_which_results_come_from_the_prospect():
    nrp_restarts = {"call_result": {"NRP": {"means": ["attempt", "from_prospect"]}}}
    rows = dict(as_of=AS_OF, Date_de_collecte=["01/01/2020"], Date_dernier_appel=["01/07/2026"],
                Resultat_appel=["NRP"])
    assert flagged_rows(PROSPECT, **rows) == [2]
    assert flagged_rows(PROSPECT, vocabulary=nrp_restarts, **rows) == []


def test_calls_can_be_left_out_of_the_reference():
    rule = {**PROSPECT, "params": {**PROSPECT["params"], "call_date_role": None}}
    assert flagged_rows(rule, as_of=AS_OF, Date_de_collecte=["01/01/2020"], Date_dernier_appel=["01/07/2026"],
                        Resultat_appel=["RDV"]) == [2]


def test_the_prospect_date_roles_can_be_tuned():
    rule = {**PROSPECT, "params": {**PROSPECT["params"], "prospect_date_roles": ["last_contact_date"]}}
    assert flagged_rows(rule, as_of=AS_OF, Date_de_collecte=["01/01/2026"], Date_dernier_contact=["01/01/2020"]) == [2]


def test_an_unreadable_date_does_not_save_a_row_whose_readable_date_is_expired():
    # never a guess either way: the readable date decides; date-unreadable reports the other cell
    assert flagged_rows(PROSPECT, as_of=AS_OF, Date_de_collecte=["01/01/2020"], Date_dernier_contact=["31/02/2026"]) == [2]


def test_a_date_after_the_run_is_not_expired():
    assert contact("01/01/2027") == []


# --- who is a customer ---------------------------------------------------------------------------

@pytest.mark.parametrize("columns", [
    {"Statut": ["CLIENT"]}, {"Statut": ["cliente"]}, {"Client_Prospect": ["Client"]}, {"Type_client": ["customer"]},
    {"Date_dernier_achat": ["15/03/2026"]}, {"Date_fin_de_relation": ["15/03/2026"]}, {"Contrat_en_cours": ["oui"]},
])
def test_customers_are_not_prospects(columns):
    assert contact("01/01/2020", **columns) == []


@pytest.mark.parametrize("columns", [
    {"Statut": ["GAGNÉ"]}, {"Statut": ["PROSPECT"]}, {"Client_Prospect": ["Prospect"]}, {"Type_client": ["Particulier"]},
    {"Type_client": ["Professionnel"]}, {"Date_dernier_achat": ["bientôt"]}, {"Date_dernier_achat": [""]},
    {"Contrat_en_cours": ["non"]},
])
def test_these_rows_are_prospects(columns):
    # GAGNÉ is a meeting won, not a sale; an unreadable purchase date is no purchase (the strict side)
    assert contact("01/01/2020", **columns) == [2]


def test_the_customer_clock_runs_from_the_end_of_the_relationship():
    assert flagged_rows(CUSTOMER, as_of=AS_OF, Date_fin_de_relation=["31/07/2023", "30/07/2023"]) == [3]
    assert details(CUSTOMER, as_of=AS_OF, Date_fin_de_relation=["30/07/2023"]) == [
        (2, "relationship ended 2023-07-30, kept until 2026-07-30")]


def test_without_an_end_the_last_purchase_stands_for_it():
    assert details(CUSTOMER, as_of=AS_OF, Date_fin_de_relation=["", "01/01/2026", "bientôt"],
                   Date_dernier_achat=["30/07/2023", "01/01/2020", "01/01/2020"]) == [
        (2, "last purchase 2023-07-30, kept until 2026-07-30"),
        (4, "last purchase 2020-01-01, kept until 2023-01-01")]


def test_a_customer_with_a_contract_in_progress_has_no_clock_until_it_ends():
    assert flagged_rows(CUSTOMER, as_of=AS_OF, Date_dernier_achat=["01/01/2020", "01/01/2020", ""],
                        Date_fin_de_relation=["", "", "01/01/2020"], Contrat_en_cours=["oui", "non", "oui"]) == [3, 4]


def test_the_leap_day_and_the_as_of_for_customers():
    assert flagged_rows(CUSTOMER, as_of="2027-02-28", Date_dernier_achat=["29/02/2024"]) == []
    assert flagged_rows(CUSTOMER, as_of="2027-03-01", Date_dernier_achat=["29/02/2024"]) == [2]


def test_prospects_are_not_judged_by_the_customer_rule_nor_customers_by_the_prospect_rule():
    rows = dict(as_of=AS_OF, Date_dernier_contact=["01/01/2020", "01/01/2020"],
                Date_dernier_achat=["", "01/01/2020"])
    assert flagged_rows(PROSPECT, **rows) == [2]
    assert flagged_rows(CUSTOMER, **rows) == [3]


def test_a_customer_by_status_without_a_customer_date_is_retention_date_missings_finding():
    assert flagged_rows(CUSTOMER, as_of=AS_OF, Statut=["CLIENT"], Date_dernier_achat=[""],
                        Date_dernier_contact=["01/01/2020"]) == []


# --- action, params, skipping ---------------------------------------------------------------------

def test_the_shipped_rules_quarantine_with_a_warning():
    assert (PROSPECT["severity"], PROSPECT["action"]) == ("warning", "quarantine")
    assert (CUSTOMER["severity"], CUSTOMER["action"]) == ("warning", "quarantine")
    todo, _ = decisions(PROSPECT, as_of=AS_OF, Date_dernier_contact=["01/01/2026", "01/01/2020"])
    assert list(todo.quarantine) == [1]


def test_the_findings_are_about_the_row_and_show_no_value():
    [finding] = findings(PROSPECT, as_of=AS_OF, Nom=["Durand"], Date_dernier_contact=["01/01/2020"])
    assert finding.value == "" and "Durand" not in finding.detail


def test_the_retention_period_can_be_tuned():
    rule = {**PROSPECT, "params": {**PROSPECT["params"], "retention_months": 24}}
    assert contact("30/07/2024", "31/07/2024", rule=rule) == [2]
    assert contact("31/07/2024", rule=rule, as_of="2026-08-01") == [2]


def test_the_shipped_rules_spell_the_default_params():
    defaults = {name: spec.default for name, spec in CHECKS["retention_expired"].params.items()}
    assert PROSPECT["params"] == {**defaults, "scope": "prospect"}
    assert CUSTOMER["params"] == {**defaults, "scope": "customer"}


@pytest.mark.parametrize("params, message", [
    ({"retention_months": 0}, "retention_months must be at least 1"),
    ({"retention_months": "36"}, "expected int"),
    ({"retention_months": True}, "expected int"),
    ({"scope": "client"}, "'client' is not one of prospect, customer"),
    ({"prospect_date_roles": ["date_contact"]}, "'date_contact' is not a column role"),
    ({"call_meaning": "from_customer"}, "'from_customer' is not one of"),
    ({"customer_date_roles": []}, "customer_date_roles must list at least one role"),
    ({"prospect_date_roles": [], "call_date_role": None}, "a prospect would have no reference date"),
])
def test_bad_params_are_refused(params, message):
    with pytest.raises(UserError, match=message):
        flagged_rows({**PROSPECT, "params": {**PROSPECT["params"], **params}}, Date_dernier_contact=["01/01/2020"])


def test_the_prospect_rule_is_skipped_without_a_prospect_date_column():
    assert skipped_reasons(PROSPECT, Nom=["Durand"], Date_dernier_achat=["01/01/2020"]) == [
        "no column holds the role last_contact_date or collection_date or call_datetime"]


def test_the_customer_rule_is_skipped_without_a_customer_date_column():
    assert skipped_reasons(CUSTOMER, Nom=["Durand"], Date_dernier_contact=["01/01/2020"]) == [
        "no column holds the role relationship_end_date or last_purchase_date"]


def test_no_channel_restricts_retention():
    assert contact("01/01/2020", channels=("post",)) == [2]


@pytest.mark.parametrize("months", [1, 12, 36, 48])
def test_the_first_day_kept_agrees_with_the_last_day_kept_of_every_reference(months):
    # the rule compares each reference with one day; the details count the period from each reference
    from fichier_check.analysis.dates import add_months, day_number
    from fichier_check.checks.retention_clock import first_day_kept
    import numpy as np
    start = day_number(dt.date(2023, 1, 1))
    references = np.arange(start - 5 * 366, start + 5 * 366)
    last_kept = add_months(references, months)
    for as_of in (dt.date(2026, 2, 28), dt.date(2026, 3, 1), dt.date(2028, 2, 29), dt.date(2028, 3, 1),
                  dt.date(2026, 7, 31), dt.date(2026, 6, 30), dt.date(2026, 12, 31), dt.date(2027, 1, 1)):
        expired = last_kept < day_number(as_of)
        assert (references < first_day_kept(as_of, months)).tolist() == expired.tolist(), as_of


def test_a_last_contact_date_that_is_an_outbound_calls_day_does_not_restart_the_clock():
    # prospectors' files write the last call in "Date dernier contact": an NRP that day is no contact
    row = dict(Date_de_collecte=["01/01/2020"], Date_dernier_contact=["25/11/2026"], as_of="2026-12-01")
    assert flagged_rows(PROSPECT, Résultat_appel=["NRP"], **row) == [2]
    assert flagged_rows(PROSPECT, Résultat_appel=["NRP"], Date_dernier_appel=["25/11/2026"], **row) == [2]
    # a contact on another day than the last call, a contact the prospect made, or no result: it counts
    assert flagged_rows(PROSPECT, Résultat_appel=["NRP"], Date_dernier_appel=["26/11/2026"], **row) == []
    assert flagged_rows(PROSPECT, Résultat_appel=["RDV"], **row) == []
    assert flagged_rows(PROSPECT, Résultat_appel=[""], **row) == []
