"""Dates as prospect files write them, read once per distinct value of a column: `31/07/2026`,
`2026-07-31`, `3/02/16`, `31.07.2026 14h30`, `31/07/2026 à 14:30`, `31 juillet 2026`,
`vendredi 31 juil. 2026`, `31-Jul-26`, `July 31, 2026`, a workbook's real dates (the reader writes
them `2026-07-31` or `2026-07-31 14:30:00`) and Excel serial numbers (`46234`, `46234.5` or
`46234,5` with a time).

Slashed, dashed or dotted dates are day first, the French default, unless the column is read
month first (`day_first=False`); a year first (`2026-07-31`) or a month name is never ambiguous.
A year of two digits is 20yy up to 68, else 19yy (the POSIX `%y` pivot: `69` is 1969). Letter
case, accents and runs of spaces do not matter; a weekday may lead (`lundi`, `Mon.`) and must then
be the date's own. A time follows a space, a `T` or `à`: `14:30`, `14:30:00`, `14h30`, `14h`,
`2:30 PM`; a time-zone offset is ignored (the time is taken as written). Midnight (`00:00`,
`00:00:00`, `00h00`, a serial without fraction) is how exports write a plain date as a date-time:
it gives no time. A date that does not exist (`29/02/2025`, `31/04/2026`), an impossible time
(`25:00`, `14:60`), a weekday that is not the date's, a month or year alone (`juil. 2026`,
`07/2026`, `2026`), eight digits run together (`20260731`: year first or day first is a guess)
or text that is no date is *unreadable*: the rules report it, never guess.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.analysis.text import fold
from fichier_check.table import string_buffers

NO_DAY = np.iinfo(np.int32).min  # the day number of a blank or unreadable cell
NO_TIME = -1  # the minute of the day of a cell without a time
_EPOCH = dt.date(1970, 1, 1)
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 after Excel's 1900 leap-year bug
# Serial numbers taken as dates: 10000 … 99999, 1927-05-18 … 2173-10-13. A bare number outside is no date.
_SERIALS = (10_000, 100_000)

# Matched on the folded cell (lower case, no accents, one space between words).
_TIME = (r"(?:(?: ?t ?| a | )(?P<hour>\d{1,2})"
         r"(?::(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?|h(?P<hminute>\d{2})?)"
         r"(?: ?(?P<ampm>[ap])\.?m\.?)?)?")
_WEEKDAYS = {
    "lundi": 0, "lun": 0, "monday": 0, "mon": 0,
    "mardi": 1, "mar": 1, "tuesday": 1, "tue": 1, "tues": 1,
    "mercredi": 2, "mer": 2, "wednesday": 2, "wed": 2,
    "jeudi": 3, "jeu": 3, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "vendredi": 4, "ven": 4, "friday": 4, "fri": 4,
    "samedi": 5, "sam": 5, "saturday": 5, "sat": 5,
    "dimanche": 6, "dim": 6, "sunday": 6, "sun": 6,
}
_WEEKDAY = r"(?:(?P<weekday>[a-z]+)\.?,? )?"
_ISO = re.compile(_WEEKDAY + r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})" + _TIME
                  + r"(?: ?(?:z|utc|[+-]\d{2}:?\d{2}))?")
_NUMERIC = re.compile(_WEEKDAY + r"(?P<first>\d{1,2})[-/.](?P<second_part>\d{1,2})[-/.](?P<year>\d{4}|\d{2})" + _TIME)
_SERIAL = re.compile(r"(?P<serial>\d{5})(?:[.,](?P<fraction>\d+))?")
_MONTH_NAMES = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "feb": 2, "february": 2,
    "mars": 3, "mar": 3, "march": 3,
    "avril": 4, "avr": 4, "apr": 4, "april": 4,
    "mai": 5, "may": 5,
    "juin": 6, "jun": 6, "june": 6,
    "juillet": 7, "juil": 7, "jul": 7, "july": 7,
    "aout": 8, "aou": 8, "aug": 8, "august": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "decembre": 12, "dec": 12, "december": 12,
}
_NAMED = re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:er|st|nd|rd|th)?[ .-]+(?P<month>[a-z]+)\.?[ .-]+"
                    r"(?P<year>\d{4}|\d{2})" + _TIME)
_NAMED_MONTH_FIRST = re.compile(_WEEKDAY + r"(?P<month>[a-z]+)\.? (?P<day>\d{1,2})(?:st|nd|rd|th)?,? (?P<year>\d{4})" + _TIME)
_SPACES = re.compile(r"\s+")


@dataclass
class ParsedDates:
    """Per row: the day (days since 1970-01-01, NO_DAY when none), the minute of the day (NO_TIME
    when the cell gave no time), blank, and unreadable (not blank, yet no date)."""

    days: np.ndarray
    minutes: np.ndarray
    blank: np.ndarray
    unreadable: np.ndarray

    @property
    def known(self) -> np.ndarray:
        return self.days != NO_DAY


def day_number(day: dt.date) -> int:
    return (day - _EPOCH).days


def iso_days(days: np.ndarray):
    """Day numbers as `YYYY-MM-DD` texts (an Arrow array), for the reports' details."""
    import pyarrow as pa
    return pa.array(np.asarray(days, dtype=np.int32), type=pa.int32()).cast(pa.date32()).cast(pa.large_string())


