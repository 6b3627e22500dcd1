"""Flag each column the column mapper could not give a role: the audit does not know what it
holds, so no rule looked at it, and it may hold personal data the purpose does not need (GDPR art.
5(1)(c), minimisation). One finding per such column, on its header, naming it (masked when the
header itself looks like personal data, a first data row read as the header); nothing is removed.

Passes: a column mapped by its header or its values, a column set to `ignore` under `columns:` in
the configuration file (the way to say "looked at, nothing personal"), a header of
`harmless_headers` (compared without accents, case and punctuation: `ID`, `Secteur`, `Code NAF`),
and a column with no header and no value in the file's first chunk (a trailing separator).

Params:
  harmless_headers: whole headers that name no personal data (accents, case, punctuation ignored).

Example:
    - id: unmapped-column
      family: data-quality
      check: unmapped_column
      severity: info
      action: none
      legal_basis: "RGPD art. 5(1)(c) (minimisation)"
      message: {fr: "Colonne non reconnue", en: "Unrecognised column"}
      params:
        harmless_headers: [id, secteur, code naf]
"""
from __future__ import annotations

import pyarrow.compute as pc

from fichier_check.analysis.text import fold_words
from fichier_check.checks.base import CheckContext, Hits, Param

TYPE = "unmapped_column"
HARMLESS = ["id", "identifiant", "ref", "reference", "n", "no", "numero", "secteur", "secteur d activite", "activite",
            "naf", "code naf", "ape", "code ape", "effectif", "tranche d effectif", "tranche effectif",
            "chiffre d affaires", "ca", "forme juridique", "site web", "site internet", "website", "url",
            "departement", "region"]
PARAMS = {
    "harmless_headers": Param(list, default=HARMLESS, item_type=str,
                              doc="whole headers that name no personal data (accents, case, punctuation ignored)"),
}
DETAIL = ("no role recognised: only the checks of every column (payment data, output safety) read it; "
          "map it or set it to ignore under columns:")


def roles(params: dict) -> list[str]:
    return []


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    columns = ctx.columns
    harmless = {fold_words(h) for h in params["harmless_headers"]}
    hits = []
    for position, header in enumerate(columns.header):
        if position in columns.roles or columns.how.get(position) == "config":
            continue  # mapped, or set to ignore in the configuration
        folded = fold_words(header)
        if folded in harmless and folded:
            continue
        if not folded and not _holds_values(ctx, position):
            continue
        hits.append(Hits(column=position, header_only=True, header_detail=DETAIL))
    return hits


def _holds_values(ctx: CheckContext, position: int) -> bool:
    trimmed = pc.utf8_trim_whitespace(pc.fill_null(ctx.arrow(position), ""))
    return bool(pc.any(pc.greater(pc.utf8_length(trimmed), 0)).as_py())
