"""Which kind of file `check` is given: a budget, a follow-up file or an actuals file, by its
`format:` line (found in the first bytes of what is read to check it, so that checking a budget costs
nothing more)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .. import runner
from ..source import read

_FORMAT = rb"^format:\s*[\"']?hso-budget-(follow-up|actuals)/"
FOLLOW_UP_FILE = "follow-up.yaml"


def kind_of(path: str | Path) -> str | None:
    """`follow-up` or `actuals` as the file's `format:` line says; None for a budget or what cannot be read
    (loading it reports that)."""
    try:
        with open(path, "rb") as stream:
            return _kind(stream.read(4096))
    except OSError:
        return None


def _kind(head: bytes) -> str | None:
    """The kind the `format:` line in the first bytes of a file names."""
    if b"hso-budget-follow-up/" not in head and b"hso-budget-actuals/" not in head:
        return None  # a budget: the pattern need not be compiled
    kind = re.search(_FORMAT, head, re.MULTILINE)
    return kind[1].decode() if kind else None


def follow_up_file(path: Path) -> Path:
    """The follow-up file meant: `path` itself, or the follow-up.yaml beside a budget."""
    return path if kind_of(path) == "follow-up" or not path.is_file() else path.parent / FOLLOW_UP_FILE


def check_any(path: str, today: date | None = None) -> runner.Report:
    """A budget, follow-up or actuals file, checked as its `format:` line says.

    A budget is read once: its kind is found in the bytes that are then checked."""
    data = read(path, str(path))[0]
    kind = _kind(data[:4096]) if data is not None else kind_of(path)
    if kind is None:
        return runner.check_text(data, str(path)) if data is not None else runner.check_path(path)
    from ..problems import Problem
    from .checks import check_actuals_file, check_follow_up
    from .load import load

    day = today or date.today()
    found = check_follow_up(load(path), day) if kind == "follow-up" else check_actuals_file(path, day)
    return runner.Report(path, sorted(set(found), key=Problem.sort_key))
