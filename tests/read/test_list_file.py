"""A list file is read as text in any encoding the prospect file may have; binary content, a
spreadsheet, or text mixing two encodings is refused naming the file (and the line)."""
from __future__ import annotations

import codecs
import hashlib

import pytest

from fichier_check.errors import UserError
from fichier_check.read.list_file import load_list


def written(tmp_path, data: bytes, name: str = "opposition.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path, kind: str = "opposition") -> UserError:
    with pytest.raises(UserError) as caught:
        load_list(path, kind)
    return caught.value


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_a_list_is_read_in_every_encoding_of_a_prospect_file(tmp_path, encoding):
    path = written(tmp_path, "nom;email\nHélène;helene@exemple.fr\nÉloïse;eloise@exemple.fr\n".encode(encoding))
    listed = load_list(path)
    assert listed.emails == {"helene@exemple.fr", "eloise@exemple.fr"}
    assert listed.sources[0].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_nul_bytes_are_binary_content_refused_at_their_line(tmp_path):
    error = refused(written(tmp_path, b"ines.gris@gris.fr\n0612345678\n\x7fELF\x02\x01\x00\x00garbage\n"))
    assert (error.line, "binary content" in error.message) == (3, True)
    assert "--opposition expects" in error.hint


def test_a_utf16_list_with_its_zero_bytes_is_text_not_binary(tmp_path):
    path = written(tmp_path, codecs.BOM_UTF16_LE + "0612345678\r\n".encode("utf-16-le"))
    assert len(load_list(path).phones) == 1


def test_a_spreadsheet_is_refused_with_how_to_save_it(tmp_path):
    error = refused(written(tmp_path, b"PK\x03\x04" + b"\x00" * 64, "bloctel.txt"), "bloctel")
    assert "spreadsheet" in error.message and "CSV" in error.hint


def test_text_mixing_two_encodings_is_refused_without_pointing_to_an_option_lists_lack(tmp_path):
    data = "élodie@exemple.fr\n".encode() * 30 + "hélène@exemple.fr\n".encode("cp1252")
    error = refused(written(tmp_path, data))
    assert error.line == 31 and "--encoding" not in error.render() and "UTF-8" in error.hint


def test_a_missing_list_names_its_kind(tmp_path):
    assert "bloctel list does not exist" in refused(tmp_path / "absent.txt", "bloctel").message
