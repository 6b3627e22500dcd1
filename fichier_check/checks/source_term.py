"""Flag rows whose source (Source, Origine, Provenance) names a kind of origin the law watches: a
third party (a bought or rented file, a broker, a contest, co-registration, a partner) or a
scraped or public directory (LinkedIn, Sales Navigator, Pages Jaunes, an annuaire). Buying a file
does not transfer consent: e-mail and SMS to consumers need a consent that names the user or its
listed partners (CPCE L34-5; the CNIL's sanctions of data brokers and their clients, 2023-2025);
public or scraped data are still personal data (CNIL, Nestor SAN-2020-018).

Terms are whole words with accents and case ignored (`Fichier loué` = `FICHIER LOUE`, `annuaires`
= `annuaire`); a term inside one of the `decoys` phrases is not one (`achat en ligne` is a
customer's purchase, not a bought file). Only the term found is shown, never the source cell.
With `consent_roles`, a row passes when one of those opt-ins is a yes and its `optin_source`
names one of `consent_names` (the user, its brands, the partners it lists): the consent was given
to it. Without `consent_names`, no consent can be recognised and every such row is flagged.
A file without a source column skips the rule.

Params:
  terms: the words and phrases that name such a source (required).
  decoys: phrases inside which a term is not meant as listed.
  label: what the detail calls such a source (e.g. "third-party source").
  customer_type: rows concerned: all (default), B2C or B2B (unknown counts as B2C).
  consent_roles: opt-in roles whose yes, given to a named party, exempts the row (default none).
  consent_names: the names an opt-in's source must hold to exempt the row.
  channels_reached: the row is flagged only when it holds a contact point for one of these
    channels that the campaign uses (default: no such condition).

Example:
    - id: scraped-source
      family: provenance
      check: source_term
      severity: warning
      action: tag
      legal_basis: "CNIL, SAN-2020-018 (Nestor)"
      message: {fr: "Données extraites d'un annuaire ou d'un réseau", en: "Scraped or directory data"}
      params:
        terms: [linkedin, sales navigator, annuaire, pages jaunes]
        label: scraped or directory source
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from fichier_check.analysis.terms import TermMatcher, wordless
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.checks.contact_points import reachable_on

TYPE = "source_term"
PARAMS = {
    "terms": Param(list, required=True, item_type=str, doc="words naming such a source"),
    "decoys": Param(list, default=[], item_type=str, doc="phrases inside which a term is not one"),
    "label": Param(str, default="listed source", doc="what the detail calls such a source"),
    "customer_type": Param(str, default="all", choices=("B2C", "B2B", "all"), doc="rows concerned"),
    "consent_roles": Param(list, default=[], item_type=str, doc="opt-in roles whose named consent exempts"),
    "consent_names": Param(list, default=[], item_type=str, doc="names an opt-in's source must hold"),
    "channels_reached": Param(list, default=[], item_type=str, doc="channels the row must be reachable on"),
}


def validate(params: dict) -> str | None:
    if not [t for t in params["terms"] if t.strip()]:
        return "terms cannot be empty"
    bad = wordless(params["terms"] + params["decoys"])
    return f"{bad!r} has no letter or digit: it cannot be a term" if bad is not None else None


def roles(params: dict) -> list[str]:
    return ["source"]


@lru_cache(maxsize=16)
def _matcher(terms: tuple[str, ...], decoys: tuple[str, ...]) -> TermMatcher:
    return TermMatcher({"term": list(terms)}, decoys=list(decoys), names=False)


def _found(ctx: CheckContext, position: int, terms: list[str], decoys: list[str], label: str = "",
           suffix: str = "") -> tuple[np.ndarray, np.ndarray]:
    """Per row: does the cell hold a term, and the detail naming it (searched once per distinct value)."""
    distinct = ctx.distinct(position)
    matcher = _matcher(tuple(terms), tuple(decoys))
    hits = [matcher.search(v or "") for v in distinct.values]
    found = np.array([h is not None for h in hits], dtype=bool)
    details = np.array([f"{label}: {h.term}{suffix}" if h else None for h in hits], dtype=object)
    return found[distinct.codes], details[distinct.codes]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    position = ctx.columns.first("source")
    suffix = ""
    if params["consent_roles"]:  # say what would exempt the row: a consent naming you, once you name yourself
        suffix = (", without an opt-in given to you or a listed partner" if params["consent_names"] else
                  ", and no consent_names set to recognise a consent given to you")
    found, details = _found(ctx, position, params["terms"], params["decoys"], params["label"], suffix)
    flagged = found & ctx.in_scope(params["customer_type"])
    if params["channels_reached"]:
        flagged &= reachable_on(ctx, [c for c in params["channels_reached"] if c in ctx.campaign_channels])
    exempt = _named_consent(ctx, params)
    if exempt is not None:
        flagged &= ~exempt
    return [Hits(column=position, mask=flagged, details=details)] if flagged.any() else []


def _named_consent(ctx: CheckContext, params: dict) -> np.ndarray | None:
    """Per row: an opt-in of `consent_roles` says yes and the opt-in's source names a consent_name."""
    source = ctx.columns.first("optin_source")
    if not params["consent_roles"] or not params["consent_names"] or source is None:
        return None
    consented = np.zeros(ctx.n, dtype=bool)
    for role in params["consent_roles"]:
        consented |= ctx.truthy(role)
    named, _ = _found(ctx, source, params["consent_names"], [])
    return consented & named
