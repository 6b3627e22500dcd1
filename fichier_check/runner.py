"""Between the CLI and the audit: build the run's Settings from options and config, run, print
the chosen format, and decide the exit status."""
from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from pathlib import Path

import click

from fichier_check.config import FAIL_ON, Settings, default_lang, find_config, parse_date, read_config
from fichier_check.engine.baseline import load_baseline
from fichier_check.engine.rule import DEFAULT_CHANNELS
from fichier_check.engine.waivers import needs_fingerprints, parse_waivers
from fichier_check.errors import UserError
from fichier_check.read.targets import expand, repository_root
from fichier_check.report import FINGERPRINTED


def build_settings(file: Path, options: dict) -> Settings:
    config_path = options.get("config_path")
    if config_path is not None and not Path(config_path).is_file():
        raise UserError("config file not found", path=config_path, hint="check the --config path")
    config_path = Path(config_path) if config_path else find_config(Path.cwd())
    config = read_config(config_path) if config_path else None
    cfg = config or {}
    as_of = parse_date(options["as_of"]) if options.get("as_of") else dt.date.today()
    channels = tuple(options.get("channels") or cfg.get("channels") or DEFAULT_CHANNELS)
    fail_on = options.get("fail_on") or cfg.get("fail_on") or "error"
    if fail_on not in FAIL_ON:
        raise UserError(f"--fail-on {fail_on!r} is not one of {', '.join(FAIL_ON)}")
    out_dir = Path(options.get("out_dir") or file.parent)
    waivers = parse_waivers(cfg.get("waivers"), config_path) if config else []
    output_format = options.get("output_format") or "text"
    if options.get("fail_on_new") and not options.get("baseline"):
        raise UserError("--fail-on-new needs a --baseline", hint="give the JSON report of the run to compare with")
    for name in ("opposition",):
        for path in options.get(name) or ():
            _must_exist(path, f"--{name}")
    for name in ("bloctel", "calls"):
        if options.get(name):
            _must_exist(options[name], f"--{name}")
    return Settings(
        input=file, out_dir=out_dir, as_of=as_of, channels=channels,
        lang=options.get("lang") or cfg.get("lang") or default_lang(), fail_on=fail_on,
        packs=list(options.get("packs") or ()), opposition=[Path(p) for p in options.get("opposition") or ()],
        bloctel=Path(options["bloctel"]) if options.get("bloctel") else None,
        calls=Path(options["calls"]) if options.get("calls") else None,
        sector=options.get("sector") or (cfg.get("campaign") or {}).get("sector"),
        show_values=bool(options.get("show_values")), sheet=options.get("sheet"),
        encoding=options.get("encoding"), delimiter=options.get("delimiter"),
        output_format=output_format, quiet=bool(options.get("quiet")),
        jobs=options.get("jobs"),
        examples=_first_set(options.get("examples"), cfg.get("examples"), Settings.examples),
        findings_format=_first_set(options.get("findings"), cfg.get("findings"), Settings.findings_format),
        neutralise_formulas=_first_set(options.get("neutralise_formulas"), cfg.get("neutralise_formulas"),
                                       Settings.neutralise_formulas),
        max_cell_chars=_max_cell_chars(options, cfg),
        waivers=waivers,
        baseline=load_baseline(Path(options["baseline"])) if options.get("baseline") else None,
        fail_on_new=bool(options.get("fail_on_new")),
        fingerprints=bool(options.get("baseline")) or output_format in FINGERPRINTED or needs_fingerprints(waivers),
        columns=dict(cfg.get("columns") or {}), controller=cfg.get("controller"),
        config_path=config_path, config_data=config, command=options.get("command", ""))


def _first_set(*values):
    """The first value given (0 counts as given)."""
    return next(v for v in values if v is not None)


def _max_cell_chars(options: dict, config) -> int:
    return _first_set(options.get("max_cell_chars"), config.get("max_cell_chars"), Settings.max_cell_chars)


def _must_exist(path: Path | str, option: str) -> None:
    if not Path(path).is_file():
        raise UserError(f"{option}: file not found", path=path, hint="check the path")


