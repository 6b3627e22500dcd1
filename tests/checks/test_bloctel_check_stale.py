"""bloctel-check-stale: while Bloctel is the legal test, a consumer's phone row must show a Bloctel
check at most 30 days before the campaign date."""
from __future__ import annotations

from tests.checks.rule_harness import findings, flagged_rows, run_rule, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("bloctel-check-stale")
AS_OF = "2026-06-30"


def test_missing_unreadable_and_old_checks_are_flagged():
    rows = flagged_rows(RULE, as_of=AS_OF, Portable=["06 12 34 56 78"] * 5,
                        Date_Bloctel=["15/06/2026", "", "pas fait", "2026-05-30", "31/05/2026"])
    assert rows == [3, 4, 5]  # 31 days is stale, 30 days is not


def test_each_flag_says_why():
    found = findings(RULE, as_of=AS_OF, Portable=["06 12 34 56 78"] * 3, Date_Bloctel=["", "pas fait", "01/01/2026"])
    assert [f.detail for f in found] == ["no Bloctel check date", "Bloctel check date unreadable",
                                         "Bloctel checked 180 days before the campaign date (more than 30)"]


def test_business_rows_contracts_and_rows_without_a_phone_pass():
    assert flagged_rows(RULE, as_of=AS_OF, Type_client=["B2B", "Particulier", "Particulier", ""],
                        Contrat_en_cours=["", "oui", "", ""], Portable=["06 12 34 56 78", "06 12 34 56 78", "", "0612345679"],
                        email=["a@b.fr"] * 4, Date_Bloctel=[""] * 4) == [5]


def test_the_max_age_is_a_param():
    rule = {**RULE, "params": {**RULE["params"], "max_age_days": 7}}
    assert flagged_rows(rule, as_of=AS_OF, Portable=["06 12 34 56 78"] * 2, Date_Bloctel=["23/06/2026", "22/06/2026"]) == [3]


def test_a_file_without_a_bloctel_date_column_gets_one_finding_not_one_per_row():
    found = findings(RULE, as_of=AS_OF, Portable=["06 12 34 56 78"] * 500)
    assert len(found) == 1 and found[0].row == 1 and found[0].column is None
    assert "no Bloctel check date column" in found[0].detail
    engine, _ = run_rule(RULE, as_of=AS_OF, Portable=["06 12 34 56 78"] * 3)
    assert not engine.decisions.chunks[0].flags  # the file-level finding tags no row


def test_no_file_finding_when_no_row_is_a_consumers_phone():
    assert findings(RULE, as_of=AS_OF, Type_client=["B2B", "Pro"], Téléphone=["01 42 68 53 00"] * 2) == []


def test_the_rule_no_longer_applies_after_the_bloctel_concession():
    assert skipped_reasons(RULE, as_of="2026-08-11", Portable=["06 12 34 56 78"]) == [
        "not in force on 2026-08-11: applied until 2026-08-10"]
    assert flagged_rows(RULE, as_of="2026-08-10", Portable=["06 12 34 56 78"], Date_Bloctel=[""]) == [2]


def test_skipped_without_a_phone_column():
    assert skipped_reasons(RULE, as_of=AS_OF, email=["a@b.fr"]) == ["no column holds the role phone or mobile"]
