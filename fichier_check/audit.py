"""One audit run, end to end: load → map columns → run rules → decisions → write outputs.

Nothing is written until every check has run; all outputs are written to temporary files and
renamed into place together at the very end, so an interrupted or refused run leaves nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from fichier_check import __version__, runtime
from fichier_check.analysis.lists import merge
from fichier_check.analysis.mask import looks_personal
from fichier_check.config import FINDINGS_FORMATS, Settings
from fichier_check.engine.baseline import compare, key_id
from fichier_check.engine.findings import AuditResult, RuleInfo
from fichier_check.engine.waivers import apply_waivers, check_rules
from fichier_check.engine.rulepack import RuleSet, load_rules
from fichier_check.engine.run_rules import Engine, plan_rules
from fichier_check.errors import UserError
from fichier_check.read.call_history import load_calls
from fichier_check.read.columns import map_columns
from fichier_check.read.list_file import load_list
from fichier_check.read.source import open_table
from fichier_check.report.files import open_report_files, render, render_in_child
from fichier_check.table import LoadOptions
from fichier_check.write.clean import plan_layout, split_chunk
from fichier_check.write.output import OutputSet
from fichier_check.write.writers import open_writer, writes_in_background

HEADER_LOOKS_LIKE_DATA = ("the header row holds what looks like an e-mail address or a phone number: if the file "
                          "has no header row, add one (the reports mask these headers)")
# With this many findings or more (a JSON report of about 10 MB), the reports are written by a
# second process while the run writes the cleaned files.
BACKGROUND_MIN_FINDINGS = 100_000


def output_paths(settings: Settings) -> dict[str, Path]:
    stem, ext = settings.input.stem, settings.input.suffix or ".csv"
    out = settings.out_dir
    return {"clean": out / f"{stem}.clean{ext}", "quarantine": out / f"{stem}.quarantine{ext}",
            **report_paths(settings, stem)}


def report_paths(settings: Settings, stem: str) -> dict[str, Path]:
    """The JSON and HTML reports and the findings side file of a run whose outputs start with `stem`."""
    out = settings.out_dir
    paths = {"json": out / f"{stem}.report.json", "html": out / f"{stem}.report.html"}
    if settings.findings_format != "none":
        paths["findings"] = out / f"{stem}.findings.{settings.findings_format}"
    return paths


def stale_side_files(settings: Settings, stem: str | None = None) -> list[Path]:
    """The findings side files an earlier run may have left in other formats (they would sit beside
    this run's reports, unlisted, perhaps with values shown)."""
    stem = stem or settings.input.stem
    return [settings.out_dir / f"{stem}.findings.{name}" for name in FINDINGS_FORMATS
            if name not in ("none", settings.findings_format)]


def list_files(settings: Settings) -> list[Path]:
    """The files of the run's lists (opposition, Bloctel, call history): inputs no output may replace."""
    return [*settings.opposition, *(p for p in (settings.bloctel, settings.calls) if p)]


def load_ruleset(settings: Settings) -> RuleSet:
    config = settings.config_data
    packs = settings.packs or list((config or {}).get("extends") or []) or ["default"]
    if isinstance(packs, str):
        packs = [packs]
    ruleset = load_rules([str(p) for p in packs], overrides=config, override_path=settings.config_path)
    return ruleset


def load_lists(settings: Settings, day_first: bool = True) -> dict:
    """The run's lists by name; `day_first`: how the call history's slashed dates read (the vocabulary's)."""
    lists = {}
    if settings.opposition:
        lists["opposition"] = merge([load_list(p, "opposition") for p in settings.opposition])
    if settings.bloctel:
        lists["bloctel"] = load_list(settings.bloctel, "bloctel")
    if settings.calls:  # not a suppression list: the call-pressure rules read it as ctx.lists["calls"]
        lists["calls"] = load_calls(settings.calls, day_first)
    return lists


class InputDigest:
    """The input's SHA-256 (for the report), computed by a thread while the run starts: hashlib
    and file reads let other threads run, so it costs the run's own thread nothing. `stop()`
    ends it within a block read, whatever happened (no thread outlives its run)."""

    def __init__(self, path: Path) -> None:
        import threading
        self._value: str | None = None
        self._error: BaseException | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._compute, args=(path,), name="input-sha256", daemon=True)
        self._thread.start()

    def _compute(self, path: Path) -> None:
        try:
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    if self._stopping.is_set():
                        return
                    digest.update(block)
            self._value = digest.hexdigest()
        except BaseException as error:  # raised in the run's thread by result()
            self._error = error

    def result(self) -> str:
        """The hex digest (waits for the thread; its error, if any, is raised here)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()


def run_audit(settings: Settings, progress=None, ruleset: RuleSet | None = None, lists: dict | None = None
              ) -> AuditResult:
    """Audit `settings.input`; write the cleaned/quarantine files and the reports; return the
    result. `ruleset` and `lists`: already loaded for these settings (a check run of many files)."""
    runtime.bound_memory()
    runtime.set_jobs(settings.jobs)
    try:
        return _run(settings, progress, ruleset, lists)
    finally:
        runtime.shutdown_pool()


def _run(settings: Settings, progress, ruleset: RuleSet | None, lists: dict | None) -> AuditResult:
    ruleset = ruleset if ruleset is not None else load_ruleset(settings)
    lists = lists if lists is not None else load_lists(settings, ruleset.vocabulary.day_first)
    if not settings.input.is_file():
        raise UserError("file not found" if not settings.input.exists() else "not a file", path=settings.input,
                        hint="check the path")
    digest = InputDigest(settings.input)
    try:
        source = runtime.parsed_once(open_table(settings.input, LoadOptions(
            settings.encoding, settings.delimiter, settings.sheet, settings.chunk_rows, settings.max_cell_chars)))
        chunks = source.chunks()
        first = next(chunks, None)
        columns = map_columns(source.header, settings.columns, first.frame if first is not None else None)
        columns.masked = not settings.show_values and any(looks_personal(name) for name in source.header)
        active, skipped = plan_rules(ruleset.rules, columns, settings.as_of, settings.channels, lists, settings.sector)
        engine = Engine(active, columns, settings.as_of, settings.channels, lists, settings.lang, settings.show_values,
                        examples=settings.examples, header_row=source.header_row, header_line=source.header_line,
                        fingerprints=settings.fingerprints, vocabulary=ruleset.vocabulary, sector=settings.sector)
        sha256 = digest.result()  # before the workers are forked: no thread runs when a process forks
    finally:
        digest.stop()
    kept = None  # the first chunk, while it is the only one: a file of one chunk is not read twice
    if first is not None:
        total = _estimated_rows(settings.input, first)
        prepared = runtime.with_analyses(_chain(first, chunks), columns, lists, lookups(active))
        for number, (chunk, analyses) in enumerate(prepared):
            engine.check_chunk(chunk, number, analyses)
            kept = chunk if number == 0 else None
            if progress:
                progress(engine.rows, total)
        first = chunk = analyses = prepared = None  # only `kept` may keep a chunk alive
    runtime.shutdown_pool()  # the checks are done: no worker outlives them, whatever happens next
    engine.finish_file()  # the whole-file rules (the same person on several rows), before any count is read
    facts = {"path": settings.report_path, "name": settings.input.name, "size": settings.input.stat().st_size,
             "sha256": sha256, **source.format.describe()}
    result = result_of(settings, facts, source.warnings, ruleset, columns, engine, skipped, lists, active)
    quarantined = engine.decisions.rows_quarantined()
    result.rows_quarantined, result.rows_kept = quarantined, engine.rows - quarantined
    review(result, settings, ruleset)
    if not settings.write_outputs:  # the check command: findings only, nothing written
        return result
    layout = plan_layout(source.header, columns, engine.decisions)
    paths = output_paths(settings)
    with OutputSet(protect=[settings.input, *list_files(settings)]) as outputs:
        for stale in stale_side_files(settings):
            outputs.replaces(stale)
        result.outputs = {k: str(v) for k, v in paths.items()}
        # What writes in a second process is forked first, before this one has opened anything else.
        write_reports(outputs, paths, result, settings)
        background = writes_in_background(source.format, runtime.jobs(), {
            "clean": (engine.rows - quarantined) * len(layout.clean_header),
            "quarantine": quarantined * len(layout.quarantine_header)})
        writers = {}
        for name in sorted(("clean", "quarantine"), key=lambda n: n != background):
            header = layout.clean_header if name == "clean" else layout.quarantine_header
            writers[name] = open_writer(outputs, paths[name], source.format, header, background=name == background,
                                        neutralise=settings.neutralise_formulas)
        clean, quarantine = writers["clean"], writers["quarantine"]
        replay = [kept] if kept is not None else source.chunks()
        written = 0
        for number, chunk in enumerate(replay):
            parts = split_chunk(chunk, engine.decisions.chunks[number], layout)
            clean.write(parts.clean, parts.clean_typed)
            quarantine.write(parts.quarantine, parts.quarantine_typed)
            written += len(chunk.frame)
            if progress:
                progress(written, engine.rows, "writing")
        outputs.commit()
    return result


def review(result: AuditResult, settings: Settings, ruleset: RuleSet) -> None:
    """What the team said of the findings: the config's waivers, the baseline's known findings."""
    check_rules(settings.waivers, ruleset.known)
    apply_waivers(result, settings.repository_path, settings.waivers, dt.date.today(), ruleset.aliases)
    if settings.baseline is not None:
        compare(result, settings.repository_path, settings.baseline, settings.single_file)


def write_reports(outputs: OutputSet, paths: dict[str, Path], result: AuditResult, settings: Settings) -> None:
    """The JSON and HTML reports and the findings side file: written here, or, for a large run on
    two cores, by a forked child while this process writes the cleaned files."""
    files = open_report_files(outputs, paths)
    lang, show_values, side = settings.lang, settings.show_values, settings.findings_format
    if runtime.jobs() < 2 or sum(o.count for o in result.outcomes) < BACKGROUND_MIN_FINDINGS:
        render(result, lang, show_values, files, side)
        return
    # an error that names no file (pyarrow's, from the side file) is the reports' folder's
    runtime.in_forked_child(outputs, lambda: render_in_child(result, lang, show_values, files, side),
                            paths["json"].parent)


def lookups(active) -> list[tuple[str, str]]:
    """The (list, role) lookups the active rules make, for the workers to prepare ahead."""
    return [pair for item in active for pair in item.module.lookups(item.rule.params)]


def _estimated_rows(path: Path, first) -> int:
    """Rows in the whole file, guessed from the first chunk's bytes per row (for the ETA only)."""
    rows = len(first.frame)
    if not rows:
        return 0
    sample = first.frame.head(2000)
    per_row = sum(int(sample[c].str.len().sum()) for c in sample.columns) / len(sample) + sample.shape[1]
    return max(rows, int(path.stat().st_size / max(per_row, 1.0)))