def run_from_cli(file: Path, options: dict) -> int:
    from fichier_check.audit import run_audit
    from fichier_check.report import CI_FORMATS, FORMATS, render_run
    from fichier_check.report.summary import failing
    from fichier_check.report.terminal import print_summary

    from fichier_check.runtime import RowProgress, spare_the_collector

    spare_the_collector()  # the modules just imported
    gc.enable()  # disabled by the CLI while they were
    settings = build_settings(file, options)
    from fichier_check.audit import output_paths
    output = options.get("output")
    protected = read_files(settings, [file])
    refuse_output(output, protected, output_paths(settings))
    cluster = cluster_options(options)
    if cluster is not None:
        from fichier_check.cluster.run import run_on_cluster
        result = run_on_cluster(settings, cluster, None if settings.quiet else
                                lambda text: click.echo(f"fichier-check: {text}", err=True))
    else:
        progress = RowProgress(enabled=False if settings.quiet else None)
        try:
            result = run_audit(settings, progress=progress)
        finally:
            progress.close()
    status = 1 if failing(result, settings.fail_on) else 0
    if settings.output_format in CI_FORMATS:  # a CI format: the same as `check` gives for this one file
        from fichier_check.engine.findings import CheckRun, FileCheck
        run = CheckRun([FileCheck(settings.repository_path, result, exit_code=status)], run_options(result, settings))
        emit(render_run(settings.output_format, run, settings.lang).encode("utf-8"), output, protect=protected)
    elif settings.output_format == "text":
        if not settings.quiet:
            to_stdout(lambda: print_summary(result, settings.lang))
    elif settings.output_format == "json":
        from fichier_check.report import json_report
        emit(json_report.render(result).encode("utf-8"), output, protect=protected)
    else:
        emit(FORMATS[settings.output_format].render(result, settings.lang, settings.show_values).encode("utf-8"),
             output, protect=protected)
    spare_the_collector()  # the process exits next: nothing for its last collection to walk
    return status


CLUSTER_ONLY = {"scheduler": "--scheduler", "partition_size": "--partition-size", "parts_format": "--parts-format"}


def cluster_options(options: dict):
    """The cluster's options of `audit --engine dask` (None: the one-machine engine); a cluster
    option without it is refused, as is --jobs with a scheduler (its workers are its own)."""
    if options.get("engine", "local") != "dask":
        given = [flag for name, flag in CLUSTER_ONLY.items() if options.get(name)]
        if given:
            raise UserError(f"{given[0]} needs --engine dask", hint=f"add --engine dask, or leave out {given[0]}")
        return None
    from fichier_check.cluster.client import parse_size
    from fichier_check.cluster.run import ClusterOptions
    if options.get("scheduler") and options.get("jobs"):
        raise UserError("--jobs sets the workers of a local cluster, not of the --scheduler's",
                        hint="leave out --jobs: the scheduler's workers do the work")
    size = None
    if options.get("partition_size"):
        size = parse_size(options["partition_size"], "--partition-size")
    return ClusterOptions(options.get("scheduler"), size, options.get("parts_format") or "parquet", options.get("jobs"))


def run_options(result, settings: Settings) -> dict:
    """A one-file run's options as a check run states them."""
    return {"lang": settings.lang, "fail_on": settings.fail_on, "fail_on_new": settings.fail_on_new,
            "tool_version": result.options.get("tool_version"), "root": str(repository_root(Path.cwd())),
            "as_of": settings.as_of.isoformat(), "channels": list(settings.channels),
            "baseline": getattr(settings.baseline, "source", None),
            "fingerprint_key": result.options.get("fingerprint_key")}


