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
`jean@gmail.com.boulangerie.fr` pass. A row whose company is a webmail operator (`operators`, its
whole name with accents, case and punctuation ignored: `Orange Business` at `orange.fr`, `La Poste`
at `laposte.net`) passes too: an employee of the operator; `Boulangerie d'Orange`, `Free Style` or
`Cabinet Me Martin` do not. The finding is on the e-mail column, the address masked;
the detail names the webmail domain ("consumer webmail domain: gmail.com").

Params:
  domains: the consumer webmail domains (the shipped rule lists the catalogue's D-WEBMAIL).
  company_roles: roles holding the company name, for the operator's own staff (default [company]).
  operators: the operators' company names whose staff pass.

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


import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.analysis.text import fold_words
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.table import join_texts, same_texts

TYPE = "b2b_webmail"
DOMAINS = ["gmail.com", "googlemail.com", "yahoo.fr", "yahoo.com", "hotmail.fr", "hotmail.com", "outlook.fr",
           "outlook.com", "live.fr", "live.com", "msn.com", "icloud.com", "me.com", "aol.com", "orange.fr",
           "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "laposte.net", "bbox.fr", "numericable.fr", "gmx.fr",
           "gmx.com", "gmx.net", "protonmail.com", "proton.me", "ymail.com", "mail.com", "aol.fr", "club-internet.fr",
           "aliceadsl.fr", "voila.fr"]
# The operators' own company names: their staff write from the operator's domain.
OPERATORS = ["Orange", "Orange SA", "Orange France", "Orange Business", "Orange Business Services", "Google",
             "Google France", "Microsoft", "Microsoft France", "Yahoo", "Apple", "Apple France", "Free", "Iliad",
             "Free Mobile", "SFR", "Altice", "La Poste", "Groupe La Poste", "Bouygues Telecom", "GMX", "Proton",
             "Proton AG", "AOL"]
PARAMS = {
    "domains": Param(list, default=DOMAINS, item_type=str, doc="consumer webmail domains"),
    "company_roles": Param(list, default=["company"], item_type=str,
                           doc="roles holding the company name (the webmail operator's own staff pass)"),
    "operators": Param(list, default=OPERATORS, item_type=str,
                       doc="company names of the webmail operators, whose staff pass (accents, case, punctuation ignored)"),
}


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
        domain_u = ctx.email_domains(position)
        webmail_u = pc.fill_null(pc.is_in(domain_u, value_set=domains), False).to_numpy(zero_copy_only=False)
        flagged = webmail_u[distinct.codes] & emails.valid & business
        if not flagged.any():
            continue
        flagged &= ~_operator_staff(ctx, params, flagged)
        details = same_texts(ctx.n, "")
        rows = np.flatnonzero(flagged)
        found = domain_u.take(pa.array(distinct.codes[rows])).cast(pa.large_string())
        details[rows] = join_texts("consumer webmail domain: ", found).to_numpy(zero_copy_only=False)
        hits.append(Hits(column=position, mask=flagged, details=details))
    return hits


def _operator_staff(ctx: CheckContext, params: dict, flagged: np.ndarray) -> np.ndarray:
    """Per row: a flagged row whose company name, folded, is one of `operators` (once per distinct
    company name of the flagged rows)."""
    out = np.zeros(ctx.n, dtype=bool)
    rows = np.flatnonzero(flagged)
    operators = {fold_words(name) for name in params["operators"]}
    for position in (p for role in params["company_roles"] for p in ctx.columns.columns(role)):
        names = ctx.arrow(position).take(pa.array(rows)).to_pylist()
        staff = {name: fold_words(name) in operators for name in set(names) if name}
        out[rows] |= np.array([staff.get(name, False) for name in names], dtype=bool)
    return out
