"""Read a call history (`--calls FILE`): one line per call or call attempt, as a CRM exports it.

The file is a CSV or XLSX read like the prospect file (`read/source.open_table`: encodings,
delimiters, quoting, workbooks, and the same refusals of binary, broken or hostile files). It has
a header row naming:

- the contact, one column or more: a phone (`Téléphone`, `Mobile`, `Numéro appelé`…) and/or an
  e-mail (`E-mail`), the roles `read/columns` gives the prospect file (numbers in any French or
  international form, compared in E.164; e-mails trimmed and lower-cased);
- the date of the call: a column of the role `call_datetime` (`Date appel`, `Date de l'appel`,
  `Call date`…) or headed `Date`, `Date/heure`, `Horodatage`, `Timestamp`; a date-time, or a date
  with the time in a column headed `Heure` / `Time` (time optional); dates as exports write them
  (`analysis/dates`: day first by default, ISO, Excel serials, a workbook's real dates);
- optionally the result of the call (`Résultat`, `Qualification`…: the `call_result` role), read
  with the prospector's vocabulary when a rule needs it. An unknown code is still a call.

A line without any phone or e-mail, or without a readable date, is not counted: a warning in the
reports gives how many and their first line numbers (never their content). The file is refused
(`UserError`, exit 2, naming the file and the line) when it cannot be read, has no contact or date
column, holds no call, or when more than half of its lines are unusable: the wrong file, or the
right one read the wrong way, would make every count too low.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from fichier_check.analysis.calls import CallHistory, email_keys
from fichier_check.analysis.dates import NO_DAY, parse_column
from fichier_check.analysis.emails import analyse_emails
from fichier_check.analysis.list_guard import MAX_REJECTED_LINES, numbers
from fichier_check.analysis.phones import analyse_phones
from fichier_check.analysis.text import fold_words
from fichier_check.errors import UserError
from fichier_check.read.columns import PHONE_ROLES, map_columns
from fichier_check.read.source import open_table
from fichier_check.table import LoadOptions

OPTION = "--calls"
DATE_HEADERS = {"date", "date heure", "date et heure", "date time", "datetime", "horodatage", "timestamp", "jour",
                "date de l appel", "date d appel", "date appel", "date heure appel", "date heure de l appel"}
TIME_HEADERS = {"heure", "heure appel", "heure de l appel", "heure d appel", "time", "call time", "horaire"}
EXPECTED = (f"{OPTION} expects a CSV or XLSX file with a header row and one line per call: the contact's phone "
            "or e-mail, and the date (e.g. Téléphone;Date;Résultat)")
WHY = {"contact": "without a phone number or e-mail", "date": "without a readable date"}


def load_calls(path: str | Path, day_first: bool = True) -> CallHistory:
    """Read, index and judge one call-history file."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"the {OPTION} history " + ("is not a file" if path.exists() else "does not exist"),
                        path=path, hint="check the path")
    try:
        return _load(path, day_first)
    except UserError as error:
        if error.message.startswith(f"the {OPTION} history"):
            raise
        raise UserError(f"the {OPTION} history: {error.message}", path=error.path or path, line=error.line,
                        hint=error.hint) from None


