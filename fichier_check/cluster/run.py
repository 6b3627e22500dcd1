"""`audit DATASET --engine dask`: the same audit, its parts checked by the workers of a Dask cluster.

The driver (this process) plans the run as `audit.py` does: rule packs, lists, the header mapped
to roles from the first part. The lists are broadcast to every worker (hashed, as loaded); each
part is a task (`parts.check_part`): the same check modules, chunk by chunk. The driver then absorbs
the parts' findings and decisions in file order (`engine/partitions`), the person keys are grouped
on the cluster (`whole_file`), the whole-file rules conclude, and the reports are made as on one
machine. Last, each part is read again by a worker, which writes its cleaned and quarantined rows
into a temporary folder; once every part is written, the folders and the reports are renamed
into place together. A failed part ends the run with exit 3 and leaves nothing.
"""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from fichier_check import audit
from fichier_check.analysis.blinded_lists import blind
from fichier_check.analysis.lists import SuppressionList
from fichier_check.analysis.mask import looks_personal
from fichier_check.cluster import client as clients
from fichier_check.cluster import dataset as datasets
from fichier_check.cluster import whole_file
from fichier_check.cluster.outputs import PartFolders
from fichier_check.cluster.parts import PartPlan, check_part, header_end, write_part
from fichier_check.config import Settings
from fichier_check.engine import partitions
from fichier_check.engine.findings import AuditResult
from fichier_check.engine.run_rules import Engine, plan_rules
from fichier_check.errors import UserError
from fichier_check.read.columns import map_columns
from fichier_check.read.parquet_source import ParquetSource
from fichier_check.read.source import open_table
from fichier_check.table import LoadOptions
from fichier_check.write.clean import plan_layout
from fichier_check.write.output import OutputSet

DEFAULT_PARTITION_SIZE = 128 << 20  # the most a part of a large CSV file holds unless --partition-size says
SMALLEST_AUTO_PART = 16 << 20
PARTS_PER_WORKER = 4  # a large file without --partition-size: at least this many parts per worker, for balance


# What the run says on stderr as it goes (--quiet: nothing), in the run's language.
PROGRESS = {
    "dashboard": {"fr": "tableau de bord Dask : {}", "en": "Dask dashboard: {}"},
    "checking": {"fr": "contrôle de {} partie{} sur {} worker{} Dask", "en": "checking {} part{} on {} Dask worker{}"},
    "checked": {"fr": "parties contrôlées et additionnées en {:.0f} s", "en": "checked and added up in {:.0f} s"},
    "grouping": {"fr": "regroupement des personnes (doublons, oppositions suivies) à {:.0f} s",
                 "en": "grouping the person keys (duplicates, objections followed to the same person) at {:.0f} s"},
    "writing": {"fr": "écriture des parties nettoyées et en quarantaine à {:.0f} s",
                "en": "writing the cleaned and quarantine parts at {:.0f} s"},
    "done": {"fr": "terminé en {:.0f} s", "en": "done in {:.0f} s"},
}


@dataclass
class ClusterOptions:
    scheduler: str | None = None  # None: a LocalCluster on this machine
    partition_size: int | None = None  # a large CSV file is cut in parts of about this many bytes (None: auto)
    parts_format: str = "parquet"  # the cleaned and quarantine parts: parquet or csv
    workers: int | None = None  # a LocalCluster's worker processes (default: one per core)


def run_on_cluster(settings: Settings, options: ClusterOptions, tell: Callable[[str], None] | None = None
                   ) -> AuditResult:
    """Audit `settings.input` (a dataset) on the cluster; write the part folders and the reports."""
    tell, lang = tell or (lambda text: None), settings.lang
    started = time.monotonic()
    clock = lambda: time.monotonic() - started  # noqa: E731
    ruleset = audit.load_ruleset(settings)
    lists = audit.load_lists(settings, ruleset.vocabulary.day_first)
    dataset = datasets.find_parts(settings.input)
    if dataset.kind == "csv" and any(p.path.suffix.lower() in (".xlsx", ".xlsm") for p in dataset.parts):
        raise UserError("a workbook is audited on one machine", path=settings.input, hint="leave out --engine dask")
    folders = PartFolders(settings.out_dir, dataset.stem, options.parts_format)
    folders.refuse_foreign()
    load = LoadOptions(settings.encoding, settings.delimiter, None, settings.chunk_rows, settings.max_cell_chars)
    first, whole = _first_part(dataset, load)
    with clients.connected(options.scheduler, options.workers) as client:
        tell(PROGRESS["dashboard"][lang].format(clients.dashboard(client)))
        digest = audit.InputDigest(dataset.path) if whole is not None else None  # while the workers work
        planned_warnings: list[str] = []
        try:
            if whole is not None:  # every part read with the file's own encoding and delimiter
                load = LoadOptions(whole.format.encoding, whole.format.delimiter, None, settings.chunk_rows,
                                   settings.max_cell_chars)
                uncut = _cut(client, dataset, whole, options.partition_size)
                if uncut:
                    tell(uncut)
                    planned_warnings.append(uncut)
            planned = _plan(settings, ruleset, lists, dataset, first, load)
            [plan_f] = client.scatter([planned.plan], broadcast=True, hash=False)  # for the checks and the writing
            engine, parts = _check(client, settings, dataset, planned, plan_f, lists, tell, clock)
            result = _result(settings, dataset, digest, parts, ruleset, planned, engine, lists)
            result.warnings[:0] = planned_warnings
            audit.review(result, settings, ruleset)
            result.options.update(engine="dask", scheduler=options.scheduler or "LocalCluster",
                                  partitions=len(dataset.parts), parts_format=options.parts_format)
            tell(PROGRESS["writing"][lang].format(clock()))
            _write(client, settings, options, dataset, folders, planned, plan_f, engine, parts, result)
        finally:
            if digest is not None:
                digest.stop()
        tell(PROGRESS["done"][lang].format(clock()))
    return result


