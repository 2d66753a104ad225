"""`hso-budget init`: a new, commented budget to start from (templates/budget.yaml)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def template_text() -> str:
    """The starting budget shipped with hso-budget."""
    return resources.files(__package__).joinpath("templates", "budget.yaml").read_text("utf-8")


def write_template(path: Path) -> None:
    """Write the starting budget to `path`, creating its folder; FileExistsError if `path` exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as stream:
        stream.write(template_text())
