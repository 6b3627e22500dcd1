"""Flag an e-mail address whose domain is one typing slip away from a common domain (`gmial.com`,
`hotmial.fr`, `gmail.con`, `yaho.fr`, `orange.fe`): the message bounces, or reaches whoever owns
the misspelt domain. The detail offers the likely domain ("did you mean gmail.com?"); the address
is never changed, a person corrects it (GDPR art. 5(1)(d): inaccurate data rectified; the rule
catalogue's data-quality rule, no specific CNIL text).

A slip is one of the typing mistakes people make: two neighbouring letters swapped (`gmial`), a
letter left out (`yaho`, `gmail.co`) or typed twice (`gmaill`), a letter replaced or joined by a
key beside it on an AZERTY or QWERTY keyboard (`gmail.con`, `orange.fe`, `gmaikl`). Never the
first letter of the domain left out or added, never a letter far from the intended one: so real
domains that merely look alike pass (`grange.fr`, `email.fr`, `morange.fr`, `oranges.fr`,
`mail.com`). A domain of `domains` is never flagged (`gmx.fr`, `free.fr`, `sfr.fr` are themselves
on it), nor any domain further away (`orange.com`, Orange's own staff, `sfr.com`, `gmx.de`,
`laposte.fr`, `yahoo.de`). The name part of a listed domain (before its first dot) is looked at
only when it has at least `min_name` characters: `fre.fr`, `sfa.fr` or `aol.co.uk`-like names of a
short webmail are too likely to be a real company's; their suffix still is (`free.ft`).

Only valid addresses are looked at (an invalid one is `email-invalid`'s); letter case and spaces
around are ignored. The variants of the listed domains are made once; each distinct address's
domain is then looked up among them (one Arrow lookup per chunk).

Params:
  role: the column role to check (default "email").
  domains: the common domains, in the order a suggestion prefers them (default: the catalogue's
    D-WEBMAIL list and a few more French webmails; the shipped rule lists them).
  min_name: the shortest domain name whose letters are looked at (default 5).

Example:
    - id: email-typo-domain
      family: email-quality
      check: email_typo_domain
      severity: info
      action: tag
      legal_basis: "RGPD art. 5(1)(d) (exactitude)"
      message: {fr: "Domaine d'e-mail mal orthographié ?", en: "Misspelt e-mail domain?"}
      params:
        domains: [gmail.com, hotmail.fr, hotmail.com, yahoo.fr, orange.fr, wanadoo.fr, free.fr, sfr.fr]
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.checks.base import CheckContext, Hits, Param

TYPE = "email_typo_domain"
DOMAINS = ["gmail.com", "googlemail.com", "yahoo.fr", "yahoo.com", "hotmail.fr", "hotmail.com", "outlook.fr",
           "outlook.com", "live.fr", "live.com", "msn.com", "icloud.com", "me.com", "aol.com", "orange.fr",
           "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "laposte.net", "bbox.fr", "numericable.fr", "gmx.fr",
           "protonmail.com", "proton.me", "aol.fr", "ymail.com", "gmx.com", "gmx.net", "club-internet.fr",
           "aliceadsl.fr", "voila.fr", "mail.com"]
PARAMS = {
    "role": Param(str, default="email", doc="column role holding e-mail addresses"),
    "domains": Param(list, default=DOMAINS, item_type=str, doc="common domains, in the order suggestions prefer"),
    "min_name": Param(int, default=5, doc="shortest domain name (before the first dot) whose letters are looked at"),
}
_ROWS = ("azertyuiop", "qsdfghjklm", "wxcvbn", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890")
_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")


def validate(params: dict) -> str | None:
    if not params["domains"]:
        return "domains must list at least one domain"
    bad = [d for d in params["domains"] if not _DOMAIN.fullmatch(d)]
    if bad:
        return f"domains: {bad[0]!r} is not a lower-case domain such as \"gmail.com\""
    return "min_name must be at least 1" if params["min_name"] < 1 else None


def roles(params: dict) -> list[str]:
    return [params["role"]]


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for row in _ROWS:
        for left, right in zip(row, row[1:]):
            found.setdefault(left, set()).add(right)
            found.setdefault(right, set()).add(left)
    return {key: frozenset(value) for key, value in found.items()}


def slips(domain: str, min_name: int) -> set[str]:
    """Every domain one typing slip away from `domain` (see the module's doc), itself excluded."""
    near = _neighbours()
    name_end = domain.index(".")
    editable = [i for i, c in enumerate(domain) if c != "." and (i >= name_end or name_end >= min_name)]
    found = set()
    for i in editable:
        c = domain[i]
        alone = domain[i - 1:i] in ("", ".") and domain[i + 1:i + 2] in ("", ".")
        if i > 0 and not alone:
            found.add(domain[:i] + domain[i + 1:])  # left out (never a whole label, never the first letter)
        if i + 1 < len(domain) and domain[i + 1] not in (".", c) and i + 1 in editable:
            found.add(domain[:i] + domain[i + 1] + c + domain[i + 2:])  # swapped
        for other in near.get(c, ()):
            found.add(domain[:i] + other + domain[i + 1:])  # a key beside it
            found.add(domain[:i + 1] + other + domain[i + 1:])  # added after it
            if i > 0 and domain[i - 1] != ".":
                found.add(domain[:i] + other + domain[i:])  # added before it
        found.add(domain[:i + 1] + c + domain[i + 1:])  # typed twice
    found.discard(domain)
    return found


@lru_cache(maxsize=8)
def variants(domains: tuple[str, ...], min_name: int) -> tuple[pa.Array, pa.Array]:
    """(every slip of the domains, the domain each stands for): the first listed domain wins a
    slip two of them share; a slip that is itself a listed domain is none."""
    listed = set(domains)
    table: dict[str, str] = {}
    for domain in domains:
        for slip in sorted(slips(domain, min_name)):
            if slip not in listed:
                table.setdefault(slip, domain)
    return pa.array(list(table), type=pa.string()), pa.array(list(table.values()), type=pa.string())


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    typos, meant = variants(tuple(params["domains"]), params["min_name"])
    hits = []
    for position in ctx.columns.columns(params["role"]):
        emails = ctx.emails(position)
        distinct = ctx.distinct(position)  # the analysis' encoding: one lookup per distinct value
        found = pc.index_in(ctx.email_domains(position), value_set=typos)
        found_u = pc.is_valid(found).to_numpy(zero_copy_only=False)
        flagged = found_u[distinct.codes] & emails.valid
        details = None
        if flagged.any():
            rows = np.flatnonzero(found_u)
            suggestion = meant.take(pc.take(found, pa.array(rows)))
            detail_u = np.full(len(found_u), "", dtype=object)
            detail_u[rows] = pc.binary_join_element_wise("did you mean ", suggestion, "?", "").to_numpy(
                zero_copy_only=False)
            details = detail_u[distinct.codes]
        hits.append(Hits(column=position, mask=flagged, details=details))
    return hits
