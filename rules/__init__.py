"""Shipped rule packs (YAML). Installed as fichier_check.rules so a plain install finds them."""
