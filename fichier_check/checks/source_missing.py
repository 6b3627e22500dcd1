"""Flag rows that do not say where they come from, and a file that has no column for it. A
controller must be able to show where its data comes from (GDPR art. 5(2)) and tell each person
the source of data not collected from them (art. 14(2)(f)); the CNIL sanctioned campaigns run on
files whose origin the company could not show (SAN-2024-003).

With a source column (Source, Origine, Provenance, Campagne, Lead source), a row whose cell is
blank or a placeholder (`placeholders`: inconnu, N/A, ?, -… with accents, case and punctuation
ignored) is flagged. Without one, the file gets ONE finding on its header (row 1), never one per
row: the whole file lacks the column, which one added column fixes.

Params:
  customer_type: rows concerned: all (default), B2C or B2B.
  placeholders: cell values that say nothing of the source.

Example:
    - id: source-missing
      family: provenance
      check: source_missing
      severity: warning
      action: tag
      legal_basis: "RGPD art. 5(2), 14(2)(f)"
      message: {fr: "Origine de la donnée inconnue", en: "Source of the data unknown"}
      params:
        placeholders: [inconnu, n/a, "?"]
"""
from __future__ import annotations


from fichier_check.checks.base import CheckContext, Hits, Param
from fichier_check.analysis.text import says_nothing
from fichier_check.table import same_texts

TYPE = "source_missing"
PLACEHOLDERS = ["inconnu", "inconnue", "n/a", "na", "nc", "nd", "non renseigné", "non communiqué", "aucune",
                "aucun", "néant", "autre", "divers", "unknown", "none", "null", "other", "?", "-", "x", "0"]
PARAMS = {
    "customer_type": Param(str, default="all", choices=("B2C", "B2B", "all"), doc="rows concerned"),
    "placeholders": Param(list, default=PLACEHOLDERS, item_type=str,
                          doc="cells that say nothing of the source (accents, case, punctuation ignored)"),
}
NO_COLUMN = ("no column says where the rows come from (Source, Origine, Provenance): the file cannot show "
             "the origin of its data")


def roles(params: dict) -> list[str]:
    return []  # no source column is itself the finding


def check(ctx: CheckContext, params: dict) -> list[Hits]:
    position = ctx.columns.first("source")
    if position is None:
        return [Hits(column=None, header_only=True, header_detail=NO_COLUMN)]
    missing = says_nothing(ctx.arrow(position), params["placeholders"])
    return [Hits(column=position, mask=missing & ctx.in_scope(params["customer_type"]),
                 details=same_texts(ctx.n, "no source recorded"))]
