"""Report formats: one module per format behind one small interface, `render(result, lang,
show_values) -> str`. Adding a format is one module and one entry in FORMATS."""
from __future__ import annotations

from types import SimpleNamespace


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
