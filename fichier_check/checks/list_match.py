"""Flag rows whose e-mail or phone is on a list: the company's suppression list (`--opposition`,
the CNIL "liste repoussoir": an objection to marketing is absolute, GDPR art. 21(2)-(3)) or the
numbers Bloctel returned (`--bloctel`, former art. L223-1 C. conso). Values are compared in
normal form — E.164 for phones (`06 12 34 56 78` matches `+33612345678`), trimmed lower case for
e-mails — or as their SHA-256 when the list holds fingerprints. A yes in the file's own
opposition/Bloctel column (`flag_role`) counts too.

Params:
  list: which list to use: opposition or bloctel (required).
  match_roles: roles compared with the list (default [email, phone, mobile]).
  customer_type: rows concerned: all (default), B2C or B2B (unknown counts as B2C).
  flag_role: a role whose yes counts as a match (e.g. opposition, bloctel_flag).
  exempt_role: a role whose yes exempts the row (e.g. contract_in_progress).

Example:
    - id: opposition
      family: opposition
      check: list_match
      severity: error
      action: quarantine
      legal_basis: "RGPD art. 21(2)-(3)"
      message: {fr: "Personne opposée à la prospection", en: "Person objected to marketing"}
      params: {list: opposition}
"""
from __future__ import annotations

from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.table import same_texts

TYPE = "list_match"
PARAMS = {
    "list": Param(str, required=True, choices=("opposition", "bloctel"), doc="which list"),
    "match_roles": Param(list, default=["email", "phone", "mobile"], item_type=str, doc="roles compared"),
    "customer_type": Param(str, default="all", choices=("B2C", "B2B", "all"), doc="rows concerned"),
    "flag_role": Param((str, type(None)), default=None, doc="role whose yes counts as a match"),
    "exempt_role": Param((str, type(None)), default=None, doc="role whose yes exempts the row"),
}


def roles(params: dict) -> list[str]:
    return ["|".join(params["match_roles"] + ([params["flag_role"]] if params["flag_role"] else []))]


def lists(params: dict) -> list[str]:
    return [params["list"]] if params["match_roles"] else []


def lookups(params: dict) -> list[tuple[str, str]]:
    return [(params["list"], role) for role in params["match_roles"]]


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    concerned = ctx.in_scope(params["customer_type"])
    if params["exempt_role"]:
        concerned = concerned & ~ctx.truthy(params["exempt_role"])
    hits = []
    for role in params["match_roles"]:
        for position in ctx.columns.columns(role):
            found = ctx.on_list(params["list"], role, position)
            hits.append(Hits(column=position, mask=found & concerned, details=same_texts(ctx.n, f"on the {params['list']} list")))
    if params["flag_role"] and ctx.columns.has(params["flag_role"]):
        position = ctx.columns.first(params["flag_role"])
        hits.append(Hits(column=position, mask=ctx.truthy(params["flag_role"]) & concerned))
    return hits
