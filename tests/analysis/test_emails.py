"""The e-mail fast path gives exactly email-validator's verdict, on the public corpus and on
generated addresses."""
from __future__ import annotations

import csv

import pandas as pd
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings, strategies as st

from fichier_check.analysis.emails import analyse_one, fast_valid


def validator_says(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
        return True
    except EmailNotValidError:
        return False


def test_fast_path_never_accepts_what_the_validator_rejects_in_the_public_corpus(shared):
    with open(shared / "testdata" / "emails" / "emails.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    addresses = [r["email"] for r in rows]
    for address, quick in zip(addresses, fast_valid(addresses)):
        if quick:
            assert validator_says(address), address
        assert analyse_one(address)[0] == validator_says(address.strip()) or not address.strip(), address


ATOM = st.text("abcz09._+-", min_size=1, max_size=12)
LABEL = st.text("abz09-", min_size=1, max_size=10)
TLD = st.sampled_from(["fr", "com", "test", "local", "museum", "x", "c0m", "arpa", "paris"])


@settings(max_examples=400, deadline=None)
@given(ATOM, st.lists(LABEL, min_size=1, max_size=3), TLD)
def test_fast_path_agrees_with_the_validator_on_generated_addresses(local, labels, tld):
    address = f"{local}@{'.'.join(labels)}.{tld}"
    if fast_valid([address])[0]:
        assert validator_says(address), address


MIXED_ATOM = st.text("abzABZ09._+-", min_size=1, max_size=12)
MIXED_LABEL = st.text("abzAZ09-", min_size=1, max_size=10)
SPACE = st.sampled_from(["", " ", "  ", "\t", "\x1c", "\u00a0", "\u202f"])


@settings(max_examples=400, deadline=None)
@given(SPACE, MIXED_ATOM, st.lists(MIXED_LABEL, min_size=1, max_size=3), TLD.map(str.upper) | TLD, SPACE)
def test_fast_path_agrees_with_the_validator_whatever_the_case_and_surrounding_blanks(before, local, labels, tld, after):
    address = f"{before}{local}@{'.'.join(labels)}.{tld}{after}"
    if fast_valid([address])[0]:
        assert validator_says(address.strip()), address
        assert analyse_one(address)[0]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["", " ", "\t", "\u00a0"]), st.sampled_from(["contact", "Contact", "info+salon", "jean.dupont",
                                                                    "SAV", "rh", "no-reply", "x+contact", "Élodie"]),
       st.sampled_from(["exemple.fr", "Exemple.FR", "sub.domaine.com", "a--b.fr", "local", "test"]),
       st.sampled_from(["", " ", "\n"]))
def test_column_answers_are_those_of_each_address_on_its_own(before, local, domain, after):
    from fichier_check.analysis.emails import analyse_emails
    address = f"{before}{local}@{domain}{after}"
    column = analyse_emails(pd.Series([address, "", address.upper()], dtype="str"))
    for row, value in enumerate([address, "", address.upper()]):
        valid, normalised, role, reason = analyse_one(value)
        assert (column.valid[row], column.normalised[row].as_py(), column.role[row], column.reason[row]) == (
            valid, normalised, role, reason), value