def _chain(first, rest):
    yield first
    yield from rest


def result_of(settings: Settings, input_facts: dict, warnings: list[str], ruleset: RuleSet, columns,
              engine: Engine, skipped, lists, active) -> AuditResult:
    """The run's result once its engine has finished: `input_facts`, the input as the report
    describes it (path, name, size, sha256 and format); `warnings`, the reader's."""
    result = AuditResult(
        input={**input_facts, "rows": engine.rows, "columns": columns.shown()},
        options={"as_of": settings.as_of.isoformat(), "channels": list(settings.channels), "fail_on": settings.fail_on,
                 "rule_packs": [{"name": p.name, "version": p.version, "sha256": p.sha256} for p in ruleset.packs],
                 "lang": settings.lang, "show_values": settings.show_values, "examples": settings.examples,
                 "findings": settings.findings_format,
                 "run_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                 "tool_version": __version__, "library_versions": library_versions(),
                 "controller": settings.controller, "command": settings.command,
                 "lists": {name: lst.stats() for name, lst in lists.items()},
                 **({"sector": settings.sector} if settings.sector else {}),
                 **({"fingerprint_key": key_id()} if settings.fingerprints else {}),
                 **({"fail_on_new": True} if settings.fail_on_new else {})},
        columns=columns.as_report(),
        outcomes=engine.outcomes(),
        skipped=skipped,
        rules=[_rule_info(a.rule, settings.lang) for a in active],
        warnings=list(warnings) + ([HEADER_LOOKS_LIKE_DATA] if columns.masked else [])
        + [w for each in lists.values() for w in getattr(each, "warnings", ())],
        lists=[file for each in lists.values() for file in each.sources],
    )
    result.regime = _regimes(active, settings.lang)
    result.stats = {"customer_types": engine.customer_types, "reachable": engine.reachable,
                    "terms_cleared": {rule: dict(sorted(counts.items())) for rule, counts in engine.terms_cleared.items()}}
    return result


