"""Flag a consumer's callback (`callback_datetime`: `Date de rappel`) planned when the law forbids
calling: art. D223-9 al. 1-2 C. conso. allows canvassing calls to consumers only Monday to Friday,
10:00–13:00 and 14:00–20:00 in the consumer's time zone, never on the public holidays of art.
L3133-1 C. trav. (1 January, Easter Monday, 1 May, 8 May, Ascension, Whit Monday, 14 July,
15 August, 1 November, 11 November, 25 December; the `holidays` package's France calendar),
unless the consumer expressly agreed to be called outside them.

- A slot's start is allowed and its end is not: 10:00 and 14:00 pass, 13:00 and 20:00 are outside
  (a call that starts at 13:00 takes place after 13:00); times are read to the minute.
- A callback with a date only: only the day is judged (weekday, public holiday).
- Time zone: the file's times are taken as written in `file_timezone` (Europe/Paris: the caller's
  CRM in mainland France); a number of an overseas region or of another country (its country
  code, and for +262 its region, Réunion or Mayotte, from phonenumbers) is called at the consumer's
  local time, so a 15:00 callback to Martinique is 10:00 there in winter and 09:00 in summer (the
  change of each zone's daylight-saving time is applied). `file_timezone: consumer` says the file
  already writes each consumer's local time. A row's zone is its first valid phone number's; a
  row without one is judged in `file_timezone`.
- Local holidays (`local_holidays`, off by default: whether D223-9's "jours fériés" covers them is
  not settled, regulation.md §14.4 [?]): Good Friday and 26 December for a postal code of
  Alsace-Moselle (57, 67, 68), the abolition-of-slavery day of an overseas region for its numbers.
- Not judged: a row with an express out-of-hours consent (a yes in `consent_role`, `Accord hors
  horaires`), a callback before `--as-of` (a past plan: `include_past` judges those too), an
  unreadable date, a professional (B2B) row.

Params:
  days: weekdays calls are allowed on (default [mon, tue, wed, thu, fri]).
  slots: allowed times of day, "HH:MM-HH:MM", start included, end excluded (default
    ["10:00-13:00", "14:00-20:00"]).
  public_holidays: no call on the L3133-1 public holidays (default true).
  local_holidays: Alsace-Moselle's and overseas regions' own holidays too (default false) [?].
  file_timezone: the time zone the file's times are written in (default "Europe/Paris"), or
    "consumer".
  consent_role: the role whose yes records an express out-of-hours consent (default
    out_of_hours_consent; null: none is looked at).
  include_past: also judge callbacks dated before --as-of (default false).
  customer_type: rows concerned: B2C (default), B2B or all.

Example:
    - id: callback-outside-slot
      family: call-pressure
      check: callback_outside_slot
      channels: [phone]
      severity: warning
      action: tag
      legal_basis: "C. conso. art. D223-9 al. 1-2"
      message: {fr: "Rappel prévu hors des horaires autorisés", en: "Callback planned outside the allowed hours"}
      params: {slots: ["10:00-13:00", "14:00-20:00"]}
"""
from __future__ import annotations

import datetime as dt

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.analysis.dates import NO_TIME, day_number, date_of, iso_days
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.table import join_texts, same_texts

TYPE = "callback_outside_slot"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PARAMS = {
    "days": Param(list, default=["mon", "tue", "wed", "thu", "fri"], item_type=str, choices=WEEKDAYS,
                  doc="weekdays calls are allowed on"),
    "slots": Param(list, default=["10:00-13:00", "14:00-20:00"], item_type=str,
                   doc="allowed times of day, start included, end excluded"),
    "public_holidays": Param(bool, default=True, doc="no call on the L3133-1 public holidays"),
    "local_holidays": Param(bool, default=False, doc="Alsace-Moselle's and overseas regions' holidays too [?]"),
    "file_timezone": Param(str, default="Europe/Paris", doc="time zone of the file's times, or consumer"),
    "consent_role": Param((str, type(None)), default="out_of_hours_consent", doc="role of an out-of-hours consent"),
    "include_past": Param(bool, default=False, doc="judge callbacks before --as-of too"),
    "customer_type": Param(str, default="B2C", choices=("B2C", "B2B", "all"), doc="rows concerned"),
}
_SLOT = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")
PARIS = "Europe/Paris"
# Regions whose country code covers several time zones: the zone of each (phonenumbers gives both
# Réunion's and Mayotte's for +262).
REGION_ZONES = {"GP": "America/Guadeloupe", "BL": "America/St_Barthelemy", "MF": "America/Marigot",
                "MQ": "America/Martinique", "GF": "America/Cayenne", "RE": "Indian/Reunion", "YT": "Indian/Mayotte",
                "PM": "America/Miquelon", "NC": "Pacific/Noumea", "WF": "Pacific/Wallis", "PF": "Pacific/Tahiti"}
