"""Seeded generator of realistic French prospect files for the fichier-check benchmarks.

Standard library only (openpyxl is needed for ``--xlsx`` alone). A given set of options always
produces byte-identical output, and rows are streamed to the file, so memory stays small at any
row count: repeated contacts come from a bounded reservoir, not from a list of every row. The
first N rows of a file do not depend on ``--rows``, so the first 1M rows of a 5M-row file are the
1M-row file, and they do not depend on the list options either (those sample with their own RNG).

Usage::

    python bench/generate.py --rows 1000000 --seed 42 --out bench/data/p1m.csv \
        [--encoding utf-8|cp1252] [--delimiter ';'] [--xlsx] [--duplicates 0.3] \
        [--opposition OPP.csv --opposition-size 1000000] [--bloctel BLOC.csv --bloctel-size 50000] \
        [--hygiene] [--calls CALLS.csv] [--catalogue]

14 columns with French headers (see ``HEADER``). Realism, in shares of rows:

* names and companies with accents (Hélène, Lefèvre, « Boulangerie Gérard SARL »);
* Téléphone: ≈90 % valid French numbers in mixed formats (``06 12 34 56 78``, ``0612345678``,
  ``+33 6 12 34 56 78``, ``0033612345678``, ``06.12.34.56.78``, ``06-12-…``, ``+33 (0)6 …`` and
  the 9-digit form whose leading zero Excel dropped), ≈1.5 % overseas (``0690…`` national form,
  ``+590 690…``), ≈1.5 % foreign (+32, +41, +44, +49, +34, +212), ≈4 % invalid (too short, too
  long, a letter O for a zero, all zeros), ≈3 % blank. B2B rows share their company's switchboard;
* Portable: a mobile for most B2C rows and some B2B rows, else blank;
* E-mail: ≈8 % blank, ≈3.5 % malformed, mixed case and stray spaces on a few, role addresses
  (contact@, info@…) on a share of B2B rows, webmail (gmail.com, orange.fr…) on B2C rows, a few
  domain typos (gmial.com) and accented local parts;
* Type client: B2B / B2C / Particulier / Professionnel / blank; Opt-in e-mail: Oui/Non/1/0/x/CGV/blank;
* Date dernier contact: 2018-2026, mostly dd/mm/yyyy, some ISO, some dd/mm/yy, some blank;
* Statut and Résultat appel (RAPP, NRP, OCC, REFUS, REFUS COMM, RDV, PISTE, PROJET, MAIL,
  HORS CIBLE, ERR, blank);
* Commentaire: ≈50 % blank, templated notes, ≈2.5 % with a sensitive word (arrêt maladie,
  catholique, syndiqué CGT, enceinte…), some with ``;`` or double quotes (so they are quoted) and
  ≈0.2 % spanning two lines (a quoted newline);
* ≈30 % of rows repeat an earlier contact (same person, freshly formatted phone, new call data).

``--hygiene`` appends the campaign-hygiene columns (``HYGIENE_HEADER``: Date dernier appel, Date de
rappel with a time on most, Nb appels, Date de collecte, Fin de relation on client rows) drawn with
their own RNG, so the first 14 columns stay the file without them. ``--calls`` writes a call
history (one line per call: Téléphone or E-mail of a contact of the file, Date appel as
dd/mm/yyyy hh:mm, Résultat), 1-9 calls for a sample of the contacts, some bursts of more than 4
calls within 30 days.

``--catalogue`` appends the columns the rest of the catalogue reads (``CATALOGUE_HEADER``: Fonction,
Adresse, Code postal, Ville, Source, Date opt-in, Source opt-in, Désabonné, STOP SMS, Contrat en
cours, Date dernier achat), with their own RNG: mostly ordinary values (a job title, a street, a
5-digit postal code, Corsica's 20xxx included, a web form or a trade fair as the source) and a
few of each problem (a union mandate, an NPAI mention, a 4-digit postal code, a rented or scraped
source, an opt-in without its date, an unsubscribe).

``--opposition`` writes a suppression list (one value a line, no header) of ``--opposition-size``
entries: ``--opposition-own-share`` of them (default 10 %) are the file's own valid phones (E.164)
and e-mails (lower-case, trimmed), ≈30 % of those as SHA-256 hex of that normalised value; the
rest are random French numbers (E.164, some in national form, some hashed). ``--bloctel`` writes
national 10-digit numbers (no header): ``--bloctel-own-share`` (default 20 %) of them are the
file's own mobiles, the rest random.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import random
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

HEADER = ["Civilité", "Nom", "Prénom", "Société", "SIRET", "Type client", "Téléphone", "Portable",
          "E-mail", "Opt-in e-mail", "Date dernier contact", "Statut", "Résultat appel", "Commentaire"]
HYGIENE_HEADER = ["Date dernier appel", "Date de rappel", "Nb appels", "Date de collecte", "Fin de relation"]
CATALOGUE_HEADER = ["Fonction", "Adresse", "Code postal", "Ville", "Source", "Date opt-in", "Source opt-in",
                    "Désabonné", "STOP SMS", "Contrat en cours", "Date dernier achat"]
CALLS_HEADER = ["Téléphone", "E-mail", "Date appel", "Résultat"]

SURNAMES = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre "
    "Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefebvre Mercier Dupont "
    "Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel "
    "Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin Masson "
    "Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly Gautier Roger Roche Roy Noël Meyer Lucas "
    "Meunier Jean Pérez Marchand Dufour Blanchard Marie Barbier Brun Dumas Brunet Schmitt Leroux "
    "Colin Fernandez Pierre Renard Arnaud Rolland Caron Aubert Giraud Leclerc Vidal Bourgeois "
    "Renaud Lemoine Picard Gaillard Philippe Leclercq Lacroix Fabre Dupuis Olivier Rodriguez Da Silva "
    "Hubert Louis Charles Guillot Rivière Le Gall Guillaume Adam Rey Moulin Gonzalez Berger Lecomte "
    "Ménard Fleury Deschamps Carpentier Julien Benoît Paris Maillard Marchal Aubry Vasseur Le Roux "
    "Renault Jacquet Collet Prévost Poirier Charpentier Royer Huet Baron Dupuy Pons Paul Laine Carré "
    "Breton Rémy Schneider Pérrin Giraud Hébert Bélanger Lévêque Bérard Fèvre Œuvrard Müller Besançon "
    "Ben Ali Haddad Benali Diallo Traoré Kone Mendes Ferreira Pereira Lemaître Thébault Bréhéret"
).split()
SURNAMES = [s.replace("_", " ") for s in SURNAMES]
FIRST_M = (
    "Jean Pierre Michel Philippe Alain Nicolas Christophe Patrick Daniel Bernard Éric Frédéric "
    "Laurent Stéphane Olivier David Julien Sébastien Thierry Pascal François Jérôme Loïc Benoît "
    "Noël Maël Gaël Hervé Rémi Cédric Aurélien Clément Léo Théo Hugo Lucas Mathéo Raphaël Anthony "
    "Jean-Luc Jean-François Marc-André Yannick Joël Thibault Grégoire André René Gérard Mickaël"
).split()
FIRST_F = (
    "Marie Nathalie Isabelle Sylvie Catherine Françoise Christine Sandrine Valérie Céline Sophie "
    "Stéphanie Aurélie Émilie Élodie Hélène Cécile Anaïs Zoé Chloé Léa Manon Inès Maëlle Gaëlle "
    "Agnès Béatrice Mélanie Amélie Laëtitia Noémie Océane Clémence Josiane Geneviève Ghislaine "
    "Marie-Christine Anne-Sophie Marie-Hélène Jocelyne Brigitte Martine Danièle Solène Léna"
).split()
ACTIVITIES = (
    "Boulangerie|Garage|Transports|Menuiserie|Cabinet|Pharmacie|Plomberie|Électricité|Boucherie|"
    "Agence immobilière|Hôtel|Restaurant|Imprimerie|Fromagerie|Ébénisterie|Ets|Établissements|"
    "Maçonnerie|Couverture|Pâtisserie|Librairie|Auto-école|Taxi|Coiffure|Fleuriste|Opticien|"
    "Charpente|Paysagiste|Société|Laboratoire|Clinique vétérinaire|Cave|Épicerie fine|Brasserie"
).split("|")
QUALIFIERS = ("", "", "", "", " & Fils", " et Associés", " Frères", " du Rhône", " de l'Ouest",
              " Île-de-France", " Méditerranée", " Côte d'Azur", " Bretagne", " Générale", " Père & Fille")
LEGAL_FORMS = ("", "", " SARL", " SAS", " SASU", " EURL", " SA", " SCI", " SNC", " (SARL)")
WEBMAIL = ("gmail.com", "gmail.com", "gmail.com", "orange.fr", "orange.fr", "free.fr", "sfr.fr",
           "laposte.net", "hotmail.fr", "hotmail.com", "yahoo.fr", "wanadoo.fr", "outlook.fr",
           "live.fr", "icloud.com", "bbox.fr", "neuf.fr", "aol.com")
TYPO_DOMAINS = ("gmial.com", "gmail.con", "hotmial.fr", "orange.ff", "wanado.fr", "yahoo.f", "gmail.fr")
ROLE_LOCALS = ("contact", "info", "accueil", "commercial", "direction", "compta", "secretariat", "bonjour")
MOBILE_PREFIXES = ("6", "6", "6", "6", "7")
LANDLINE_PREFIXES = ("1", "2", "3", "4", "5", "9")
OVERSEAS = (("590", "0590", "690"), ("596", "0596", "696"), ("594", "0594", "694"),
            ("262", "0262", "692"), ("262", "0262", "693"), ("262", "0269", "639"))
FOREIGN_TEMPLATES = ("+32 47{0} {1}{2} {3}{4} {5}{6}", "+41 79 {0}{1}{2} {3}{4} {5}{6}",
                     "+44 7700 9{0}{1}{2}{3}{4}", "+49 151 {0}{1}{2}{3}{4}{5}{6}{7}",
                     "+34 6{0}{1} {2}{3} {4}{5} {6}{7}", "+212 6 {0}{1} {2}{3} {4}{5} {6}{7}",
                     "0032 47{0} {1}{2}{3}{4}{5}{6}")
CIVILITIES_M = ("M.", "M.", "M.", "M", "Monsieur", "Mr")
CIVILITIES_F = ("Mme", "Mme", "Mme", "Madame", "Mlle", "MME")
TYPES_B2B = ("B2B", "B2B", "B2B", "Professionnel", "Professionnel", "PRO", "")
TYPES_B2C = ("B2C", "B2C", "B2C", "Particulier", "Particulier", "particulier", "")
OPTINS_B2C = ("Oui",) * 7 + ("Non",) * 3 + ("1",) * 2 + ("0", "x", "X", "CGV", "oui", "OUI") + ("",) * 5
OPTINS_B2B = ("Oui",) * 3 + ("Non",) * 2 + ("1", "0", "x", "CGV") + ("",) * 8
STATUSES = ("Prospect",) * 6 + ("À rappeler",) * 3 + ("En cours",) * 3 + ("Nouveau",) * 2 + (
    "Client", "Qualifié", "Perdu", "ARRÊTÉ", "A rappeler", "Inactif")
CALL_RESULTS = ("NRP",) * 8 + ("RAPP",) * 5 + ("OCC",) * 3 + ("REFUS",) * 3 + ("MAIL",) * 3 + (
    "RDV", "RDV", "PISTE", "PISTE", "PROJET", "HORS CIBLE", "ERR", "REFUS COMM", "nrp", "Rapp") + ("",) * 5
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
PRODUCTS = ("mutuelle", "fibre pro", "photocopieur", "pompe à chaleur", "isolation", "panneaux solaires",
            "site web", "standard téléphonique", "assurance flotte", "TPE", "logiciel de caisse", "fenêtres")
RIVALS = ("Orange", "SFR", "Free Pro", "Bouygues", "Axa", "MAAF", "Groupama", "EDF", "Engie", "Canon")
COMMENTS = (
    "Rappeler {day} à {hour}h", "Rappeler {day} vers {hour}h30", "Intéressé par {product}",
    "Pas intéressé", "Pas intéressé pour l'instant", "Demande un devis {product}",
    "Messagerie, laissé un message", "Standard : demander {first}", "Déjà équipé chez {rival}",
    "Envoyer la doc par mail", "RDV fixé le {day} à {hour}h", "Ne répond jamais", "Faux numéro ?",
    "Rappeler en {month}", "Contrat {rival} jusqu'en {month}", "Voir avec le gérant",
    "Décideur absent ; rappeler {day}", "Client mécontent ; rappeler plus tard",
    "Budget validé ; attendre retour {first}", "A dit \"pas le temps\", rappeler en {month}",
    "Demande \"ne plus être appelé\"", "Secrétaire filtre ; essayer le {day} matin",
    "Projet {product} prévu en {month}", "Trop cher, compare avec {rival}", "Accueil sympa, M. {first}",
)
MULTILINE_COMMENTS = (
    "Rappeler {day}\nsuite devis {product}", "Intéressé par {product}\nvoir avec {first} en {month}",
    "Ligne 1 : standard\nLigne 2 : demander la compta",
)
SENSITIVE_COMMENTS = (
    "En arrêt maladie jusqu'à fin {month}", "arret maladie, rappeler en {month}",
    "Enceinte, rappeler après la naissance", "Très catholique, ne pas appeler le dimanche",
    "Syndiqué CGT, méfiant", "syndiquée CFDT ; très remontée", "Suit une chimiothérapie, rappeler dans 3 mois",
    "Diabétique, intéressé par la {product}", "Personne handicapée, parler lentement",
    "Sort d'une dépression", "Militant RN, agressif au téléphone", "Musulman pratiquant, pas le vendredi",
    "A fait de la prison", "Séropositif, demande discrétion", "Homosexuel, vit avec son compagnon",
    "Origine marocaine, parle mal français", "Sympathisant LFI", "Témoin de Jéhovah, refuse le {day}",
    "cancer du sein, en traitement", "Franc-maçon, connaît le patron",
)


def strip_accents(text: str) -> str:
    """ASCII slug of a name part: accents removed, spaces dropped, lower case."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "Oe"))
    return "".join(c for c in decomposed if c.isalnum() and c.isascii()).lower()


