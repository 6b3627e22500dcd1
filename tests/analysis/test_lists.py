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
