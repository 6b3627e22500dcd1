"""A finding's fingerprint names it by rule, column and value, never by its row, and says
nothing of the value without the key."""
from __future__ import annotations

import numpy as np

from fichier_check.engine import fingerprints


def test_the_same_value_under_the_same_rule_and_column_has_the_same_fingerprint():
    hashes = fingerprints.hash_texts(["06 12 34 56 78", "07 00 00 00 00", "06 12 34 56 78"])
    prints = fingerprints.of_findings("phone-invalid", "Téléphone", hashes)
    assert prints[0] == prints[2] != prints[1]


def test_another_rule_or_another_column_gives_another_fingerprint():
    hashes = fingerprints.hash_texts(["06 12 34 56 78"])
    base = fingerprints.of_findings("phone-invalid", "Téléphone", hashes)[0]
    assert fingerprints.of_findings("bloctel-match", "Téléphone", hashes)[0] != base
    assert fingerprints.of_findings("phone-invalid", "Portable", hashes)[0] != base


def test_the_key_in_the_environment_changes_every_fingerprint(monkeypatch):
    default = fingerprints.hash_texts(["jean@example.fr"])
    monkeypatch.setenv(fingerprints.KEY_VARIABLE, "a CI secret")
    keyed = fingerprints.hash_texts(["jean@example.fr"])
    assert keyed[0] != default[0]
    monkeypatch.setenv(fingerprints.KEY_VARIABLE, "another secret")
    assert fingerprints.hash_texts(["jean@example.fr"])[0] != keyed[0]


def test_a_fingerprint_is_sixteen_hex_digits_and_does_not_contain_the_value():
    [text] = fingerprints.as_hex(fingerprints.of_findings("r", "c", fingerprints.hash_texts(["0612345678"])))
    assert len(text) == 16 and int(text, 16) >= 0 and "0612345678" not in text


def test_repeated_fingerprints_are_told_apart_by_their_occurrence_in_order():
    assert fingerprints.occurrences(["aa", "bb", "aa", "aa"]) == ["aa", "bb", "aa.2", "aa.3"]


def test_mixing_depends_on_order():
    a, b = np.array([1], dtype=np.uint64), np.array([2], dtype=np.uint64)
    assert fingerprints.combine(fingerprints.combine(0, a), b)[0] != fingerprints.combine(fingerprints.combine(0, b), a)[0]


def test_a_row_hash_depends_on_every_cell_of_the_row():
    import pyarrow as pa
    names = pa.array(["Durand", "Durand", "Martin"])
    phones = pa.array(["0612345678", "0612345679", "0612345678"])
    hashes = fingerprints.hash_rows([names, phones])
    assert len(set(hashes.tolist())) == 3
    assert fingerprints.hash_rows([pa.array(["Durand"]), pa.array(["0612345678"])])[0] == hashes[0]
    # a separator keeps ("ab", "c") apart from ("a", "bc")
    assert (fingerprints.hash_rows([pa.array(["ab"]), pa.array(["c"])])[0]
            != fingerprints.hash_rows([pa.array(["a"]), pa.array(["bc"])])[0])


def test_the_secret_is_stretched_into_a_sixteen_character_key(monkeypatch):
    monkeypatch.setenv(fingerprints.KEY_VARIABLE, "x")
    key = fingerprints.hash_key()
    assert len(key.encode("utf-8")) == 16 and key != fingerprints._DEFAULT_KEY
    monkeypatch.delenv(fingerprints.KEY_VARIABLE)
    assert fingerprints.hash_key() == fingerprints._DEFAULT_KEY
