"""The HTML report's content without a browser: verdict, evidence, skipped rules, escaping of
hostile data, no external resource, bounded size however many findings there are."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import numpy as np

from fichier_check.engine.findings import AuditResult, RuleInfo, RuleOutcome, Severity, SkippedRule
from fichier_check.report.html_report import render_html


def outcome(rule_id: str, count: int, value: str = "06 •• •• •• 78", severity=Severity.ERROR, family="consent",
            column: str | None = "Téléphone", detail: str | None = None) -> RuleOutcome:
    return RuleOutcome(rule_id=rule_id, family=family, severity=severity, action="blank", message=f"{rule_id} message",
                       legal_basis="RGPD art. 21", column=column, column_index=0,
                       rows=np.arange(2, count + 2, dtype=np.int64), values=[value] * count, details=[detail] * count)


def result(outcomes: list[RuleOutcome], **extra) -> AuditResult:
    rules = [RuleInfo(o.rule_id, o.family, o.severity, o.action, ("email",), o.legal_basis,
                      "https://gdprhub.eu/index.php?title=Article_21_GDPR", o.message, "why it matters") for o in outcomes]
    base = dict(input={"path": "/data/prospects.csv", "name": "prospects.csv", "size": 1234, "sha256": "ab" * 32,
                       "format": "csv", "encoding": "cp1252", "delimiter": ";", "rows": 10, "columns": ["Nom"]},
                options={"as_of": "2026-11-28", "channels": ["email", "phone"], "fail_on": "error",
                         "rule_packs": [{"name": "default", "version": "2026.11", "sha256": "cd" * 32}],
                         "tool_version": "0.1.0", "library_versions": {"phonenumbers": "9.0.43"},
                         "controller": {"name": "ACME SAS", "dpo": "dpo@acme.example"}},
                columns={"Nom": "last_name"}, outcomes=outcomes, rules=rules, rows_kept=8, rows_quarantined=2)
    base.update(extra)
    return AuditResult(**base)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


def test_verdict_comes_first_in_both_languages():
    failing = result([outcome("opposition", 3)])
    assert "ne doit pas être utilisé tel quel" in render_html(failing, "fr")
    assert "must not be used" in render_html(failing, "en")
    assert "may be used" in render_html(result([]), "en")


def test_evidence_of_the_check_is_stated():
    html = render_html(result([outcome("opposition", 1)]), "en")
    for text in ("ab" * 32, "cp1252", "2026-11-28", "default 2026.11", "phonenumbers 9.0.43", "ACME SAS",
                 "dpo@acme.example", "1,234 bytes"):
        assert text in html, text


def test_skipped_rules_are_listed_with_their_reason():
    html = render_html(result([], skipped=[SkippedRule("bloctel", "no --bloctel list was given")]), "en")
    assert "bloctel" in html and "no --bloctel list was given" in html


def test_unmasked_values_are_announced_at_the_top():
    html = render_html(result([outcome("opposition", 1)]), "en", show_values=True)
    assert html.index("shows personal data unmasked") < html.index("<header")


def test_examples_are_capped_with_a_pointer_to_the_findings_file():
    html = render_html(result([outcome("opposition", 4_612)]), "en")
    assert "and 4,512 more — see the findings file" in html


def test_the_cap_on_examples_is_the_runs_examples_option():
    run = result([outcome("opposition", 40, value="o••@x•••.fr")])
    run.options["examples"] = 7
    html = render_html(run, "en")
    assert html.count("o••@x•••.fr") == 7 and "and 33 more" in html


def hostile_strings(shared) -> list[str]:
    payloads = json.loads((shared / "testdata" / "naughty" / "injection_payloads.json").read_text(encoding="utf-8"))
    return [s for key, group in payloads.items() if key != "provenance" for s in group]


def test_hostile_data_is_escaped_everywhere(shared):
    strings = hostile_strings(shared)
    outcomes = [outcome(f"rule-{i}", 1, value=s, column=s, detail=s) for i, s in enumerate(strings)]
    hostile = result(outcomes, columns={s: "comment" for s in strings},
                     input={"path": strings[0], "name": strings[1], "columns": strings, "sha256": "0" * 64})
    html = render_html(hostile, "fr", show_values=True)
    parsed = parse(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "iframe" not in parsed.tags
    assert not [a for a, _ in parsed.attributes if a.startswith("on")]
    assert "{{7*7}}" in html or "{{ 7*7 }}" in html or "49" not in html


def test_no_external_resource_is_referenced():
    html = render_html(result([outcome("opposition", 3)]), "en")
    parsed = parse(html)
    sources = [v for a, v in parsed.attributes if a in ("src", "srcset", "data")]
    assert sources == []
    assert "default-src 'none'" in html
    assert not re.search(r"@import|url\(", html)


def test_size_stays_bounded_as_findings_grow():
    small = render_html(result([outcome(f"rule-{i}", 1_000) for i in range(10)]), "en")
    large = render_html(result([outcome(f"rule-{i}", 20_000) for i in range(10)]), "en")
    assert len(large.encode()) < 2_000_000
    assert len(large) - len(small) < 2_000


def test_families_are_named_in_the_readers_language_in_the_html_and_the_terminal():
    from fichier_check.report.terminal import render_text
    findings = result([outcome("calls-over-limit-30d", 2, family="call-pressure"),
                       outcome("prospect-retention-expired", 5, family="retention", severity=Severity.WARNING),
                       outcome("house-rule", 1, family="house-rules", severity=Severity.INFO)])
    import html as markup
    html = markup.unescape(render_html(findings, "fr"))
    assert "Pression d'appel" in html and "Durée de conservation" in html and "house-rules" in html
    assert "Call pressure" in render_html(findings, "en")
    assert "Par famille : Durée de conservation 5 · Pression d'appel 2 · house-rules 1" in render_text(findings, "fr")
    assert "By family: Retention 5 · Call pressure 2 · house-rules 1" in render_text(findings, "en")