def date_of(number: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(number))


def parse_dates(codes: np.ndarray, distinct, day_first: bool = True) -> ParsedDates:
    """Parse each distinct value once (`codes` index the rows into `distinct`, a list of str or an
    Arrow string array). A column of date-times has about as many distinct values as rows, so the
    shapes machines write are read for all the values at once: the fixed widths (`2026-07-31`,
    `2026-07-31 14:30:00`, `31/07/2026 14:30`) from the bytes, the unpadded ones (`3/2/2026
    9:05`) with one Arrow regex; only the others one by one (`parse_date`). The three agree
    (tests/analysis/test_dates.py compares them on every shape)."""
    arrow = distinct if isinstance(distinct, (pa.Array, pa.ChunkedArray)) else pa.array(distinct, pa.string())
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    if not (pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type)):
        arrow = arrow.cast(pa.string())
    count = len(arrow)
    days = np.full(count, NO_DAY, dtype=np.int64)
    minutes = np.full(count, NO_TIME, dtype=np.int16)
    done = _fixed_width(arrow, day_first, days, minutes)
    rest = np.flatnonzero(~done)
    if len(rest):
        done[rest] = _unpadded(arrow.take(pa.array(rest)), day_first, rest, days, minutes)
        rest = np.flatnonzero(~done)
    blank = np.zeros(count, dtype=bool)
    if len(rest):
        values = arrow.take(pa.array(rest)).to_pylist()
        parsed = [parse_date(value or "", day_first) for value in values]
        days[rest] = [NO_DAY if p is None else day_number(p[0]) for p in parsed]
        minutes[rest] = [NO_TIME if p is None or p[1] is None else p[1] for p in parsed]
        blank[rest] = [not (value or "").strip() for value in values]
    return ParsedDates(days[codes], minutes[codes], blank[codes], (days == NO_DAY)[codes] & ~blank[codes])


