"""`python -m hso_budget`."""

from .cli import main

main()
