"""`fichier-check rules` lists what a run applies: every rule with its family, severity, action and
legal basis, the config's switched-off rules named, the user's own pack included."""
from __future__ import annotations

import json

from fichier_check.engine.rulepack import load_rules


def test_it_lists_every_shipped_rule_with_its_family_severity_action_and_legal_basis(cli):
    done = cli("rules", "--format", "json")
    assert done.code == 0, done.stderr
    listed = {rule["id"]: rule for rule in json.loads(done.stdout)["rules"]}
    shipped = load_rules(["default"]).rules
    assert set(listed) == {rule.id for rule in shipped}
    for rule in shipped:
        entry = listed[rule.id]
        assert (entry["family"], entry["severity"], entry["action"]) == (rule.family, rule.severity.label, rule.action)
        assert entry["legal_basis"] == rule.legal_basis and entry["legal_basis"]


def test_the_text_list_groups_rules_under_their_family_name_in_the_reader_s_language(cli):
    done = cli("rules", "--lang", "fr")
    assert done.code == 0, done.stderr
    text = done.stdout
    assert text.index("Données sensibles (sensitive-data)") < text.index("  nir ")
    assert "Consentement (consent)" in text
    assert "CPCE art. L34-5" in text  # the legal basis is printed
    assert "Numéro inscrit sur Bloctel" in text  # the French message
    assert text.rstrip().endswith(")") and f"{len(load_rules(['default']).rules)} règles" in text


def test_a_rule_the_config_switches_off_is_named_as_off_not_listed(cli, tmp_path):
    (tmp_path / "fichier-check.yaml").write_text("disable: [possible-nir]\n", encoding="utf-8")
    done = cli("rules", "--lang", "en")
    assert done.code == 0, done.stderr
    assert "  possible-nir " not in done.stdout
    assert "switched off: possible-nir" in done.stdout
    assert json.loads(cli("rules", "--format", "json").stdout)["switched_off"] == ["possible-nir"]


def test_a_user_pack_is_listed_with_its_own_family(cli, tmp_path):
    pack = tmp_path / "acme.yaml"
    pack.write_text(
        "pack: acme\nversion: '1'\nrules:\n"
        "  - id: acme-phone\n    family: acme\n    check: phone_invalid\n    channels: [phone]\n"
        "    severity: info\n    action: none\n    legal_basis: 'Règle maison'\n"
        "    message: {fr: 'Téléphone à revoir', en: 'Phone to review'}\n", encoding="utf-8")
    done = cli("rules", "--rules", str(pack), "--lang", "en")
    assert done.code == 0, done.stderr
    assert "acme (acme)" in done.stdout and "channels: phone" in done.stdout and "Règle maison" in done.stdout
    assert "1 rule (acme)" in done.stdout


def test_a_broken_pack_is_one_line_with_exit_2(cli, tmp_path):
    pack = tmp_path / "broken.yaml"
    pack.write_text("pack: broken\nrules:\n  - id: x\n    check: no_such_check\n", encoding="utf-8")
    done = cli("rules", "--rules", str(pack))
    assert done.code == 2 and "broken.yaml" in done.stderr and "Traceback" not in done.stderr


def test_rules_check_still_validates_packs(cli):
    done = cli("rules", "check")
    assert done.code == 0 and done.stdout.splitlines()[-1].startswith("ok: ")
