"""Suppression lists' fingerprints: a value is on a hashed list exactly when hashlib's SHA-256 of its
UTF-8 bytes is one of the list's digests, whatever the text (pool workers hash with polars-hash, the
run's own process with hashlib, and starts no thread doing so)."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap

import pytest

import numpy as np
import pyarrow as pa
from hypothesis import given, settings, strategies as st

from fichier_check.analysis.lists import SuppressionList, fingerprint, sha256_hex

_TEXTS = st.lists(st.one_of(st.none(), st.text(max_size=80)), max_size=60)


@pytest.mark.parametrize("threads_allowed", [True, False], ids=["polars-hash", "hashlib"])
@settings(max_examples=300, deadline=None)
@given(texts=_TEXTS)
def test_each_digest_is_hashlib_sha256_of_the_utf8_bytes(texts, threads_allowed):
    assert sha256_hex(pa.array(texts, type=pa.string()), threads_allowed).to_pylist() == [
        None if text is None else fingerprint(text) for text in texts]


@settings(max_examples=200, deadline=None)
@given(_TEXTS, st.data())
def test_a_value_is_fingerprinted_exactly_when_its_digest_is_listed(texts, data):
    listed = data.draw(st.lists(st.sampled_from(texts), max_size=10, unique=True)) if texts else []
    listed = [text for text in listed if text is not None] + ["not in the column"]
    hashes = frozenset(hashlib.sha256(text.encode("utf-8")).digest() for text in listed)
    on_list = SuppressionList("opposition", np.array([], dtype=np.int64), frozenset(), hashes)
    found = on_list._fingerprinted(pa.array(texts, type=pa.string()))
    assert found.tolist() == [text is not None and text in listed for text in texts]


@pytest.mark.parametrize("threads_allowed", [True, False], ids=["polars-hash", "hashlib"])
def test_a_slice_and_a_large_string_array_hash_their_own_values(threads_allowed):
    values = pa.array(["+33612345678", "lea@durand.fr", "élodie@exämple.fr"])
    assert sha256_hex(values.slice(1), threads_allowed).to_pylist() == [
        fingerprint("lea@durand.fr"), fingerprint("élodie@exämple.fr")]
    assert sha256_hex(values.cast(pa.large_string()), threads_allowed).to_pylist() == [
        fingerprint(v) for v in values.to_pylist()]
    assert sha256_hex(pa.array([], type=pa.string()), threads_allowed).to_pylist() == []


def test_the_runs_own_process_hashes_without_starting_threads():
    # it forks later (the reports' child, a workbook's sink): a child forked while polars' threads
    # run inherits their locks without them, and hangs when it uses polars
    script = textwrap.dedent("""
        import hashlib, os
        import numpy as np, pyarrow as pa
        from fichier_check.analysis.lists import SuppressionList
        def threads():
            return sorted(open(f"/proc/self/task/{t}/comm").read().strip() for t in os.listdir("/proc/self/task"))
        before = threads()
        hashes = frozenset({hashlib.sha256(b"lea@durand.fr").digest()})
        on_list = SuppressionList("opposition", np.array([], dtype=np.int64), frozenset(), hashes)
        assert on_list._fingerprinted(pa.array(["lea@durand.fr", "x@y.fr"] * 5000)).sum() == 5000
        print(before == threads(), threads())
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          env={**os.environ, "POLARS_MAX_THREADS": "2"})
    assert done.stdout.startswith("True"), done.stdout


# What reading a list found: the reports' evidence, and what the guard judges.

def read(text: str, kind: str = "opposition"):
    from fichier_check.analysis.lists import parse_list
    (source,) = parse_list(text, f"{kind}.txt", kind).sources
    return source


def test_a_plain_list_counts_its_lines_and_each_kind_of_key():
    digest = fingerprint("lea@durand.fr")
    source = read(f"ines.gris@gris.fr\n06 12 34 56 78\n+33 1 42 68 53 00\n{digest.upper()}\n")
    assert (source.lines, source.entries, source.emails, source.phones, source.hashes) == (4, 4, 1, 2, 1)
    assert (source.rejected, source.rejected_lines, source.header) == (0, (), False)


def test_blank_comment_and_header_lines_are_not_rejected():
    source = read("# exported 2026-11-02\nvaleur;date\n\nines.gris@gris.fr;2026-09-01\n  \n0612345678;2026-10-12\n")
    assert (source.lines, source.header, source.entries, source.rejected) == (6, True, 2, 0)


def test_a_line_without_any_key_and_a_bad_cell_in_a_key_column_are_rejected_by_number():
    source = read("email;nom\nines.gris@gris.fr;Gris\nDurand;Léa\npas-une-adresse;Petit\nlea@durand.fr;\n")
    assert (source.rejected, source.rejected_lines, source.emails) == (2, (3, 4), 2)


def test_a_line_with_one_good_and_one_bad_key_cell_is_rejected_once():
    source = read("ines.gris@gris.fr;06 12 34\nlea@durand.fr;0612345678\n")
    assert (source.rejected, source.rejected_lines) == (1, (1,))


def test_only_the_first_ten_rejected_line_numbers_are_kept():
    source = read("0612345678\n" + "x\n" * 25 + "".join(f"06123456{i:02}\n" for i in range(30)))
    assert source.rejected == 25 and source.rejected_lines == tuple(range(2, 12))


def test_line_counts_ignore_the_final_line_break_whatever_the_line_ending():
    assert [read(text).lines for text in ("", "\n", "a@b.fr", "a@b.fr\r\n0612345678\r\n", "a@b.fr\r0612345678")] == [
        0, 1, 1, 2, 2]


def test_a_comment_is_never_read_as_a_key():
    from fichier_check.analysis.lists import parse_list
    listed = parse_list("# 0612345678 removed on request\n0142685300\n", "o.txt")
    assert listed.contains_phones(np.array(["+33612345678", "+33142685300"])).tolist() == [False, True]


def test_the_report_entry_gives_counts_and_line_numbers_never_values():
    entry = read("nom\nines.gris@gris.fr\nMartin Dupont\n").as_report()
    assert entry == {"kind": "opposition", "path": "opposition.txt", "sha256": "", "lines": 3, "header": True,
                     "entries": 2, "emails": 1, "phones": 0, "hashes": 0, "rejected": 1, "rejected_lines": [3]}
