"""SIREN and SIRET judged on a digit matrix give python-stdnum's verdict, number for number (stdnum is
the reference; it is too slow to run on every distinct number of a file)."""
from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings, strategies as st
from stdnum.fr import siren, siret

from fichier_check.analysis.company_ids import VALID, judge_ids

STDNUM = {"siret": siret, "siren": siren}


def verdicts(numbers: list[str], kind: str) -> list[bool]:
    return (judge_ids(pa.array(numbers, type=pa.string()), kind).problem == VALID).tolist()


def stdnum_verdicts(numbers: list[str], kind: str) -> list[bool]:
    return [STDNUM[kind].is_valid(n) for n in numbers]


DIGITS = st.text(st.sampled_from("0123456789"), min_size=14, max_size=14)
LA_POSTE = st.text(st.sampled_from("0123456789"), min_size=5, max_size=5).map("356000000".__add__)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(DIGITS, LA_POSTE), min_size=1, max_size=50))
def test_a_siret_is_judged_as_stdnum_judges_it(numbers):
    assert verdicts(numbers, "siret") == stdnum_verdicts(numbers, "siret")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.sampled_from("0123456789"), min_size=9, max_size=9), min_size=1, max_size=50))
def test_a_siren_is_judged_as_stdnum_judges_it(numbers):
    assert verdicts(numbers, "siren") == stdnum_verdicts(numbers, "siren")


def test_every_siret_of_la_poste_and_its_head_office_as_stdnum():
    numbers = [f"356000000{nic:05d}" for nic in range(0, 100_000, 7)] + ["35600000000048"]
    assert verdicts(numbers, "siret") == stdnum_verdicts(numbers, "siret")


def test_the_numbers_stdnum_documents_as_valid_are_valid():
    # from python-stdnum's tests/test_fr_siret.doctest ("found online"), as written there
    numbers = ["0 5 7 8 1 3 1 3 1 0 0 0 2 6", "1 800 700 39 00 110", "314 901 323 00043", "329.338.88300153",
               "380 321 430 00023", "542 097 324 0006 6", "775.563.232.00104", "73282932000074",
               "356 000 000 09075", "35600000049837", "35600000000048"]
    assert verdicts(numbers, "siret") == [True] * len(numbers) == stdnum_verdicts(numbers, "siret")
