"""The HTML report for the data protection officer: one self-contained file that works offline.

Verdict first, then evidence of the check (file hash, detection, packs, versions, options), the
column mapping, charts (inline SVG), findings by family and rule with their legal basis and what
was done, capped tables of masked examples, skipped rules. Rendered with jinja2, autoescape on:
every value from the file is text, never markup. No script at all, and a Content-Security-Policy
that forbids loading anything, so opening the report makes no request.
"""
from __future__ import annotations

from collections import defaultdict

from jinja2 import Environment, PackageLoader, select_autoescape

from fichier_check.engine.findings import AuditResult, Severity
from fichier_check.report.family_names import family_name
from fichier_check.report.html_text import HTML_TEXTS
from fichier_check.report.summary import example_limit, has_side_file, reachable, summary
from fichier_check.report.template_cache import template_cache

_ENV = Environment(loader=PackageLoader("fichier_check.report", "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True),
                   trim_blocks=True, lstrip_blocks=True, bytecode_cache=template_cache())


def render_html(result: AuditResult, lang: str = "fr", show_values: bool = False,
                max_examples: int | None = None) -> str:
    if max_examples is None:
        max_examples = example_limit(result)
    texts = HTML_TEXTS.get(lang, HTML_TEXTS["en"])
    template = _ENV.get_template("report.html.j2")
    return template.render(
        lang=lang, t=texts, result=result, summary=summary(result), show_values=show_values,
        side_file=has_side_file(result),
        families=_families(result, max_examples, lang), clean_rules=_clean_rules(result),
        charts=_charts(result, texts, lang), number=lambda n: _number(n, lang), severity_label=lambda s: texts[s])


def _number(n: int, lang: str) -> str:
    return f"{n:,}".replace(",", "\u202f" if lang == "fr" else ",")


def _families(result: AuditResult, max_examples: int, lang: str) -> list[dict]:
    info = {r.id: r for r in result.rules}
    by_family: dict[str, list[dict]] = defaultdict(list)
    for outcome in sorted(result.outcomes, key=lambda o: (-o.severity, o.rule_id, o.column or "")):
        shown = min(outcome.count, max_examples)
        rule = info.get(outcome.rule_id)
        by_family[outcome.family].append({
            "outcome": outcome, "rule": rule, "severity": outcome.severity.label,
            "examples": [(row, value, detail, _state(state)) for (row, _, value, detail), state
                         in zip(outcome.examples(shown), outcome.example_states(shown))],
            "waived": outcome.waived_count, "new": outcome.new_count,
            "more": outcome.count - shown,
        })
    order = sorted(by_family, key=lambda f: (-max(e["outcome"].severity for e in by_family[f]), f))
    return [{"name": f, "title": family_name(f, lang), "entries": by_family[f],
             "count": sum(e["outcome"].count for e in by_family[f])} for f in order]


def _state(state: dict) -> str | None:
    """What the reports say of one example beside its value: waived, new or known (a key of the texts)."""
    if "waiver" in state:
        return "waived_state"
    if "new" in state:
        return "new_state" if state["new"] else "known_state"
    return None


def _clean_rules(result: AuditResult) -> list:
    found = {o.rule_id for o in result.outcomes}
    return [r for r in result.rules if r.id not in found]


def _bars(items: list[tuple[str, int]]) -> dict:
    top = max([v for _, v in items] or [0]) or 1
    return {"items": [{"label": k, "value": v, "width": round(300 * v / top, 1)} for k, v in items],
            "height": 26 * len(items) + 8}


def _charts(result: AuditResult, texts: dict, lang: str) -> dict:
    types = result.stats.get("customer_types", {})
    return {
        "family": _bars(sorted(((family_name(f, lang), n) for f, n in result.by_family().items()), key=lambda kv: -kv[1])),
        "rows": _bars([(texts["kept"], result.rows_kept), (texts["quarantined"], result.rows_quarantined)]),
        "types": _bars([("B2B", types.get("B2B", 0)), ("B2C", types.get("B2C", 0)),
                        (texts["unknown"], types.get("unknown", 0))]),
        "reach": _bars(list(reachable(result).items())),
        "severities": {s.label: result.count(s) for s in Severity},
    }
