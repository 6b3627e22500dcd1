"""Flag a row whose file records an opt-out from one channel: an "unsubscribed" column (Désabonné,
Désinscrit, Unsubscribed: role `unsubscribed_email`) for e-mail, a "STOP SMS" column (role
`sms_stop`) for SMS. Withdrawing consent must be as easy as giving it and ends the processing it
allowed (GDPR art. 7(3)); an objection to direct marketing is absolute (art. 21(3)); CPCE L34-5
requires a free way to stop every electronic message. With the `block` action each column blocks
its own channel only: an unsubscribed e-mail keeps the row for SMS, phone and post.

A cell says the person opted out when it is a recognised yes (oui, 1, x, vrai…), one of
`yes_words` (STOP, désabonné, unsubscribed…: in an opt-out column these words mean yes), or a
date (the day of the opt-out). Words of subscription (abonné, inscrit, opt-in) are not a yes in
these columns. A row is flagged only when it holds a contact point for that channel (an e-mail,
a mobile number) and the campaign uses the channel; a file without such a column skips the rule.

Params:
  channel_roles: role → the channel its yes blocks (default unsubscribed_email: email, sms_stop: sms).
  yes_words: further words that mean "opted out" in these columns (accents and case ignored).

Example:
    - id: channel-unsubscribed
      family: opposition
      check: channel_unsubscribed
      channels: [email, sms]
      severity: error
      action: block
      legal_basis: "RGPD art. 7(3), 21(3); CPCE art. L34-5"
      message: {fr: "Désabonné de ce canal", en: "Unsubscribed from this channel"}
      params:
        channel_roles: {unsubscribed_email: email, sms_stop: sms}
"""
from __future__ import annotations

import numpy as np

from fichier_check.analysis.values import TRUE_WORDS, answer_key
from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.checks.contact_points import reachable_on
from fichier_check.table import same_texts

TYPE = "channel_unsubscribed"
CHANNELS = ("email", "sms", "phone", "auto_call", "post")
YES_WORDS = ["stop", "stop sms", "désabonné", "désabonnée", "désinscrit", "désinscrite", "désabonnement",
             "unsubscribed", "unsubscribe", "opt-out", "optout", "retiré", "retrait"]
# In an opt-out column these words say the person is subscribed: not an opt-out.
SUBSCRIBED = frozenset({"abonne", "abonnee", "abonne e", "inscrit", "inscrite", "inscrit e", "opt in", "optin"})
PARAMS = {
    "channel_roles": Param(dict, default={"unsubscribed_email": "email", "sms_stop": "sms"},
                           doc="role -> the channel its yes blocks"),
    "yes_words": Param(list, default=YES_WORDS, item_type=str, doc="further words meaning opted out"),
}
WHAT = {"email": "unsubscribed from e-mail", "sms": "STOP SMS received"}


def validate(params: dict) -> str | None:
    for role, channel in params["channel_roles"].items():
        if channel not in CHANNELS:
            return f"channel_roles.{role}: {channel!r} is not one of {', '.join(CHANNELS)}"
    return None if params["channel_roles"] else "channel_roles cannot be empty"


def roles(params: dict) -> list[str]:
    return ["|".join(params["channel_roles"])]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    yes = (TRUE_WORDS - SUBSCRIBED) | {answer_key(w) for w in params["yes_words"]}
    hits = []
    for role, channel in params["channel_roles"].items():
        position = ctx.columns.first(role)
        if position is None or channel not in ctx.campaign_channels:
            continue
        distinct = ctx.distinct(position)
        said = np.array([answer_key(v or "") in yes for v in distinct.values], dtype=bool)[distinct.codes]
        opted_out = (said | ctx.dates(position).known) & reachable_on(ctx, [channel])
        hits.append(Hits(column=position, mask=opted_out, channels=(channel,),
                         details=same_texts(ctx.n, WHAT.get(channel, f"opted out of {channel}"))))
    return hits
