"""What every check module shares: the parameter schema (`Param`), what a check returns (`Hits`)
and what it may look at (`CheckContext`, with per-chunk caches of normalised phones and e-mails).

A check module defines TYPE (its name in YAML), PARAMS (name -> Param), ROLES (the roles it needs
given the params: a missing one skips the rule with a reason), `check(ctx, params) -> list[Hits]`
and optional hooks (`CheckModule`, docs/architecture.md). Checks never know severity, action,
message or legal text.

A whole-file check (`PHASE = "file"`) has no `check`: `collect(ctx, params)` gives a compact state
per chunk (numpy arrays, e.g. uint64 hashes of keys), and once every chunk is checked
`conclude(states, view, params) -> list[FileHits]` reads them all with a `FileView` of what the
rows phase decided.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Protocol, Sequence

import numpy as np
import pandas as pd

from fichier_check.analysis.codes import CodeColumn, Vocabulary
from fichier_check.analysis.dates import ParsedDates
from fichier_check.read.columns import DEFAULT_CHANNELS, ColumnMap
from fichier_check.table import arrow_column, distinct_arrow, same_texts


@dataclass(frozen=True)
class Param:
    """One declared parameter: its type, default, allowed values and a one-line doc."""

    type: type | tuple[type, ...]
    default: Any = None
    required: bool = False
    choices: tuple | None = None
    doc: str = ""
    item_type: type | None = None  # for list params

    def validate(self, value: Any) -> str | None:
        """An error message, or None if the value is acceptable."""
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        if bool in types and not isinstance(value, bool) and isinstance(value, int):
            return f"expected true/false, got {value!r}"
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            names = " or ".join(t.__name__ for t in types)
            return f"expected {names}, got {type(value).__name__} {value!r}"
        if self.choices is not None:
            items = value if isinstance(value, list) else [value]
            bad = [v for v in items if v not in self.choices]
            if bad:
                return f"{bad[0]!r} is not one of {', '.join(map(str, self.choices))}"
        if self.item_type is not None and isinstance(value, list):
            bad = [v for v in value if not isinstance(v, self.item_type)]
            if bad:
                return f"list items must be {self.item_type.__name__}, got {bad[0]!r}"
        return None


@dataclass
class Hits:
    """The rows a check flags in one column (or row-level when column is None).

    mask: boolean numpy array aligned with the chunk's rows. details: optional per-row text the
    report shows instead of the cell (e.g. the sensitive term found, never the comment).
    display: optional per-row already-masked value to show. replacement: optional per-row new cell
    value used by the `mask` action. header_only: a column-level finding (e.g. a sensitive header),
    reported once on row 1 (decided on the first chunk).
    """

    column: int | None
    mask: np.ndarray | None = None
    details: np.ndarray | None = None
    display: np.ndarray | None = None
    replacement: np.ndarray | None = None
    header_only: bool = False
    header_detail: str | None = None
    channels: tuple[str, ...] | None = None  # `block` blocks only these of the rule's channels (None: all)
    cleared: dict[str, int] | None = None  # context -> rows whose terms it cleared (counted, never shown)


@dataclass
class FileHits:
    """The rows a whole-file check flags (`PHASE = "file"`), by their index in the file (0 = the
    first data row, in file order, across chunks), row-level or on one column (`column`: whose
    value is then not shown, the chunk being gone). `details`: per flagged row, as `Hits.details`."""

    rows: np.ndarray  # int64 file indexes, each once
    details: Any = None  # aligned with rows: an object array or an Arrow string array
    column: int | None = None


class FileView(Protocol):
    """What a whole-file check's `conclude` may read, once every chunk is checked (the engine's
    `engine/file_phase.FileFacts`): per file row, what the earlier phases (and the whole-file
    rules that concluded before) decided."""

    rows: int  # data rows in the file
    chunk_sizes: list[int]  # rows of each chunk, in file order: the states' order

    def row_numbers(self, rows: np.ndarray) -> np.ndarray:
        """The spreadsheet row numbers of these file indexes (for details: "as row N")."""

    def quarantined(self, rule_ids: Sequence[str] | None = None) -> np.ndarray:
        """Per file row (uint8): 0 when no rule of `rule_ids` (None: any rule) quarantined it,
        else 1 + the index in `rule_ids` of the first that did (1 when `rule_ids` is None)."""

    def blocked(self, rule_ids: Sequence[str], channels: Sequence[str]) -> np.ndarray:
        """Per file row (uint8): 0, or 1 + the index of the first rule of `rule_ids` whose action
        is `block` and that blocked the row on one of `channels`."""

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """`compute()` once for every whole-file rule of the run (the rows sharing a key, which two
        rules read), dropped when they have all concluded."""


@dataclass
class Distinct:
    """A column as codes into its distinct values (Arrow, and plain str when asked), so a check
    can work once per distinct value and map the answer back with `answer[codes]`."""

    codes: np.ndarray
    arrow: Any

    @cached_property
    def values(self) -> list[str]:
        return self.arrow.to_pylist()

    @classmethod
    def of(cls, column: pd.Series) -> "Distinct":
        return cls(*distinct_arrow(column))


@dataclass
class CheckContext:
    """What a check may read: the chunk, the column roles, the run's date, lists and caches."""

    frame: pd.DataFrame
    columns: ColumnMap
    as_of: dt.date
    lists: dict[str, Any] = field(default_factory=dict)  # e.g. "opposition" -> SuppressionList
    channels: Any = None  # ChannelState, for "post" checks only
    campaign_channels: tuple[str, ...] = DEFAULT_CHANNELS
    ragged: dict[int, int] = field(default_factory=dict)  # rows read with another field count: position → count
    vocabulary: Vocabulary = field(default_factory=Vocabulary)  # the packs' call-result codes and statuses
    # column → rows whose cell the rules empty, set before the whole-file checks collect: an e-mail
    # or a phone the cleaned file will not hold (ERR, invalid) is no one's key
    emptied: dict[int, np.ndarray] = field(default_factory=dict)
    sector: str | None = None  # the campaign's sector (--sector, `campaign: sector:`), for the sector bans
    _cache: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.frame)

    def values(self, position: int) -> pd.Series:
        return self.frame[position]

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def arrow(self, position: int):
        """The column as one Arrow string array (no copy for the Arrow-backed frames the loaders make),
        for vectorised prefilters that run before any per-value work."""
        return self.cached(("arrow", position), lambda: arrow_column(self.values(position)))

    def distinct(self, position: int) -> "Distinct":
        """The column's distinct values, once per chunk for every check that wants them (those of
        the column's phone or e-mail analysis when it has been made: the same encoding)."""
        return self.cached(("distinct", position), lambda: self._analysed_distinct(position) or Distinct.of(
            self.values(position)))

    def _analysed_distinct(self, position: int) -> "Distinct | None":
        for kind in ("phones", "emails"):
            made = self._cache.get((kind, position))
            if made is not None and made.distinct is not None:
                return Distinct(*made.distinct)
        return None

    def phones(self, position: int):
        from fichier_check.analysis.phones import analyse_phones
        return self.cached(("phones", position), lambda: analyse_phones(self.values(position)))

    def emails(self, position: int):
        from fichier_check.analysis.emails import analyse_emails
        return self.cached(("emails", position), lambda: analyse_emails(self.values(position)))

    def email_domains(self, position: int):  # each distinct address' domain, in `distinct`'s order
        from fichier_check.analysis.emails import domains_of
        return self.cached(("email-domains", position), lambda: domains_of(self.distinct(position).arrow))

    def person_keys(self, kind: str) -> list[np.ndarray]:
        """The rows' person keys of one kind (`analysis/persons`: "email", "phone", "name", or "who":
        the last name alone, which tells apart people sharing a phone or an e-mail), one
        uint64 array per column holding it (0: no key). Cached and read-only: the whole-file rules
        asking for the same keys keep the same arrays, not copies."""
        from fichier_check.analysis import persons

        def make() -> list[np.ndarray]:
            if kind == "email":
                return [self._kept(p, persons.email_keys(self.emails(p))) for p in self.columns.columns("email")]
            if kind == "phone":
                return [self._kept(p, persons.phone_keys(self.phones(p))) for p in self.columns.phone_columns()]
            names = self.columns.columns("last_name")
            if kind == "name":
                names = names + self.columns.columns("first_name")
            postal = self.columns.first("postal_code")
            if not names or (postal is None and kind == "name"):
                return []

            def coded(position: int) -> tuple:
                distinct = self.distinct(position)
                return distinct.codes, distinct.arrow
            return [persons.name_keys([coded(p) for p in names], coded(postal) if kind == "name" else None)]
        return self.cached(("person-keys", kind), lambda: [_read_only(keys) for keys in make()])

    def call_match(self):
        """How the rows' phones and e-mails match the --calls history (once a chunk, for every rule)."""
        from fichier_check.analysis.calls import match_analyses
        return self.cached("calls-match", lambda: match_analyses(
            self.lists["calls"], [self.phones(p) for p in self.columns.phone_columns()],
            [self.emails(p) for p in self.columns.columns("email")]))

    def person_state(self, kinds: list[str]) -> dict[str, list[np.ndarray]]:  # + the `who` keys (names)
        return {**{kind: self.person_keys(kind) for kind in kinds}, "who": self.person_keys("who")}

    def _kept(self, position: int, keys: np.ndarray) -> np.ndarray:  # without the cells the rules empty
        rows = self.emptied.get(position)
        if rows is None or not len(rows):
            return keys
        keys = keys.copy()
        keys[rows] = 0
        return keys

    def analysis(self, kind: str, position: int):  # `phones(position)` or `emails(position)`, by name
        return self.phones(position) if kind == "phones" else self.emails(position)

    def on_list(self, name: str, role: str, position: int) -> np.ndarray:
        """Per row: is the value of this column (holding `role`) on the list `name`? Cached under
        the key a worker prepares it under (`runtime.with_analyses`)."""
        from fichier_check.analysis.lists import compared_as
        kind = compared_as(role)
        return self.cached(("listed", name, kind, position),
                           lambda: self.lists[name].contains(self.analysis(kind, position)))

    def customer_types(self) -> np.ndarray:
        """Per row: "B2B", "B2C" or "unknown" (from the customer_type role, else unknown)."""
        from fichier_check.analysis.values import customer_types
        pos = self.columns.first("customer_type")
        if pos is None:
            return same_texts(self.n, "unknown")
        return self.cached(("ctype", pos), lambda: customer_types(self.values(pos)))

    def truthy(self, role: str) -> np.ndarray:
        """Per row: the role's cell is a recognised yes (oui/yes/1/x/vrai…); False when no column."""
        from fichier_check.analysis.values import is_truthy
        pos = self.columns.first(role)
        if pos is None:
            return np.zeros(self.n, dtype=bool)
        return self.cached(("truthy", pos), lambda: is_truthy(self.values(pos)))

    def codes(self, position: int) -> CodeColumn:
        """The column's cells read as codes of the vocabulary kind its role names (`call_result`
        or `status`): canonical name, unknown or blank, and meanings, per row."""
        from fichier_check.analysis.codes import read_codes
        lookup = self.vocabulary.lookup(self.columns.roles.get(position))
        return self.cached(("codes", position), lambda: read_codes(
            self.distinct(position).codes, self.distinct(position).values, lookup))

    def code_means(self, meaning: str, roles: tuple[str, ...] = ("call_result", "status")) -> np.ndarray:
        """Per row: does a code of any column of these roles have this meaning (`analysis.codes.MEANINGS`)?"""
        out = np.zeros(self.n, dtype=bool)
        for role in roles:
            for position in self.columns.columns(role):
                out |= self.codes(position).means(meaning)
        return out

    def dates(self, position: int) -> ParsedDates:
        """The column's cells read as dates (analysis/dates: day first unless the vocabulary says
        month-first), once per distinct value."""
        from fichier_check.analysis.dates import parse_dates

        def read() -> ParsedDates:
            distinct = self.distinct(position)
            return parse_dates(distinct.codes, distinct.arrow, self.vocabulary.day_first)
        return self.cached(("dates", position), read)

    def in_scope(self, customer_type: str) -> np.ndarray:
        """Rows a B2C/B2B/all rule concerns. Unknown type counts as B2C: the strictest default.
        Computed once per chunk for all the rules that ask (read-only: shared by them)."""
        return self.cached(("scope", customer_type), lambda: _read_only(self._scope(customer_type)))

    def _scope(self, customer_type: str) -> np.ndarray:
        if customer_type == "all":
            return np.ones(self.n, dtype=bool)
        types = self.customer_types()
        return types != "B2B" if customer_type == "B2C" else types == "B2B"