@dataclass
class _Planned:
    """What the driver decided before any part is checked."""

    plan: PartPlan
    columns: object
    active: list
    skipped: list


def _plan(settings: Settings, ruleset, lists: dict, dataset: datasets.Dataset, first, load: LoadOptions) -> _Planned:
    """The rules in force and the columns' roles, from the first part's header and first rows."""
    chunk = next(iter(first.chunks()), None)
    columns = map_columns(first.header, settings.columns, chunk.frame if chunk is not None else None)
    columns.masked = not settings.show_values and any(looks_personal(name) for name in first.header)
    active, skipped = plan_rules(ruleset.rules, columns, settings.as_of, settings.channels, lists, settings.sector)
    plan = PartPlan([a.rule for a in active], columns, list(first.header), settings.as_of, settings.channels,
                    settings.lang, settings.show_values, settings.examples, settings.fingerprints,
                    ruleset.vocabulary, settings.sector, load, dataset.prefix, first.header_row, first.header_line)
    return _Planned(plan, columns, active, skipped)


def _check(client, settings: Settings, dataset: datasets.Dataset, planned: _Planned, plan_f, lists: dict, tell,
           clock) -> tuple[Engine, list]:
    """Every part checked by the workers and absorbed in file order by the run's engine, the
    whole-file rules concluded. Returns the engine and, per part, (rows, chunks, `PartFacts`)."""
    names = [part.name for part in dataset.parts]
    plan = planned.plan
    # The suppression lists go to every worker as keyed hashes, never in clear (analysis/blinded_lists).
    key = (secrets.randbits(64), secrets.randbits(64))
    blinded = {name: blind(each, key) if isinstance(each, SuppressionList) else each for name, each in lists.items()}
    [lists_f] = client.scatter([blinded], broadcast=True, hash=False)
    workers = len(client.scheduler_info().get("workers", {}))
    tell(PROGRESS["checking"][settings.lang].format(len(names), "s" if len(names) > 1 else "", workers,
                                                   "s" if workers > 1 else ""))
    checked = [client.submit(check_part, part, plan_f, lists_f, pure=False) for part in dataset.parts]
    summaries = [client.submit(_summary, f, pure=False) for f in checked]
    states = [client.submit(_states, f, pure=False) for f in checked]  # they stay on the workers
    del checked  # each worker keeps its parts' whole-file states, and their summaries until fetched
    engine = Engine(planned.active, planned.columns, settings.as_of, settings.channels, lists, settings.lang,
                    settings.show_values, examples=settings.examples, header_row=plan.header_row,
                    header_line=plan.header_line, fingerprints=settings.fingerprints, vocabulary=plan.vocabulary,
                    sector=settings.sector)
    index_offsets, parts, row_offset, line_offset = [], [], 0, 0
    for outcome, facts in clients.one_by_one(summaries, names):
        index_offsets.append(engine.rows)
        parts.append((outcome.rows, len(outcome.decisions), facts))
        partitions.absorb(engine, outcome, row_offset, line_offset)
        row_offset, line_offset = row_offset + facts.rows, line_offset + facts.lines
    clients.settle(states, names)
    tell(PROGRESS["checked"][settings.lang].format(clock()))
    if engine.file:
        tell(PROGRESS["grouping"][settings.lang].format(clock()))
        whole_file.conclude_keys(client, states, index_offsets, engine,
                                 lambda futures: clients.gather(client, futures, names))
    del states  # the workers drop the parts' whole-file states
    engine.finish_file()
    return engine, parts


def _write(client, settings: Settings, options: ClusterOptions, dataset: datasets.Dataset, folders: PartFolders,
           planned: _Planned, plan_f, engine: Engine, parts: list, result: AuditResult) -> None:
    """Each part read again and written by a worker into the staging folder; then the reports,
    and every output put in place."""
    layout = plan_layout(list(planned.plan.header), planned.columns, engine.decisions)
    with folders.staging() as staging:
        writes, base = [], 0
        for part, (_, chunks, _) in zip(dataset.parts, parts):
            decisions = {number: engine.decisions.chunks[base + number] for number in range(chunks)}
            writes.append(client.submit(write_part, part, plan_f, decisions, layout, staging, options.parts_format,
                                        settings.neutralise_formulas, pure=False))
            base += chunks
        clients.gather(client, writes, [part.name for part in dataset.parts])
        _commit(settings, dataset, folders, staging, result)


