"""The terminal summary: verdict, counts per rule and severity, a few masked examples per rule,
where the outputs are. Data from the file is never interpreted: no rich markup, and control
characters (ANSI/OSC escapes) are shown as visible symbols."""
from __future__ import annotations

import io
import re
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from fichier_check.engine.findings import AuditResult, Severity
from fichier_check.report.terminal_text import counted, t
from fichier_check.report.family_names import family_name
from fichier_check.report.summary import has_side_file, verdict

EXAMPLES_PER_RULE = 3
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def safe(value: object) -> str:
    """Show control characters (ESC, bidi overrides…) as visible code points, never execute them."""
    text = str(value).replace("\r\n", "⏎").replace("\n", "⏎").replace("\t", "⇥")
    return _CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


class _Console(Console):
    """rich's console, except that a reader gone away (`| head`) is the caller's to handle: rich
    would end the process with status 1, whatever the audit found (runner.to_stdout keeps it)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def print_summary(result: AuditResult, lang: str, file: TextIO | None = None, color: bool | None = None) -> None:
    import sys
    target = file if file is not None else sys.stdout
    width = None if target.isatty() else 120  # pipes and CI logs: wide enough for one line per rule
    console = _Console(file=file, markup=False, highlight=False, emoji=False, force_terminal=color,
                      no_color=color is False, width=width, soft_wrap=False)
    _header(console, result, lang)
    _rules_table(console, result, lang)
    _footer(console, result, lang)


def render_text(result: AuditResult, lang: str = "fr") -> str:
    buffer = io.StringIO()
    print_summary(result, lang, file=buffer, color=False)
    return buffer.getvalue()


def _header(console: Console, result: AuditResult, lang: str) -> None:
    info, options = result.input, result.options
    if options.get("show_values"):
        console.print(Text(t(lang, "values_shown"), style="bold white on red"))
    line = Text(f"{t(lang, 'input')} : " if lang == "fr" else f"{t(lang, 'input')}: ")
    line.append(safe(info.get("name", "")), style="bold")
    details = [info.get("format"), info.get("encoding"),
               f"« {safe(info['delimiter'])} »" if info.get("delimiter") else None,
               f"{info.get('rows', 0)} {t(lang, 'rows')}", f"{len(info.get('columns', []))} {t(lang, 'columns')}"]
    line.append(" (" + ", ".join(str(d) for d in details if d) + ")")
    console.print(line)
    regime = " · ".join(f"{k}: {safe(v)}" for k, v in result.regime.items())
    console.print(Text(f"{t(lang, 'as_of')} {options.get('as_of')} · {t(lang, 'channels')}: "
                       f"{', '.join(options.get('channels', []))}" + (f" · {regime}" if regime else "")))
    ok = verdict(result) == "pass"
    console.print(Text(f"{t(lang, 'verdict')} : " if lang == "fr" else f"{t(lang, 'verdict')}: ")
                  + Text(t(lang, "verdict_pass" if ok else "verdict_fail"), style="bold green" if ok else "bold red"))
    for source in result.lists:
        _list_read(console, source, lang)
    for warning in result.warnings:
        console.print(Text(f"! {safe(warning)}", style="yellow"))


def _list_read(console: Console, source, lang: str) -> None:
    """One line per list file: what was recognised in it, and the first lines it rejected (a
    warning: they protect no one)."""
    name = t(lang, f"list_{source.kind}") if source.kind in ("opposition", "bloctel") else \
        t(lang, "list_other", kind=source.kind)
    counts = ", ".join(counted(lang, f"list_{key}", getattr(source, key))
                       for key in ("lines", "emails", "phones", "hashes", "rejected"))
    text = f"{name} {safe(source.path)}{' : ' if lang == 'fr' else ': '}{counts}"
    if not source.rejected:
        console.print(Text(text), soft_wrap=True)  # a path cut in two cannot be copied
        return
    more = "…" if source.rejected > len(source.rejected_lines) else ""
    where = t(lang, "list_rejected_lines").split("|")[len(source.rejected_lines) > 1]
    console.print(Text(f"! {text} ({where} {', '.join(map(str, source.rejected_lines))}{more})", style="yellow"),
                  soft_wrap=True)


def _rules_table(console: Console, result: AuditResult, lang: str) -> None:
    if not result.outcomes:
        console.print(Text(t(lang, "no_findings"), style="green"))
        return
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for key in ("rule", "severity", "count", "action"):
        table.add_column(t(lang, key), justify="right" if key == "count" else "left", no_wrap=key != "action")
    outcomes = sorted(result.outcomes, key=lambda o: (-o.severity, o.rule_id, o.column or ""))
    for outcome in outcomes:
        label = outcome.rule_id + (f" · {safe(outcome.column)}" if outcome.column else "")
        table.add_row(Text(label), Text(t(lang, outcome.severity.label), style=_STYLES[outcome.severity]),
                      Text(_number(outcome.count, lang)), Text(t(lang, f"action_{outcome.action}")))
    console.print(table)
    families = sorted(result.by_family().items(), key=lambda kv: (-kv[1], kv[0]))
    console.print(Text(f"{t(lang, 'by_family')}{' : ' if lang == 'fr' else ': '}"
                       + " · ".join(f"{family_name(f, lang)} {_number(n, lang)}" for f, n in families)))
    for outcome in outcomes:
        _examples(console, outcome, lang, has_side_file(result))


def _examples(console: Console, outcome, lang: str, side_file: bool) -> None:
    console.print(Text(f"{outcome.rule_id} — {safe(outcome.message)}", style="bold"))
    shown = outcome.examples(EXAMPLES_PER_RULE)  # and at most --examples: what the run kept
    for row, _, value, detail in shown:
        where = f"  {t(lang, 'row')} {row}" + (f", {safe(outcome.column)}" if outcome.column else "")
        colon = " : " if lang == "fr" else ": "
        text = Text(where + (f"{colon}{safe(value)}" if value else ""))
        if detail:
            text.append(f" ({safe(detail)})", style="dim")
        console.print(text)
    if outcome.count > len(shown):
        key = "examples_more" if side_file else "examples_more_unlisted"
        console.print(Text("  " + t(lang, key, n=_number(outcome.count - len(shown), lang)), style="dim"))


def _number(n: int, lang: str) -> str:
    return f"{n:,}".replace(",", "\u202f" if lang == "fr" else ",")


def _footer(console: Console, result: AuditResult, lang: str) -> None:
    console.print(Text(f"{t(lang, 'kept')}: {result.rows_kept} · {t(lang, 'quarantined')}: {result.rows_quarantined}",
                       style="bold"))
    for use in result.waivers:
        w = use.waiver
        console.print(Text(t(lang, "waiver_line", rule=w.rule, file=safe(w.file), source=f"{safe(w.source)}:{w.line}",
                             status=t(lang, "waiver_expired" if use.expired else "waiver_active"),
                             expires=w.expires.isoformat(), matched=counted(lang, "waived_findings", use.matched),
                             reason=safe(w.reason), owner=safe(w.owner)),
                           style="yellow" if use.expired else ""), soft_wrap=True)
    if result.baseline:
        b = result.baseline
        console.print(Text(t(lang, "baseline_line", source=safe(b["source"]), new=counted(lang, "new_findings", b["new"]),
                             fixed=counted(lang, "fixed_findings", b["fixed"]))), soft_wrap=True)
    if result.skipped:
        console.print(Text(t(lang, "skipped") + ":"))
        for item in result.skipped:
            console.print(Text(f"  - {item.rule}: {safe(item.reason)}", style="dim"))
    if result.outputs:
        console.print(Text(t(lang, "outputs") + ":"))
        for key, path in result.outputs.items():
            console.print(Text(f"  {t(lang, key)}: {safe(path)}"))
