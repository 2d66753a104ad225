"""Which files a `check` call means: files, directories (their YAML files) and globs."""

from __future__ import annotations

import os
from pathlib import Path

from .i18n import _
from .problems import Level, Problem

YAML_SUFFIXES = (".yaml", ".yml")


def expand(arguments: list[str]) -> tuple[list[str], list[Problem]]:
    """The files to check, in a stable order without repeats, and a problem for each glob or
    directory that gave none.

    A directory means the YAML files below it (hidden folders skipped). A path that does not
    exist is passed on, so that loading it reports it.
    """
    files: list[str] = []
    problems: list[Problem] = []
    for argument in arguments:
        if any(magic in argument for magic in "*?["):  # glob.has_magic, without importing glob for a plain path
            import glob

            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                problems.append(Problem(argument, 0, 0, Level.ERROR, "unreadable", _("no file matches this pattern")))
            files += [m for m in matches if Path(m).suffix.lower() in YAML_SUFFIXES or not Path(m).is_dir()]
        elif Path(argument).is_dir():
            found = _yaml_below(argument)
            if not found:
                problems.append(Problem(argument, 0, 0, Level.ERROR, "unreadable", _("no YAML files in this directory")))
            files += found
        else:
            files.append(argument)
    return list(dict.fromkeys(files)), problems


def _yaml_below(directory: str) -> list[str]:
    found = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(root, n) for n in sorted(names) if Path(n).suffix.lower() in YAML_SUFFIXES]
    return found
