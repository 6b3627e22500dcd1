"""Report formats: one module per format behind one small interface, `render(result, lang,
show_values) -> str`. Adding a format is one module and one entry in FORMATS.

The formats of a check run (`check`, and `audit --format sarif|github|gitlab|junit`) render a
`CheckRun` (every file's result), always masked: `render_run(run, lang) -> str`, one module per
format in CHECK_FORMATS.
"""
from __future__ import annotations

from importlib import import_module
from types import SimpleNamespace

# The CI formats, whose module's render_run(run, lang) -> str writes a CheckRun for a CI tool.
CI_FORMATS = {"sarif": "fichier_check.report.sarif", "github": "fichier_check.report.github",
              "gitlab": "fichier_check.report.gitlab", "junit": "fichier_check.report.junit"}
# The formats that give every finding's fingerprint (code scanning and GitLab key their alerts on
# them): a run printing one makes them (`check`'s JSON too: it is a later run's baseline).
FINGERPRINTED = ("sarif", "gitlab")
CHECK_FORMATS = {"text": "fichier_check.report.check_text", "json": "fichier_check.report.check_json",
                 **CI_FORMATS}


def render_run(name: str, run, lang: str = "fr") -> str:
    """A check run in the format `name` (a key of CHECK_FORMATS)."""
    return import_module(CHECK_FORMATS[name]).render_run(run, lang)


def _html_render(result, lang="fr", show_values=False):
    from fichier_check.report.html_report import render_html
    return render_html(result, lang=lang, show_values=show_values)


def _text_render(result, lang="fr", show_values=False):
    from fichier_check.report.terminal import render_text
    return render_text(result, lang=lang)


def _json_render(result, lang="fr", show_values=False):
    from fichier_check.report.json_report import render
    return render(result, lang, show_values)


FORMATS = {
    "text": SimpleNamespace(render=_text_render),
    "json": SimpleNamespace(render=_json_render),
    "html": SimpleNamespace(render=_html_render),
}
