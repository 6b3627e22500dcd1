"""Command line: parse options, call the audit, map the outcome to an exit status. Nothing else.

Exit status: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad invocation, bad
input or bad rule pack (one line on stderr); 3 the audit could not finish (interrupted, disk full).
"""
from __future__ import annotations

import contextlib
import os
import shlex
import sys
from pathlib import Path

import click

from fichier_check import __version__
from fichier_check.errors import FichierCheckError

CHANNEL_CHOICES = ("email", "sms", "phone", "post", "auto_call")  # read.columns.CHANNELS (not imported here: startup)
SECTOR_CHOICES = ("energy-renovation", "housing-adaptation", "training-cpf")  # engine.rule.SECTORS (not imported here)
CI_FORMATS = ("sarif", "github", "gitlab", "junit")  # report.CI_FORMATS (report/ is not imported here)


def _stacked(*options):
    """A decorator applying `options` (click.option decorators) in the order written."""
    def apply(command):
        for option in reversed(options):
            command = option(command)
        return command
    return apply


# What the campaign is: the same for `audit` and `check`.
campaign_options = _stacked(
    click.option("--rules", "packs", multiple=True, help="Rule pack: a shipped name or a .yaml path (repeatable)."),
    click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file (default: fichier-check.yaml found upwards)."),
    click.option("--channel", "channels", multiple=True, type=click.Choice(CHANNEL_CHOICES), help="Campaign channel (repeatable; default email, sms, phone, post: a robot campaign adds auto_call)."),
    click.option("--as-of", "as_of", help="Apply the law as of this date (YYYY-MM-DD; default today)."),
    click.option("--sector", type=click.Choice(SECTOR_CHOICES), help="The campaign's sector, whose canvassing of consumers the law bans (sector-ban; default: none)."),
    click.option("--opposition", multiple=True, type=click.Path(path_type=Path), help="Suppression list: e-mails/phones, plain or SHA-256 (repeatable)."),
    click.option("--bloctel", type=click.Path(path_type=Path), help="Numbers returned by Bloctel as registered."),
    click.option("--calls", type=click.Path(path_type=Path), help="Call history (CSV/XLSX, one line per call: phone or e-mail, date, optional result) for the call-pressure rules."))
verdict_options = _stacked(
    click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), help="Exit 1 when a finding is at or above this severity (default error)."),
    click.option("--lang", type=click.Choice(["fr", "en"]), help="Language of messages (default from the locale)."))
baseline_options = _stacked(
    click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False), help="JSON report of an earlier run (check --format json): report what is new and what was fixed since."),
    click.option("--fail-on-new", is_flag=True, help="With --baseline: fail only on findings the baseline did not hold."))
max_cell_chars = click.option(  # 32,767: Excel's own limit (LoadOptions.max_cell_chars; table.py is not imported here)
    "--max-cell-chars", type=click.IntRange(min=32_767),
    help="XLSX: the most characters a cell may hold (default 32,767, Excel's own limit: a workbook with a "
         "longer cell was not saved by Excel and is refused).")


