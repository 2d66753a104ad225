"""Which kind of file `check` is given: a budget, a follow-up file or an actuals file, by its
`format:` line (read from the first bytes only, so that checking a budget costs nothing more)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .. import runner

_FORMAT = re.compile(rb"^format:\s*[\"']?hso-budget-(follow-up|actuals)/", re.MULTILINE)
FOLLOW_UP_FILE = "follow-up.yaml"


def kind_of(path: str | Path) -> str | None:
    """`follow-up` or `actuals` as the file's `format:` line says; None for a budget or what cannot be read
    (loading it reports that)."""
    try:
        with open(path, "rb") as stream:
            kind = _FORMAT.search(stream.read(4096))
    except OSError:
        return None
    return kind[1].decode() if kind else None


def follow_up_file(path: Path) -> Path:
    """The follow-up file meant: `path` itself, or the follow-up.yaml beside a budget."""
    return path if kind_of(path) == "follow-up" or not path.is_file() else path.parent / FOLLOW_UP_FILE


def check_any(path: str, today: date | None = None) -> runner.Report:
    """A budget, follow-up or actuals file, checked as its `format:` line says."""
    kind = kind_of(path)
    if kind is None:
        return runner.check_path(path)
    from ..problems import Problem
    from .checks import check_actuals_file, check_follow_up
    from .load import load

    day = today or date.today()
    found = check_follow_up(load(path), day) if kind == "follow-up" else check_actuals_file(path, day)
    return runner.Report(path, sorted(set(found), key=Problem.sort_key))
