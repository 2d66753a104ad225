"""Which kind of file `check` is given: a budget, a follow-up file or an actuals file, by its
`format:` line (read from the first bytes only, so that checking a budget costs nothing more)."""

from __future__ import annotations

import re
from datetime import date

from ..runner import Report, check_path

_FORMAT = re.compile(rb"^format:\s*[\"']?hso-budget-(follow-up|actuals)/", re.MULTILINE)


def check_any(path: str, today: date | None = None) -> Report:
    """A budget, follow-up or actuals file, checked as its `format:` line says."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(4096)
    except OSError:
        head = b""  # the budget check reports what cannot be read
    kind = _FORMAT.search(head)
    if kind is None:
        return check_path(path)
    from ..problems import Problem
    from .checks import check_actuals_file, check_follow_up
    from .load import load

    day = today or date.today()
    found = check_follow_up(load(path), day) if kind[1] == b"follow-up" else check_actuals_file(path, day)
    return Report(path, sorted(set(found), key=Problem.sort_key))