def _load(path: Path, day_first: bool) -> CallHistory:
    source = open_table(path, LoadOptions())
    chunks = source.chunks()
    first = next(chunks, None)
    columns = map_columns(source.header, sample=first.frame if first is not None else None)
    contacts = [(p, columns.roles[p]) for p in sorted(columns.roles) if columns.roles[p] in (*PHONE_ROLES, "email")]
    folded = [fold_words(name) for name in source.header]
    date = columns.first("call_datetime")
    if date is None:
        date = next((i for i, name in enumerate(folded) if name in DATE_HEADERS), None)
    time = next((i for i, name in enumerate(folded) if name in TIME_HEADERS and i != date), None)
    result = columns.first("call_result")
    where = {"path": path, "line": source.header_line or source.header_row}
    if not contacts:
        raise UserError(f"the {OPTION} history has no phone or e-mail column", **where, hint=EXPECTED)
    if date is None:
        raise UserError(f"the {OPTION} history has no date column", **where, hint=EXPECTED)
    parts = [_read(chunk, contacts, date, time, result, day_first) for chunk in _chain(first, chunks)]
    lines = sum(len(p["day"]) for p in parts)
    if not lines:
        raise UserError(f"the {OPTION} history holds no call (a header only)", path=path, hint=EXPECTED)
    rejected = {}
    for why in WHY:
        count = sum(p[why].size for p in parts)
        if count:
            rejected[why] = (count, tuple(int(x) for x in np.concatenate([p[why] for p in parts])[:MAX_REJECTED_LINES]))
    bad = sum(p["unusable"] for p in parts)
    if bad * 2 > lines:
        first_bad = min((lines_[0] for lines_ in (r[1] for r in rejected.values()) if lines_), default=None)
        raise UserError(f"the {OPTION} history has {bad} unusable lines of {lines} (no phone or e-mail, or no "
                        "readable date): is this the right file?", path=path, line=first_bad, hint=EXPECTED)
    results, result_codes = _results(parts)
    use = [p["use"] for p in parts]
    history = CallHistory.build(
        [np.concatenate([p["keys"][i][u] for p, u in zip(parts, use)]) for i in range(len(contacts))],
        np.concatenate([p["day"][u] for p, u in zip(parts, use)]),
        np.concatenate([p["minute"][u] for p, u in zip(parts, use)]),
        np.concatenate([c[u] for c, u in zip(result_codes, use)]), results,
        path=str(path), sha256=_sha256(path), lines=lines, rejected=rejected, has_results=result is not None)
    history.warnings = warnings(history)
    return history


def warnings(history: CallHistory) -> list[str]:
    """What the reports say of the lines that were not counted (numbers only, never content)."""
    out = []
    for why, (count, first) in history.rejected.items():
        what = "line" if count == 1 else "lines"
        out.append(f"{OPTION} history: {count} {what} {WHY[why]} not counted (line {numbers(first, count)})")
    return out


def _chain(first, rest):
    if first is not None:
        yield first
        yield from rest


def _read(chunk, contacts, date, time, result, day_first: bool) -> dict:
    frame = chunk.frame
    keys = []
    for position, role in contacts:
        if role == "email":
            keys.append(email_keys(analyse_emails(frame[position]).normalised))
        else:
            keys.append(np.asarray(analyse_phones(frame[position]).keys, dtype=np.int64))
    dates = frame[date]
    if time is not None:
        dates = dates.str.strip() + " " + frame[time].str.strip()
        dates = dates.where(frame[time].str.strip() != "", frame[date])
    parsed = parse_column(dates, day_first)
    if time is not None:  # a date cell holding its own time: the time column's cell is not needed
        alone = parse_column(frame[date], day_first)
        retry = ~parsed.known & alone.known
        parsed.days[retry], parsed.minutes[retry] = alone.days[retry], alone.minutes[retry]
    contact = np.logical_or.reduce([k != 0 for k in keys])
    known = parsed.days != NO_DAY
    numbers_ = chunk.line_numbers if chunk.line_numbers is not None else chunk.row_numbers
    return {"keys": keys, "day": parsed.days, "minute": parsed.minutes, "use": contact & known,
            "contact": numbers_[~contact], "date": numbers_[contact & ~known],
            "unusable": int((~(contact & known)).sum()),
            "result": frame[result] if result is not None else None}


def _results(parts: list[dict]) -> tuple[list[str], list[np.ndarray]]:
    """The distinct result cells of the whole file, and each line's code into them."""
    if parts[0]["result"] is None:
        return [""], [np.zeros(len(p["day"]), dtype=np.int32) for p in parts]
    codes, distinct = pd.factorize(pd.concat([p["result"] for p in parts], ignore_index=True).astype(object)
                                   .fillna(""), use_na_sentinel=False)
    split = np.cumsum([len(p["day"]) for p in parts])[:-1]
    return [str(v) for v in distinct], np.split(np.asarray(codes, dtype=np.int32), split)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
