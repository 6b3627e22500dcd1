"""The pre-commit hook, run by the real pre-commit: this repository's `.pre-commit-hooks.yaml` is
what a team's `.pre-commit-config.yaml` points at, so these tests point at it the same way.

The hook repository is a snapshot of this working tree (the files git tracks or would track,
committed in a fresh repository), so the tests check the manifest and the code as they are on
disk, in a fresh clone as in a working copy with changes. pre-commit pip-installs that snapshot
into an environment of its own, once for this module (PRE_COMMIT_HOME is shared by its tests):
that install is the slow part (about half a minute with a warm pip cache).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import warnings
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

MANIFEST = REPO / ".pre-commit-hooks.yaml"
HEADER = "Civilité;Nom;Prénom;Société;Type client;Tél. fixe;E-mail;Opt-in e-mail;Commentaire\n"
# B2B rows with a valid French landline, a valid e-mail, the e-mail opt-in, a plain comment.
CLEAN = HEADER + ("M.;Durand;Léa;Durand SA;B2B;01 42 68 53 00;lea.durand@durand-sa.fr;Oui;RDV fixé le 12/12\n"
                  "Mme;Gris;Inès;Gris Immobilier;B2B;01 40 50 60 70;ines.gris@gris-immo.fr;Oui;Budget voté\n")
# The same kind of rows, with a health word and a social security number (NIR) in the comments.
NIR = "2 84 05 69 123 456 40"
DIRTY = HEADER + ("M.;Blanc;Marc;Blanc Conseil;B2B;01 44 55 66 77;marc.blanc@blanc-conseil.fr;Oui;"
                  "En arrêt maladie jusqu'en mars\n"
                  f"Mme;Noir;Eve;Noir SARL;B2B;04 78 12 34 56;eve.noir@noir-sarl.fr;Oui;A donné son n° sécu {NIR}\n")
INSTALL_WARN_SECONDS = 60


def hook() -> dict:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and [h["id"] for h in hooks] == ["fichier-check"]
    return hooks[0]


def test_the_manifest_declares_the_check_command_on_prospect_files():
    entry = hook()
    assert entry["entry"] == "fichier-check check"
    assert entry["language"] == "python"
    assert entry.get("pass_filenames", True) is True and entry["require_serial"] is True
    assert entry["types"] == ["file"]
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert entry["entry"].split()[0] in scripts, "the entry must be a console script the package installs"
    files = re.compile(entry["files"])
    for name in ("leads/a.csv", "b.tsv", "c.txt", "d.xlsx", "leads/EXPORT.CSV", "e.Xlsx"):
        assert files.search(name), name
    for name in ("README.md", "a.csv.bak", "data.json", "csv", "b.xls", ".pre-commit-hooks.yaml"):
        assert not files.search(name), name


def test_pre_commit_accepts_the_manifest():
    done = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


# --- the real pre-commit, on a repository of prospect files -------------------------------------

@pytest.fixture(scope="module")
def isolated_env(tmp_path_factory):
    """git and pre-commit without the user's settings, pre-commit's environments in one folder
    shared by this module's tests (and removed after them: several hundred MB)."""
    base = tmp_path_factory.mktemp("pre-commit")
    (base / "gitconfig").write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update({"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "PRE_COMMIT_HOME": str(base / "home"),
                "PRE_COMMIT_COLOR": "never", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": str(base / "gitconfig"),
                "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
                "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid"})
    yield env
    shutil.rmtree(base / "home", ignore_errors=True)