# The `holidays` package's subdivisions: overseas regions, and Alsace-Moselle by postal-code département.
REGION_SUBDIVS = {"GP": "971", "MQ": "972", "GF": "973", "RE": "974", "YT": "976", "BL": "BL", "MF": "MF"}
ALSACE_MOSELLE = {"57": "57", "67": "6AE", "68": "6AE"}


def validate(params: dict) -> str | None:
    if not params["days"]:
        return "days must list at least one weekday"
    for slot in params["slots"]:
        bounds = _bounds(slot)
        if bounds is None:
            return f"slots: {slot!r} is not HH:MM-HH:MM with the start before the end"
    if params["file_timezone"] != "consumer" and _zone(params["file_timezone"]) is None:
        return f"file_timezone: {params['file_timezone']!r} is not a time zone (e.g. Europe/Paris) or 'consumer'"
    return None


def _bounds(slot: str) -> tuple[int, int] | None:
    match = _SLOT.fullmatch(slot.strip())
    if not match:
        return None
    h1, m1, h2, m2 = map(int, match.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59 or not start < end <= 24 * 60:
        return None
    return start, end


@lru_cache(maxsize=64)
def _zone(name: str):
    import zoneinfo
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def roles(params: dict) -> list[str]:
    return ["callback_datetime"]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    position = ctx.columns.first("callback_datetime")
    dates = ctx.dates(position)
    concerned = ctx.in_scope(params["customer_type"]) & dates.known
    if not params["include_past"]:
        concerned &= dates.days >= day_number(ctx.as_of)
    if params["consent_role"]:
        concerned &= ~ctx.truthy(params["consent_role"])
    rows = np.flatnonzero(concerned)
    mask = np.zeros(ctx.n, dtype=bool)
    if not len(rows):
        return [Hits(column=position, mask=mask)]
    day, minute = dates.days[rows].astype(np.int64), dates.minutes[rows].astype(np.int64)
    zones = _row_zones(ctx, rows, params["file_timezone"])
    if params["file_timezone"] != "consumer":
        day, minute = _local(day, minute, zones, params["file_timezone"])
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday
    allowed_days = np.isin(np.arange(7), [WEEKDAYS.index(d) for d in params["days"]])
    wrong_day = ~allowed_days[weekday]
    holiday = same_texts(len(rows), "")
    if params["public_holidays"]:
        holiday = _holidays(day, None)
    if params["local_holidays"]:
        local = _local_holidays(ctx, rows, day)
        holiday = np.where(holiday == "", local, holiday)
    is_holiday = holiday != ""
    timed = minute != NO_TIME
    in_slot = np.zeros(len(rows), dtype=bool)
    for slot in params["slots"]:
        start, end = _bounds(slot)
        in_slot |= (minute >= start) & (minute < end)
    wrong_time = timed & ~in_slot
    flagged = wrong_day | is_holiday | wrong_time
    mask[rows[flagged]] = True
    details = same_texts(ctx.n, None)
    if flagged.any():
        details[rows[flagged]] = _details(day[flagged], minute[flagged], weekday[flagged], holiday[flagged],
                                          wrong_day[flagged], wrong_time[flagged], zones[flagged], params)
    return [Hits(column=position, mask=mask, details=details)]


def _row_zones(ctx: CheckContext, rows: np.ndarray, file_zone: str) -> np.ndarray:
    """Per row (of `rows`): the time zone of its first valid phone number, else the file's."""
    zones = same_texts(len(rows), PARIS if file_zone == "consumer" else file_zone)
    for position in reversed(ctx.columns.phone_columns()):  # the first column wins
        phones = ctx.phones(position)
        keys, valid = np.asarray(phones.keys)[rows], phones.valid[rows]
        french = valid & (keys // 1_000_000_000 == 33)
        zones[french] = PARIS
        others = np.flatnonzero(valid & ~french)
        if len(others):
            codes, uniques = pd.factorize(keys[others])
            found = np.array([_zone_of(int(k)) or "" for k in uniques], dtype=object)[codes]
            known = found != ""
            zones[others[known]] = found[known]
    return zones


@lru_cache(maxsize=4096)
def _zone_of(key: int) -> str | None:
    """The time zone of a valid number that is not metropolitan French (+33), or None when it has
    several and its region does not say which."""
    import phonenumbers
    from phonenumbers import timezone
    try:
        number = phonenumbers.parse(f"+{key}")
    except phonenumbers.NumberParseException:
        return None
    region = phonenumbers.region_code_for_number(number)
    if region in REGION_ZONES:
        return REGION_ZONES[region]
    zones = [z for z in timezone.time_zones_for_number(number) if _zone(z) is not None]
    return zones[0] if len(zones) == 1 else None


@lru_cache(maxsize=4096)
def _region_of(key: int) -> str | None:
    import phonenumbers
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(f"+{key}"))
    except phonenumbers.NumberParseException:
        return None


def _local(day: np.ndarray, minute: np.ndarray, zones: np.ndarray, file_zone: str) -> tuple[np.ndarray, np.ndarray]:
    """The day and minute in each row's zone of a time written in `file_zone` (dates alone stay)."""
    day, minute = day.copy(), minute.copy()
    timed = minute != NO_TIME
    for zone in pd.unique(zones[timed & (zones != file_zone)]):
        which = np.flatnonzero(timed & (zones == zone))
        stamps = pd.DatetimeIndex(((day[which] * 1440 + minute[which]) * 60).astype("datetime64[s]"))
        here = stamps.tz_localize(file_zone, ambiguous=np.zeros(len(which), dtype=bool), nonexistent="shift_forward")
        there = here.tz_convert(zone).tz_localize(None).as_unit("s").asi8 // 60  # minutes since 1970, local
        day[which], minute[which] = there // 1440, there % 1440
    return day, minute


# The public holidays art. L3133-1 C. trav. lists (Easter's three from python-dateutil's Easter):
# written here rather than asked of the `holidays` package, whose import (every country's
# calendar, 0.2 s) would double the time of a small file's audit. `holidays` gives the local ones.
FIXED_HOLIDAYS = {(1, 1): "New Year's Day", (5, 1): "Labor Day", (5, 8): "Victory Day", (7, 14): "National Day",
                  (8, 15): "Assumption Day", (11, 1): "All Saints' Day", (11, 11): "Armistice Day",
                  (12, 25): "Christmas Day"}
EASTER_HOLIDAYS = {1: "Easter Monday", 39: "Ascension Day", 50: "Pentecost Monday"}  # days after Easter Sunday


def national_holidays(years: tuple[int, ...]) -> dict[dt.date, str]:
    """The L3133-1 holidays of these years, date → name."""
    from dateutil.easter import easter
    days = {}
    for year in years:
        days.update({dt.date(year, month, day): name for (month, day), name in FIXED_HOLIDAYS.items()})
        sunday = easter(year)
        days.update({sunday + dt.timedelta(days=after): name for after, name in EASTER_HOLIDAYS.items()})
    return days


@lru_cache(maxsize=256)
def _calendar(years: tuple[int, ...], subdiv: str | None) -> dict[int, str]:
    """Day number → holiday name: France's (L3133-1), or only a subdivision's own days."""
    national = national_holidays(years)
    if subdiv is None:
        return {day_number(d): name for d, name in national.items()}
    try:  # the country's own module
        from holidays.countries.france import France
    except ImportError:  # pragma: no cover - a layout change of the package
        from holidays import France
    local = France(years=years, subdiv=subdiv, language="en_US")
    own = {d: name for d, name in local.items() if d not in national}
    if subdiv not in ALSACE_MOSELLE.values():  # overseas: the abolition of slavery day only
        own = {d: name for d, name in own.items() if "abolition" in name.lower()}
    return {day_number(d): name for d, name in own.items()}


def _years(day: np.ndarray) -> tuple[int, ...]:
    first, last = date_of(int(day.min())).year, date_of(int(day.max())).year
    return tuple(range(first, last + 1))


def _holidays(day: np.ndarray, subdiv: str | None) -> np.ndarray:
    """Per day: the holiday's name, "" when none."""
    names = same_texts(len(day), "")
    if not len(day):
        return names
    calendar = _calendar(_years(day), subdiv)
    listed = np.array(sorted(calendar), dtype=np.int64)
    hit = np.flatnonzero(np.isin(day, listed))
    names[hit] = [calendar[int(d)] for d in day[hit]]  # the holidays hit: few distinct days
    return names


def _local_holidays(ctx: CheckContext, rows: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Per row: the local holiday of its Alsace-Moselle postal code or overseas number, "" none."""
    names = same_texts(len(rows), "")
    subdiv = same_texts(len(rows), "")
    if ctx.columns.has("postal_code"):
        codes = pc.utf8_slice_codeunits(pc.utf8_trim_whitespace(ctx.arrow(ctx.columns.first("postal_code"))), 0, 2)
        department = codes.to_numpy(zero_copy_only=False)[rows]
        for prefix, name in ALSACE_MOSELLE.items():
            subdiv[department == prefix] = name
    for position in reversed(ctx.columns.phone_columns()):
        phones = ctx.phones(position)
        keys, valid = np.asarray(phones.keys)[rows], phones.valid[rows]
        others = np.flatnonzero(valid & (keys // 1_000_000_000 != 33))
        if len(others):
            codes, uniques = pd.factorize(keys[others])
            found = np.array([REGION_SUBDIVS.get(_region_of(int(k)), "") for k in uniques], dtype=object)[codes]
            subdiv[others[found != ""]] = found[found != ""]
    for name in pd.unique(subdiv[subdiv != ""]):
        which = np.flatnonzero(subdiv == name)
        names[which] = _holidays(day[which], name)
    return names


_CLOCK = np.array([f" {m // 60:02d}:{m % 60:02d}" for m in range(24 * 60)] + [""], dtype=object)  # [-1]: no time


def _details(day, minute, weekday, holiday, wrong_day, wrong_time, zones, params) -> np.ndarray:
    """`callback 2027-03-29 15:00: Easter Monday, a public holiday` and the like (no personal data),
    from small tables indexed per row (clock, weekday and holiday names)."""
    reason = same_texts(len(day), "outside " + ", ".join(params["slots"]))
    reason[~wrong_time] = ""
    reason[wrong_day] = np.array([f"{name}, not a calling day" for name in DAY_NAMES], dtype=object)[weekday[wrong_day]]
    on_holiday = holiday != ""
    if on_holiday.any():
        codes, names = pd.factorize(holiday[on_holiday])
        reason[on_holiday] = np.array([f"{name}, a public holiday" for name in names], dtype=object)[codes]
    where = same_texts(len(day), "")
    local = (minute != NO_TIME) & (zones != params["file_timezone"]) & (params["file_timezone"] != "consumer")
    if local.any():
        codes, names = pd.factorize(zones[local])
        where[local] = np.array([f" in {name}" for name in names], dtype=object)[codes]
    texts = join_texts("callback ", iso_days(day), pa.array(_CLOCK[minute], type=pa.large_string()),
                       pa.array(where, type=pa.large_string()), ": ", pa.array(reason, type=pa.large_string()))
    return texts.to_numpy(zero_copy_only=False)
