"""The layout holds: each package imports only what docs/architecture.md says it may, the run
machinery is reached through its one interface, and checks, analyses and reporters never use it."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from fichier_check import runtime

PACKAGE = Path(__file__).resolve().parents[1] / "fichier_check"
ARCHITECTURE = PACKAGE.parent / "docs" / "architecture.md"
# The shipped rule packs (installed as fichier_check.rules) hold YAML only.
NOT_CODE = {"rules", "schema"}
LONGEST_MODULE = 330  # lines: "no module passes ~300 lines"; a longer one is a sign to split it


def unit_of(module: str) -> str:
    """`fichier_check.read.csv_source` → "read"; `fichier_check.audit` → "audit"."""
    return module.split(".")[1]


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        if name != "fichier_check":
            found[name] = path
    return found


def imports_of(path: Path) -> list[tuple[str, tuple[str, ...], int]]:
    """(module imported, names taken from it, line) for every import of the package, functions
    included; relative imports resolved against the module's own package."""
    here = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = here.removesuffix(".__init__") if path.name == "__init__.py" else here.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{module}" if module else base
            if not module.startswith("fichier_check"):
                continue
            names = tuple(alias.name for alias in node.names)
            if module == "fichier_check":  # `from fichier_check import runtime, __version__`
                found += [(f"fichier_check.{n}", (), node.lineno) for n in names if not n.startswith("__")]
            else:
                found.append((module, names, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, ("<import>",), node.lineno) for alias in node.names
                      if alias.name.startswith("fichier_check")]
    return found


def runtime_aliases(path: Path) -> set[str]:
    """The names the module gives the runtime package (`from fichier_check import runtime as rt`)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "fichier_check":
            names |= {alias.asname or alias.name for alias in node.names if alias.name == "runtime"}
    return names


def allowed_imports() -> dict[str, set[str] | None]:
    """The table "Who may import whom" of docs/architecture.md (None: everything)."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("### Who may import whom", 1)[1].split("\n#", 1)[0]
    table = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not cells[0].startswith("`"):
            continue
        name, may = cells[0].strip("`"), cells[1]
        if may.startswith("everything"):
            excluded = set(re.findall(r"`(\w+)`", may))
            table[name] = {"*", *(f"!{e}" for e in excluded)}
        else:
            table[name] = set(re.findall(r"`(\w+)`", may))
    return table


def permitted(allowed: set[str], other: str) -> bool:
    if "*" in allowed:
        return f"!{other}" not in allowed
    return other in allowed


def test_every_package_and_top_module_has_its_row_in_the_table():
    units = {unit_of(name) for name in modules()} - NOT_CODE - {"__main__"}
    assert units == set(allowed_imports()), "docs/architecture.md: one row per package and top-level module"


@pytest.mark.parametrize("module", sorted(modules()))
def test_module_imports_only_what_its_package_may(module):
    table = allowed_imports()
    unit = unit_of(module)
    allowed = table.get(unit, {"*"} if unit == "__main__" else set())
    wrong = [f"line {line}: {imported}" for imported, _, line in imports_of(modules()[module])
             if unit_of(imported) != unit and not permitted(allowed, unit_of(imported))]
    assert not wrong, f"{module} may import only {sorted(allowed)} (docs/architecture.md): {wrong}"


@pytest.mark.parametrize("module", sorted(m for m in modules() if unit_of(m) != "runtime"))
def test_the_run_machinery_is_used_through_its_interface_only(module):
    path = modules()[module]
    for imported, names, line in imports_of(path):
        if not (imported == "fichier_check.runtime" or imported.startswith("fichier_check.runtime.")):
            continue
        assert imported == "fichier_check.runtime" and names != ("<import>",), (
            f"{module} line {line}: use `from fichier_check.runtime import NAME` (or `from fichier_check import runtime`)")
        assert set(names) <= set(runtime.__all__), f"{module} line {line}: {names}"
    text = path.read_text(encoding="utf-8")
    for alias in runtime_aliases(path):  # runtime.NAME: every NAME is one of the interface's
        used = set(re.findall(rf"\b{alias}\.(\w+)", text))
        assert used <= set(runtime.__all__), f"{module}: {sorted(used - set(runtime.__all__))}"
    strings = [node.value for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Constant)
               and isinstance(node.value, str) and "fichier_check.runtime." in node.value]
    assert not strings, f"{module} names a module of runtime: {strings}"


def test_the_import_rules_themselves_form_layers():
    table = {name: {other for other in allowed if not other.startswith(("*", "!"))}
             for name, allowed in allowed_imports().items()}
    assert set().union(*table.values()) <= set(table), "the table names a package it does not describe"

    def below(name: str, seen: tuple[str, ...] = ()) -> None:
        assert name not in seen, "docs/architecture.md allows a cycle: " + " -> ".join((*seen, name))
        for other in table.get(name, ()):
            below(other, (*seen, name))
    for name in table:
        below(name)


def test_every_package_is_shipped_by_a_plain_install():
    import tomllib
    listed = set(tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    packages = {".".join(p.parent.relative_to(PACKAGE.parent).parts) for p in PACKAGE.rglob("__init__.py")}
    assert packages - listed == set(), "pyproject.toml [tool.setuptools] packages must list them"


def test_every_name_of_the_interface_exists():
    for name in runtime.__all__:
        assert getattr(runtime, name) is not None
    with pytest.raises(AttributeError):
        runtime.pool_map  # noqa: B018 - a module's name that is not part of the interface


def test_checks_analyses_and_reporters_load_without_the_run_machinery():
    names = [m for m in modules() if unit_of(m) in ("checks", "analysis", "report")]
    code = ("import sys\n" + "".join(f"import {name}\n" for name in names)
            + "print(sorted(m for m in sys.modules if m.startswith('fichier_check.runtime')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("module", sorted(modules()))
def test_no_module_is_too_long_to_read(module):
    lines = len(modules()[module].read_text(encoding="utf-8").splitlines())
    assert lines <= LONGEST_MODULE, f"{module}: {lines} lines; split it along a seam"


def test_every_module_says_what_it_is_for():
    missing = [name for name, path in modules().items() if not ast.get_docstring(ast.parse(path.read_text()))]
    assert not missing
