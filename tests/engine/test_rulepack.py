"""Rule packs are validated up front: every mistake names the file, the line and the fix."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fichier_check.errors import UserError
from fichier_check.engine.findings import Severity
from fichier_check.engine.rulepack import load_rules, shipped_pack_names

GOOD_RULE = """\
pack: acme
version: "1"
rules:
  - id: email-invalid
    check: email_invalid
    severity: warning
    action: blank
    message: {fr: "Adresse invalide", en: "Invalid address"}
"""


def write(tmp_path: Path, text: str, name: str = "acme.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str, name: str = "acme.yaml") -> str:
    path = write(tmp_path, text, name)
    with pytest.raises(UserError) as caught:
        load_rules([str(path)])
    return str(caught.value).replace(str(tmp_path) + "/", "")


def test_a_valid_pack_loads(tmp_path):
    ruleset = load_rules([str(write(tmp_path, GOOD_RULE))])
    [rule] = ruleset.rules
    assert (rule.id, rule.severity, rule.action) == ("email-invalid", Severity.WARNING, "blank")
    assert ruleset.packs[0].name == "acme" and len(ruleset.packs[0].sha256) == 64


def test_unknown_param_names_file_line_and_known_params(tmp_path):
    text = GOOD_RULE + "    params: {allow_blank: true}\n"
    assert error_of(tmp_path, text) == (
        'acme.yaml:9: rule email-invalid: unknown param "allow_blank" for check email_invalid (known: role)')


def test_unknown_check_suggests_the_closest(tmp_path):
    message = error_of(tmp_path, GOOD_RULE.replace("check: email_invalid", "check: email_invalide"))
    assert message == "acme.yaml:5: rule email-invalid: unknown check 'email_invalide' — did you mean 'email_invalid'?"


def test_unknown_rule_key(tmp_path):
    message = error_of(tmp_path, GOOD_RULE.replace("    action: blank\n", "    actoin: blank\n"))
    assert message == "acme.yaml:7: unknown rule key 'actoin' — did you mean 'action'?"


def test_unknown_pack_key(tmp_path):
    assert error_of(tmp_path, "pak: x\n" + GOOD_RULE).startswith("acme.yaml:1: unknown pack key 'pak'")


def test_yaml_syntax_error_gives_the_line(tmp_path):
    message = error_of(tmp_path, GOOD_RULE.replace("severity: warning", "severity: [warning"))
    assert message.startswith("acme.yaml:7: YAML syntax error")


def test_bad_severity(tmp_path):
    message = error_of(tmp_path, GOOD_RULE.replace("severity: warning", "severity: fatal"))
    assert message.startswith("acme.yaml:6: rule email-invalid: severity 'fatal' is not one of error, warning, info")


def test_wrong_param_type(tmp_path):
    message = error_of(tmp_path, GOOD_RULE + "    params: {role: 3}\n")
    assert message == "acme.yaml:9: rule email-invalid: param role: expected str, got int 3"


def test_duplicate_rule_id(tmp_path):
    rule = GOOD_RULE.split("rules:\n")[1]
    assert error_of(tmp_path, GOOD_RULE + rule) == "acme.yaml:9: duplicate rule id 'email-invalid' — rule ids must be unique"


def test_python_object_tag_is_refused(tmp_path):
    text = GOOD_RULE.replace('version: "1"', "version: !!python/object/apply:os.system ['echo owned']")
    assert "acme.yaml:2: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in error_of(tmp_path, text)


def test_extends_loop_is_refused(tmp_path):
    write(tmp_path, "pack: b\nextends: a.yaml\nrules: []\n", "b.yaml")
    message = error_of(tmp_path, "pack: a\nextends: b.yaml\nrules: []\n", "a.yaml")
    assert message.startswith("b.yaml: extends loop: a.yaml → b.yaml → a.yaml")


def test_message_is_required(tmp_path):
    message = error_of(tmp_path, GOOD_RULE.replace('    message: {fr: "Adresse invalide", en: "Invalid address"}\n', ""))
    assert message == "acme.yaml:4: rule email-invalid: message is missing (give fr: and en: texts)"


def test_bad_date(tmp_path):
    message = error_of(tmp_path, GOOD_RULE + "    effective_from: 11/08/2026\n")
    assert message.startswith("acme.yaml:9: rule email-invalid: effective_from must be a date written YYYY-MM-DD")


def test_a_pack_extends_and_overrides_a_rule(tmp_path):
    write(tmp_path, GOOD_RULE, "base.yaml")
    child = write(tmp_path, "pack: child\nextends: base.yaml\nrules:\n  - id: email-invalid\n    severity: error\n",
                  "child.yaml")
    [rule] = load_rules([str(child)]).rules
    assert (rule.severity, rule.action, rule.check) == (Severity.ERROR, "blank", "email_invalid")


def test_a_pack_disables_a_rule(tmp_path):
    write(tmp_path, GOOD_RULE, "base.yaml")
    child = write(tmp_path, "pack: child\nextends: base.yaml\ndisable: [email-invalid]\n", "child.yaml")
    assert load_rules([str(child)]).rules == []


def test_enabled_false_switches_a_rule_off(tmp_path):
    assert load_rules([str(write(tmp_path, GOOD_RULE + "    enabled: false\n"))]).rules == []


def test_override_of_an_unknown_id_needs_a_check(tmp_path):
    message = error_of(tmp_path, "pack: x\nrules:\n  - id: nothing-here\n    severity: error\n")
    assert message.startswith("acme.yaml:3: rule nothing-here: 'check' is missing")


def test_unknown_shipped_pack(tmp_path):
    with pytest.raises(UserError, match="unknown rule pack 'cnill'"):
        load_rules(["cnill"])


def test_regimes_pick_severity_by_date(tmp_path):
    text = GOOD_RULE + ("    regimes:\n      - {effective_until: 2026-08-10, severity: error}\n"
                        "      - {effective_from: 2026-08-11, severity: info, action: tag}\n")
    [rule] = load_rules([str(write(tmp_path, text))]).rules
    assert rule.at(dt.date(2026, 8, 10)).severity == Severity.ERROR
    later = rule.at(dt.date(2026, 8, 11))
    assert (later.severity, later.action) == (Severity.INFO, "tag")


def test_effective_dates_bound_the_rule(tmp_path):
    [rule] = load_rules([str(write(tmp_path, GOOD_RULE + "    effective_from: 2026-08-11\n"))]).rules
    assert rule.at(dt.date(2026, 8, 10)) is None and rule.at(dt.date(2026, 8, 11)) is not None


def test_every_shipped_pack_loads():
    for name in shipped_pack_names():
        assert load_rules([name]).packs, name


ALIASED = GOOD_RULE + "    aliases: [email-wrong]\n"


def test_an_entry_naming_an_alias_overrides_the_rule_that_declares_it(tmp_path):
    write(tmp_path, ALIASED, "base.yaml")
    child = write(tmp_path, "pack: child\nextends: base.yaml\nrules:\n  - id: email-wrong\n    severity: error\n",
                  "child.yaml")
    [rule] = load_rules([str(child)]).rules
    assert (rule.id, rule.severity, rule.aliases) == ("email-invalid", Severity.ERROR, ("email-wrong",))


def test_disabling_an_alias_disables_the_rule(tmp_path):
    write(tmp_path, ALIASED, "base.yaml")
    child = write(tmp_path, "pack: child\nextends: base.yaml\ndisable: [email-wrong]\n", "child.yaml")
    assert load_rules([str(child)]).rules == []


def test_an_alias_is_a_known_rule_name_that_leads_to_its_rule(tmp_path):
    ruleset = load_rules([str(write(tmp_path, ALIASED))])
    assert ruleset.known == {"email-invalid", "email-wrong"} and ruleset.aliases == {"email-wrong": "email-invalid"}


@pytest.mark.parametrize("aliases", ["email-wrong", "[Email Wrong]", "[1]"])
def test_aliases_must_be_a_list_of_rule_ids(tmp_path, aliases):
    message = error_of(tmp_path, GOOD_RULE + f"    aliases: {aliases}\n")
    assert message.startswith("acme.yaml:9: rule email-invalid: aliases must be a list of rule ids")


def test_the_shipped_subjective_comment_rule_answers_to_comment_subjective(tmp_path):
    pack = write(tmp_path, "pack: mine\nextends: default\nrules:\n  - id: comment-subjective\n    severity: error\n")
    ruleset = load_rules([str(pack)])
    [rule] = [r for r in ruleset.rules if "comment-subjective" in r.aliases]
    assert (rule.id, rule.severity) == ("subjective-comment", Severity.ERROR)
    assert "comment-subjective" not in {r.id for r in ruleset.rules}
