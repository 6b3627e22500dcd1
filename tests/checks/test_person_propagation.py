"""objection-propagated (check person_propagation): when a row is quarantined for an objection or
a refusal, every other row of the same person is quarantined too, wherever it is in the file.

The same person: rows linked by a shared personal e-mail, E.164 phone or name + postal code,
transitively. The detail names the row that objected and its rule. `follow: block` extends a
block the same way.
"""
from __future__ import annotations

import datetime as dt

import pytest

from fichier_check.checks import CHECKS
from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, run_rule
from tests.checks.shipped import shipped

RULE = shipped("objection-propagated")
OPPOSED = shipped("opposition-flag")
# A stand-in for the refusal rule of the call-result codes: the default `from_rules` names it, and
# here it quarantines the rows whose "Refus" column says yes.
REFUSAL = {"id": "refusal-result-code", "check": "list_match", "severity": "error", "action": "quarantine",
           "params": {"list": "opposition", "match_roles": [], "flag_role": "opposition"}}


def outcome(rule=RULE, extra=(OPPOSED,), **columns) -> list[tuple[str, int, str | None]]:
    return sorted((f.rule, f.row, f.detail) for f in findings(rule, extra_rules=list(extra), **columns))


def test_the_shipped_rule_quarantines_on_every_key_with_no_limit():
    assert (RULE["severity"], RULE["action"]) == ("error", "quarantine")
    assert RULE["params"] == {"from_rules": ["opposition", "opposition-flag", "refusal-result-code"],
                              "follow": "quarantine", "keys": ["email", "phone", "name"], "max_rows_per_key": None}
    assert RULE["params"] == {name: p.default for name, p in CHECKS["person_propagation"].params.items()}


def test_an_objection_on_the_last_row_reaches_the_first_row_in_an_earlier_chunk():
    emails = ["anne@free.fr", "paul@free.fr", "lea@free.fr", "marc@free.fr", "anne@free.fr"]
    found = outcome(email=emails, opposition=["", "", "", "", "oui"], chunk_rows=2)
    assert found == [("objection-propagated", 2, "same person as row 6, quarantined by opposition-flag"),
                     ("opposition-flag", 6, None)]
    engine, _ = run_rule(RULE, extra_rules=[OPPOSED], email=emails, opposition=["", "", "", "", "oui"], chunk_rows=2)
    assert engine.decisions.chunks[0].quarantine == {0: [("objection-propagated", "test")]}
    assert engine.decisions.chunks[2].quarantine == {0: [("opposition-flag", "test")]}
    assert engine.decisions.rows_quarantined() == 2


def test_a_refusal_on_one_duplicate_only_takes_out_every_row_of_the_person():
    found = outcome(extra=[REFUSAL], email=["anne@free.fr", "paul@free.fr", "ANNE@free.fr "],
                    phone=["06 12 34 56 78", "", ""], Portable=["", "", "+33612345678"],
                    opposition=["oui", "", ""], chunk_rows=1)
    assert found == [("objection-propagated", 4, "same person as row 2, quarantined by refusal-result-code"),
                     ("refusal-result-code", 2, None)]


def test_the_same_person_is_found_transitively():
    # row 2 shares an e-mail with row 4, row 4 a phone with row 6, row 6 a name and postal code with row 7
    found = outcome(email=["anne@free.fr", "x@free.fr", "anne@free.fr", "y@free.fr", "z@free.fr", "w@free.fr"],
                    phone=["", "0698765432", "0612345678", "", "0612345678", ""],
                    Nom=["", "", "", "", "Roux", "ROUX"], Prénom=["", "", "", "", "Anne", "anne"],
                    Code_postal=["", "", "", "", "75001", "75001"], opposition=["", "", "", "", "", "oui"],
                    chunk_rows=2)
    detail = "same person as row 7, quarantined by opposition-flag"
    assert found == [("objection-propagated", row, detail) for row in (2, 4, 6)] + [("opposition-flag", 7, None)]


def test_when_several_rows_of_a_person_objected_the_detail_names_the_first():
    found = outcome(email=["anne@free.fr"] * 4, opposition=["", "oui", "", "oui"])
    assert [f for f in found if f[0] == "objection-propagated"] == [
        ("objection-propagated", 2, "same person as row 3, quarantined by opposition-flag"),
        ("objection-propagated", 4, "same person as row 3, quarantined by opposition-flag")]