def _summary(checked):
    outcome, facts = checked
    return outcome.without_states(), facts


def _states(checked):
    return checked[0].states


def _first_part(dataset: datasets.Dataset, load: LoadOptions):
    """The first part opened on the driver (its header and first rows plan the run), and for a
    large CSV file the whole file's source (its encoding, delimiter and header)."""
    first = dataset.parts[0]
    if first.kind == "parquet":
        return ParquetSource(first.path, load.chunk_rows), None
    source = open_table(first.path, load)
    return source, source if dataset.path.is_file() else None


def _cut(client, dataset: datasets.Dataset, source, size: int | None) -> str | None:
    """Cut a large CSV file in parts of about `size` bytes, the workers counting the quotes; a
    warning (for the report) when it is left whole for a stray quote."""
    if not datasets.splittable(source.format.encoding):
        return None  # UTF-16: one part
    start, end = header_end(dataset.path, source), dataset.path.stat().st_size
    if size is None:  # parts enough for every worker to have a few (the last ones even out), 16-128 MB each
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = min(DEFAULT_PARTITION_SIZE, max(SMALLEST_AUTO_PART, -(-(end - start) // (PARTS_PER_WORKER * workers))))
    newline = b"\r" if source.format.line_terminator == "\r" else b"\n"
    bounds = list(range(start, end, max(1, size))) or [start]
    delimiter = (source.format.delimiter or ";").encode(source.format.encoding or "utf-8")
    scans = [client.submit(datasets.scan_block, dataset.path, a, min(a + size, end), newline, delimiter, pure=False)
             for a in bounds]
    blocks = clients.gather(client, scans, [f"{dataset.path.name} [bytes {a}-]" for a in bounds])
    stray = next((block[3] for block in blocks if block[3] >= 0), None)
    if stray is not None and len(blocks) > 1:
        return (f"not cut in parts: a quote stands inside an unquoted cell at byte {stray:,} (counting quotes "
                "would not tell where its quoted cells are); read as one part — fix that cell, or give a folder "
                "of parts").replace(",", " ")
    datasets.cut(dataset, start, datasets.cut_points(start, end, blocks))
    return None


def _result(settings, dataset, digest, checked, ruleset, planned: _Planned, engine, lists) -> AuditResult:
    """`checked`: per part, (its rows, its chunks, its `PartFacts`)."""
    parts = [{"name": facts.name, "size": facts.size, "sha256": facts.sha256, "rows": rows}
             for rows, _, facts in checked]
    if digest is not None:  # one large file: its own SHA-256, as a one-machine run gives it
        sha256 = digest.result()
    else:  # a folder: the SHA-256 of its parts' list, one `sha256  name` line each (as sha256sum writes it)
        sha256 = hashlib.sha256("".join(f"{p['sha256']}  {p['name']}\n" for p in parts).encode()).hexdigest()
    described = checked[0][2].format.describe()
    size = dataset.path.stat().st_size if dataset.path.is_file() else sum(p["size"] for p in parts)
    facts = {"path": settings.report_path, "name": dataset.path.name, "size": size, "sha256": sha256, **described}
    # what every part says (a one-column header) once; what one part says, with its name (a
    # malformed row: its line is the part's own, counted from the part's first line)
    common = set.intersection(*(set(part.warnings) for _, _, part in checked))
    warnings = [w for w in checked[0][2].warnings if w in common]
    for _, _, part in checked:
        warnings += [f"{part.name}: {warning}" for warning in part.warnings if warning not in common]
    result = audit.result_of(settings, facts, warnings, ruleset, planned.columns, engine, planned.skipped, lists,
                             planned.active)
    result.input["parts"] = parts
    quarantined = engine.decisions.rows_quarantined()
    result.rows_quarantined, result.rows_kept = quarantined, engine.rows - quarantined
    return result


def _commit(settings: Settings, dataset, folders: PartFolders, staging: Path, result: AuditResult) -> None:
    """The reports written, then every output put in place at once (the part folders first)."""
    paths = audit.report_paths(settings, dataset.stem)
    inputs = [settings.input, *audit.list_files(settings)]
    with OutputSet(protect=[p for p in inputs if p.is_file()]) as outputs:
        for stale in audit.stale_side_files(settings, dataset.stem):
            outputs.replaces(stale)
        result.outputs = {"clean": str(folders.final("clean")), "quarantine": str(folders.final("quarantine")),
                          **{k: str(v) for k, v in paths.items()}}
        audit.write_reports(outputs, paths, result, settings)
        outputs.before_commit(lambda: folders.put_in_place(staging))
        outputs.commit()

