"""Fixed texts of the terminal summary, in French and English (rule messages live in the packs)."""
from __future__ import annotations

TEXTS = {
    "fr": {
        "verdict_pass": "CONFORME — aucun constat bloquant : le fichier nettoyé peut être utilisé",
        "verdict_fail": "NON CONFORME — ne pas utiliser le fichier d'origine : utilisez le fichier nettoyé",
        "verdict": "Verdict",
        "input": "Fichier",
        "rows": "lignes",
        "columns": "colonnes",
        "as_of": "Droit appliqué au",
        "channels": "canaux",
        "regime": "Régime",
        "rule": "Règle",
        "severity": "Gravité",
        "count": "Constats",
        "by_family": "Par famille",
        "action": "Action dans le fichier nettoyé",
        "error": "erreur", "warning": "avertissement", "info": "info",
        "row": "ligne",
        "examples_more": "… et {n} de plus (voir le fichier des constats)",
        "examples_more_unlisted": "… et {n} de plus (non listés : --findings none)",
        "kept": "Lignes conservées",
        "quarantined": "mises en quarantaine",
        "skipped": "Règles non appliquées",
        "outputs": "Fichiers écrits",
        "clean": "fichier nettoyé", "quarantine": "quarantaine", "json": "rapport JSON", "html": "rapport HTML", "findings": "fichier des constats",
        "no_findings": "Aucun constat.",
        "warnings": "Avertissements de lecture",
        "values_shown": "ATTENTION : valeurs personnelles affichées en clair (--show-values)",
        "action_none": "aucune (signalement)", "action_tag": "ligne marquée", "action_block": "canal bloqué pour la ligne",
        "action_blank": "cellule vidée", "action_mask": "valeur masquée", "action_remove-characters": "caractères retirés de la cellule",
        "action_quarantine": "ligne en quarantaine",
        "action_drop-column": "colonne supprimée",
        "list_opposition": "liste d'opposition", "list_bloctel": "liste Bloctel", "list_other": "liste {kind}",
        "list_lines": "ligne|lignes", "list_emails": "e-mail|e-mails", "list_phones": "téléphone|téléphones",
        "list_hashes": "empreinte|empreintes", "list_rejected": "rejetée|rejetées",
        "list_rejected_lines": "ligne|lignes",
        "waiver_line": "dérogation {rule} ({file}, {source}), jusqu'au {expires}, {status} : {matched} — {reason} [{owner}]",
        "waiver_active": "en vigueur", "waiver_expired": "EXPIRÉE, ne s'applique plus",
        "waived_findings": "constat dérogé|constats dérogés",
        "baseline_line": "depuis la référence {source} : {new}, {fixed}",
        "new_findings": "nouveau constat|nouveaux constats", "fixed_findings": "constat corrigé|constats corrigés",
    },
    "en": {
        "verdict_pass": "PASS — no blocking finding: the cleaned file may be used",
        "verdict_fail": "FAIL — do not use the original file: use the cleaned file",
        "verdict": "Verdict",
        "input": "File",
        "rows": "rows",
        "columns": "columns",
        "as_of": "Law applied as of",
        "channels": "channels",
        "regime": "Regime",
        "rule": "Rule",
        "severity": "Severity",
        "by_family": "By family",
        "count": "Findings",
        "action": "Action in the cleaned file",
        "error": "error", "warning": "warning", "info": "info",
        "row": "row",
        "examples_more": "… and {n} more (see the findings file)",
        "examples_more_unlisted": "… and {n} more (not listed: --findings none)",
        "kept": "Rows kept",
        "quarantined": "quarantined",
        "skipped": "Rules not applied",
        "outputs": "Files written",
        "clean": "cleaned file", "quarantine": "quarantine", "json": "JSON report", "html": "HTML report", "findings": "findings file",
        "no_findings": "No findings.",
        "warnings": "Reading warnings",
        "values_shown": "WARNING: personal values shown unmasked (--show-values)",
        "action_none": "none (reported)", "action_tag": "row flagged", "action_block": "channel blocked for the row",
        "action_blank": "cell emptied", "action_mask": "value masked", "action_remove-characters": "characters removed from the cell",
        "action_quarantine": "row quarantined",
        "action_drop-column": "column removed",
        "list_opposition": "opposition list", "list_bloctel": "Bloctel list", "list_other": "{kind} list",
        "list_lines": "line|lines", "list_emails": "e-mail|e-mails", "list_phones": "phone|phones",
        "list_hashes": "hash|hashes", "list_rejected": "rejected|rejected", "list_rejected_lines": "line|lines",
        "waiver_line": "waiver {rule} ({file}, {source}), until {expires}, {status}: {matched} — {reason} [{owner}]",
        "waiver_active": "in force", "waiver_expired": "EXPIRED, no longer applies",
        "waived_findings": "waived finding|waived findings",
        "baseline_line": "since the baseline {source}: {new}, {fixed}",
        "new_findings": "new finding|new findings", "fixed_findings": "fixed finding|fixed findings",
    },
}


def counted(lang: str, key: str, n: int) -> str:
    """`n` and the word of `key` ("singular|plural") that goes with it: French keeps 0 and 1
    singular, English 1 only."""
    one, many = t(lang, key).split("|")
    return f"{n} {one if n == 1 or (lang == 'fr' and n == 0) else many}"


def t(lang: str, key: str, **kwargs) -> str:
    text = TEXTS.get(lang, TEXTS["en"]).get(key) or TEXTS["en"].get(key, key)
    return text.format(**kwargs) if kwargs else text
