"""``python -m aligncheck`` runs the command line."""

from .cli import main

main(prog_name="aligncheck")