def weighted_dates() -> tuple[list[str], list[str], list[str]]:
    """Every day 2018-01-01 .. 2026-11-27 as dd/mm/yyyy, yyyy-mm-dd and dd/mm/yy."""
    import datetime as dt
    start, end = dt.date(2018, 1, 1), dt.date(2026, 11, 27)
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    return ([d.strftime("%d/%m/%Y") for d in days], [d.isoformat() for d in days],
            [d.strftime("%d/%m/%y") for d in days])


def luhn_complete(digits: str) -> str:
    """Append the Luhn check digit to `digits` (SIREN/SIRET use Luhn)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return digits + str((10 - total % 10) % 10)


class Reservoir:
    """Bounded uniform sample of everything offered (Algorithm R), with its own RNG."""

    def __init__(self, capacity: int, rng: random.Random) -> None:
        self.capacity, self.rng, self.items, self.seen = capacity, rng, [], 0

    def offer(self, item: object) -> None:
        self.seen += 1
        if len(self.items) < self.capacity:
            self.items.append(item)
        elif self.capacity:
            slot = int(self.rng.random() * self.seen)
            if slot < self.capacity:
                self.items[slot] = item


class ProspectGenerator:
    """Yields rows (lists of 14 strings); one `random.Random(seed)` drives every choice."""

    CONTACT_POOL = 50_000
    COMPANY_POOL = 20_000

    def __init__(self, seed: int, duplicates: float = 0.30) -> None:
        self.rng = random.Random(seed)
        self.rnd = self.rng.random
        self.duplicates = duplicates
        self.contacts: list[tuple] = []
        self.companies: list[tuple] = []
        self.seen_contacts = 0
        self.dates = weighted_dates()
        self.slugs = {name: strip_accents(name) for name in (*SURNAMES, *FIRST_M, *FIRST_F)}
        self.samplers: list[Callable[[tuple, list[str]], None]] = []

    def pick(self, seq: Sequence):
        return seq[int(self.rnd() * len(seq))]

    def digits(self, count: int) -> str:
        return str(self.rng.getrandbits(40) % (10 ** count)).zfill(count)

    # --- phones ---------------------------------------------------------------------------
    def new_phone(self, mobile: bool) -> tuple[str, str]:
        """A phone spec: (kind, value); kind fr → value is the 9-digit national significant number."""
        r = self.rnd()
        if r < 0.03:
            return ("blank", "")
        if r < 0.07:
            return ("raw", self.invalid_phone())
        if r < 0.085:
            cc, national, prefix = self.pick(OVERSEAS)
            if prefix.startswith("0") is False and national.startswith("02"):
                prefix = prefix
            rest = self.digits(6)
            return ("dom", f"{cc}|{national}|{prefix[1:] if prefix.startswith('0') else prefix}{rest}")
        if r < 0.10:
            d = self.digits(8)
            return ("raw", self.pick(FOREIGN_TEMPLATES).format(*d))
        first = self.pick(MOBILE_PREFIXES) if mobile else self.pick(LANDLINE_PREFIXES)
        if first == "7":
            return ("fr", "7" + str(3 + int(self.rnd() * 7)) + self.digits(7))
        return ("fr", first + self.digits(8))

    def invalid_phone(self) -> str:
        r = self.rnd()
        d = self.digits(8)
        if r < 0.3:
            return f"06 {d[0:2]} {d[2:4]} {d[4:6]}"          # too short
        if r < 0.5:
            return f"06{d}9"                                  # too long
        if r < 0.65:
            return f"01 {d[0:2]} {d[2:4]} {d[4:6]} 8O"        # letter O for a zero
        if r < 0.75:
            return "00 00 00 00 00"
        if r < 0.85:
            return d[:5]
        return f"0{d}"                                        # 9 digits with the zero: one short

    def render_phone(self, spec: tuple[str, str]) -> str:
        kind, value = spec
        if kind == "fr":
            return self.render_fr(value)
        if kind == "dom":
            cc, national, nsn = value.split("|")
            if self.rnd() < 0.6:
                return f"0{nsn[0:3]} {nsn[3:5]} {nsn[5:7]} {nsn[7:9]}"
            return f"+{cc} {nsn[0:3]} {nsn[3:5]} {nsn[5:7]} {nsn[7:9]}"
        return value

    def render_fr(self, d: str) -> str:
        r = self.rnd()
        if r < 0.38:
            return f"0{d[0]} {d[1:3]} {d[3:5]} {d[5:7]} {d[7:9]}"
        if r < 0.63:
            return "0" + d
        if r < 0.73:
            return f"+33 {d[0]} {d[1:3]} {d[3:5]} {d[5:7]} {d[7:9]}"
        if r < 0.78:
            return "0033" + d
        if r < 0.88:
            return f"0{d[0]}.{d[1:3]}.{d[3:5]}.{d[5:7]}.{d[7:9]}"
        if r < 0.91:
            return f"0{d[0]}-{d[1:3]}-{d[3:5]}-{d[5:7]}-{d[7:9]}"
        if r < 0.96:
            return "+33" + d
        if r < 0.985:
            return d                                          # Excel dropped the leading zero
        return f"+33 (0){d[0]} {d[1:3]} {d[3:5]} {d[5:7]} {d[7:9]}"

    # --- companies and people -------------------------------------------------------------
    def company(self) -> tuple[str, str, tuple[str, str], str]:
        """(name, SIRET, switchboard spec, domain), new or reused from a bounded pool."""
        if self.companies and self.rnd() < 0.55:
            return self.pick(self.companies)
        surname = self.pick(SURNAMES)
        name = f"{self.pick(ACTIVITIES)} {surname}{self.pick(QUALIFIERS)}{self.pick(LEGAL_FORMS)}"
        if self.rnd() < 0.08:
            name = name.upper()
        entry = (name, self.siret(), self.new_phone(mobile=self.rnd() < 0.15), self.domain(name))
        if len(self.companies) < self.COMPANY_POOL:
            self.companies.append(entry)
        else:
            self.companies[int(self.rnd() * self.COMPANY_POOL)] = entry
        return entry

    def siret(self) -> str:
        r = self.rnd()
        siren = luhn_complete(str(1 + int(self.rnd() * 9)) + self.digits(7))
        siret = luhn_complete(siren + self.digits(4))
        if r < 0.15:
            return ""
        if r < 0.18:
            return siret[:13] + str((int(siret[13]) + 1) % 10)  # wrong check digit
        if r < 0.35:
            return f"{siret[0:3]} {siret[3:6]} {siret[6:9]} {siret[9:14]}"
        if r < 0.38:
            return siren
        return siret

    def domain(self, company: str) -> str:
        words = [strip_accents(w) for w in company.split()[:3]]
        slug = "-".join(w for w in words if w and w not in ("sarl", "sas", "sasu", "eurl", "sa", "sci", "snc", "et"))
        return slug + self.pick((".fr", ".fr", ".fr", ".com", ".net", ".eu"))

    def person(self) -> tuple[str, str, str, str, str]:
        """(civility, surname, first name, surname slug, first-name slug)."""
        female = self.rnd() < 0.5
        first = self.pick(FIRST_F if female else FIRST_M)
        surname = self.pick(SURNAMES)
        slug = self.slugs[surname]
        if self.rnd() < 0.06:
            other = self.pick(SURNAMES)
            surname, slug = f"{surname}-{other}", f"{slug}-{self.slugs[other]}"
        if self.rnd() < 0.12:
            surname = surname.upper()
        civ = self.pick(CIVILITIES_F if female else CIVILITIES_M) if self.rnd() < 0.93 else ""
        return civ, surname, first, slug, self.slugs[first]

    def new_contact(self) -> tuple:
        b2b = self.rnd() < 0.45
        civ, surname, first, s_slug, f_slug = self.person()
        if b2b:
            name, siret, switchboard, domain = self.company()
            phone = switchboard if self.rnd() < 0.6 else self.new_phone(mobile=self.rnd() < 0.3)
            mobile = self.new_phone(mobile=True) if self.rnd() < 0.4 else ("blank", "")
            kind = self.pick(TYPES_B2B)
        else:
            name, siret, domain = "", "", ""
            phone = self.new_phone(mobile=self.rnd() < 0.55)
            mobile = self.new_phone(mobile=True) if self.rnd() < 0.55 else ("blank", "")
            kind = self.pick(TYPES_B2C)
        email, valid = self.email(b2b, f_slug, s_slug, domain)
        return (civ, surname, first, name, siret, kind, phone, mobile, email, valid, b2b)

    # --- e-mails --------------------------------------------------------------------------
    def email(self, b2b: bool, first: str, last: str, domain: str) -> tuple[str, bool]:
        """(address as written, whether it is well-formed)."""
        r = self.rnd()
        if r < 0.08:
            return "", False
        if b2b and domain and self.rnd() < 0.3:
            local = self.pick(ROLE_LOCALS)
        else:
            local = self.local_part(first, last)
            if self.rnd() < 0.004:
                local = local.replace("e", "é", 1)
        host = domain if b2b and domain and self.rnd() < 0.8 else self.pick(WEBMAIL)
        if self.rnd() < 0.006:
            host = self.pick(TYPO_DOMAINS)
        address = f"{local}@{host}"
        if r < 0.115:
            return self.malform(address, local, host), False
        s = self.rnd()
        if s < 0.07:
            address = address.title()
        elif s < 0.09:
            address = address.upper()
        elif s < 0.10:
            address = f" {address} "
        return address, True

    def local_part(self, first: str, last: str) -> str:
        r = self.rnd()
        if r < 0.45:
            return f"{first}.{last}"
        if r < 0.6:
            return f"{first[0]}.{last}"
        if r < 0.7:
            return f"{first}{last}"
        if r < 0.78:
            return f"{last}.{first}"
        if r < 0.9:
            return f"{first}.{last}{int(self.rnd() * 99)}"
        if r < 0.95:
            return f"{first}_{last}"
        return f"{first[0]}{last}{1950 + int(self.rnd() * 55)}"

    def malform(self, address: str, local: str, host: str) -> str:
        variant = int(self.rnd() * 11)
        return (address.replace("@", ""), f"{local}@@{host}", f"{local}@{host.rsplit('.', 1)[0]}",
                f"{local.replace('.', ' ', 1) if '.' in local else local + ' x'}@{host}",
                f"{local}@{host.replace('.', ',')}", f"{address}.", f"{local.replace('.', '..', 1)}@{host}"
                if "." in local else f".{local}@{host}", f"@{host}", f"{local}@", f"{local}@{host.replace('.', '..')}",
                f"{local}@.{host}")[variant]

    # --- rows -----------------------------------------------------------------------------
    def contact(self) -> tuple:
        if self.contacts and self.rnd() < self.duplicates:
            return self.contacts[int(self.rnd() * len(self.contacts))]
        entry = self.new_contact()
        self.seen_contacts += 1
        if len(self.contacts) < self.CONTACT_POOL:
            self.contacts.append(entry)
        else:
            slot = int(self.rnd() * self.seen_contacts)
            if slot < self.CONTACT_POOL:
                self.contacts[slot] = entry
        return entry

    def comment(self) -> str:
        r = self.rnd()
        if r < 0.50:
            return ""
        if r < 0.525:
            template = self.pick(SENSITIVE_COMMENTS)
        elif r < 0.527:
            template = self.pick(MULTILINE_COMMENTS)
        else:
            template = self.pick(COMMENTS)
        if "{" not in template:
            return template
        return template.format(day=self.pick(DAYS), hour=9 + int(self.rnd() * 10), product=self.pick(PRODUCTS),
                               first=self.pick(FIRST_M), rival=self.pick(RIVALS), month=self.pick(MONTHS))

    def date(self) -> str:
        r = self.rnd()
        if r < 0.08:
            return ""
        table = self.dates[0] if r < 0.88 else self.dates[1] if r < 0.96 else self.dates[2]
        # skew towards recent contacts: the max of two uniforms
        index = int(max(self.rnd(), self.rnd()) * len(table))
        return table[index]

    def rows(self, count: int) -> Iterator[list[str]]:
        for _ in range(count):
            c = self.contact()
            civ, surname, first, name, siret, kind, phone, mobile, email, valid, b2b = c
            row = [civ, surname, first, name, siret, kind, self.render_phone(phone), self.render_phone(mobile),
                   email, self.pick(OPTINS_B2B if b2b else OPTINS_B2C), self.date(), self.pick(STATUSES),
                   self.pick(CALL_RESULTS), self.comment()]
            for sampler in self.samplers:
                sampler(c, row)
            yield row


# --- campaign hygiene columns and call history ---------------------------------------------
class HygieneColumns:
    """Appends the HYGIENE_HEADER cells to each row (its own RNG: the other cells do not move) and
    samples contacts for the call history."""

    def __init__(self, seed: int, calls_sample: int = 0) -> None:
        import datetime as dt
        self.rng = random.Random(seed * 7919 + 4)
        self.rnd = self.rng.random
        self.end = dt.date(2026, 11, 27)
        self.dt = dt
        self.sample = Reservoir(calls_sample, random.Random(seed * 7919 + 5))

    def day(self, back_max: int) -> "object":
        return self.end - self.dt.timedelta(days=int(max(self.rnd(), self.rnd()) * back_max))

    def __call__(self, contact: tuple, row: list[str]) -> None:
        r = self.rnd()
        last_call = "" if r < 0.1 else self.day(1500)
        callback = ""
        if last_call and self.rnd() < 0.35:
            planned = last_call + self.dt.timedelta(days=1 + int(self.rnd() * 90))
            callback = planned.strftime("%d/%m/%Y") + (f" {9 + int(self.rnd() * 12):02d}:{self.rng.choice(('00', '15', '30', '45'))}"
                                                       if self.rnd() < 0.8 else "")
        calls = "" if self.rnd() < 0.2 else str(1 + int(self.rnd() * self.rnd() * 12))
        collected = "" if self.rnd() < 0.15 else self.day(3000).strftime(self.rng.choice(("%d/%m/%Y", "%d/%m/%Y", "%Y-%m-%d")))
        ended = self.day(2500).strftime("%d/%m/%Y") if row[11] == "Client" and self.rnd() < 0.5 else ""
        row.extend([last_call.strftime("%d/%m/%Y") if last_call else "", callback, calls, collected, ended])
        phone, mobile, email, valid = contact[6], contact[7], contact[8], contact[9]
        key = next((spec for spec in (mobile, phone) if spec[0] == "fr"), None)
        if key is not None or valid:
            self.sample.offer(("0" + key[1]) if key is not None else email.strip())


class CatalogueColumns:
    """Appends the CATALOGUE_HEADER cells to each row (its own RNG: the other cells do not move)."""

    JOBS = ("Directeur commercial", "Responsable achats", "Gérant", "Assistante de direction", "Comptable",
            "Délégué commercial", "Chef de projet", "DRH", "Responsable marketing", "Technicien")
    STREETS = ("rue de la République", "avenue Jean Jaurès", "boulevard Victor Hugo", "place de l'Église",
               "rue de l'Hôpital", "chemin des Vignes", "allée des Tilleuls", "impasse du Moulin")
    CITIES = (("75011", "Paris"), ("69003", "Lyon"), ("13008", "Marseille"), ("20000", "Ajaccio"),
              ("20200", "Bastia"), ("33000", "Bordeaux"), ("59000", "Lille"), ("01000", "Bourg-en-Bresse"),
              ("97200", "Fort-de-France"), ("44000", "Nantes"))
    SOURCES = ("Formulaire site", "Salon Batimat 2025", "Recommandation client", "Formulaire site", "Appel entrant",
               "Jeu concours partenaire", "Fichier loué", "LinkedIn Sales Navigator", "Pages Jaunes")

    def __init__(self, seed: int) -> None:
        import datetime as dt
        self.rng = random.Random(seed * 7919 + 6)
        self.rnd = self.rng.random
        self.dt = dt
        self.end = dt.date(2026, 11, 27)

    def day(self, back_max: int) -> str:
        return (self.end - self.dt.timedelta(days=int(self.rnd() * back_max))).strftime("%d/%m/%Y")

    def __call__(self, contact: tuple, row: list[str]) -> None:
        rnd, pick = self.rnd, self.rng.choice
        job = "" if rnd() < 0.3 else ("Délégué syndical CGT" if rnd() < 0.005 else pick(self.JOBS))
        postal, city = pick(self.CITIES)
        if rnd() < 0.01:
            postal = postal.lstrip("0") if postal.startswith("0") else postal[1:]
        address = "" if rnd() < 0.1 else f"{1 + int(rnd() * 120)} {pick(self.STREETS)}"
        if address and rnd() < 0.005:
            address = "NPAI " + address
        source = "" if rnd() < 0.1 else pick(self.SOURCES)
        opted = row[9].strip().lower() in ("oui", "1", "x")
        optin_date = self.day(2000) if opted and rnd() < 0.8 else ""
        optin_source = "formulaire site" if opted and rnd() < 0.7 else ""
        unsubscribed = "Oui" if rnd() < 0.02 else ("Non" if rnd() < 0.5 else "")
        stop_sms = "STOP" if rnd() < 0.01 else ""
        contract = "Oui" if row[11] == "Client" and rnd() < 0.5 else ""
        purchase = self.day(2500) if row[11] == "Client" and rnd() < 0.6 else ""
        row.extend([job, address, postal, city, source, optin_date, optin_source, unsubscribed, stop_sms,
                    contract, purchase])


def write_calls(path: Path, hygiene: HygieneColumns, seed: int) -> int:
    """The call history of the sampled contacts: 1-9 calls each, a quarter of them in a burst of
    a few days (more than 4 calls within 30 days), dates before 2026-11-27."""
    import datetime as dt
    rng = random.Random(seed * 7919 + 6)
    results = ("NRP", "NRP", "NRP", "OCC", "RAPP", "REFUS", "RDV", "MAIL", "")
    lines = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(CALLS_HEADER)
        for contact in hygiene.sample.items:
            start = dt.date(2026, 11, 27) - dt.timedelta(days=rng.randrange(700))
            burst = rng.random() < 0.25
            for _ in range(1 + int(rng.random() * 9)):
                day = start + dt.timedelta(days=rng.randrange(20 if burst else 400))
                when = f"{day.strftime('%d/%m/%Y')} {rng.randrange(9, 21):02d}:{rng.randrange(60):02d}"
                phone, email = (contact, "") if "@" not in contact else ("", contact)
                writer.writerow([phone, email, when, rng.choice(results)])
                lines += 1
    return lines


# --- suppression lists --------------------------------------------------------------------
def e164(nsn: str) -> str:
    return "+33" + nsn


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ListSampler:
    """Samples the file's own valid phones, e-mails and mobiles while rows are written."""

    def __init__(self, seed: int, phones: int, emails: int, mobiles: int) -> None:
        rng = random.Random(seed * 7919 + 1)
        self.phones, self.emails, self.mobiles = Reservoir(phones, rng), Reservoir(emails, rng), Reservoir(mobiles, rng)

    def __call__(self, contact: tuple, row: list[str]) -> None:
        phone, mobile, email, valid = contact[6], contact[7], contact[8], contact[9]
        for spec in (phone, mobile):
            if spec[0] == "fr":
                self.phones.offer(spec[1])
                if spec[1][0] in "67":
                    self.mobiles.offer(spec[1])
        if valid:
            self.emails.offer(email.strip().lower())


