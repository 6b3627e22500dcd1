"""A suppression list sent to a cluster's workers holds no e-mail or number in clear, and finds
exactly the rows the list finds: plain entries, SHA-256 fingerprints, blanks never."""
from __future__ import annotations

import pickle

import numpy as np

from fichier_check.analysis.blinded_lists import blind
from fichier_check.analysis.lists import fingerprint, parse_list

KEY = (0x0123456789ABCDEF, 0xFEDCBA9876543210)
EMAILS = ["jean.dupont@exemple.fr", "autre@exemple.fr", "", "hash@exemple.fr"]
PHONES = ["+33612345678", "+33699999999", "+33611111111", ""]


def the_list():
    return parse_list("jean.dupont@exemple.fr\n06 12 34 56 78\n" + fingerprint("+33699999999") + "\n"
                      + fingerprint("hash@exemple.fr") + "\n", "l.csv")


def test_a_blinded_list_finds_what_the_list_finds():
    plain = the_list()
    blinded = pickle.loads(pickle.dumps(blind(plain, KEY)))  # as a worker receives it
    assert blinded.contains_emails(EMAILS).tolist() == plain.contains_emails(EMAILS).tolist() == [True, False, False, True]
    assert blinded.contains_phones(PHONES).tolist() == plain.contains_phones(PHONES).tolist() == [True, True, False, False]
    keys = np.array([33612345678, 0, 33611111111], dtype=np.int64)
    assert blinded.contains_phones(keys).tolist() == [True, False, False]


def test_it_holds_no_value_in_clear_and_another_key_finds_nothing():
    plain = the_list()
    blinded = blind(plain, KEY)
    dump = pickle.dumps(blinded)
    assert b"dupont" not in dump and b"33612345678" not in dump
    assert not np.isin(blind(plain, (1, 2)).phones, blinded.phones).any()
