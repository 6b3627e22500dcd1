"""Flag no-reply e-mail addresses (`noreply@…`, `ne-pas-repondre@…`): nobody reads them, so
marketing sent there is lost, and keeping one as the person's contact point is inaccurate data
(GDPR art. 5(1)(d); the rule catalogue lists it as a data-quality rule, no specific CNIL text).

A value is flagged when email-validator finds it valid (an invalid one is `email-invalid`'s
finding) and a word of `words` is a whole piece of its local part, the part before `@` and before
any `+tag`: letter case is ignored and spaces around the value too; the word starts the local
part or follows `.`, `-` or `_`; it ends the local part or is followed by `.`, `-`, `_`, `+` or a
digit. So `NoReply@`, `noreply+abc@`, `no-reply.fr@`, `noreply2@`, `calendar-noreply@` are
flagged; `noreplyteam@`, `snoreply@`, `noreplies@` and `jean+noreply@` (Jean reads it) are not.
Words are matched as written: list every spelling (`no-reply`, `no_reply`, accents). Every
column with the role is checked; a blank cell passes. The report names the word, with the
address masked.

Params:
  role: the column role to check (default "email").
  words: the no-reply local parts, case ignored (default: noreply, no-reply, donotreply,
    ne-pas-repondre and their spellings; the shipped rule lists them).

Example:
    - id: email-noreply
      family: email-quality
      check: email_noreply
      channels: [email]
      severity: info
      action: blank
      legal_basis: "RGPD art. 5(1)(d) (exactitude)"
      message: {fr: "Adresse e-mail « ne pas répondre »", en: "No-reply e-mail address"}
      params:
        words: [noreply, no-reply, donotreply, ne-pas-repondre]
"""
from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.table import join_texts, same_texts

TYPE = "email_noreply"
WORDS = ["noreply", "no-reply", "no_reply", "no.reply", "donotreply", "do-not-reply", "do_not_reply",
         "do.not.reply", "nepasrepondre", "ne-pas-repondre", "ne_pas_repondre", "ne.pas.repondre",
         "nepasrépondre", "ne-pas-répondre", "ne_pas_répondre", "ne.pas.répondre"]
PARAMS = {
    "role": Param(str, default="email", doc="column role holding e-mail addresses"),
    "words": Param(list, default=WORDS, item_type=str, doc="no-reply local parts (case ignored)"),
}


def validate(params: dict) -> str | None:
    if not params["words"]:
        return "words must list at least one word"  # an empty alternation would match every address
    bad = [w for w in params["words"] if not w.strip() or "@" in w or "+" in w]
    return f"words: {bad[0]!r} cannot be a local part's word" if bad else None


def roles(params: dict) -> list[str]:
    return [params["role"]]


def pattern(words: list[str]) -> str:
    """RE2, case-insensitive, on a trimmed address: an optional head ending in a separator (no `+`
    in it), the word, then the end of the local part or a separator, `+` or digit before it."""
    alternatives = "|".join(re.escape(w.strip()) for w in sorted(set(words), key=len, reverse=True))
    return r"(?i)^(?:[^+@]*[._\-])?(?P<word>" + alternatives + r")(?:[._+\-0-9][^@]*)?@[^@]*$"


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    regex = pattern(params["words"])
    hits = []
    for position in ctx.columns.columns(params["role"]):
        emails = ctx.emails(position)
        distinct = ctx.distinct(position)  # the analysis' encoding: one regex pass per distinct value
        trimmed = pc.utf8_trim_whitespace(distinct.arrow)
        found_u = pc.fill_null(pc.match_substring_regex(trimmed, regex), False).to_numpy(zero_copy_only=False)
        flagged = found_u[distinct.codes] & emails.valid & ~emails.blank
        details = None
        if flagged.any():
            rows = np.flatnonzero(found_u)
            matched = pc.extract_regex(trimmed.take(pa.array(rows)), regex)  # the distinct hits only
            words = pc.utf8_lower(pc.struct_field(matched, "word")).cast(pa.large_string())
            detail_u = same_texts(len(found_u), "")
            detail_u[rows] = join_texts("no-reply local part: ", words).to_numpy(zero_copy_only=False)
            details = detail_u[distinct.codes]
        hits.append(Hits(column=position, mask=flagged, details=details))
    return hits