def run_check_from_cli(arguments: tuple[str, ...], options: dict) -> int:
    """The check command: every file audited, nothing but the chosen report written."""
    from fichier_check.check_run import check_files, check_settings
    from fichier_check.report import render_run
    from fichier_check.runtime import spare_the_collector
    spare_the_collector()
    gc.enable()
    base = check_settings(build_settings(Path("."), options))
    root = Path(options["root"]) if options.get("root") else None
    files, problems = expand(list(arguments))
    protected = read_files(base, files)
    refuse_output(options.get("output"), protected)
    run = check_files(files, problems, base, root)
    emit(render_run(base.output_format, run, base.lang).encode("utf-8"), options.get("output"), protect=protected)
    spare_the_collector()
    return run.exit_code()


def read_files(settings: Settings, inputs: list[Path]) -> list[Path]:
    """Every file the run reads: an --output must not replace one of them."""
    from fichier_check.audit import list_files
    read = [*inputs, *list_files(settings)]
    if settings.baseline is not None:
        read.append(Path(settings.baseline.source))
    if settings.config_path is not None:
        read.append(Path(settings.config_path))
    return [Path(p) for p in read]


def refuse_output(output: Path | str | None, protected: list[Path], own: dict | None = None) -> None:
    """Exit 2 before anything runs when --output names a file the run reads or one it writes."""
    if output is None:
        return
    target = Path(output).resolve()
    for path in protected:
        if target == path.resolve() or (path.exists() and target.exists() and os.path.samefile(target, path)):
            raise UserError(f"--output would replace {path}, which this run reads", path=output,
                            hint="write the report into another file")
    for name, path in (own or {}).items():
        if path is not None and target == Path(path).resolve():
            raise UserError(f"--output would replace the audit's own {name} output", path=output,
                            hint="write the report into another file")


def emit(data: bytes, output: Path | str | None, protect: list = ()) -> None:
    """The chosen report on stdout, or into `output` (written whole or not at all, never over an input)."""
    if output is None:
        to_stdout(lambda: (sys.stdout.flush(), sys.stdout.buffer.write(data), sys.stdout.flush()))
        return
    from fichier_check.write.output import OutputSet
    with OutputSet(protect=[Path(p) for p in protect]) as outputs:
        outputs.open_binary(Path(output)).write(data)
        outputs.commit()


def to_stdout(write) -> None:
    """Run `write` (it prints on stdout); a reader that went away (`| head`) ends the printing
    quietly: the run's own exit status stands, and its output files were already committed."""
    import os
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would complain again when it flushes stdout at exit: point it at /dev/null.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def print_columns(file: Path, options: dict) -> None:
    from fichier_check.read.columns import map_columns
    from fichier_check.read.source import open_table
    from fichier_check.report.terminal import safe
    from fichier_check.table import LoadOptions

    config_path = options.get("config_path") or find_config(Path.cwd())
    config = read_config(Path(config_path)) if config_path else {}
    if not file.is_file():
        raise UserError("file not found", path=file, hint="check the path")
    source = open_table(file, LoadOptions(options.get("encoding"), options.get("delimiter"), options.get("sheet"),
                                          max_cell_chars=_max_cell_chars(options, config or {})))
    first = next(source.chunks(), None)
    mapping = map_columns(source.header, dict((config or {}).get("columns") or {}),
                          first.frame if first is not None else None)
    fmt = source.format.describe()
    click.echo(f"{safe(file.name)}: {fmt['format']}, encoding {fmt['encoding']}, delimiter "
               f"{fmt['delimiter']!r}, {fmt['line_terminator'] or ''} ({safe(fmt['detection'])})")
    for position, name in enumerate(source.header):
        role = mapping.roles.get(position, "-")
        how = mapping.how.get(position, "")
        click.echo(f"  {position + 1:>3}  {safe(name)[:40]:40}  {role:22} {how}")
    for warning in source.warnings:
        click.echo(f"  ! {safe(warning)}")


def print_rules(options: dict) -> None:
    """`fichier-check rules`: the rules a run with these packs and this config applies."""
    from fichier_check.audit import load_ruleset
    from fichier_check.report.rule_list import rules_json, rules_text
    settings = build_settings(Path.cwd(), {**options, "output_format": "text"})
    ruleset = load_ruleset(settings)
    render = rules_json if options.get("output_format") == "json" else rules_text
    click.echo(render(ruleset, settings.lang), nl=False)
