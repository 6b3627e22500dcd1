"""The HTML report opened in a real headless browser (Debian's chromium driven by Playwright):
verdict and rule sections visible, no script from the data runs, no request leaves the file,
and a screenshot for a person to look at."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO

CHROMIUM = Path("/usr/bin/chromium")
if os.environ.get("CI"):  # CI must not skip the browser tests silently
    from playwright import sync_api as playwright_api
else:
    playwright_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: /usr/bin/chromium is missing (see .ci/install-browser.sh)")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


def open_report(browser, path: Path, javascript: bool = True):
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    events = {"dialogs": [], "errors": [], "requests": []}
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("console", lambda m: events["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return context, page, events


def screenshot(page, tmp_path: Path, name: str) -> None:
    target = tmp_path / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    if os.environ.get("FC_UPDATE_SCREENSHOTS") and name == "report":  # the README's picture: the first screens
        folder = REPO / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True,
                        clip={"x": 0, "y": 0, "width": 1200, "height": 1900})


def audited(cli, tmp_path, source: Path, *args: str) -> tuple[Path, dict]:
    run = cli("audit", str(source), "--as-of", "2026-11-28", *args)
    assert run.code in (0, 1), run.stderr
    stem = source.stem
    return run.out_dir / f"{stem}.report.html", run.report(stem)


def assert_safe_and_complete(page, events, report: dict, path: Path) -> None:
    assert page.get_by_role("heading", level=1).is_visible()
    for rule in {f["rule"] for f in report["findings"]}:
        assert page.locator(f"[id^='rule-{rule}']").first.is_visible(), rule
    assert events["dialogs"] == []
    assert events["errors"] == []
    assert events["requests"] == [path.as_uri()]


def test_example_report_in_french(browser, cli, tmp_path):
    for name in ("prospects.csv", "bloctel.txt", "opposition.csv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    path, report = audited(cli, tmp_path, tmp_path / "prospects.csv", "--lang", "fr", "--bloctel",
                           str(tmp_path / "bloctel.txt"), "--opposition", str(tmp_path / "opposition.csv"))
    context, page, events = open_report(browser, path)
    assert "ne doit pas être utilisé" in page.get_by_role("heading", level=1).inner_text()
    assert_safe_and_complete(page, events, report, path)
    screenshot(page, tmp_path, "report")
    page.emulate_media(media="print")
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    context.close()


def test_readable_without_javascript_in_english(browser, cli, tmp_path):
    shutil.copy(EXAMPLES / "prospects.csv", tmp_path / "prospects.csv")
    path, report = audited(cli, tmp_path, tmp_path / "prospects.csv", "--lang", "en")
    context, page, events = open_report(browser, path, javascript=False)
    assert "must not be used" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("table").first.is_visible()
    assert_safe_and_complete(page, events, report, path)
    context.close()


def test_hostile_strings_show_as_text(browser, cli, tmp_path, shared):
    source = shared / "testdata" / "naughty" / "naughty_prospects.csv"
    shutil.copy(source, tmp_path / "naughty.csv")
    path, report = audited(cli, tmp_path, tmp_path / "naughty.csv", "--show-values", "--lang", "en")
    context, page, events = open_report(browser, path)
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 0
    assert "unmasked" in page.locator(".shown").inner_text()
    assert_safe_and_complete(page, events, report, path)
    screenshot(page, tmp_path, "report-hostile")
    context.close()


def test_large_file_report_opens_and_stays_small(browser, cli, tmp_path):
    rows = ["Nom;Type client;Téléphone;E-mail;Commentaire"]
    rows += [f"Nom{i};;01 23 {i % 100:02d};p{i}@@x.fr;malade {i}" for i in range(20_000)]
    (tmp_path / "gros.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    path, report = audited(cli, tmp_path, tmp_path / "gros.csv")
    assert sum(entry["count"] for entry in report["findings"]) > 60_000
    assert path.stat().st_size < 2_000_000
    context, page, events = open_report(browser, path)
    assert_safe_and_complete(page, events, report, path)
    assert page.get_by_text("see the findings file").first.is_visible() or page.get_by_text("voir le fichier des constats").first.is_visible()
    context.close()
