"""`python -m hso_budget`."""

from .console import main

main()
