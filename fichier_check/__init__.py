"""fichier-check: audit a prospect file for GDPR/CNIL compliance and write a cleaned copy."""
from __future__ import annotations

__version__ = "0.1.0"
