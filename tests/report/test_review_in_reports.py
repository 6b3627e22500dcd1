"""Waivers and the baseline appear in the audit's own reports: the HTML evidence shows every
waiver with its reason, owner, expiry and state, the examples say which finding is waived or
new, and the terminal summary says the same in a line each."""
from __future__ import annotations

import json

from tests.ci_files import AS_OF, BAD_PHONE, CLEAN_ROWS, HEALTH, dirty, write_prospects

WAIVERS = """\
waivers:
  - rule: phone-invalid
    file: a.csv
    reason: numéro factice de la démo
    owner: dpo@example.fr
    expires: 2099-12-31
  - rule: sensitive-term
    file: "*.csv"
    reason: ancien commentaire
    owner: ventes@example.fr
    expires: 2021-06-30
"""


def test_the_html_evidence_lists_every_waiver_with_its_reason_expiry_and_state(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    (tmp_path / "fichier-check.yaml").write_text(WAIVERS, encoding="utf-8")
    run = cli("audit", "a.csv", *AS_OF, "--lang", "en")
    html = (run.out_dir / "a.report.html").read_text(encoding="utf-8")
    waivers = html[html.index('id="waivers"'):html.index("</table>", html.index('id="waivers"'))]
    assert "numéro factice de la démo" in waivers and "dpo@example.fr" in waivers and "2099-12-31" in waivers
    assert "in force" in waivers
    assert '<tr class="expired">' in waivers and "2021-06-30" in waivers and "expired: no longer applies" in waivers
    assert "1 waived: accepted by a waiver in force" in html
    assert "<td>waived</td>" in html


def test_the_terminal_summary_names_waivers_and_what_changed_since_the_baseline(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    (tmp_path / "fichier-check.yaml").write_text(WAIVERS, encoding="utf-8")
    cli("check", "a.csv", *AS_OF, "--format", "json", "--output", "baseline.json")
    write_prospects(tmp_path / "a.csv", CLEAN_ROWS[0], BAD_PHONE, CLEAN_ROWS[1])
    run = cli("audit", "a.csv", *AS_OF, "--lang", "en", "--baseline", "baseline.json")
    assert "waiver phone-invalid (a.csv, " in run.stdout and "until 2099-12-31, in force: 1 waived finding" in run.stdout
    assert "until 2021-06-30, EXPIRED, no longer applies: 0 waived findings" in run.stdout
    assert "since the baseline baseline.json: 0 new findings, 1 fixed finding" in run.stdout
    assert run.code == 0  # the bad phone is waived and the health comment is gone


def test_the_html_report_shows_new_and_known_findings_and_what_was_fixed(cli, tmp_path):
    dirty(tmp_path / "a.csv")
    cli("check", "a.csv", *AS_OF, "--format", "json", "--output", "baseline.json")
    write_prospects(tmp_path / "a.csv", CLEAN_ROWS[0], BAD_PHONE, "Blanc;Delta;99;achats@delta.fr;RAS\n")
    run = cli("audit", "a.csv", *AS_OF, "--lang", "fr", "--baseline", "baseline.json")
    html = (run.out_dir / "a.report.html").read_text(encoding="utf-8")
    assert "<td>nouveau</td>" in html and "<td>déjà connu</td>" in html
    baseline = html[html.index('id="baseline"'):]
    assert "sensitive-term" in baseline[:baseline.index("</table>")]
    report = json.loads((run.out_dir / "a.report.json").read_text(encoding="utf-8"))
    assert report["summary"]["new"] == 1 and report["summary"]["fixed"] == 1
    assert HEALTH.split(";")[4].strip() not in html
