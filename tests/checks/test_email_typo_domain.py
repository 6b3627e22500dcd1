"""email-typo-domain: a valid address whose domain is one typing slip from a common domain is
tagged, the detail suggests the domain; listed domains and real domains further away pass."""
from __future__ import annotations

import pytest

from fichier_check.checks.email_typo_domain import DOMAINS, slips
from fichier_check.errors import UserError
from tests.checks.rule_harness import decisions, findings, flagged_rows, skipped_reasons
from tests.checks.shipped import shipped

RULE = shipped("email-typo-domain")


def test_the_shipped_rule_lists_the_module_defaults():
    assert RULE["params"]["domains"] == DOMAINS
    assert (RULE["severity"], RULE["action"]) == ("info", "tag")


@pytest.mark.parametrize("address, meant", [
    ("jean.roux@gmial.com", "gmail.com"),      # swapped
    ("anne@hotmial.fr", "hotmail.fr"),
    ("paul@gmail.con", "gmail.com"),           # a key beside it
    ("lea@yaho.fr", "yahoo.fr"),               # left out
    ("marc@orange.fe", "orange.fr"),
    ("zoe@gmaill.com", "gmail.com"),           # typed twice
    ("luc@gmail.co", "gmail.com"),
    ("eva@outlok.fr", "outlook.fr"),
    ("max@wanadoo.ft", "wanadoo.fr"),
    ("ines@free.ft", "free.fr"),               # a short name: its suffix is still looked at
    ("  Jean.Roux@GMIAL.COM ", "gmail.com"),   # case and spaces ignored
])
def test_slips_are_flagged_with_the_likely_domain(address, meant):
    found = findings(RULE, email=[address])
    assert [(f.row, f.detail) for f in found] == [(2, f"did you mean {meant}?")]


@pytest.mark.parametrize("address", [
    "jean@gmail.com", "jean@gmx.fr", "jean@free.fr", "jean@sfr.fr",   # listed
    "jean@gmx.de", "jean@sfr.com", "jean@orange.com", "jean@laposte.fr", "jean@yahoo.de",  # real, further away
    "jean@grange.fr", "jean@email.fr", "jean@morange.fr", "jean@oranges.fr", "jean@range.fr",  # look-alikes
    "jean@fre.fr", "jean@sfa.fr",              # a short webmail's name is not looked at
    "jean@boulangerie-roux.fr",                # a company's own domain
    "jean@gmial",                              # invalid: email-invalid's
    "",
])
def test_decoys_pass(address):
    assert flagged_rows(RULE, email=[address]) == []


def test_the_address_is_never_changed():
    first, _ = decisions(RULE, email=["jean@gmial.com"])
    assert first.flags == {0: ["email-typo-domain"]} and not first.edits


def test_the_detail_never_holds_the_address():
    found = findings(RULE, email=["jean.roux@gmial.com"])
    assert "jean" not in found[0].detail and "gmial" not in found[0].detail


def test_slips_never_touch_the_first_letter_or_a_far_key():
    made = slips("orange.fr", 5)
    assert {"ornage.fr", "orage.fr", "orangee.fr", "orabge.fr", "orange.fe"} <= made
    assert not {"range.fr", "morange.fr", "grange.fr", "orange.fr", "orange.com"} & made


def test_the_domains_are_a_param():
    rule = {**RULE, "params": {"domains": ["exemple.fr"], "min_name": 5}}
    assert flagged_rows(rule, email=["a@exmeple.fr", "b@gmial.com"]) == [2]


@pytest.mark.parametrize("params", [{"domains": []}, {"domains": ["Gmail.com"]}, {"domains": ["gmail"]},
                                    {"min_name": 0}])
def test_bad_params_are_refused(params):
    with pytest.raises(UserError):
        flagged_rows({**RULE, "params": {**RULE["params"], **params}}, email=["a@gmail.com"])


def test_a_file_without_an_email_column_skips_the_rule():
    assert skipped_reasons(RULE, Nom=["Roux"]) == ["no column holds the role email"]
