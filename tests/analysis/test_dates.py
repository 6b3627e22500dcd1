"""analysis/dates: a cell is a date (and maybe a time) as French prospect files and CRM exports
write it, or it is unreadable; it is never guessed."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from fichier_check.analysis.dates import NO_DAY, NO_TIME, add_months, date_of, day_number, parse_column, parse_date

D = dt.date


@pytest.mark.parametrize("text", [
    "31/07/2026", "31-07-2026", "31.07.2026", "31/7/2026", "2026-07-31", "2026/07/31", "2026.07.31",
    "31/07/26", "31 juillet 2026", "31 Juillet 2026", "31 JUIL. 2026", "31 juil 2026", "31-Jul-26",
    "31-jul-2026", "31 July 2026", "31st July 2026", "July 31, 2026", "Jul. 31 2026",
    "vendredi 31 juillet 2026", "Vendredi 31/07/2026", "Fri, Jul 31, 2026", "ven. 31 juil. 2026",
    "  31/07/2026  ", "31\u00a0juil.\u00a02026", "46234",
])
def test_the_formats_of_a_plain_date(text):
    assert parse_date(text) == (D(2026, 7, 31), None)


@pytest.mark.parametrize("text, minute", [
    ("2026-07-31 14:30:00", 14 * 60 + 30),     # a workbook's date-time, as the XLSX reader writes it
    ("2026-07-31 14:30:00.250", 14 * 60 + 30),
    ("2026-07-31T09:05", 9 * 60 + 5),
    ("2026-07-31T09:05:00Z", 9 * 60 + 5),       # the offset is ignored: the time as written
    ("2026-07-31 14:30:00+02:00", 14 * 60 + 30),
    ("31/07/2026 14:30", 14 * 60 + 30),
    ("31/07/2026 9:05", 9 * 60 + 5),
    ("31.07.2026 14h30", 14 * 60 + 30),
    ("31/07/2026 14H30", 14 * 60 + 30),
    ("31/07/2026 14h", 14 * 60),
    ("31/07/2026 à 14h30", 14 * 60 + 30),
    ("vendredi 31 juillet 2026 à 14h30", 14 * 60 + 30),
    ("31/07/2026 2:30 PM", 14 * 60 + 30),
    ("31/07/2026 12:30 pm", 12 * 60 + 30),
    ("31/07/2026 12:30 a.m.", 30),
    ("31/07/2026 23:59:59", 23 * 60 + 59),
    ("46234.5", 12 * 60),                       # an Excel serial with its fraction of a day
    ("46234,5", 12 * 60),                       # ... written with a French decimal comma
    ("46234.604166667", 14 * 60 + 30),
])
def test_the_formats_of_a_date_and_time(text, minute):
    assert parse_date(text) == (D(2026, 7, 31), minute)


@pytest.mark.parametrize("text", ["2026-07-31 00:00:00", "2026-07-31 00:00", "31/07/2026 00h00", "31/07/2026 0:00",
                                  "31/07/2026 12:00 AM", "2026-07-31T00:00:00Z", "46234.0", "46234.0000001"])
def test_midnight_is_a_plain_date_written_as_a_date_time(text):
    assert parse_date(text) == (D(2026, 7, 31), None)


def test_a_serial_a_hair_before_midnight_is_the_next_day():
    # 23:59:59.99 is rounded to the second, as a spreadsheet shows it: the next midnight
    assert parse_date("46234.9999999") == (D(2026, 8, 1), None)
    assert parse_date("46234.99930556") == (D(2026, 7, 31), 23 * 60 + 59)


def test_slashed_dates_are_day_first_unless_the_column_is_read_month_first():
    assert parse_date("3/02/2026") == (D(2026, 2, 3), None)
    assert parse_date("3/02/2026", day_first=False) == (D(2026, 3, 2), None)
    assert parse_date("7/31/2026 2:30 PM", day_first=False) == (D(2026, 7, 31), 14 * 60 + 30)
    assert parse_date("7/31/2026") is None            # day first, there is no 31st month
    assert parse_date("31/07/2026", day_first=False) is None


@pytest.mark.parametrize("text", ["2026-07-31", "31 juillet 2026", "46234"])
def test_a_year_first_date_a_month_name_or_a_serial_are_never_ambiguous(text):
    assert parse_date(text, day_first=False) == (D(2026, 7, 31), None)


@pytest.mark.parametrize("text, year", [
    ("3/02/16", 2016), ("3/02/00", 2000), ("3/02/68", 2068), ("3/02/69", 1969), ("3/02/99", 1999),
    ("3-Feb-69", 1969), ("3-Feb-26", 2026),
])
def test_two_digit_years_follow_the_posix_pivot(text, year):
    assert parse_date(text) == (D(year, 2, 3), None)


@pytest.mark.parametrize("serial, day", [
    ("10000", D(1927, 5, 18)), ("46234", D(2026, 7, 31)), ("45351", D(2024, 2, 29)), ("99999", D(2173, 10, 13)),
])
def test_excel_serials_from_10000_to_99999_are_dates(serial, day):
    assert parse_date(serial) == (day, None)


@pytest.mark.parametrize("number", ["9999", "100000", "0", "1", "2026", "612345678", "-46234"])
def test_other_numbers_are_no_dates(number):
    assert parse_date(number) is None


@pytest.mark.parametrize("text", [
    "janvier 2026", "janv. 2026", "juil. 2026", "July 2026", "07/2026", "2026-07", "2026",   # a month or a year is not a day
    "20260731", "31072026",                       # eight digits run together: which order is a guess
    "31/02/2026", "29/02/2025", "31/04/2026", "00/07/2026", "31/13/2026", "2026-02-30",  # dates that do not exist
    "31/07/2026 25:00", "31/07/2026 14:60", "31/07/2026 14:30:61", "31/07/2026 13:30 PM", "31/07/2026 0:30 AM",
    "31/07/2026 14", "31/07/2026 14:",             # an hour alone is no time
    "lundi 31 juillet 2026", "Mon, Jul 31, 2026",  # 2026-07-31 is a Friday: which one is wrong is a guess
    "31 juilet 2026", "31 foo 2026",              # a word that is no month
    "bientôt", "ASAP", "?", "N/A", "31/07", "3/2/1", "31/07/20266", "hier",
    "31/07/2026 " + "x" * 40,                      # too long to be a date
])
def test_anything_else_is_unreadable(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text, day", [("29/02/2024", D(2024, 2, 29)), ("29 février 2024", D(2024, 2, 29)),
                                       ("1er mars 2026", D(2026, 3, 1)), ("31 décembre 1999", D(1999, 12, 31)),
                                       ("15 août 2026", D(2026, 8, 15)), ("1 févr. 2026", D(2026, 2, 1)),
                                       ("2 sept. 2026", D(2026, 9, 2)), ("3 déc 2026", D(2026, 12, 3))])
def test_leap_days_and_french_month_names(text, day):
    assert parse_date(text) == (day, None)


def test_a_column_is_read_per_row_blank_and_unreadable_apart():
    parsed = parse_column(pd.Series(["31/07/2026", "", "bientôt", "2026-07-31 14:30:00", None, "31/02/2026", "   "]))
    assert [date_of(d) if d != NO_DAY else None for d in parsed.days] == [
        D(2026, 7, 31), None, None, D(2026, 7, 31), None, None, None]
    assert parsed.minutes.tolist() == [NO_TIME, NO_TIME, NO_TIME, 870, NO_TIME, NO_TIME, NO_TIME]
    assert parsed.blank.tolist() == [False, True, False, False, True, False, True]
    assert parsed.unreadable.tolist() == [False, False, True, False, False, True, False]
    assert parsed.known.tolist() == [True, False, False, True, False, False, False]


def test_a_column_read_month_first():
    parsed = parse_column(pd.Series(["7/31/2026", "31/07/2026"]), day_first=False)
    assert parsed.days[0] == day_number(D(2026, 7, 31)) and parsed.unreadable.tolist() == [False, True]


def test_an_empty_column():
    parsed = parse_column(pd.Series([], dtype=object))
    assert len(parsed.days) == len(parsed.minutes) == len(parsed.blank) == len(parsed.unreadable) == 0


def test_day_numbers_count_from_1970():
    assert day_number(D(1970, 1, 1)) == 0 and date_of(day_number(D(2026, 7, 31))) == D(2026, 7, 31)


@pytest.mark.parametrize("start, months, end", [
    (D(2023, 7, 31), 36, D(2026, 7, 31)),
    (D(2024, 2, 29), 36, D(2027, 2, 28)),   # no 29 February in 2027: the month's last day
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
    (D(2026, 5, 31), 1, D(2026, 6, 30)),
    (D(2026, 1, 31), 1, D(2026, 2, 28)),
    (D(2026, 12, 15), 1, D(2027, 1, 15)),
    (D(2026, 7, 31), -36, D(2023, 7, 31)),
    (D(2027, 2, 28), -36, D(2024, 2, 28)),
    (D(1969, 12, 31), 12, D(1970, 12, 31)),
])
def test_add_months_keeps_the_day_or_takes_the_months_last(start, months, end):
    assert add_months(np.array([day_number(start)]), months).tolist() == [day_number(end)]


def test_add_months_leaves_unknown_days_unknown():
    assert add_months(np.array([NO_DAY, day_number(D(2026, 1, 1))]), 36).tolist() == [
        NO_DAY, day_number(D(2029, 1, 1))]


def _shapes() -> list[str]:
    """Cells in every shape the vectorised readers take, possible or not, and near misses."""
    cells = []
    for year in ("2026", "2024", "2025", "1969", "0001", "0000", "9999", "26", "69", "68", "00"):
        for month in ("07", "7", "02", "2", "12", "13", "00", "1"):
            for day in ("31", "30", "29", "28", "01", "1", "00", "32"):
                for time in ("", " 14:30", " 9:05", " 00:00", " 00:00:00", " 23:59:59", " 24:00", " 12:60",
                             " 14:30:60", " 14:30:00", "T14:30", "t09:05:00", " 14:30:00.250", " 14h30", "  14:30"):
                    if len(year) == 4:
                        cells.append(f"{year}-{month}-{day}{time}")
                    for separator in "/-.":
                        cells.append(f"{day}{separator}{month}{separator}{year}{time}")
    return cells + ["31/07-2026", "31/07/2026 ", " 31/07/2026", "2026/07/31", "2026.07.31", "31/07/2026 14:3",
                    "3１/07/2026", "31/07/2026 14:30 PM", "", "  ", "46234", "46234.5"]


@pytest.mark.parametrize("day_first", [True, False])
def test_a_whole_column_is_read_as_each_cell_alone(day_first):
    # parse_dates reads the machine-written shapes for all values at once: it must answer as parse_date does
    cells = _shapes()
    parsed = parse_column(pd.Series(cells), day_first=day_first)
    expected = [parse_date(cell, day_first) for cell in cells]
    got = [None if d == NO_DAY else (date_of(d), None if m == NO_TIME else int(m))
           for d, m in zip(parsed.days.tolist(), parsed.minutes.tolist())]
    wrong = [(cell, g, e) for cell, g, e in zip(cells, got, expected) if g != e]
    assert not wrong, wrong[:10]
    assert parsed.blank.tolist() == [not cell.strip() for cell in cells]
