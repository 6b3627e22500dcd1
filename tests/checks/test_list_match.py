"""opposition, opposition-flag, bloctel, bloctel-match-after-end: rows on a suppression list."""
from __future__ import annotations

import hashlib

import pytest

from fichier_check.read.list_file import load_list
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

OPPOSITION = shipped("opposition")
FLAG = shipped("opposition-flag")
BLOCTEL = shipped("bloctel")
AFTER_END = shipped("bloctel-match-after-end")


@pytest.fixture
def lists(tmp_path):
    def make(kind: str, text: str):
        path = tmp_path / f"{kind}.txt"
        path.write_text(text, encoding="utf-8")
        return {kind: load_list(path, kind)}
    return make


def test_email_on_the_list_quarantines_the_row(lists):
    found = lists("opposition", "ines.gris@gris.fr\n")
    todo, _ = decisions(OPPOSITION, lists=found, email=["lea@durand.fr", "Ines.Gris@Gris.fr "])
    assert list(todo.quarantine) == [1]


def test_phone_in_any_format_matches(lists):
    found = lists("opposition", "06 12 34 56 78\n")
    assert flagged_rows(OPPOSITION, lists=found, Portable=["+33612345678", "0033 6 12 34 56 78", "06 12 34 56 79"]) == [2, 3]


def test_hashed_phone_matches_in_any_format(lists):
    digest = hashlib.sha256(b"+33612345678").hexdigest()
    assert flagged_rows(OPPOSITION, lists=lists("opposition", digest + "\n"),
                        Portable=["06 12 34 56 78", "+33 6 12 34 56 79", "0033612345678", ""]) == [2, 4]


def test_hashed_address_with_accents_matches_its_utf8_fingerprint(lists):
    digest = hashlib.sha256("élodie@exämple.fr".encode("utf-8")).hexdigest()
    blank = hashlib.sha256(b"").hexdigest()  # a fingerprint of nothing never matches a blank cell
    assert flagged_rows(OPPOSITION, lists=lists("opposition", f"{digest}\n{blank}\n"),
                        email=["Élodie@Exämple.fr", "", "elodie@example.fr"]) == [2]


def test_hashed_email_matches(lists):
    digest = hashlib.sha256(b"lea@durand.fr").hexdigest()
    assert flagged_rows(OPPOSITION, lists=lists("opposition", digest + "\n"), email=["LEA@durand.fr"]) == [2]


def test_objection_covers_b2b_rows_too(lists):
    assert flagged_rows(OPPOSITION, lists=lists("opposition", "0142685300\n"), Type_client=["B2B"],
                        Téléphone=["01 42 68 53 00"]) == [2]


def test_opposition_is_skipped_without_a_list():
    assert skipped_reasons(OPPOSITION, email=["a@b.fr"]) == ["no --opposition list was given"]


def test_the_files_own_opposition_column_quarantines():
    todo, _ = decisions(FLAG, Ne_pas_contacter=["Oui", "Non"], email=["a@b.fr", "c@d.fr"])
    assert list(todo.quarantine) == [0]


def test_bloctel_blocks_phone_until_2026_08_10(lists):
    found = lists("bloctel", "+33 6 12 34 56 78\n")
    todo, _ = decisions(BLOCTEL, lists=found, as_of="2026-08-10", Type_client=["B2C"], Portable=["06 12 34 56 78"])
    assert todo.blocked == {0: {"phone"}}


def test_bloctel_is_not_the_legal_test_after_2026_08_10(lists):
    found = lists("bloctel", "0612345678\n")
    assert skipped_reasons(BLOCTEL, lists=found, as_of="2026-08-11", Type_client=["B2C"], Portable=["06 12 34 56 78"]) == [
        "not in force on 2026-08-11: applied until 2026-08-10"]


def test_after_2026_08_10_the_same_match_is_an_info_tag_of_its_own_rule(lists):
    found = lists("bloctel", "0612345678\n")
    [finding] = findings(AFTER_END, lists=found, as_of="2026-11-28", Type_client=["B2C"], Portable=["06 12 34 56 78"])
    assert finding.rule == "bloctel-match-after-end" and finding.severity.label == "info" and finding.action == "tag"
    todo, _ = decisions(AFTER_END, lists=found, as_of="2026-11-28", Type_client=["B2C"], Portable=["06 12 34 56 78"])
    assert todo.blocked == {}  # no longer blocked: the phone opt-in rules decide now
    assert skipped_reasons(AFTER_END, lists=found, as_of="2026-08-10", Portable=["06 12 34 56 78"]) == [
        "not in force on 2026-08-10: applies from 2026-08-11"]


def test_both_bloctel_rules_match_the_same_rows(lists):
    found = lists("bloctel", "0612345678\n")
    table = dict(Type_client=["B2C", "B2B", "B2C", "B2C"], Contrat_en_cours=["", "", "oui", ""],
                 Portable=["06 12 34 56 78", "06 12 34 56 78", "06 12 34 56 78", "06 12 34 56 79"],
                 Bloctel=["", "", "", "oui"])
    assert flagged_rows(BLOCTEL, lists=found, as_of="2026-08-10", **table) == [2, 5]
    assert flagged_rows(AFTER_END, lists=found, as_of="2026-08-11", **table) == [2, 5]


def test_bloctel_answers_to_the_catalogue_name_bloctel_match():
    from fichier_check.engine.rulepack import load_rules
    assert load_rules(["default"]).aliases["bloctel-match"] == "bloctel"


def test_bloctel_ignores_b2b_rows_and_contracts(lists):
    found = lists("bloctel", "0612345678\n")
    assert flagged_rows(BLOCTEL, lists=found, as_of="2026-08-10", Type_client=["B2B", "B2C"],
                        Portable=["06 12 34 56 78"] * 2, Contrat_en_cours=["", "oui"]) == []
