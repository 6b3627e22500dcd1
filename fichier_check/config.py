"""The run's settings: command-line options merged with a config file.

The config file is `--config FILE`, else the first `fichier-check.yaml` / `.fichier-check.yaml`
found from the current folder upwards. It is a rule pack plus settings: `extends` (packs to use,
default `default`), `rules`/`disable` (overrides on top of the packs), `columns` (header → role),
`vocabulary` (call-result codes and statuses, as in a pack), `channels`, `campaign` (`sector`: one of
`SECTORS`, whose canvassing bans then apply; `--sector` wins), `lang`, `fail_on`, `controller` (who is responsible: name, dpo, contact),
`neutralise_formulas` (default true; false: the CSV outputs keep
cells a spreadsheet would run as they are), `examples` (per rule and column in the reports), `findings` (the side
file's format) and `max_cell_chars` (a workbook's longest cell, at least Excel's 32,767). Unknown keys are refused with their line, so a typo cannot silently weaken a
check.
"""
from __future__ import annotations

import datetime as dt
import locale
import os
from dataclasses import dataclass, field
from pathlib import Path

from fichier_check.read.columns import ROLES
from fichier_check.read.targets import report_path, repository_root
from fichier_check.read.xlsx_guard import EXCEL_CELL_CHARS
from fichier_check.errors import UserError
from fichier_check.engine.rule import CHANNELS, LANGS, SECTORS
from fichier_check.engine.yaml_lines import LineDict, load_yaml_with_lines

CONFIG_NAMES = ("fichier-check.yaml", ".fichier-check.yaml", "fichier-check.yml", ".fichier-check.yml")
CONFIG_KEYS = {"extends", "rules", "disable", "columns", "channels", "lang", "fail_on", "controller",
               "neutralise_formulas", "examples", "findings", "max_cell_chars", "pack", "version", "description",
               "waivers", "vocabulary", "campaign"}
CAMPAIGN_KEYS = ("sector",)
FINDINGS_FORMATS = ("parquet", "csv", "jsonl", "none")
MAX_EXAMPLES = 10_000  # per rule and column: the HTML report stays one that a browser opens
FAIL_ON = ("error", "warning", "never")


@dataclass
class Settings:
    """Everything an audit run needs to know, validated."""

    input: Path
    out_dir: Path
    as_of: dt.date
    channels: tuple[str, ...]
    lang: str
    fail_on: str
    packs: list[str]
    opposition: list[Path] = field(default_factory=list)
    bloctel: Path | None = None
    calls: Path | None = None  # --calls: the call history (read/call_history)
    sector: str | None = None  # --sector or campaign: sector: (the sector bans)
    show_values: bool = False
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    output_format: str = "text"
    quiet: bool = False
    neutralise_formulas: bool = True  # CSV outputs: a cell a spreadsheet would run written as text
    jobs: int | None = None
    chunk_rows: int = 50_000  # rows per chunk: memory stays bounded by this, not by the file
    examples: int = 100  # masked examples per (rule, column) in the JSON and HTML reports
    findings_format: str = "parquet"  # the findings side file: parquet, csv, jsonl or none
    max_cell_chars: int = EXCEL_CELL_CHARS  # a workbook with a longer cell is refused as not Excel's
    columns: dict[str, str] = field(default_factory=dict)
    controller: dict | None = None
    config_path: Path | None = None
    config_data: LineDict | None = None
    command: str = ""
    display_path: str | None = None  # the input as reports name it (check: relative to the repository root)
    write_outputs: bool = True  # False: the check command, findings only
    fingerprints: bool = False  # give every finding its fingerprint (CI formats, baseline)
    waivers: list = field(default_factory=list)  # engine/waivers.Waiver, from the config
    baseline: object = None  # engine/baseline.Baseline
    fail_on_new: bool = False  # with a baseline: only new findings fail the run
    single_file: bool = True  # an audit: a one-file baseline of a file of the same name matches it from any folder

    @property
    def report_path(self) -> str:
        """The input as the JSON report names it: as given (an audit), relative to the root (check)."""
        return self.display_path or str(self.input)

    @property
    def repository_path(self) -> str:
        """The input relative to its repository's root, with `/`: what waivers and CI formats match."""
        return self.display_path or report_path(self.input, repository_root(Path.cwd()))


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def read_config(path: Path) -> LineDict:
    data = load_yaml_with_lines(path)
    if data is None:
        return LineDict()
    if not isinstance(data, LineDict):
        raise UserError("the config must be a mapping of settings", path=path, line=1)
    for key in data:
        if key not in CONFIG_KEYS:
            raise UserError(f"unknown setting {key!r}", path=path, line=data.line_of(key),
                            hint=f"known settings: {', '.join(sorted(CONFIG_KEYS))}")
    _check_config_values(data, path)
    return data


def _check_config_values(data: LineDict, path: Path) -> None:
    columns = data.get("columns") or {}
    if not isinstance(columns, dict):
        raise UserError("columns: expected a mapping header: role", path=path, line=data.line_of("columns"))
    for header, role in columns.items():
        if role not in ROLES:
            raise UserError(f"columns: unknown role {role!r} for {header!r}", path=path,
                            line=columns.line_of(header) if isinstance(columns, LineDict) else None,
                            hint=f"roles: {', '.join(sorted(ROLES))}")
    _check_campaign(data, path)
    checks = {"channels": lambda v: isinstance(v, list) and all(c in CHANNELS for c in v),
              "lang": lambda v: v in LANGS, "fail_on": lambda v: v in FAIL_ON,
              "controller": lambda v: isinstance(v, dict), "neutralise_formulas": lambda v: isinstance(v, bool),
              "examples": lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_EXAMPLES,
              "findings": lambda v: v in FINDINGS_FORMATS,
              "max_cell_chars": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= EXCEL_CELL_CHARS}
    for key, ok in checks.items():
        if key in data and not ok(data[key]):
            raise UserError(f"{key}: invalid value {data[key]!r}", path=path, line=data.line_of(key))


def _check_campaign(data: LineDict, path: Path) -> None:
    """`campaign:` is a mapping of known keys; its `sector` one of SECTORS."""
    if "campaign" not in data:
        return
    campaign = data["campaign"]
    if not isinstance(campaign, LineDict):
        raise UserError("campaign: expected a mapping (e.g. sector: energy-renovation)", path=path,
                        line=data.line_of("campaign"))
    for key in campaign:
        if key not in CAMPAIGN_KEYS:
            raise UserError(f"campaign: unknown setting {key!r}", path=path, line=campaign.line_of(key),
                            hint=f"known: {', '.join(CAMPAIGN_KEYS)}")
    if "sector" in campaign and campaign["sector"] not in SECTORS:
        raise UserError(f"campaign: sector {campaign['sector']!r} is not one of {', '.join(SECTORS)}", path=path,
                        line=campaign.line_of("sector"), hint="leave it out for a campaign outside these sectors")


def default_lang() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    loc = locale.getlocale()[0] or ""
    return "fr" if loc.lower().startswith("fr") else "en"


def parse_date(text: str, option: str = "--as-of") -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} {text!r} is not a date", hint="write it YYYY-MM-DD, e.g. 2026-11-28") from None
