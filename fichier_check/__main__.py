"""Allow `python -m fichier_check`."""
from fichier_check.cli import main

main()