def random_fr_nsn(rng: random.Random) -> str:
    first = rng.choice(("6", "6", "7", "1", "2", "3", "4", "5", "9"))
    if first == "7":
        return "7" + str(rng.randint(3, 9)) + str(rng.randrange(10 ** 7)).zfill(7)
    return first + str(rng.randrange(10 ** 8)).zfill(8)


def write_opposition(path: Path, size: int, own_share: float, sampler: ListSampler, seed: int) -> int:
    """One value a line: own phones/e-mails (some hashed) mixed with random numbers."""
    rng = random.Random(seed * 7919 + 2)
    phones = list(dict.fromkeys(sampler.phones.items))
    emails = list(dict.fromkeys(sampler.emails.items))
    own_target = min(int(size * own_share), len(phones) + len(emails))
    n_phones = min(len(phones), int(own_target * 0.7))
    own = [e164(p) for p in phones[:n_phones]] + emails[: own_target - n_phones]
    own = [sha256_hex(v) if rng.random() < 0.3 else v for v in own]
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        own_index, remaining = 0, size
        while remaining:
            if own_index < len(own) and rng.random() * remaining < len(own) - own_index:
                value = own[own_index]
                own_index += 1
            else:
                value = random_list_value(rng)
            handle.write(value + "\n")
            remaining -= 1
            written += 1
    return written