def test_other_people_are_untouched():
    found = outcome(email=["anne@free.fr", "paul@free.fr", "anne@free.fr"], phone=["0612345678", "0698765432", ""],
                    opposition=["oui", "", ""])
    assert [row for rule, row, _ in found if rule == "objection-propagated"] == [4]


@pytest.mark.parametrize("column", ["email", "phone"])
def test_a_role_address_or_an_invalid_value_links_nobody(column):
    values = {"email": ["contact@acme.fr", "contact@acme.fr"], "phone": ["00 00 00 00 00", "00 00 00 00 00"]}
    assert [f[0] for f in outcome(opposition=["oui", ""], **{column: values[column]})] == ["opposition-flag"]


def test_a_key_on_more_rows_than_max_rows_per_key_links_none_of_them():
    switchboard = {"phone": ["01 42 68 53 00"] * 4, "email": ["a@acme.fr", "b@acme.fr", "c@acme.fr", "a@acme.fr"],
                   "opposition": ["oui", "", "", ""]}
    capped = {**RULE, "params": {**RULE["params"], "max_rows_per_key": 3}}
    assert [row for rule, row, _ in outcome(capped, **switchboard) if rule == "objection-propagated"] == [5]
    assert [row for rule, row, _ in outcome(**switchboard) if rule == "objection-propagated"] == [3, 4, 5]


def test_only_the_rules_named_in_from_rules_are_followed():
    other = {**REFUSAL, "id": "out-of-target"}
    assert [f[0] for f in outcome(extra=[other], email=["anne@free.fr"] * 2, opposition=["oui", ""])] == [
        "out-of-target"]


def test_a_source_rule_that_only_tags_is_not_followed():
    tagging = {**OPPOSED, "action": "tag"}
    assert [f[0] for f in outcome(extra=[tagging], email=["anne@free.fr"] * 2, opposition=["oui", ""])] == [
        "opposition-flag"]


def test_follow_block_extends_a_block_on_the_rule_s_channels():
    do_not_call = {"id": "do-not-call", "check": "list_match", "severity": "error", "action": "block",
                   "channels": ["phone"], "params": {"list": "bloctel", "match_roles": [], "flag_role": "bloctel_flag"}}
    spread = {**RULE, "id": "do-not-call-propagated", "action": "block", "channels": ["phone"],
              "params": {**RULE["params"], "from_rules": ["do-not-call"], "follow": "block"}}
    _, every = decisions(spread, extra_rules=[do_not_call], email=["anne@free.fr", "paul@free.fr", "anne@free.fr"],
                         phone=["0612345678", "0698765432", "0611223344"], Bloctel=["oui", "", ""], chunk_rows=2)
    assert every.chunks[0].blocked == {0: {"phone"}} and every.chunks[1].blocked == {0: {"phone"}}
    assert every.chunks[1].flags == {0: ["do-not-call-propagated"]} and every.rows_quarantined() == 0
    [found] = [f for f in findings(spread, extra_rules=[do_not_call], email=["anne@free.fr", "anne@free.fr"],
                                   Bloctel=["oui", ""]) if f.rule == "do-not-call-propagated"]
    assert (found.rule, found.row, found.detail) == (
        "do-not-call-propagated", 3, "same person as row 2, blocked by do-not-call")


def test_the_counts_follow_the_propagated_quarantine():
    engine, _ = run_rule(RULE, extra_rules=[OPPOSED], email=["anne@free.fr", "paul@free.fr", "anne@free.fr"],
                         phone=["0612345678", "0698765432", ""], opposition=["", "", "oui"], chunk_rows=2)
    assert engine.decisions.rows_quarantined() == 2
    assert engine.reachable == {"email": 1, "sms": 1, "phone": 1, "post": 0}


def test_the_detail_holds_no_personal_data():
    [found] = [f for f in findings(RULE, extra_rules=[OPPOSED], email=["anne.roux@free.fr"] * 2,
                                   opposition=["", "oui"]) if f.rule == "objection-propagated"]
    assert (found.column, found.value) == (None, "")
    assert found.detail == "same person as row 3, quarantined by opposition-flag"


@pytest.mark.parametrize("params", [{"from_rules": []}, {"keys": []}, {"keys": ["email", "email"]},
                                    {"max_rows_per_key": 1}, {"follow": "tag"}])
def test_bad_params_are_refused(params):
    with pytest.raises(UserError):
        findings({**RULE, "params": {**RULE["params"], **params}}, email=["a@free.fr"])