def _rule_info(rule, lang: str) -> RuleInfo:
    return RuleInfo(id=rule.id, family=rule.family, severity=rule.severity, action=rule.action,
                    channels=rule.channels, legal_basis=rule.legal_basis, legal_url=rule.legal_url,
                    message=rule.text("message", lang), description=rule.text("description", lang))


def _regimes(active, lang: str) -> dict[str, str]:
    regimes = {}
    for item in active:
        regime = item.rule.regime
        if regime and regime.get("channel"):
            regimes[regime["channel"]] = regime.get(lang) or regime.get("en") or ""
    return regimes


_LIBRARIES = {"phonenumbers": "phonenumbers", "email-validator": "email_validator", "pandas": "pandas",
              "pyarrow": "pyarrow", "python-calamine": "python_calamine", "xlsxwriter": "xlsxwriter"}


def library_versions() -> dict[str, str]:
    """The versions of the libraries whose behaviour the results depend on: a loaded module's own
    `__version__`, else the installed distribution's (a metadata lookup costs milliseconds each)."""
    import sys
    from importlib.metadata import PackageNotFoundError, version
    out = {}
    for name, module in _LIBRARIES.items():
        loaded = getattr(sys.modules.get(module), "__version__", None)
        try:
            out[name] = loaded if isinstance(loaded, str) else version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out
