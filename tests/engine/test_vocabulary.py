"""engine/vocabulary: the `vocabulary:` sections of the packs and the config, merged layer by layer
on top of the shipped codes, every mistake refused with its file and line."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from fichier_check.analysis.codes import MEANINGS
from fichier_check.config import read_config
from fichier_check.engine.rulepack import load_rules
from fichier_check.engine.vocabulary import shipped_vocabulary
from fichier_check.errors import UserError
from tests.checks.rule_harness import dedent


def pack(folder: Path, text: str, name: str = "acme.yaml") -> Path:
    path = folder / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


def vocabulary_of(path: Path):
    return load_rules([str(path)]).vocabulary


def codes(vocabulary, kind: str = "call_result") -> dict:
    return {code.name: code for code in vocabulary.kind(kind)}


def meaning_of(vocabulary, cell: str, kind: str = "call_result"):
    from fichier_check.analysis.text import fold_words
    code = vocabulary.lookup(kind).get(fold_words(cell))
    return None if code is None else (code.name, sorted(code.meanings))


def refused(path: Path, line: int, message: str):
    """pytest.raises for a UserError naming this file and line."""
    return pytest.raises(UserError, match=re.escape(f"{path}:{line}: ") + ".*" + message)


# --- the shipped vocabulary ----------------------------------------------------------------------

def test_the_shipped_vocabulary_holds_the_catalogue_codes():
    vocabulary = shipped_vocabulary()
    assert list(codes(vocabulary)) == ["RAPP", "NRP", "OCC", "REFUS", "REFUS COMM", "RDV", "PISTE", "PROJET", "MAIL",
                                       "HORS CIBLE", "ERR"]
    assert list(codes(vocabulary, "status")) == ["GAGNÉ", "CHAUD", "TIÈDE", "FROID", "ARRÊTÉ", "PERDU", "HORS CIBLE",
                                                 "CLIENT", "PROSPECT", "NOUVEAU", "EN COURS", "QUALIFIÉ", "INACTIF",
                                                 "À RAPPELER"]
    assert vocabulary.day_first


def test_the_shipped_meanings():
    vocabulary = shipped_vocabulary()
    refusal = [name for name, code in codes(vocabulary).items() if "refusal" in code.meanings]
    assert refusal == ["REFUS", "REFUS COMM"]
    # outbound attempts do not restart the retention clock (rule_catalogue.md §4)
    assert [n for n, c in codes(vocabulary).items() if "from_prospect" in c.meanings] == ["RAPP", "RDV", "PISTE", "PROJET", "MAIL"]
    assert all("attempt" in c.meanings for c in codes(vocabulary).values())  # every dial counts (D223-9)
    assert [n for n, c in codes(vocabulary, "status").items() if "stopped" in c.meanings] == ["ARRÊTÉ"]
    assert all(c.label.get("fr") and c.label.get("en") for kind in ("call_result", "status")
               for c in codes(vocabulary, kind).values())
    assert all(m in MEANINGS for kind in ("call_result", "status") for c in codes(vocabulary, kind).values()
               for m in c.meanings)


def test_a_pack_that_does_not_extend_the_vocabulary_still_reads_the_codes(tmp_path):
    path = pack(tmp_path, """
        pack: acme
        version: "1"
        rules: []
    """)
    assert meaning_of(vocabulary_of(path), "refus comm.") == ("REFUS COMM", ["attempt", "reached", "refusal"])


# --- a layer changes it --------------------------------------------------------------------------

def test_a_layer_gives_a_code_its_spellings_and_keeps_its_other_fields(tmp_path):
    path = pack(tmp_path, """
        pack: acme
        version: "1"
        extends: [default]
        vocabulary:
          call_result:
            REFUS: {spellings: [refusé, refus client, pas intéressé, PAS INTERESSE DU TOUT, ne plus appeler]}
    """)
    vocabulary = vocabulary_of(path)
    assert meaning_of(vocabulary, "Pas intéressé du tout") == ("REFUS", ["attempt", "reached", "refusal"])
    assert meaning_of(vocabulary, "NE PLUS APPELER")[0] == "REFUS"
    assert codes(vocabulary)["REFUS"].label["en"] == "The person refused"
    # the field replaces the one before: a spelling left out is no longer read (call-result-unknown reports it)
    assert meaning_of(vocabulary, "refused") is None
    assert meaning_of(vocabulary, "Refus")[0] == "REFUS"  # the code's own name always reads


def test_a_layer_adds_a_code(tmp_path):
    path = pack(tmp_path, """
        pack: acme
        version: "1"
        vocabulary:
          call_result:
            NRI:
              means: [attempt, wrong_number]
              spellings: [numéro non attribué]
              label: {fr: "Numéro non attribué", en: "Unassigned number"}
          status:
            EN PAUSE 6 MOIS: {means: [stopped]}
    """)
    vocabulary = vocabulary_of(path)
    assert meaning_of(vocabulary, "numero non-attribue") == ("NRI", ["attempt", "wrong_number"])
    assert list(codes(vocabulary))[-1] == "NRI" and "REFUS" in codes(vocabulary)
    assert meaning_of(vocabulary, "en pause 6 mois", "status") == ("EN PAUSE 6 MOIS", ["stopped"])


def test_a_new_code_without_meanings_is_known_and_means_nothing(tmp_path):
    path = pack(tmp_path, """
        pack: acme
        version: "1"
        vocabulary: {status: {A QUALIFIER: {}}}
    """)
    assert meaning_of(vocabulary_of(path), "à qualifier", "status") == ("A QUALIFIER", [])


def test_a_layer_changes_the_meanings_of_a_code(tmp_path):
    path = pack(tmp_path, """
        pack: acme
        version: "1"
        vocabulary: {call_result: {REFUS COMM: {means: [attempt, reached]}}}
    """)
    vocabulary = vocabulary_of(path)
    assert meaning_of(vocabulary, "refus de communiquer") == ("REFUS COMM", ["attempt", "reached"])


def test_a_layer_removes_a_code_with_null(tmp_path):
    path = pack(tmp_path, """
        pack: acme
        version: "1"
        vocabulary:
          call_result:
            MAIL: null
          status:
            PROSPECT: ~
    """)
    vocabulary = vocabulary_of(path)
    assert "MAIL" not in codes(vocabulary) and meaning_of(vocabulary, "envoi mail") is None
    assert "PROSPECT" not in codes(vocabulary, "status") and "CHAUD" in codes(vocabulary, "status")


def test_a_removed_spelling_can_go_to_another_code(tmp_path):
    path = pack(tmp_path, """
        pack: acme
        version: "1"
        vocabulary:
          call_result:
            HORS CIBLE: {spellings: [hors-cible, out of target]}
            HC: {means: [attempt], label: {fr: "Hors contrat", en: "Out of contract"}}
    """)
    assert meaning_of(vocabulary_of(path), "hc") == ("HC", ["attempt"])


def test_the_config_is_the_last_layer(tmp_path):
    acme = pack(tmp_path, """
        pack: acme
        version: "1"
        extends: [default]
        vocabulary: {call_result: {STOP: {means: [attempt, refusal]}}}
    """)
    config_path = pack(tmp_path, """
        extends: [acme.yaml]
        vocabulary:
          date_order: month-first
          call_result:
            STOP: {means: [attempt]}
            RDV: null
    """, name="fichier-check.yaml")
    config = read_config(config_path)
    vocabulary = load_rules([str(acme)], overrides=config, override_path=config_path).vocabulary
    assert meaning_of(vocabulary, "stop") == ("STOP", ["attempt"])
    assert "RDV" not in codes(vocabulary) and not vocabulary.day_first


def test_the_shipped_vocabulary_met_again_does_not_undo_a_layer(tmp_path):
    # `--rules acme.yaml --rules default`: default extends vocabulary, read after acme
    acme = pack(tmp_path, """
        pack: acme
        version: "1"
        vocabulary: {call_result: {MAIL: null, REFUS COMM: {means: [attempt]}}}
    """)
    vocabulary = load_rules([str(acme), "default"]).vocabulary
    assert "MAIL" not in codes(vocabulary) and meaning_of(vocabulary, "refus comm") == ("REFUS COMM", ["attempt"])
    assert "vocabulary" in [info.name for info in load_rules([str(acme), "default"]).packs]


def test_date_order_month_first(tmp_path):
    path = pack(tmp_path, """
        pack: acme
        version: "1"
        vocabulary: {date_order: month-first}
    """)
    from fichier_check.analysis.dates import date_of, parse_column
    import pandas as pd
    vocabulary = vocabulary_of(path)
    assert vocabulary.day_first is False and codes(vocabulary)  # the codes are still there
    parsed = parse_column(pd.Series(["03/02/2026", "2026-03-02", "31/01/2026"]), vocabulary.day_first)
    assert [date_of(d).isoformat() for d in parsed.days[:2]] == ["2026-03-02", "2026-03-02"]
    assert parsed.unreadable.tolist() == [False, False, True]


# --- mistakes, with their file and line ----------------------------------------------------------

def test_an_unknown_meaning_names_the_file_and_line(tmp_path):
    path = pack(tmp_path, """
        pack: acme
        version: "1"
        vocabulary:
          call_result:
            REFUS:
              means: [attempt, refused]
    """)
    with refused(path, 6, "vocabulary.call_result.REFUS: unknown meaning 'refused'"):
        vocabulary_of(path)


@pytest.mark.parametrize("kind, entry, message", [
    ("call_result", "REFUS: {means: refusal}", "means must be a list"),
    ("call_result", "REFUS: {meaning: [refusal]}", "vocabulary.call_result.REFUS: unknown key 'meaning'"),
    ("call_result", "REFUS: {spellings: refus}", "spellings must be a list of texts"),
    ("call_result", "REFUS: {spellings: [no, refus]}", "spellings must be a list of texts"),  # YAML's false
    ("call_result", "REFUS: {label: Refus}", "label must be"),
    ("call_result", "REFUS: [refusal]", "expected a mapping"),
    ("call_result", 'REFUS: {spellings: [refusé, "--"]}', "the spelling '--' has no letters or digits"),
    # a spelling claimed by two codes of one kind, even written otherwise
    ("call_result", "NE PAS APPELER: {means: [refusal], spellings: [Refusé]}",
     "'Refusé' is a spelling of both REFUS and NE PAS APPELER"),
    ("status", "STOPPE DEFINITIF: {spellings: [ARRETE]}", "'ARRETE' is a spelling of both ARRÊTÉ and STOPPE DEFINITIF"),
])
def test_a_bad_code_entry_names_the_file_and_line(tmp_path, kind, entry, message):
    path = pack(tmp_path, f"""
        pack: acme
        version: "1"
        vocabulary:
          {kind}:
            {entry}
    """)
    with refused(path, 5, re.escape(message)):
        vocabulary_of(path)


def test_an_unknown_vocabulary_key_names_the_file_and_line(tmp_path):
    path = pack(tmp_path, """
        pack: acme
        version: "1"
        vocabulary:
          call_results:
            REFUS: {means: [refusal]}
    """)
    with refused(path, 4, "unknown vocabulary key 'call_results'"):
        vocabulary_of(path)


@pytest.mark.parametrize("section, message", [
    ("vocabulary: [REFUS]", "vocabulary: expected a mapping"),
    ("vocabulary: {date_order: year-first}", "date_order must be day-first or month-first"),
    ("vocabulary: {date_order: [day-first]}", "date_order must be day-first or month-first"),
    ("vocabulary: {date_order: {day: first}}", "date_order must be day-first or month-first"),
    ("vocabulary: {status: [ARRÊTÉ]}", "vocabulary.status: expected a mapping of codes"),
])
def test_a_bad_section_is_refused_with_its_file(tmp_path, section, message):
    path = pack(tmp_path, f"""
        pack: acme
        version: "1"
        {section}
    """)
    with refused(path, 3, re.escape(message)):
        vocabulary_of(path)


def test_a_spelling_may_be_shared_by_a_call_result_and_a_status():
    vocabulary = shipped_vocabulary()  # HORS CIBLE is both
    assert meaning_of(vocabulary, "hc")[0] == meaning_of(vocabulary, "hc", "status")[0] == "HORS CIBLE"
