"""source-missing: a row that does not say where it comes from; a file without a source column at all
gets one finding, never one per row."""
from __future__ import annotations

from tests.checks.rule_harness import findings, flagged_rows, run_rule
from tests.checks.shipped import shipped

RULE = shipped("source-missing")


def test_blank_and_placeholder_sources_are_flagged():
    assert flagged_rows(RULE, Source=["Salon Batimat 2025", "", "  ", "Inconnu", "N/A", "?", "n.a.", "Non renseigné"],
                        email=["a@b.fr"] * 8) == [3, 4, 5, 6, 7, 8, 9]


def test_real_sources_pass_whatever_they_say():
    assert flagged_rows(RULE, Origine=["Formulaire site web", "Salon", "Recommandation", "LinkedIn", "Fichier loué",
                                       "Campagne 2025-03", "NA Import"], email=["a@b.fr"] * 7) == []


def test_business_rows_need_a_source_too():
    assert flagged_rows(RULE, Type_client=["B2B", "B2C"], Provenance=["", ""]) == [2, 3]


def test_a_file_without_a_source_column_gets_one_finding_on_its_header():
    found = findings(RULE, email=["a@b.fr"] * 1000, Nom=["Durand"] * 1000)
    assert len(found) == 1
    assert found[0].row == 1 and found[0].column is None and "no column says where the rows come from" in found[0].detail


def test_the_file_level_finding_tags_no_row_and_comes_once_over_many_chunks():
    engine, skipped = run_rule(RULE, chunk_rows=10, email=["a@b.fr"] * 35)
    assert not skipped
    assert [o.count for o in engine.outcomes()] == [1]
    assert all(not todo.flags for todo in engine.decisions.chunks.values())


def test_the_detail_never_shows_the_cell():
    [found] = findings(RULE, Source=["inconnu"])
    assert found.detail == "no source recorded"