def random_list_value(rng: random.Random) -> str:
    nsn = random_fr_nsn(rng)
    r = rng.random()
    if r < 0.1:
        return sha256_hex(e164(nsn))
    if r < 0.2:
        return "0" + nsn
    return e164(nsn)


def write_bloctel(path: Path, size: int, own_share: float, sampler: ListSampler, seed: int) -> int:
    """National 10-digit numbers, one a line, a share of them the file's own mobiles."""
    rng = random.Random(seed * 7919 + 3)
    own = list(dict.fromkeys(sampler.mobiles.items))[: int(size * own_share)]
    with open(path, "w", encoding="ascii", newline="") as handle:
        own_index, remaining = 0, size
        while remaining:
            if own_index < len(own) and rng.random() * remaining < len(own) - own_index:
                nsn = own[own_index]
                own_index += 1
            else:
                nsn = rng.choice(("6", "7")) + str(rng.randrange(10 ** 8)).zfill(8)
                if nsn[0] == "7":
                    nsn = "7" + str(rng.randint(3, 9)) + nsn[2:]
            handle.write("0" + nsn + "\n")
            remaining -= 1
    return size


# --- output files -------------------------------------------------------------------------
def write_csv(path: Path, rows: Iterator[list[str]], encoding: str, delimiter: str, header: list[str] = HEADER) -> None:
    with open(path, "w", encoding=encoding, newline="", buffering=1 << 20) as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        batch: list[list[str]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 2000:
                writer.writerows(batch)
                batch.clear()
        writer.writerows(batch)


def write_xlsx(path: Path, rows: Iterator[list[str]], header: list[str] = HEADER) -> None:
    from openpyxl import Workbook  # optional dependency, only for --xlsx

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Prospects")
    sheet.append(header)
    for row in rows:
        sheet.append([value if value != "" else None for value in row])
    workbook.save(path)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--encoding", default="utf-8", choices=("utf-8", "cp1252"))
    parser.add_argument("--delimiter", default=";")
    parser.add_argument("--xlsx", action="store_true", help="write an .xlsx workbook (needs openpyxl)")
    parser.add_argument("--duplicates", type=float, default=0.30, help="share of rows repeating a contact")
    parser.add_argument("--opposition", type=Path, help="also write a suppression list here")
    parser.add_argument("--opposition-size", type=int, default=100_000)
    parser.add_argument("--opposition-own-share", type=float, default=0.10)
    parser.add_argument("--bloctel", type=Path, help="also write a Bloctel return list here")
    parser.add_argument("--bloctel-size", type=int, default=50_000)
    parser.add_argument("--bloctel-own-share", type=float, default=0.20)
    parser.add_argument("--hygiene", action="store_true", help="append the campaign-hygiene columns")
    parser.add_argument("--calls", type=Path, help="also write a call history here (implies --hygiene)")
    parser.add_argument("--calls-contacts", type=int, default=200_000, help="contacts in the call history")
    parser.add_argument("--catalogue", action="store_true",
                        help="append the columns of the rest of the catalogue (job title, address, source…)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    generator = ProspectGenerator(args.seed, args.duplicates)
    sampler = None
    if args.opposition or args.bloctel:
        own = int(args.opposition_size * args.opposition_own_share) if args.opposition else 0
        cap = min(own + own // 3 + 10, 700_000)
        mobiles = min(int(args.bloctel_size * args.bloctel_own_share) * 4 // 3 + 10, 700_000) if args.bloctel else 0
        sampler = ListSampler(args.seed, cap, cap, mobiles)
        generator.samplers.append(sampler)
    hygiene = None
    if args.hygiene or args.calls:
        hygiene = HygieneColumns(args.seed, args.calls_contacts if args.calls else 0)
        generator.samplers.append(hygiene)
    header = HEADER + HYGIENE_HEADER if hygiene else HEADER
    if args.catalogue:
        generator.samplers.append(CatalogueColumns(args.seed))
        header = header + CATALOGUE_HEADER
    rows = generator.rows(args.rows)
    if args.xlsx:
        write_xlsx(args.out, rows, header)
    else:
        write_csv(args.out, rows, args.encoding, args.delimiter, header)
    if hygiene and args.calls:
        write_calls(args.calls, hygiene, args.seed)
    if sampler and args.opposition:
        write_opposition(args.opposition, args.opposition_size, args.opposition_own_share, sampler, args.seed)
    if sampler and args.bloctel:
        write_bloctel(args.bloctel, args.bloctel_size, args.bloctel_own_share, sampler, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
