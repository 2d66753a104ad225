"""Which kind of file `check` is given: a budget, a follow-up file or an actuals file, by its
`format:` line (read from the first bytes only, so that checking a budget costs nothing more)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .. import runner

_FORMAT = re.compile(rb"^format:\s*[\"']?hso-budget-(follow-up|actuals)/", re.MULTILINE)


def follow_up_file(path: Path) -> Path:
    """The follow-up file meant: `path` itself, or the follow-up.yaml beside a budget."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(4096)
    except OSError:
        return path  # loading it reports what cannot be read
    kind = _FORMAT.search(head)
    return path if kind is not None and kind[1] == b"follow-up" else path.parent / "follow-up.yaml"


def check_any(path: str, today: date | None = None) -> runner.Report:
    """A budget, follow-up or actuals file, checked as its `format:` line says."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(4096)
    except OSError:
        head = b""  # the budget check reports what cannot be read
    kind = _FORMAT.search(head)
    if kind is None:
        return runner.check_path(path)
    from ..problems import Problem
    from .checks import check_actuals_file, check_follow_up
    from .load import load

    day = today or date.today()
    found = check_follow_up(load(path), day) if kind[1] == b"follow-up" else check_actuals_file(path, day)
    return runner.Report(path, sorted(set(found), key=Problem.sort_key))