def _fixed_width(arrow: pa.Array, day_first: bool, days: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """Read the values of 10, 16 or 19 bytes shaped `YYYY-MM-DD` or `DD/MM/YYYY` (`-`, `/` or
    `.`), then ` HH:MM` or ` HH:MM:SS` (`T` too after a year-first date), straight from the
    string bytes; which values they were."""
    bounds, data = string_buffers(arrow)
    lengths = np.diff(bounds)
    done = np.zeros(len(arrow), dtype=bool)
    for width in (10, 16, 19):
        rows = np.flatnonzero(lengths == width)
        if not len(rows):
            continue
        # one row per byte position (contiguous: each position is read whole), digits as numbers
        cells = np.ascontiguousarray(data[bounds[rows][None, :] + np.arange(width)[:, None]])
        value = cells.astype(np.int16) - 48
        digit = (value >= 0) & (value <= 9)

        def number(*positions: int) -> np.ndarray:
            out = value[positions[0]].astype(np.int64)
            for position in positions[1:]:
                out = out * 10 + value[position]
            return out

        def at(position: int, characters: str) -> np.ndarray:
            found = cells[position] == ord(characters[0])
            for character in characters[1:]:
                found |= cells[position] == ord(character)
            return found

        iso = digit[[0, 1, 2, 3, 5, 6, 8, 9]].all(axis=0) & at(4, "-") & at(7, "-")
        numeric = digit[[0, 1, 3, 4, 6, 7, 8, 9]].all(axis=0) & at(2, "-/.") & at(5, "-/.")
        shaped = iso | numeric
        hour = minute = second = np.zeros(len(rows), dtype=np.int64)
        if width >= 16:
            shaped &= digit[[11, 12, 14, 15]].all(axis=0) & at(13, ":") & (at(10, " ") | (iso & at(10, "Tt")))
            hour, minute = number(11, 12), number(14, 15)
        if width == 19:
            shaped &= digit[[17, 18]].all(axis=0) & at(16, ":")
            second = number(17, 18)
        first, middle = number(0, 1), number(3, 4)
        year = np.where(iso, number(0, 1, 2, 3), number(6, 7, 8, 9))
        month = np.where(iso, number(5, 6), middle if day_first else first)
        day = np.where(iso, number(8, 9), first if day_first else middle)
        _store(rows[shaped], year[shaped], month[shaped], day[shaped], hour[shaped], minute[shaped], second[shaped],
               width >= 16, days, minutes)
        done[rows[shaped]] = True
    return done


# The unpadded shapes (`3/2/2026`, `2026-7-31 9:05`, `31/07/26`), for `_unpadded`.
_UNPADDED = (
    (r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
     r"(?:[ Tt](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d{1,9})?)?)?$", False),
    (r"^(?P<first>\d{1,2})[-/.](?P<second_part>\d{1,2})[-/.](?P<year>\d{4}|\d{2})"
     r"(?: (?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$", True),
)


def _unpadded(arrow: pa.Array, day_first: bool, positions: np.ndarray, days: np.ndarray,
              minutes: np.ndarray) -> np.ndarray:
    """Read the values in an unpadded machine shape with one Arrow regex each (`positions`: where
    the values of `arrow` go in `days` and `minutes`); which values they were."""
    done = np.zeros(len(arrow), dtype=bool)
    for pattern, ordered in _UNPADDED:
        found = pc.extract_regex(arrow, pattern)
        rows = np.flatnonzero(found.is_valid().to_numpy(zero_copy_only=False) & ~done)
        if not len(rows):
            continue
        found = found.take(pa.array(rows))

        def number(name: str) -> np.ndarray:
            field = pc.struct_field(found, name)
            return pc.cast(pc.if_else(pc.equal(field, ""), "-1", field), pa.int64()).to_numpy(zero_copy_only=False)

        year = number("year")
        if ordered:
            first, second = number("first"), number("second_part")
            day, month = (first, second) if day_first else (second, first)
            short = pc.utf8_length(pc.struct_field(found, "year")).to_numpy(zero_copy_only=False) == 2
            year = np.where(short, np.where(year <= 68, 2000 + year, 1900 + year), year)
        else:
            day, month = number("day"), number("month")
        hour = number("hour")
        _store(positions[rows], year, month, day, np.maximum(hour, 0), np.maximum(number("minute"), 0),
               np.maximum(number("second"), 0), hour >= 0, days, minutes)
        done[rows] = True
    return done


def _store(rows: np.ndarray, year: np.ndarray, month: np.ndarray, day: np.ndarray, hour: np.ndarray,
           minute: np.ndarray, second: np.ndarray, timed, days: np.ndarray, minutes: np.ndarray) -> None:
    """Write the day numbers and minutes of these values, as `_build` judges them: an impossible
    date or time is unreadable (NO_DAY), midnight is no time."""
    timed = np.broadcast_to(np.asarray(timed, dtype=bool), year.shape)
    month_index = (year - 1970) * 12 + np.clip(month, 1, 12) - 1
    first_day = month_index.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    length = (month_index + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) - first_day
    valid = (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= length)
    valid &= ~timed | ((hour <= 23) & (minute <= 59) & (second <= 59))
    days[rows] = np.where(valid, first_day + day - 1, NO_DAY)
    clock = hour * 60 + minute
    minutes[rows] = np.where(valid & timed & (clock > 0), clock, NO_TIME)


def parse_column(values: pd.Series, day_first: bool = True) -> ParsedDates:
    """`parse_dates` on a column of text cells."""
    codes, distinct = pd.factorize(values.astype(object).fillna(""), use_na_sentinel=False)
    return parse_dates(np.asarray(codes), [str(v) for v in distinct], day_first)


def add_months(days: np.ndarray, months: int) -> np.ndarray:
    """The day numbers `months` calendar months later (earlier when negative), the day of the month
    kept, or the month's last day when it is shorter: 2024-02-29 + 36 months is 2027-02-28 and
    2026-05-31 + 1 month is 2026-06-30 (how a period in months or years ends, Regulation (EEC,
    Euratom) 1182/71 art. 3(2)(c)). NO_DAY stays NO_DAY."""
    days = np.asarray(days, dtype=np.int64)
    known = days != NO_DAY
    dates = np.where(known, days, 0).astype("datetime64[D]")
    month = dates.astype("datetime64[M]")
    day_of_month = (dates - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.timedelta64(months, "M")
    first = target.astype("datetime64[D]")
    length = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - first).astype(np.int64)
    later = first.astype(np.int64) + np.minimum(day_of_month, length - 1)
    return np.where(known, later, NO_DAY)


@lru_cache(maxsize=65_536)
def parse_date(text: str, day_first: bool = True) -> tuple[dt.date, int | None] | None:
    """(date, minute of the day or None) of one cell, or None when it holds no date."""
    text = text.strip()
    if not text or len(text) > 40:
        return None
    text = _SPACES.sub(" ", fold(text))
    match = _SERIAL.fullmatch(text)
    if match:
        return _serial(match)
    match = _ISO.fullmatch(text)
    if match:
        return _build(int(match["year"]), int(match["month"]), int(match["day"]), match)
    match = _NUMERIC.fullmatch(text)
    if match:
        first, second = int(match["first"]), int(match["second_part"])
        day, month = (first, second) if day_first else (second, first)
        return _build(_full_year(match["year"]), month, day, match)
    match = _NAMED.fullmatch(text) or _NAMED_MONTH_FIRST.fullmatch(text)
    if match and match["month"] in _MONTH_NAMES:
        return _build(_full_year(match["year"]), _MONTH_NAMES[match["month"]], int(match["day"]), match)
    return None


def _serial(match: re.Match) -> tuple[dt.date, int | None] | None:
    serial = int(match["serial"])
    if not _SERIALS[0] <= serial < _SERIALS[1]:
        return None
    seconds = round(float("0." + match["fraction"]) * 86_400) if match["fraction"] else 0
    date = _EXCEL_EPOCH + dt.timedelta(days=serial + seconds // 86_400)  # .99999…: the next midnight
    return date, seconds % 86_400 // 60 or None  # under a minute past midnight: a plain date


def _full_year(text: str) -> int:
    if len(text) == 4:
        return int(text)
    short = int(text)
    return 2000 + short if short <= 68 else 1900 + short


def _build(year: int, month: int, day: int, match: re.Match) -> tuple[dt.date, int | None] | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    weekday = match["weekday"]
    if weekday is not None and _WEEKDAYS.get(weekday) != date.weekday():
        return None  # `lundi 31/07/2026`: which of the two is wrong is a guess
    if match["hour"] is None:
        return date, None
    hour, minute = int(match["hour"]), int(match["minute"] or match["hminute"] or 0)
    second = int(match["second"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"] == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    if hour == minute == 0:
        return date, None  # `2026-07-31 00:00:00`: how exports write a plain date as a date-time
    return date, hour * 60 + minute