def git(args: list[str], cwd: Path, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    if check:
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stdout}{done.stderr}"
    return done


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, isolated_env) -> tuple[Path, str]:
    """A repository holding this working tree as it is on disk, in one commit: (path, sha)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                            cwd=REPO, capture_output=True, timeout=120)
    if listed.returncode != 0:
        pytest.skip("the repository is not a git checkout: no hook repository to snapshot")
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed.stdout.decode("utf-8").split("\0")):
        source = REPO / name
        if source.is_file():  # a tracked file deleted in the working tree is left out
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    git(["init", "-q"], snapshot, isolated_env)
    git(["add", "-A"], snapshot, isolated_env)
    git(["commit", "-q", "--no-gpg-sign", "-m", "snapshot of the working tree"], snapshot, isolated_env)
    return snapshot, git(["rev-parse", "HEAD"], snapshot, isolated_env).stdout.strip()


def pre_commit(args: list[str], cwd: Path, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def hook_installed(hook_repo, isolated_env, tmp_path_factory) -> float:
    """pre-commit's environment for the hook, made once for the module: the seconds it took."""
    project = new_project(tmp_path_factory.mktemp("first-project"), hook_repo, isolated_env)
    started = time.monotonic()
    done = pre_commit(["install-hooks"], project, isolated_env, timeout=900)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stdout
    if seconds > INSTALL_WARN_SECONDS:
        warnings.warn(f"pre-commit took {seconds:.0f} s to install the hook's environment", stacklevel=1)
    return seconds


def new_project(folder: Path, hook_repo: tuple[Path, str], env: dict) -> Path:
    """A repository of prospect files whose .pre-commit-config.yaml uses the hook, installed as its
    git pre-commit hook."""
    path, sha = hook_repo
    git(["init", "-q"], folder, env)
    config = {"repos": [{"repo": str(path), "rev": sha, "hooks": [{"id": "fichier-check"}]}]}
    (folder / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    done = pre_commit(["install"], folder, env)
    assert done.returncode == 0, done.stdout
    (folder / "leads").mkdir()
    return folder


def commit(project: Path, env: dict, *paths: str) -> subprocess.CompletedProcess:
    """`git add PATHS && git commit`, the hook running as it does for a user: the commit's output."""
    git(["add", *paths], project, env)
    return subprocess.run(["git", "commit", "--no-gpg-sign", "-m", "prospects"], cwd=project, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)


def commits(project: Path, env: dict) -> int:
    done = git(["rev-list", "--count", "HEAD"], project, env, check=False)
    return int(done.stdout) if done.returncode == 0 else 0


def test_the_hook_passes_a_clean_file_then_stops_the_commit_of_a_dirty_one(
        hook_installed, hook_repo, isolated_env, tmp_path):
    project = new_project(tmp_path, hook_repo, isolated_env)
    (project / "leads" / "clean.csv").write_text(CLEAN, encoding="utf-8")
    done = commit(project, isolated_env, ".pre-commit-config.yaml", "leads/clean.csv")
    assert done.returncode == 0, done.stdout
    assert re.search(r"fichier-check.*Passed", done.stdout), done.stdout
    assert commits(project, isolated_env) == 1

    (project / "leads" / "dirty.csv").write_text(DIRTY, encoding="utf-8")
    done = commit(project, isolated_env, "leads/dirty.csv")
    assert done.returncode != 0, done.stdout
    assert re.search(r"fichier-check.*Failed", done.stdout), done.stdout
    assert "- exit code: 1" in done.stdout
    assert "leads/dirty.csv: FAIL" in done.stdout, done.stdout
    assert "nir" in done.stdout and "sensitive-term" in done.stdout
    assert "leads/clean.csv" not in done.stdout, "only the staged files are checked"
    assert NIR not in done.stdout and "marc.blanc@" not in done.stdout, "values are masked in the hook's output"
    assert commits(project, isolated_env) == 1, "the commit was refused"


def test_the_hook_checks_prospect_files_only(hook_installed, hook_repo, isolated_env, tmp_path):
    project = new_project(tmp_path, hook_repo, isolated_env)
    (project / "notes.md").write_text(f"Mme Noir a donné son n° sécu {NIR}\n", encoding="utf-8")
    (project / "leads" / "export.json").write_text(f'{{"commentaire": "{NIR}"}}\n', encoding="utf-8")
    done = commit(project, isolated_env, ".pre-commit-config.yaml", "notes.md", "leads/export.json")
    assert done.returncode == 0, done.stdout
    assert re.search(r"fichier-check.*\(no files to check\)\s*Skipped", done.stdout), done.stdout

    (project / "leads" / "EXPORT.CSV").write_text(DIRTY, encoding="utf-8")  # the extension in capitals
    done = commit(project, isolated_env, "leads/EXPORT.CSV")
    assert done.returncode != 0 and "leads/EXPORT.CSV: FAIL" in done.stdout, done.stdout
