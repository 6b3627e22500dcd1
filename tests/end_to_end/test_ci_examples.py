"""The CI examples of examples/ci/, tried for real as far as this machine allows: no GitHub or
GitLab runner here, so each file is validated against its CI's JSON schema (SchemaStore's, as
check-jsonschema ships them), its structure is checked (the uploaded files are the ones the
commands write), and the `fichier-check` commands are taken out of the files and run, as the CI
would run them, in a repository laid out as the examples expect: leads/ holding a copy of
examples/prospects.csv, and the example fichier-check.yaml at the root.

The runs that need the CI formats (sarif, github, gitlab, junit) skip until those modules exist.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, REPO

CI = REPO / "examples" / "ci"
GITHUB = CI / "github" / "fichier-check.yml"
GITLAB = CI / "gitlab" / ".gitlab-ci.yml"
CONFIG = CI / "fichier-check.yaml"
BASELINE = ".fichier-check-baseline.json"
# Code Quality's severities (GitLab's documented report format).
CODE_QUALITY_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def workflow() -> dict:
    document = load(GITHUB)
    if True in document:  # YAML 1.1 reads the key `on` as true
        document["on"] = document.pop(True)
    return document


def github_steps() -> list[dict]:
    (job,) = workflow()["jobs"].values()
    return job["steps"]


def gitlab_job() -> dict:
    return load(GITLAB)["fichier-check"]


def check_commands(script: str) -> list[list[str]]:
    """The `fichier-check check` command lines of a shell script, as argument lists (what follows
    a `||` is the script's own bookkeeping)."""
    lines = [line.split("||")[0].strip() for line in script.splitlines()]
    return [shlex.split(line) for line in lines if line.startswith("fichier-check check ")]


def option(command: list[str], name: str) -> str | None:
    return command[command.index(name) + 1] if name in command else None


def output_format(step: dict) -> str | None:
    """The --format of a step's `fichier-check check` command (None: the step runs none)."""
    commands = check_commands(step.get("run", ""))
    assert len(commands) <= 1, step
    return option(commands[0], "--format") if commands else None


def github_step(output: str) -> dict:
    """The workflow's step that runs `fichier-check check --format OUTPUT`."""
    (step,) = [s for s in github_steps() if output_format(s) == output]
    return step


def upload_step() -> dict:
    (step,) = [s for s in github_steps() if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    return step


def as_text(command: list[str]) -> list[str]:
    """A CI command with its --format and --output left out: the text summary on stdout."""
    dropped = {i + k for i, arg in enumerate(command) if arg in ("--format", "--output") for k in (0, 1)}
    return [arg for i, arg in enumerate(command) if i not in dropped]


def gitlab_command(output: str) -> list[str]:
    (command,) = [c for c in check_commands("\n".join(gitlab_job()["script"])) if option(c, "--format") == output]
    return command


def baseline_commands(path: Path) -> tuple[str, str]:
    """From a CI file's comments: (the command that makes the baseline, the options that use it)."""
    text = path.read_text(encoding="utf-8")
    make = re.search(r"^#\s+(fichier-check check .*--output (\S+))$", text, re.M)
    use = re.search(r"`(--baseline (\S+) --fail-on-new)`", text)
    assert make and use, f"{path.name}: the baseline flow is described in its comments"
    assert make.group(2) == use.group(2) == BASELINE
    return make.group(1), use.group(1)


# --- the files themselves ----------------------------------------------------------------------

@pytest.mark.parametrize("path, schema", [(GITHUB, "vendor.github-workflows"), (GITLAB, "vendor.gitlab-ci")],
                         ids=["github", "gitlab"])
def test_the_ci_file_is_valid_against_its_schema(path, schema):
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_github_workflow_runs_on_changes_to_the_prospect_files():
    document = workflow()
    for event in ("push", "pull_request"):
        assert "leads/**" in document["on"][event]["paths"]
    assert document["permissions"] == {"contents": "read"}, "the workflow's default: read only"
    (job,) = document["jobs"].values()
    assert job["runs-on"].startswith("ubuntu-")
    assert job["permissions"]["security-events"] == "write", "upload-sarif writes code scanning alerts"
    assert job["permissions"]["contents"] == "read"


def test_the_github_workflow_installs_then_checks_then_uploads_what_it_checked():
    steps = github_steps()
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    install = next(i for i, s in enumerate(steps) if "pip install" in s.get("run", ""))
    assert '"$FICHIER_CHECK_PACKAGE"' in steps[install]["run"] and workflow()["env"]["FICHIER_CHECK_PACKAGE"]

    sarif, upload = github_step("sarif"), upload_step()
    assert install < steps.index(sarif) < steps.index(upload)
    assert upload["with"]["sarif_file"] == option(check_commands(sarif["run"])[0], "--output") == "fichier-check.sarif"
    assert "always()" in upload["if"], "a failing check still uploads its alerts"
    assert f"hashFiles('{upload['with']['sarif_file']}')" in upload["if"]
    assert sarif["continue-on-error"] is True, "the verdict comes from the annotations step"

    annotate = github_step("github")
    assert steps.index(annotate) > steps.index(upload)
    assert "always()" in annotate["if"] and f"steps.{sarif['id']}.outcome" in annotate["if"]
    assert option(check_commands(annotate["run"])[0], "--fail-on") is None, "the verdict is the check's own"


def test_the_gitlab_job_reports_the_files_its_commands_write():
    job = gitlab_job()
    assert "leads/**/*" in job["rules"][0]["changes"]
    assert any('"$FICHIER_CHECK_PACKAGE"' in line for line in job["before_script"])
    assert load(GITLAB)["variables"]["FICHIER_CHECK_PACKAGE"]
    artifacts = job["artifacts"]
    assert artifacts["when"] == "always", "a failing job still hands its reports to the merge request"
    assert artifacts["reports"]["codequality"] == option(gitlab_command("gitlab"), "--output")
    assert artifacts["reports"]["junit"] == option(gitlab_command("junit"), "--output")
    assert artifacts["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["script"][-1] == 'exit "$status"', "the job ends with the check's own status"


def test_the_example_config_has_a_complete_waiver():
    config = load(CONFIG)
    (waiver,) = config["waivers"]
    assert {"rule", "file", "reason", "owner", "expires"} <= set(waiver)
    assert isinstance(waiver["expires"], dt.date)


# --- the commands, run in a repository laid out as the examples expect --------------------------

@pytest.fixture
def layout(tmp_path) -> Path:
    """A repository root: leads/prospects.csv (the shipped example) and fichier-check.yaml."""
    (tmp_path / "leads").mkdir()
    shutil.copy2(EXAMPLES / "prospects.csv", tmp_path / "leads" / "prospects.csv")
    shutil.copy2(CONFIG, tmp_path / "fichier-check.yaml")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, timeout=60)
    return tmp_path


def ci_env() -> dict:
    """As a CI runner: this environment's `fichier-check` first on PATH, no fingerprint key."""
    env = {k: v for k, v in os.environ.items() if k != "FICHIER_CHECK_FINGERPRINT_KEY"}
    env.update({"PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
                "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"})
    return env


def run_script(script: str, cwd: Path) -> subprocess.CompletedProcess:
    """A CI script in bash as both CIs run it (errexit, pipefail)."""
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd,
                          env=ci_env(), capture_output=True, text=True, timeout=300)


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return run_script(shlex.join(command), cwd)


def raw_values() -> set[str]:
    """The example's phones, e-mails and social security number as written in the file: no CI
    output may show one."""
    with open(EXAMPLES / "prospects.csv", encoding="cp1252", newline="") as file:
        rows = list(csv.DictReader(file, delimiter=";"))
    values = {row[column] for row in rows for column in ("Tél. fixe", "Portable", "E-mail") if row[column]}
    values |= {m for row in rows for m in re.findall(r"\d(?: ?\d){12,14}", row["Commentaire"])}
    assert len(values) > 30
    return values


def assert_masked(text: str) -> None:
    shown = sorted(value for value in raw_values() if value in text)
    assert not shown, f"values in clear: {shown}"


def test_the_github_workflow_commands_write_what_the_upload_and_the_log_read(layout):
    pytest.importorskip("fichier_check.report.sarif")
    pytest.importorskip("fichier_check.report.github")
    sarif, upload = github_step("sarif"), upload_step()
    done = run_script(sarif["run"], layout)
    assert done.returncode == 1, done.stderr  # the example has errors; continue-on-error lets the job go on
    document = json.loads((layout / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert document["version"] == "2.1.0"
    (sarif_run,) = document["runs"]
    assert sarif_run["tool"]["driver"]["name"] == "fichier-check" and sarif_run["results"]
    for result in sarif_run["results"]:
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "leads/prospects.csv"
        assert physical["region"]["startLine"] >= 1 and result["partialFingerprints"]
    assert_masked(json.dumps(document, ensure_ascii=False))

    done = run_script(github_step("github")["run"], layout)
    assert done.returncode == 1, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert any(line.startswith("::error file=leads/prospects.csv,") for line in lines), done.stdout
    commands = [line for line in lines if line.startswith("::")]
    assert all(re.match(r"::(error|warning|notice|group|endgroup)\b", line) for line in commands), commands
    assert_masked(done.stdout)


def test_the_gitlab_job_script_writes_the_reports_gitlab_reads(layout):
    pytest.importorskip("fichier_check.report.gitlab")
    pytest.importorskip("fichier_check.report.junit")
    job = gitlab_job()
    done = run_script("\n".join(job["script"]), layout)
    assert done.returncode == 1, done.stdout + done.stderr  # both reports written, then the check's status

    report = layout / job["artifacts"]["reports"]["codequality"]
    issues = json.loads(report.read_text(encoding="utf-8"))
    assert isinstance(issues, list) and issues
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in CODE_QUALITY_SEVERITIES
        assert issue["location"]["path"] == "leads/prospects.csv"
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues), "GitLab keys the issues on their fingerprint"
    assert_masked(report.read_text(encoding="utf-8"))

    junit = layout / job["artifacts"]["reports"]["junit"]
    root = ET.parse(junit).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    assert len(suites) == 1, "one test suite per file"
    cases = suites[0].findall("testcase")
    assert cases and any(case.find("failure") is not None for case in cases)
    assert_masked(junit.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path, ci_command", [(GITHUB, lambda: check_commands(github_step("sarif")["run"])[0]),
                                              (GITLAB, lambda: gitlab_command("gitlab"))], ids=["github", "gitlab"])
def test_the_baseline_flow_of_the_comments_fails_on_new_findings_only(layout, path, ci_command):
    make, use = baseline_commands(path)
    done = run_script(make, layout)
    assert done.returncode == 1, done.stderr  # the example has findings: the baseline is written all the same
    assert json.loads((layout / BASELINE).read_text(encoding="utf-8"))["kind"] == "check"

    check = f"{shlex.join(as_text(ci_command()))} {use}"  # the CI's command, its report as text
    done = run_script(check, layout)
    assert done.returncode == 0, done.stdout + done.stderr

    with open(layout / "leads" / "prospects.csv", "a", encoding="cp1252", newline="") as file:
        file.write("Mme;Neuve;Zoé;;;Particulier;;;zoe.neuve@free.fr;Non;;2026-11-30;;MAIL;"
                   "Sous traitement pour une dépression\r\n")
    done = run_script(check, layout)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "sensitive-term" in done.stdout


def test_the_baseline_flow_with_the_ci_files_own_commands(layout):
    pytest.importorskip("fichier_check.report.sarif")
    pytest.importorskip("fichier_check.report.github")
    pytest.importorskip("fichier_check.report.gitlab")
    pytest.importorskip("fichier_check.report.junit")
    make, use = baseline_commands(GITHUB)
    assert run_script(make, layout).returncode == 1
    for step in (github_step("sarif"), github_step("github")):
        done = run_script(f"{step['run'].strip()} {use}", layout)
        assert done.returncode == 0, done.stdout + done.stderr
    script = "\n".join(line.replace(" || status=$?", f" {use} || status=$?") for line in gitlab_job()["script"])
    done = run_script(script, layout)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_example_waiver_covers_its_finding(layout):
    done = run(["fichier-check", "check", "leads/", "--format", "json"], layout)
    assert done.returncode == 1, done.stderr
    (use,) = json.loads(done.stdout)["waivers"]
    waiver = load(CONFIG)["waivers"][0]
    assert (use["rule"], use["file"], use["matched"]) == (waiver["rule"], waiver["file"], 1)
    assert use["status"] == ("expired" if dt.date.today() > waiver["expires"] else "active")


def test_the_commented_fingerprint_waiver_is_a_valid_one(layout):
    text = CONFIG.read_text(encoding="utf-8")
    uncommented = re.sub(r"^  # (- |  )", r"  \1", text, flags=re.M)
    assert len(yaml.safe_load(uncommented)["waivers"]) == 2
    (layout / "fichier-check.yaml").write_text(uncommented, encoding="utf-8")
    done = run(["fichier-check", "check", "leads/", "--format", "json"], layout)
    assert done.returncode == 1, done.stderr  # findings, not a config error (2)
    assert [w["rule"] for w in json.loads(done.stdout)["waivers"]] == ["formula-injection", "phone-invalid"]
