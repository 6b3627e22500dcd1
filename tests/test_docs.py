"""The documentation cannot drift from the code: the README's rule table lists exactly the rules of
the shipped packs (id, family, severity, action), and every check type's documented YAML example
is a valid rule (tests/checks/test_registry.py loads each one)."""
from __future__ import annotations

import re

from fichier_check.engine.rulepack import load_rules, shipped_pack_names
from tests.conftest import REPO

README = REPO / "README.md"


def readme_rule_table(text: str | None = None) -> dict[str, tuple[str, str, str]]:
    """rule id → (family, severity, action) as the README's table "What it checks, and why" gives them."""
    text = README.read_text(encoding="utf-8") if text is None else text
    section = text.split("## What it checks, and why", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header[:4] == ["rule id", "family", "severity", "action"], header
    rows = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rule_id = cells[0].strip("`")
        action = re.match(r"`([a-z-]+)`", cells[3])
        assert action, f"README rule {rule_id}: the action column starts with the action in backticks"
        assert rule_id not in rows, f"README lists {rule_id} twice"
        rows[rule_id] = (cells[1], cells[2], action.group(1))
    return rows


def shipped_rules() -> dict[str, tuple[str, str, str]]:
    rules = {}
    for pack in shipped_pack_names():
        for rule in load_rules([pack]).rules:
            entry = (rule.family, rule.severity.label, rule.action)
            assert rules.setdefault(rule.id, entry) == entry, f"{rule.id} differs between the shipped packs"
    return rules


def test_readme_lists_exactly_the_shipped_rules():
    documented, shipped = readme_rule_table(), shipped_rules()
    assert sorted(set(shipped) - set(documented)) == [], "shipped rules missing from the README's table"
    assert sorted(set(documented) - set(shipped)) == [], "README lists rules no pack ships"


def differences(documented: dict, shipped: dict) -> dict:
    return {rule: (documented.get(rule), shipped[rule]) for rule in shipped if documented.get(rule) != shipped[rule]}


def test_readme_gives_each_rule_its_family_severity_and_action():
    wrong = differences(readme_rule_table(), shipped_rules())
    assert not wrong, "README (family, severity, action) vs the packs: " + repr(wrong)


def test_a_readme_that_says_another_severity_is_caught():
    text = README.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `phone-invalid` |"))
    edited = text.replace(row, row.replace("| warning |", "| error |", 1))
    assert differences(readme_rule_table(edited), shipped_rules()) == {
        "phone-invalid": (("phone-quality", "error", "tag"), ("phone-quality", "warning", "tag"))}


CATALOGUE = REPO / "docs" / "catalogue.md"


def test_the_catalogue_map_names_only_shipped_rules_and_every_shipped_rule():
    """docs/catalogue.md maps each catalogue id to the shipped rule standing for it: it may not name
    a rule no pack ships, nor forget one."""
    text = CATALOGUE.read_text(encoding="utf-8")
    ruleset = load_rules(["default"])
    answers_to = {rule.id for rule in ruleset.rules} | set(ruleset.aliases)
    table = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| catalogue")]
    named = {name for line in table for name in re.findall(r"`([a-z0-9-]+)`", line.split("|")[2])}
    assert sorted(named - answers_to) == [], "docs/catalogue.md names rules no pack ships"
    mentioned = set(re.findall(r"`([a-z0-9-]+)`", text))
    assert sorted({rule.id for rule in ruleset.rules} - mentioned) == [], "shipped rules docs/catalogue.md forgets"
    assert len(table) == 66, "the catalogue has 66 ids"
