"""Map source headers to roles (phone, email, optin_email, comment, …) whatever their accents,
case, punctuation or language; a `columns:` section of the config overrides the mapping.

Rules target roles, never header names. Matching is by folded words (see text.fold_words): each
role lists phrases; a header matches a phrase when the phrase's words appear in the header as
consecutive words. Roles are tried from the most specific (`Opt-in e-mail`) to the most general
(`E-mail`), and the first match wins. A few roles that headers often fail to name (e-mail, phone)
are also recognised from the values when no header named them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from fichier_check.analysis.mask import mask_text
from fichier_check.analysis.text import fold_words

# (role, phrases that name it, phrases that must NOT appear) — order matters: specific first.
_OPTIN = ("opt in", "optin", "consentement", "consent", "accord", "autorisation", "permission")
# A count of calls whose header names a window of 30 days ("Nb appels 30 j", "Calls last 30 days").
_CALLS = ("appels", "tentatives", "calls", "attempts", "call count")
_LAST_30 = ("30 j", "30j", "30 jours", "sur 30 jours", "30 derniers jours", "des 30 derniers jours",
            "30 days", "30d", "last 30 days", "in 30 days", "in the last 30 days", "over 30 days")
_AUTO_CALLS = ("automate", "automates", "appels automatises", "appel automatise", "appels automatiques",
               "robot", "appels robot", "messages preenregistres", "message preenregistre", "automated calls",
               "automated call", "robocall", "robocalls", "auto call", "auto calls")
ROLE_PATTERNS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("out_of_hours_consent", ("accord hors horaires", "consentement hors horaires", "accord appel hors horaires",
                              "accord hors plage", "consentement hors plage", "hors horaires accepte",
                              "appel hors horaires", "rappel hors horaires", "out of hours consent",
                              "consent out of hours", "consent outside hours", "out of hours calls"), ()),
    ("optin_partners", ("partenaire", "partenaires", "partners", "offres tiers"), ()),
    ("unsubscribed_email", ("desabonne", "desinscrit", "desabonnement", "unsubscribed", "unsubscribe",
                            "opt out email", "opt out e mail", "opt out mail", "email opt out", "e mail opt out"),
     ("sms",)),
    ("sms_stop", ("stop sms", "sms stop", "desabonne sms", "desinscrit sms", "desabonnement sms", "opt out sms",
                  "sms opt out", "unsubscribed sms", "sms unsubscribed"), ()),
    ("npai", ("npai", "n p a i", "pnd", "pli non distribuable", "retour courrier", "retour poste",
              "returned mail", "return to sender", "undeliverable"), ()),
    ("bloctel_check_date", ("date bloctel", "bloctel date", "date verification bloctel", "date de verification bloctel",
                            "verifie bloctel le", "bloctel verifie le", "date controle bloctel", "bloctel check date",
                            "date consultation bloctel", "date de consultation bloctel", "bloctel checked on"), ()),
    ("bloctel_flag", ("bloctel",), ()),
    ("opposition", ("opposition", "ne pas contacter", "ne plus contacter", "do not contact", "do not call",
                    "opt out", "optout", "liste rouge"), ()),
    ("optin_date", ("date opt in", "date optin", "date consentement", "date du consentement", "consent date",
                    "optin date", "opt in date", "date d accord"), ()),
    ("optin_source", ("source opt in", "source optin", "source consentement", "preuve consentement",
                      "consent source", "preuve opt in", "origine consentement", "origine du consentement",
                      "origine opt in", "provenance consentement", "source du consentement", "opt in source",
                      "optin source"), ()),
    ("optin_sms", tuple(f"{o} sms" for o in _OPTIN) + ("sms opt in", "sms optin", "accepte sms"), ()),
    # robot or pre-recorded calls (CPCE L34-5): before optin_phone, whose "consentement appels" it holds
    ("optin_auto_call", tuple(f"{o} {c}" for o in _OPTIN for c in _AUTO_CALLS)
     + ("appels automatises", "appel automatise", "appels automatiques", "appels robot", "automated calls",
        "automated call", "robocall", "robocalls", "auto call opt in", "auto call optin"), ("nb", "nombre", "date")),
    ("optin_phone", tuple(f"{o} {c}" for o in _OPTIN for c in ("tel", "telephone", "phone", "appel", "appels", "demarchage"))
     + ("phone opt in", "telephone opt in", "accord prospection telephonique", "accepte appels"), ()),
    ("optin_email", tuple(f"{o} {c}" for o in _OPTIN for c in ("email", "e mail", "mail", "courriel", "emailing", "newsletter"))
     + ("email opt in", "e mail opt in", "mail opt in", "newsletter", "accord prospection", "opt in", "optin",
        "consentement", "consent"), ()),
    ("relationship_end_date", ("fin de relation", "date fin de relation", "date de fin de relation", "fin relation",
                               "date fin contrat", "date de fin de contrat", "fin de contrat", "date resiliation",
                               "relationship end", "end of relationship", "contract end", "churn date"), ()),
    ("contract_in_progress", ("contrat en cours", "contract in progress", "contrat actif", "sous contrat",
                              "active contract", "contrat"), ()),
    ("callback_datetime", ("date de rappel", "date rappel", "rappel le", "callback", "date relance"), ()),
    ("last_contact_date", ("date dernier contact", "date de dernier contact", "dernier contact", "last contact",
                           "date du dernier contact", "date derniere action", "last contact date"), ()),
    ("call_count_30d", tuple(f"{c} {w}" for c in _CALLS for w in _LAST_30), ()),
    ("first_call_date", ("date premier appel", "date du premier appel", "premier appel", "date 1er appel",
                         "1er appel", "first call", "first call date", "date first call"), ()),
    ("call_datetime", ("date dernier appel", "date du dernier appel", "dernier appel", "date d appel", "date appel",
                       "date de l appel", "last call", "last call date", "call date", "date heure appel"), ()),
    ("collection_date", ("date de collecte", "date collecte", "date de creation", "date creation",
                         "date d inscription", "date inscription", "collection date", "created at", "date d entree"), ()),
    ("last_purchase_date", ("date dernier achat", "dernier achat", "last purchase", "date de dernier achat"), ()),
    ("birth_date", ("date de naissance", "date naissance", "birth date", "birthdate", "date of birth", "ne le", "nee le"), ()),
    ("call_count", ("nb appels", "nombre d appels", "nombre appels", "nb tentatives", "nombre de tentatives",
                    "tentatives", "call count", "calls"), ()),
    ("call_result", ("resultat d appel", "resultat appel", "resultat de l appel", "resultat", "code resultat",
                     "qualification", "call result", "call outcome", "issue appel", "disposition"), ()),
    ("status", ("statut", "status", "score", "etat", "stage"), ()),
    ("customer_type", ("type client", "type de client", "typologie", "type", "client prospect", "categorie client",
                       "categorie", "segment", "b2b b2c", "b2c b2b", "b2b", "b2c", "customer type", "particulier professionnel",
                       "cible", "nature"), ("type de contrat",)),
    ("email", ("email", "e mail", "mail", "courriel", "adresse electronique", "mel"), ()),
    ("mobile", ("portable", "mobile", "gsm", "cellulaire", "cell", "tel portable", "tel mobile"), ()),
    ("phone", ("telephone", "tel", "tel fixe", "phone", "fixe", "standard", "ligne directe", "numero", "ligne", "tel 1",
               "tel 2", "tel1", "tel2", "fax"), ("numero siret", "numero siren", "numero tva", "numero de rue", "numero client", "numero ss", "numero de securite sociale")),
    ("siret", ("siret", "n siret", "numero siret"), ()),
    ("siren", ("siren", "n siren", "numero siren"), ()),
    ("company", ("societe", "entreprise", "raison sociale", "company", "enseigne", "organisation", "organization",
                 "etablissement", "denomination", "employeur", "account"), ()),
    ("civility", ("civilite", "civ", "titre", "salutation", "title"), ("job title", "titre du poste", "titre de poste")),
    ("first_name", ("prenom", "first name", "firstname", "given name"), ()),
    ("last_name", ("nom", "nom de famille", "last name", "lastname", "surname", "name", "nom prenom"), ()),
    ("job_title", ("fonction", "poste", "job title", "job", "intitule de poste", "role"), ()),
    ("postal_code", ("code postal", "cp", "zip", "zip code", "postcode", "postal code"), ()),
    ("city", ("ville", "commune", "city", "localite"), ()),
    ("country", ("pays", "country"), ("naissance", "birth", "nationalite", "nationality", "code pays", "country code")),
    ("address", ("adresse", "rue", "address", "voie", "adresse postale", "street"), ()),
    ("source", ("source", "origine", "provenance", "campagne", "canal d acquisition", "lead source", "origin"), ()),
    ("comment", ("commentaire", "commentaires", "remarque", "remarques", "observation", "observations", "note",
                 "notes", "bloc notes", "comment", "comments", "memo", "annotation", "annotations", "info", "infos",
                 "informations", "details", "description", "historique", "compte rendu", "cr"), ()),
]
ROLES = tuple(role for role, _, _ in ROLE_PATTERNS) + ("ignore",)
# Roles that may hold several columns (several phones, several comments).
MULTI_ROLES = {"phone", "mobile", "comment", "email"}
PHONE_ROLES = ("phone", "mobile")
# The campaign channels (rules' `channels:`, --channel). auto_call (robot or pre-recorded calls, CPCE
# L34-5) is not a default: a robot campaign declares it, a run without --channel checks the others.
CHANNELS = ("email", "sms", "phone", "post", "auto_call")
DEFAULT_CHANNELS = ("email", "sms", "phone", "post")
FREE_TEXT_ROLES = ("comment",)

_EMAIL_LIKE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_LIKE = re.compile(r"^[+0-9][0-9 .\-()/]{7,}$")


def _contains_phrase(words: list[str], phrase: str) -> bool:
    target = phrase.split()
    n = len(target)
    return any(words[i:i + n] == target for i in range(len(words) - n + 1))


def role_of_header(header: str) -> str | None:
    """The role a header names, or None."""
    words = fold_words(header).split()
    if not words:
        return None
    for role, phrases, excluded in ROLE_PATTERNS:
        if any(_contains_phrase(words, p) for p in excluded):
            continue
        if any(_contains_phrase(words, p) for p in phrases):
            return role
    return None


@dataclass
class ColumnMap:
    """Which input columns (by position) hold which role."""

    header: list[str]
    roles: dict[int, str] = field(default_factory=dict)  # position -> role
    how: dict[int, str] = field(default_factory=dict)  # position -> "header" | "config" | "values"
    # The header holds what looks like personal data (a first row of data read as the header):
    # reports name the columns masked (`J••• (col. 1)`) unless --show-values.
    masked: bool = False

    def shown(self) -> list[str]:
        """The header as the reports may show it."""
        if not self.masked:
            return list(self.header)
        return [f"{mask_text(name)} (col. {i + 1})" for i, name in enumerate(self.header)]

    def columns(self, role: str) -> list[int]:
        return [i for i, r in sorted(self.roles.items()) if r == role]

    def first(self, role: str) -> int | None:
        cols = self.columns(role)
        return cols[0] if cols else None

    def has(self, role: str) -> bool:
        return bool(self.columns(role))

    def phone_columns(self) -> list[int]:
        return [i for i, r in sorted(self.roles.items()) if r in PHONE_ROLES]

    def as_report(self) -> dict[str, str]:
        """Header -> role for the report; repeated headers are told apart by their position."""
        seen: dict[str, int] = {}
        out: dict[str, str] = {}
        for i, name in enumerate(self.shown()):
            label = name if name not in seen else f"{name} (col. {i + 1})"
            seen[name] = i
            out[label or f"(col. {i + 1})"] = self.roles.get(i, "unmapped")
        return out

    def label(self, position: int) -> str:
        if self.masked:
            return self.shown()[position]
        name = self.header[position]
        dup = self.header.count(name) > 1
        return f"{name} (col. {position + 1})" if dup or not name else name


def map_columns(header: list[str], overrides: dict[str, str] | None = None,
                sample: pd.DataFrame | None = None) -> ColumnMap:
    """Assign roles from headers, then config overrides, then value sniffing for e-mail/phone."""
    mapping = ColumnMap(header=list(header))
    folded_overrides = {fold_words(k): v for k, v in (overrides or {}).items()}
    for i, name in enumerate(header):
        if fold_words(name) in folded_overrides:
            role = folded_overrides[fold_words(name)]
            if role != "ignore":
                mapping.roles[i] = role
            mapping.how[i] = "config"
            continue
        role = role_of_header(name)
        if role is None:
            continue
        if role not in MULTI_ROLES and mapping.has(role):
            continue  # a second "Statut" column: keep the first, leave this one unmapped
        mapping.roles[i] = role
        mapping.how[i] = "header"
    if sample is not None and len(sample):
        _sniff_values(mapping, sample)
    return mapping


def _sniff_values(mapping: ColumnMap, sample: pd.DataFrame) -> None:
    """Recognise e-mail and phone columns by their values when no header named them."""
    for role, pattern in (("email", _EMAIL_LIKE), ("phone", _PHONE_LIKE)):
        if mapping.has(role) or (role == "phone" and mapping.has("mobile")):
            continue
        for i in range(len(mapping.header)):
            if i in mapping.roles or i in mapping.how:
                continue
            values = [v.strip() for v in sample[i].head(200).tolist() if v.strip()]
            if len(values) >= 3 and sum(bool(pattern.match(v)) for v in values) >= 0.8 * len(values):
                mapping.roles[i] = role
                mapping.how[i] = "values"
