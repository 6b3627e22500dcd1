"""nir (and possible-nir): French social-security numbers in any cell."""
from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings, strategies as st

from fichier_check.checks import nir
from fichier_check.table import matches
from tests.checks.rule_harness import decisions, findings, flagged_rows

NIR = {"id": "nir", "check": "nir", "severity": "error", "action": "mask"}
POSSIBLE = {"id": "possible-nir", "check": "nir", "severity": "warning", "action": "mask", "params": {"with_key": False}}


def with_key(body13: str) -> str:
    """Append the valid key to an invented 13-character body (2A/2B count as 19/18)."""
    digits = body13.upper().replace("2A", "19").replace("2B", "18")
    return body13 + f"{97 - int(digits) % 97:02d}"


VALID = with_key("1850578006084")
CORSICAN = with_key("269052A123456")


def wrong_key(nir: str) -> str:
    return nir[:-2] + f"{(int(nir[-2:]) % 97) + 1:02d}"


def test_nir_with_a_valid_key_is_flagged():
    assert flagged_rows(NIR, Commentaire=["rien", f"n° SS {VALID}"]) == [3]


def test_nir_with_a_wrong_key_is_not_flagged():
    assert flagged_rows(NIR, Commentaire=[wrong_key(VALID)]) == []


def test_spaces_dots_and_dashes_between_groups_are_allowed():
    spaced = f"{VALID[0]} {VALID[1:3]} {VALID[3:5]} {VALID[5:7]} {VALID[7:10]} {VALID[10:13]} {VALID[13:]}"
    dotted = spaced.replace(" ", ".")
    assert flagged_rows(NIR, Commentaire=[spaced, dotted]) == [2, 3]


def test_corsican_departments_2a_2b_are_validated():
    assert flagged_rows(NIR, Commentaire=[CORSICAN, wrong_key(CORSICAN)]) == [2]


def test_a_bare_nir_is_found_among_shorter_cells():
    assert flagged_rows(NIR, Divers=["", "x", "1850578", VALID, VALID + " "]) == [5, 6]
    assert flagged_rows(POSSIBLE, Divers=["185057800608", "1850578006084", ""]) == [3]


def test_any_column_is_scanned():
    assert flagged_rows(NIR, Nom=["Durand"], Divers=[VALID]) == [2]


def test_siret_and_phone_never_match():
    assert flagged_rows(NIR, SIRET=["44306184100047"], Téléphone=["+33612345678"],
                        Commentaire=["0612345678 / 44306184100047"]) == []


def test_mask_replaces_only_the_number_in_the_cell():
    todo, _ = decisions(NIR, Commentaire=[f"A donné son n° {VALID} par erreur"])
    assert todo.edits == {(0, 0): f"A donné son n° {VALID[0]} •• •• •• ••• ••• •• par erreur"}


def test_the_report_never_shows_the_number():
    [finding] = findings(NIR, Commentaire=[f"n° {VALID}"])
    assert VALID not in finding.value and finding.value.startswith(VALID[0])


def test_possible_nir_without_key_outside_phone_columns():
    body = "1850578006084"
    assert flagged_rows(POSSIBLE, Commentaire=[f"sécu {body}", "0612345678"], Téléphone=[body, ""]) == [2]


def test_possible_nir_ignores_full_nirs_and_siret():
    assert flagged_rows(POSSIBLE, Commentaire=[VALID, "44306184100047"]) == []


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="0123456789 .-2AaBbx@", max_size=30), min_size=1, max_size=40))
def test_the_shared_prefilter_lets_through_exactly_what_either_rule_would_try(cells):
    array = pa.array(cells, type=pa.string())
    either = matches(array, nir.RE2_EITHER)
    assert either.tolist() == (matches(array, nir.RE2_WITH_KEY) | matches(array, nir.RE2_WITHOUT_KEY)).tolist()


def test_a_siret_column_is_not_even_a_candidate():
    sirets = pa.array(["12345678901234", "85057800608412", "1850578006084 "[:13] + "9"])
    assert not matches(sirets, nir.RE2_EITHER).any()


def test_a_comment_emptied_by_an_earlier_rule_is_not_refilled_by_the_mask():
    from tests.checks.shipped import shipped
    todo, _ = decisions(shipped("sensitive-term"), extra_rules=[NIR], Commentaire=[f"En arrêt maladie, sécu {VALID}"])
    assert todo.edits == {(0, 0): ""}  # the health word stays out of the cleaned file