@contextlib.contextmanager
def user_errors():
    """Every error becomes one line on stderr and an exit status: never a traceback."""
    try:
        yield
    except FichierCheckError as error:
        click.echo(f"fichier-check: error: {error}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        click.echo("fichier-check: interrupted: the audit did not finish, no output file was written", err=True)
        sys.exit(3)
    except MemoryError:
        click.echo("fichier-check: out of memory: the audit did not finish, no output file was written", err=True)
        sys.exit(3)
    except Exception as error:  # a bug of ours: still one line, and nothing half-written (see write/output.py)
        if os.environ.get("FICHIER_CHECK_DEBUG"):
            raise
        click.echo(f"fichier-check: internal error ({type(error).__name__}: {error}); the audit did not finish, "
                   "no output file was written — set FICHIER_CHECK_DEBUG=1 to see the details and report it",
                   err=True)
        sys.exit(3)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fichier-check")
def main() -> None:
    """Audit a prospect file (CSV/XLSX) for GDPR/CNIL compliance and write a cleaned copy."""


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out-dir", type=click.Path(path_type=Path), help="Folder for the outputs (default: the input's folder).")
@campaign_options
@click.option("--format", "output_format", type=click.Choice(["text", "json", "html", *CI_FORMATS]), default="text", show_default=True, help="What to print on stdout (or into --output): the summary, a report, or a CI format (always masked).")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the --format output into this file instead of stdout.")
@baseline_options
@verdict_options
@click.option("--show-values", is_flag=True, help="Show personal values unmasked in the reports.")
@click.option("--findings", type=click.Choice(["parquet", "csv", "jsonl", "none"]), help="Format of the side file listing every finding, <stem>.findings.<format> (default parquet; none: not written).")
@click.option("--examples", type=click.IntRange(min=0, max=10_000), help="Masked examples per rule and column in the reports (default 100; the terminal shows at most 3).")
@click.option("--neutralise-formulas/--keep-formulas", default=None, help="CSV outputs: write a cell a spreadsheet would run (=, +, -, @…) as text, with an apostrophe (default), or keep it as it is.")
@click.option("--sheet", help="XLSX sheet to read (default: the first).")
@max_cell_chars
@click.option("--encoding", help="Input encoding (default: detected), e.g. utf-8, cp1252, utf-16.")
@click.option("--delimiter", help="CSV delimiter (default: detected): ; , tab |")
@click.option("--jobs", type=click.IntRange(min=1), help="Processes to use (default: all cores; 1: everything in one process; with --engine dask: the local cluster's workers).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="dask: FILE may be a large CSV, a folder of CSV parts or a Parquet dataset, checked part by part on a Dask cluster (pip install 'fichier-check[dask]').")
@click.option("--scheduler", help="With --engine dask: the address of a running Dask scheduler (tcp://host:8786; default: a local cluster on this machine).")
@click.option("--partition-size", help="With --engine dask: a large CSV file is cut in parts of about this size (e.g. 64MB, 1GB; default: 4 parts per worker, 16MB to 128MB each).")
@click.option("--parts-format", type=click.Choice(["parquet", "csv"]), help="With --engine dask: the cleaned and quarantine parts' format (default parquet).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def audit(file: Path, **options) -> None:
    """Audit FILE and write <stem>.clean, <stem>.quarantine, <stem>.report.json, .report.html and
    .findings.parquet (with --engine dask: <stem>.clean/ and <stem>.quarantine/ folders of parts)."""
    import gc
    gc.disable()  # until the modules are imported: their objects live as long as the run (runner re-enables it)
    from fichier_check.runner import run_from_cli
    with user_errors():
        options["command"] = "fichier-check " + " ".join(shlex.quote(a) for a in sys.argv[1:])
        sys.exit(run_from_cli(file, options))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json", *CI_FORMATS]), default="text", show_default=True, help="What to print: a summary, the JSON reports (a baseline), or a CI format.")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report into this file instead of stdout.")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False, exists=True), help="Folder the reported paths start from (default: the git repository's root, else the current folder).")
@baseline_options
@campaign_options
@verdict_options
@click.option("--sheet", help="XLSX sheet to read (default: the first).")
@max_cell_chars
@click.option("--encoding", help="Input encoding (default: detected).")
@click.option("--delimiter", help="CSV delimiter (default: detected).")
@click.option("--jobs", type=click.IntRange(min=1), help="Processes to use (default: all cores).")
def check(paths: tuple[str, ...], **options) -> None:
    """Check PATHS (files, folders, glob patterns) for a CI job or a pre-commit hook: no cleaned or
    quarantine file is written, one report covers every file, values are always masked.

    Exit status: 0 every file passes; 1 a file has findings at or above --fail-on (not waived; with
    --fail-on-new, not in the baseline); 2 a file cannot be read (named; the others are still
    checked), or a bad option, config or rule pack; 3 an audit could not finish."""
    from fichier_check.runner import run_check_from_cli
    with user_errors():
        options["command"] = "fichier-check " + " ".join(shlex.quote(a) for a in sys.argv[1:])
        sys.exit(run_check_from_cli(paths, options))


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file with a columns: section.")
@click.option("--sheet", help="XLSX sheet to read.")
@max_cell_chars
@click.option("--encoding", help="Input encoding (default: detected).")
@click.option("--delimiter", help="CSV delimiter (default: detected).")
def columns(file: Path, **options) -> None:
    """Print how FILE's columns map to roles (and what was detected)."""
    from fichier_check.runner import print_columns
    with user_errors():
        print_columns(file, options)


@main.group(invoke_without_command=True)
@click.option("--rules", "packs", multiple=True, help="Rule pack: a shipped name or a .yaml path (repeatable; default: the config's, else default).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file (default: fichier-check.yaml found upwards).")
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Language of the messages (default from the locale).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="A list to read, or JSON for tools.")
@click.pass_context
def rules(context: click.Context, **options) -> None:
    """List the rules a run applies (family, severity, action, channels, legal basis); `rules check` validates packs."""
    if context.invoked_subcommand is not None:
        return
    from fichier_check.runner import print_rules
    with user_errors():
        print_rules(options)


@rules.command("check")
@click.argument("packs", nargs=-1)
def rules_check(packs: tuple[str, ...]) -> None:
    """Validate rule packs (shipped names or paths): exit 2 with file:line on the first problem."""
    from fichier_check.engine.rulepack import load_rules
    with user_errors():
        ruleset = load_rules(list(packs) or ["default"])
        for rule in ruleset.rules:
            also = f"  (also: {', '.join(rule.aliases)})" if rule.aliases else ""
            click.echo(f"{rule.id:28} {rule.check:22} {rule.severity.label:8} {rule.action:17} {rule.source}{also}")
        click.echo(f"ok: {len(ruleset.rules)} rules from {', '.join(p.name for p in ruleset.packs)}")


if __name__ == "__main__":  # pragma: no cover
    main()
