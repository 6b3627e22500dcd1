"""Flag a professional (B2B) row whose e-mail address is on a consumer webmail (gmail.com,
orange.fr, laposte.net…). E-mail canvassing of professionals is opt-out only because the CNIL
reads CPCE art. L34-5 as allowing messages to a person's professional address about their job
(CNIL, 2005); a personal mailbox is not that address, so the B2B exemption may not apply and the
row may need the consumer's prior consent. A person reads the row: find the work address, or
collect a consent.

Only rows whose customer type is professional are concerned (a consumer on gmail is the consent
rules' business; an unknown type already gets the consumer rules). The address must be valid (an
invalid one is `email-invalid`'s finding); its domain, trimmed and in lower case, must be one of
`domains` exactly: `jean@boulangerie-lefevre.fr` (the company's own domain) and
`jean@gmail.com.boulangerie.fr` pass. A row whose company name holds the domain's first label as
a word, or as its whole once spaces and punctuation are removed, passes too (`Orange Business` at
`orange.fr`, `La Poste` at `laposte.net`; not `Freelance Conseil` at `free.fr`): an employee of
the webmail's operator. The finding is on the e-mail column, the address masked;
the detail names the webmail domain ("consumer webmail domain: gmail.com").

Params:
  domains: the consumer webmail domains (the shipped rule lists the catalogue's D-WEBMAIL).
  company_roles: roles holding the company name, for the operator's own staff (default [company]).

Example:
    - id: b2b-webmail-address
      family: consent
      check: b2b_webmail
      channels: [email]
      severity: warning
      action: tag
      legal_basis: "CPCE art. L34-5; CNIL (2005) sur la prospection B2B"
      message: {fr: "Professionnel sur une messagerie grand public", en: "Professional on a consumer webmail"}
      params:
        domains: [gmail.com, orange.fr, laposte.net]
"""
from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.analysis.text import fold_words
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.table import join_texts, matches, same_texts

TYPE = "b2b_webmail"
DOMAINS = ["gmail.com", "googlemail.com", "yahoo.fr", "yahoo.com", "hotmail.fr", "hotmail.com", "outlook.fr",
           "outlook.com", "live.fr", "live.com", "msn.com", "icloud.com", "me.com", "aol.com", "orange.fr",
           "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "laposte.net", "bbox.fr", "numericable.fr", "gmx.fr",
           "protonmail.com", "proton.me"]
PARAMS = {
    "domains": Param(list, default=DOMAINS, item_type=str, doc="consumer webmail domains"),
    "company_roles": Param(list, default=["company"], item_type=str,
                           doc="roles holding the company name (the webmail operator's own staff pass)"),
}
_DOMAIN = r"@(?P<domain>[^@\s]+)$"


def validate(params: dict) -> str | None:
    if not params["domains"]:
        return "domains must list at least one domain"
    bad = [d for d in params["domains"] if "@" in d or "." not in d.strip(" .") or " " in d.strip()]
    return f"domains: {bad[0]!r} is not a domain (write it as gmail.com)" if bad else None


def roles(params: dict) -> list[str]:
    return ["customer_type", "email"]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    business = ctx.in_scope("B2B")
    if not business.any():
        return []
    domains = pa.array(sorted({d.strip().lower() for d in params["domains"]}), pa.large_string())
    hits = []
    for position in ctx.columns.columns("email"):
        emails = ctx.emails(position)
        distinct = ctx.distinct(position)  # the analysis' encoding: the domains read once per distinct value
        found = pc.extract_regex(pc.utf8_lower(pc.utf8_trim_whitespace(distinct.arrow)), _DOMAIN)
        domain_u = pc.struct_field(found, "domain").cast(pa.large_string())
        webmail_u = pc.fill_null(pc.is_in(domain_u, value_set=domains), False).to_numpy(zero_copy_only=False)
        flagged = webmail_u[distinct.codes] & emails.valid & business
        if not flagged.any():
            continue
        row_domains = domain_u.take(pa.array(distinct.codes))
        flagged &= ~_operator_staff(ctx, params["company_roles"], row_domains, flagged)
        details = same_texts(ctx.n, "")
        rows = np.flatnonzero(flagged)
        details[rows] = join_texts("consumer webmail domain: ", row_domains.take(pa.array(rows))).to_numpy(
            zero_copy_only=False)
        hits.append(Hits(column=position, mask=flagged, details=details))
    return hits


def _operator_staff(ctx: CheckContext, company_roles: list[str], row_domains, flagged: np.ndarray) -> np.ndarray:
    """Per row: a flagged row whose company name holds its webmail domain's first label as a word
    (one regular-expression pass per webmail domain found, on the flagged rows only)."""
    out = np.zeros(ctx.n, dtype=bool)
    rows = np.flatnonzero(flagged)
    found = row_domains.take(pa.array(rows)).to_numpy(zero_copy_only=False)
    for position in (p for role in company_roles for p in ctx.columns.columns(role)):
        names = pc.utf8_lower(pc.fill_null(ctx.arrow(position).take(pa.array(rows)), ""))
        for domain in set(found):
            label = fold_words(domain.split(".")[0])
            if not label:
                continue
            same = found == domain
            these = names.filter(pa.array(same))
            word = r"(?:^|[^\pL\pN])" + re.escape(label) + r"(?:$|[^\pL\pN])"
            joined = pc.replace_substring_regex(these, r"[^\pL\pN]+", "")  # "La Poste" is laposte
            out[rows[same]] |= matches(these, word) | matches(joined, "^" + re.escape(label) + "$")
    return out
