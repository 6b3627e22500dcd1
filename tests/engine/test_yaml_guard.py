"""YAML that would cost far more to load than its size says is refused before it is built: alias
bombs, self-containing aliases, deep nesting and oversized files, in rule packs and in a
`fichier-check.yaml` found upwards (what a colleague can commit and CI reads)."""
from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from fichier_check.engine import yaml_guard
from fichier_check.engine.yaml_lines import load_yaml_with_lines
from fichier_check.errors import UserError

EXAMPLE = Path(__file__).parents[2] / "examples" / "prospects.csv"


def alias_bomb(levels: int = 9) -> str:
    """The "billion laughs": a few hundred bytes standing for 9^levels strings."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def refusal(tmp_path: Path, text: str) -> str:
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_yaml_with_lines(path)
    return str(caught.value).replace(str(tmp_path) + "/", "")


def test_an_alias_bomb_is_refused_in_a_few_megabytes(tmp_path):
    assert len(alias_bomb()) < 500
    tracemalloc.start()
    try:
        message = refusal(tmp_path, alias_bomb())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message.startswith("pack.yaml:") and "aliases expand to more than 1,000,000 values" in message
    assert peak < 20 * 1024 * 1024


def test_an_alias_inside_the_node_it_names_is_refused(tmp_path):
    assert refusal(tmp_path, "a: &a [1, *a]\n") == (
        "pack.yaml:1: refused: alias *a refers to a node that contains it — a rule pack or config file is "
        "plain lists and mappings; remove the aliases or the nesting")


@pytest.mark.parametrize("depth", [150, 100_000])
def test_deep_nesting_is_refused_without_crashing(tmp_path, depth):
    # 100,000 levels crash libyaml's composer (a segfault) if it is ever reached
    message = refusal(tmp_path, "a: " + "[" * depth + "]" * depth + "\n")
    assert message.startswith("pack.yaml:1:") and "nest" in message


def test_a_file_larger_than_any_pack_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(yaml_guard, "MAX_BYTES", 1000)
    message = refusal(tmp_path, "rules: []\n# " + "x" * 2000 + "\n")
    assert message.startswith("pack.yaml: 2,013 bytes: a rule pack or config file holds at most 1,000")


def test_plain_aliases_within_the_limits_still_load(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text("words: &w [santé, religion]\nagain: *w\nnested: [[[[1]]]]\n", encoding="utf-8")
    data = load_yaml_with_lines(path)
    assert data["again"] == ["santé", "religion"] and data["nested"] == [[[[1]]]]


def test_a_syntax_error_keeps_its_own_message(tmp_path):
    assert refusal(tmp_path, "a: [1, 2\n").startswith("pack.yaml:2: YAML syntax error")


def test_a_bomb_in_a_discovered_config_ends_the_run_with_exit_2(cli, tmp_path):
    work = tmp_path / "repo" / "leads"
    work.mkdir(parents=True)
    (tmp_path / "repo" / "fichier-check.yaml").write_text(alias_bomb(), encoding="utf-8")
    (work / "prospects.csv").write_bytes(EXAMPLE.read_bytes())
    run = cli("audit", str(work / "prospects.csv"), cwd=work)
    assert run.code == 2
    assert "fichier-check.yaml:" in run.stderr and "aliases expand" in run.stderr
    assert "Traceback" not in run.stderr and not run.out_dir.exists()


def test_a_bomb_in_a_rule_pack_ends_the_run_with_exit_2(cli, tmp_path):
    pack = tmp_path / "bomb.yaml"
    pack.write_text(alias_bomb(), encoding="utf-8")
    run = cli("audit", str(EXAMPLE), "--rules", str(pack))
    assert run.code == 2 and "bomb.yaml:" in run.stderr and "aliases expand" in run.stderr
