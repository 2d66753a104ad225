"""`hso-budget init`: a new, commented budget to start from (templates/budget.yaml, budget.sv.yaml)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from . import i18n

TEMPLATES = {"en": "budget.yaml", "sv": "budget.sv.yaml"}  # the same budget, commented in each language


def template_text(language: str | None = None) -> str:
    """The starting budget shipped with hso-budget, its comments in `language` (default: the current one)."""
    name = TEMPLATES[language or i18n.language()]
    return resources.files(__package__).joinpath("templates", name).read_text("utf-8")


def write_template(path: Path) -> None:
    """Write the starting budget to `path`, creating its folder; FileExistsError if `path` exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as stream:
        stream.write(template_text())
