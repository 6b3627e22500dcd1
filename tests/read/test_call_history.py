"""The call history (`--calls`) is read like a prospect file (CSV in any encoding and delimiter,
XLSX with real dates); a line without a contact or a readable date is not counted and is named by
number in a warning; a file that cannot be a call history is refused naming the file and the line,
never showing a phone number or an e-mail."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from fichier_check.analysis.calls import CallHistory, email_keys
from fichier_check.analysis.dates import day_number
from fichier_check.errors import UserError
from fichier_check.read.call_history import load_calls

PERSONAL = ("06 12", "0612", "612345678", "marie", "durand")


def written(tmp_path, text: str | bytes, name: str = "appels.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def refused(path) -> UserError:
    with pytest.raises(UserError) as caught:
        load_calls(path)
    message = str(caught.value)
    assert "\n" not in message and not any(p in message.lower() for p in PERSONAL), message
    return caught.value


def days(*dates: str) -> list[int]:
    return [day_number(dt.date.fromisoformat(d)) for d in dates]


@pytest.mark.parametrize("encoding, delimiter", [("utf-8", ";"), ("cp1252", ";"), ("utf-16", "\t"), ("utf-8-sig", ",")])
def test_a_csv_history_in_any_encoding_and_delimiter(tmp_path, encoding, delimiter):
    rows = [["Téléphone", "E-mail", "Date de l'appel", "Résultat"],
            ["06 12 34 56 78", "", "01/10/2026 10:15", "NRP"],
            ["", "Marie.Durand@exemple.fr", "2026-10-02", "Occupé"],
            ["+33 6 12 34 56 78", "marie.durand@exemple.fr", "3/10/26", "Rappel"]]
    history = load_calls(written(tmp_path, "\r\n".join(delimiter.join(r) for r in rows) + "\r\n", encoding=encoding))
    assert (history.lines, history.calls, history.persons, history.warnings) == (3, 3, 1, [])
    assert sorted(history.day.tolist()) == days("2026-10-01", "2026-10-02", "2026-10-03")
    assert sorted(history.results) == ["NRP", "Occupé", "Rappel"]


def test_an_xlsx_history_with_real_dates_and_a_time_column(tmp_path):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(["Numéro appelé", "Date", "Heure", "Qualification"])
    sheet.append(["0612345678", dt.datetime(2026, 10, 1, 14, 30), None, "NRP"])
    sheet.append([612345678, dt.date(2026, 10, 2), "09:45", "OCC"])  # a number stored as a number
    sheet.append(["06 12 34 56 78", "03/10/2026", dt.time(18, 5), "RDV"])
    path = tmp_path / "appels.xlsx"
    book.save(path)
    history = load_calls(path)
    assert (history.calls, history.persons, history.warnings) == (3, 1, [])
    assert history.day.tolist() == days("2026-10-01", "2026-10-02", "2026-10-03")
    assert history.minute.tolist() == [14 * 60 + 30, 9 * 60 + 45, 18 * 60 + 5]


def test_lines_without_contact_or_readable_date_are_warned_by_number_not_counted(tmp_path):
    text = ("Téléphone;Date;Résultat\n0612345678;01/10/2026;NRP\n;02/10/2026;NRP\nDurand Marie;03/10/2026;NRP\n"
            "0612345678;31/02/2026;NRP\n0612345678;demain;OCC\n0612345678;;OCC\n0612345678;04/10/2026;NRP\n"
            "0612345678;05/10/2026;NRP\n0612345678;06/10/2026;NRP\n0612345678;07/10/2026;NRP\n")
    history = load_calls(written(tmp_path, text))
    assert (history.lines, history.calls) == (10, 5)
    assert history.warnings == ["--calls history: 2 lines without a phone number or e-mail not counted (line 3, 4)",
                                "--calls history: 3 lines without a readable date not counted (line 5, 6, 7)"]
    assert history.stats()["rejected"] == {"contact": {"lines": 2, "first_lines": [3, 4]},
                                           "date": {"lines": 3, "first_lines": [5, 6, 7]}}
    assert "Durand" not in str(history.stats())


def test_an_xlsx_warning_names_its_rows(tmp_path):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(["Mobile", "Date appel"])
    for day in range(1, 5):
        sheet.append(["0612345678", dt.date(2026, 10, day)])
    sheet.append([None, dt.date(2026, 10, 9)])
    book.save(tmp_path / "appels.xlsx")
    assert load_calls(tmp_path / "appels.xlsx").warnings == [
        "--calls history: 1 line without a phone number or e-mail not counted (line 6)"]


def test_a_binary_file_is_refused_naming_it(tmp_path):
    error = refused(written(tmp_path, bytes(range(256)) * 64, name="appels.csv"))
    assert error.path == tmp_path / "appels.csv" and error.message.startswith("the --calls history: ")


def test_a_broken_quote_is_refused_at_its_line(tmp_path):
    error = refused(written(tmp_path, 'Téléphone;Date\n0612345678;01/10/2026\n"0612345678;02/10/2026\n'))
    assert error.line == 3 and "--calls history" in error.message


def test_a_fake_workbook_is_refused(tmp_path):
    error = refused(written(tmp_path, b"PK\x03\x04 not really a zip", name="appels.xlsx"))
    assert "--calls history" in error.message


@pytest.mark.parametrize("text, problem, line", [
    ("Nom;Date\nDurand;01/10/2026\n", "has no phone or e-mail column", 1),
    ("Téléphone;Résultat\n0612345678;NRP\n", "has no date column", 1),
    ("Téléphone;Date\n", "holds no call", None),
])
def test_a_file_that_is_no_call_history_is_refused(tmp_path, text, problem, line):
    error = refused(written(tmp_path, text))
    assert problem in error.message and error.line == line and "--calls expects" in error.hint


def test_a_mostly_unusable_history_is_refused_at_its_first_bad_line(tmp_path):
    text = "Téléphone;Date\n0612345678;01/10/2026\n" + "".join(f"Marie Durand;le {i} octobre\n" for i in range(3))
    error = refused(written(tmp_path, text))
    assert error.line == 3 and "3 unusable lines of 4" in error.message


def test_a_missing_file_is_refused(tmp_path):
    assert "does not exist" in refused(tmp_path / "absent.csv").message


def test_month_first_dates_when_the_vocabulary_says_so(tmp_path):
    history = load_calls(written(tmp_path, "Téléphone;Date\n0612345678;10/02/2026\n"), day_first=False)
    assert history.day.tolist() == days("2026-10-02")


# -- the index ------------------------------------------------------------------------------------
def test_keys_sharing_lines_are_one_person_even_through_a_chain():
    a, b, c, d = 33611111111, 33622222222, 33633333333, 33644444444
    phone = np.array([a, b, 0, d], dtype=np.int64)
    email = np.array([0, 0, 0, 0], dtype=np.int64)
    mail = email_keys(np.array(["", "x@y.fr", "x@y.fr", ""], dtype=object))
    other = np.array([b, 0, c, 0], dtype=np.int64)
    history = CallHistory.build([phone, mail, other], np.array([1, 2, 3, 4]), np.full(4, -1), np.zeros(4, np.int32),
                                [""], path="", sha256="", lines=4)
    # a–b (line 1), b–x@y.fr (line 2), x@y.fr–c (line 3): one person; d alone
    assert history.persons == 2
    match = history.match([np.array([a, c, d, 0])], [])
    assert match.person.tolist()[:3] == [history.person[0]] * 2 + [history.person[3]] and match.person[3] == -1


def test_email_keys_never_collide_with_phone_keys():
    keys = email_keys(np.array(["a@b.fr", "", "c@d.fr", "a@b.fr"], dtype=object))
    assert keys[1] == 0 and keys[0] == keys[3] != keys[2] and (keys[[0, 2]] < 0).all()
