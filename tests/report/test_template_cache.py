"""The HTML template is compiled once and kept in the user's cache folder; a cache that cannot
be used is only a cache miss, never an error, and never changes the report."""
from __future__ import annotations

import stat

from jinja2 import DictLoader, Environment

from fichier_check.report.template_cache import template_cache

TEMPLATE = {"t.html": "<p>{{ value }}</p>"}


def environment(cache) -> Environment:
    return Environment(loader=DictLoader(TEMPLATE), autoescape=True, bytecode_cache=cache)


def test_the_compiled_template_is_kept_in_the_users_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert environment(template_cache()).get_template("t.html").render(value="<b>") == "<p>&lt;b&gt;</p>"
    folder = tmp_path / "fichier-check" / "templates"
    kept = list(folder.iterdir())
    assert len(kept) == 1 and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(kept[0].stat().st_mode) & 0o077 == 0
    assert environment(template_cache()).get_template("t.html").render(value="x") == "<p>x</p>"  # from the cache


def test_a_damaged_cache_file_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    environment(template_cache()).get_template("t.html")
    (cached,) = (tmp_path / "fichier-check" / "templates").iterdir()
    cached.write_bytes(cached.read_bytes()[:20])
    assert environment(template_cache()).get_template("t.html").render(value="y") == "<p>y</p>"


def test_a_cache_folder_that_cannot_be_made_means_no_cache(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert template_cache() is None
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("HOME")
    assert template_cache() is None
    assert environment(None).get_template("t.html").render(value="z") == "<p>z</p>"


def test_a_cache_folder_others_may_write_to_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "fichier-check" / "templates"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert template_cache() is None
    folder.chmod(0o700)
    assert template_cache() is not None


def test_a_symbolic_link_in_place_of_the_cache_folder_is_not_followed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    (tmp_path / "fichier-check").mkdir()
    (tmp_path / "fichier-check" / "templates").symlink_to(tmp_path / "elsewhere")
    assert template_cache() is None


def test_a_parent_folder_others_may_write_to_makes_the_cache_untrusted(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "fichier-check").mkdir(mode=0o700)
    (tmp_path / "fichier-check").chmod(0o777)  # anyone could rename "templates" and put another there
    assert template_cache() is None