@dataclass(frozen=True)
class CheckModule:
    """A registered check type, as the engine and the rule-pack validator see it."""

    type: str
    params: dict[str, Param]
    roles: Callable[[dict], list[str]]
    check: Callable[[CheckContext, dict], list[Hits]] | None  # None for a whole-file check
    doc: str
    lists: Callable[[dict], list[str]] = lambda params: []  # which --opposition/--bloctel lists it needs
    # (list, role) pairs it looks up with `CheckContext.on_list`: prepared ahead by a worker (`runtime.with_analyses`)
    lookups: Callable[[dict], list[tuple[str, str]]] = lambda params: []
    phase: str = "rows"  # "rows": runs on the data; "post": runs after the others, reads ctx.channels (and
    # again, on a context without cells, for the rows a whole-file rule blocked); "file": `collect` per chunk,
    # then `conclude` once the whole file is checked
    collect: Callable[[CheckContext, dict], Any] | None = None
    conclude: Callable[[list, FileView, dict], list[FileHits]] | None = None
    validate: Callable[[dict], str | None] | None = None  # cross-parameter validation, returns a problem
    # why the rule cannot run on this file (its columns and the run's lists), beyond a missing role; None: it runs
    skip: Callable[[dict, ColumnMap, dict], str | None] | None = None
    needs_sector: bool = False  # it reads ctx.sector: skipped, with its reason, when the campaign names none
    removes_characters: bool = False  # it flags the hidden characters engine/visible removes: the `remove-characters` action


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array