@pytest.mark.parametrize("action", ["blank", "mask"])
def test_an_action_on_cells_is_refused(action):
    with pytest.raises(UserError, match="concludes on the whole file"):
        findings({**RULE, "action": action}, email=["a@free.fr"])


def test_a_regime_with_an_action_on_cells_is_refused_too():
    rule = {**RULE, "regimes": [{"effective_from": dt.date(2027, 1, 1), "action": "blank"}]}
    with pytest.raises(UserError, match="action blank changes a cell"):
        findings(rule, email=["a@free.fr"])


def test_a_row_left_without_any_channel_by_a_propagated_block_goes_to_quarantine():
    do_not_call = {"id": "do-not-call", "check": "list_match", "severity": "error", "action": "block",
                   "channels": ["phone"], "params": {"list": "bloctel", "match_roles": [], "flag_role": "bloctel_flag"}}
    spread = {**RULE, "id": "do-not-call-propagated", "action": "block", "channels": ["phone"],
              "params": {**RULE["params"], "from_rules": ["do-not-call"], "follow": "block"}}
    engine, _ = run_rule(spread, extra_rules=[do_not_call, shipped("no-usable-channel")], channels=("phone",),
                         Nom=["Roux", "Roux", "Roux"], Prénom=["Anne", "Anne", "Anne"],
                         Code_postal=["75001", "75001", "75001"], phone=["0612345678", "0698765432", ""],
                         Bloctel=["oui", "", ""], chunk_rows=1)
    found = sorted((f.rule, f.row, f.detail) for o in engine.outcomes() for f in o.findings())
    # row 2 blocked and left without a channel in its own chunk; rows 3 and 4 (no phone at all) blocked by
    # the propagation, then without a channel: as a block in the rows phase, it takes them out
    detail = "same person as row 2, blocked by do-not-call"
    assert found == [("do-not-call", 2, None), ("do-not-call-propagated", 3, detail), ("do-not-call-propagated", 4, detail),
                     ("no-usable-channel", 2, None), ("no-usable-channel", 3, None), ("no-usable-channel", 4, None)]
    assert engine.decisions.rows_quarantined() == 3 and engine.reachable["phone"] == 0


def test_the_shipped_cooldown_entry_blocks_the_phone_of_the_same_person_s_other_rows():
    cooldown = shipped("refusal-cooldown-propagated")
    assert (cooldown["action"], cooldown["channels"], cooldown["params"]["follow"]) == ("block", ["phone"], "block")
    # a stand-in for the cooldown rule of the call-result codes, under its id: it blocks the phone of row 2
    recall = {"id": "recall-within-refusal-cooldown", "check": "list_match", "severity": "error", "action": "block",
              "channels": ["phone"], "params": {"list": "bloctel", "match_roles": [], "flag_role": "bloctel_flag"}}
    _, every = decisions(cooldown, extra_rules=[recall], email=["anne@free.fr", "anne@free.fr", "paul@free.fr"],
                         phone=["0612345678", "0698765432", "0611223344"], Bloctel=["oui", "", ""])
    assert every.chunks[0].blocked == {0: {"phone"}, 1: {"phone"}} and every.rows_quarantined() == 0


def test_a_switchboard_shared_by_colleagues_of_other_names_links_no_one():
    # Durand objects; Martin and Lefèvre answer on the same company number: other persons
    found = outcome(Nom=["Durand", "Martin", "Lefèvre"], phone=["01 42 68 53 00"] * 3, opposition=["oui", "", ""])
    assert found == [("opposition-flag", 2, None)]


def test_the_same_last_name_written_another_way_on_the_same_phone_is_the_same_person():
    found = outcome(Nom=["ROUX", "Roux", "Martin"], Prénom=["A.", "Anne", "Paul"],
                    phone=["0612345678", "06 12 34 56 78", "0698765432"], opposition=["oui", "", ""])
    assert found == [("objection-propagated", 3, "same person as row 2, quarantined by opposition-flag"),
                     ("opposition-flag", 2, None)]


def test_a_long_chain_of_shared_keys_is_grouped_at_once():
    # row k shares a phone with row k+1 and an e-mail with row k-1: one person, 2,000 rows long
    n = 2000
    phones = [f"06{k // 2:08d}" for k in range(n)]
    emails = [f"e{(k + 1) // 2}@free.fr" for k in range(n)]
    engine, _ = run_rule(RULE, extra_rules=[OPPOSED], phone=phones, email=emails,
                         opposition=["oui"] + [""] * (n - 1), chunk_rows=500)
    assert engine.decisions.rows_quarantined() == n
