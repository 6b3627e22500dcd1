"""What each rule family is called in the reports, in French and English. A family a pack invents
is shown by its id."""
from __future__ import annotations

FAMILY_NAMES = {
    "sensitive-data": {"fr": "Données sensibles", "en": "Sensitive data"},
    "consent": {"fr": "Consentement", "en": "Consent"},
    "opposition": {"fr": "Opposition et refus", "en": "Objections and refusals"},
    "call-pressure": {"fr": "Pression d'appel", "en": "Call pressure"},
    "retention": {"fr": "Durée de conservation", "en": "Retention"},
    "data-quality": {"fr": "Qualité des données", "en": "Data quality"},
    "phone-quality": {"fr": "Qualité des téléphones", "en": "Phone quality"},
    "email-quality": {"fr": "Qualité des e-mails", "en": "E-mail quality"},
    "provenance": {"fr": "Provenance", "en": "Provenance"},
    "output-safety": {"fr": "Sécurité des sorties", "en": "Output safety"},
    "file-structure": {"fr": "Structure du fichier", "en": "File structure"},
    "channels": {"fr": "Canaux", "en": "Channels"},
}


def family_name(family: str, lang: str) -> str:
    names = FAMILY_NAMES.get(family)
    return names.get(lang) or names["en"] if names else family
