"""Every check type is documented, tested and its documented example is a valid rule; every
shipped pack loads and every shipped rule has its legal basis and its messages in both languages."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from fichier_check.checks import CHECKS
from fichier_check.engine.rulepack import load_rules, shipped_pack_names

TESTS = Path(__file__).resolve().parent


def example_of(doc: str) -> str:
    match = re.search(r"^Example:\n((?:[ \t]+.*\n?|\n)+)", doc, re.MULTILINE)
    assert match, "the module docstring must end with an 'Example:' YAML block"
    return textwrap.dedent(match.group(1))


@pytest.mark.parametrize("check_type", sorted(CHECKS))
def test_check_is_documented_with_a_valid_example(check_type, tmp_path):
    module = CHECKS[check_type]
    assert len(module.doc.strip().splitlines()) >= 3, "docstring = user documentation"
    rules = yaml.safe_load(example_of(module.doc))
    assert all(rule["check"] == check_type for rule in rules)
    pack = tmp_path / "example.yaml"
    pack.write_text(yaml.safe_dump({"pack": "example", "version": "1", "rules": rules}, allow_unicode=True),
                    encoding="utf-8")
    assert load_rules([str(pack)]).rules


@pytest.mark.parametrize("check_type", sorted(CHECKS))
def test_check_has_its_own_test_file(check_type):
    assert (TESTS / f"test_{check_type}.py").exists()


@pytest.mark.parametrize("pack", shipped_pack_names())
def test_shipped_pack_loads_and_every_rule_is_explained(pack):
    for rule in load_rules([pack]).rules:
        assert rule.legal_basis, rule.id
        assert rule.message.get("fr") and rule.message.get("en"), rule.id
        assert rule.description.get("fr") and rule.description.get("en"), rule.id


def test_default_pack_has_the_contract_rule_ids():
    ids = {rule.id for rule in load_rules(["default"]).rules}
    assert {"sensitive-column", "sensitive-term", "nir", "email-optin-missing", "phone-consent-missing",
            "bloctel", "opposition", "phone-invalid", "email-invalid", "no-usable-channel"} <= ids
