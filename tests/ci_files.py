"""Small prospect files for the CI tests (check command, waivers, baseline): each row is clean
but for what its comment says, so a test can name the finding it expects."""
from __future__ import annotations

from pathlib import Path

HEADER = "Nom;Société;Téléphone;E-mail;Commentaire\n"
CLEAN_ROWS = ["Durand;ACME;01 23 45 67 89;contact@acme.fr;RAS\n",
              "Roux;Gamma;01 44 55 66 77;info@gamma.fr;RAS\n"]
BAD_PHONE = "Martin;ACME;12;ventes@acme.fr;RAS\n"  # phone-invalid (warning), column Téléphone
HEALTH = "Petit;Beta;01 98 76 54 32;info@beta.fr;client en arrêt maladie\n"  # sensitive-term (error)
# The law as of this date: before the phone opt-in regime, so a B2B phone needs no consent.
AS_OF = ("--as-of", "2026-01-01")


def write_prospects(path: Path, *rows: str) -> Path:
    """The rows, each typed as a business contact (a `Type client` column added: without one,
    customer-type-missing makes a file-level warning that every row is treated as a consumer)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    typed = [row.rstrip("\n") + ";Pro\n" for row in rows]
    path.write_text(HEADER.rstrip("\n") + ";Type client\n" + "".join(typed), encoding="utf-8")
    return path


def dirty(path: Path) -> Path:
    """Rows 2 and 5 clean, row 3 a bad phone, row 4 a health comment."""
    return write_prospects(path, CLEAN_ROWS[0], BAD_PHONE, HEALTH, CLEAN_ROWS[1])


def clean(path: Path) -> Path:
    return write_prospects(path, *CLEAN_ROWS)
