"""Between the CLI and the audit: build the run's Settings from options and config, run, print
the chosen format, and decide the exit status."""
from __future__ import annotations

import datetime as dt
import gc
import sys
from pathlib import Path

import click

from fichier_check.config import FAIL_ON, Settings, default_lang, find_config, parse_date, read_config
from fichier_check.errors import UserError


def build_settings(file: Path, options: dict) -> Settings:
    config_path = options.get("config_path")
    if config_path is not None and not Path(config_path).is_file():
        raise UserError("config file not found", path=config_path, hint="check the --config path")
    config_path = Path(config_path) if config_path else find_config(Path.cwd())
    config = read_config(config_path) if config_path else None
    cfg = config or {}
    as_of = parse_date(options["as_of"]) if options.get("as_of") else dt.date.today()
    channels = tuple(options.get("channels") or cfg.get("channels") or ("email", "sms", "phone", "post"))
    fail_on = options.get("fail_on") or cfg.get("fail_on") or "error"
    if fail_on not in FAIL_ON:
        raise UserError(f"--fail-on {fail_on!r} is not one of {', '.join(FAIL_ON)}")
    out_dir = Path(options.get("out_dir") or file.parent)
    for name in ("opposition",):
        for path in options.get(name) or ():
            _must_exist(path, f"--{name}")
    if options.get("bloctel"):
        _must_exist(options["bloctel"], "--bloctel")
    return Settings(
        input=file, out_dir=out_dir, as_of=as_of, channels=channels,
        lang=options.get("lang") or cfg.get("lang") or default_lang(), fail_on=fail_on,
        packs=list(options.get("packs") or ()), opposition=[Path(p) for p in options.get("opposition") or ()],
        bloctel=Path(options["bloctel"]) if options.get("bloctel") else None,
        show_values=bool(options.get("show_values")), sheet=options.get("sheet"),
        encoding=options.get("encoding"), delimiter=options.get("delimiter"),
        output_format=options.get("output_format") or "text", quiet=bool(options.get("quiet")),
        jobs=options.get("jobs"),
        examples=_first_set(options.get("examples"), cfg.get("examples"), Settings.examples),
        findings_format=_first_set(options.get("findings"), cfg.get("findings"), Settings.findings_format),
        neutralise_formulas=_first_set(options.get("neutralise_formulas"), cfg.get("neutralise_formulas"),
                                       Settings.neutralise_formulas),
        max_cell_chars=_max_cell_chars(options, cfg),
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
    from fichier_check.report import FORMATS
    from fichier_check.report.summary import failing
    from fichier_check.report.terminal import print_summary

    from fichier_check.runtime import RowProgress, spare_the_collector

    spare_the_collector()  # the modules just imported
    gc.enable()  # disabled by the CLI while they were
    settings = build_settings(file, options)
    progress = RowProgress(enabled=False if settings.quiet else None)
    try:
        result = run_audit(settings, progress=progress)
    finally:
        progress.close()
    if settings.output_format == "text":
        if not settings.quiet:
            print_summary(result, settings.lang)
    elif settings.output_format == "json":
        from fichier_check.report import json_report
        sys.stdout.flush()
        json_report.write(result, sys.stdout.buffer)
    else:
        sys.stdout.write(FORMATS[settings.output_format].render(result, settings.lang, settings.show_values))
    status = 1 if failing(result, settings.fail_on) else 0
    spare_the_collector()  # the process exits next: nothing for its last collection to walk
    return status


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
