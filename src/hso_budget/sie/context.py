"""What the actuals need besides the ledger: the budget's categories, and from the follow-up file
(read by the follow-up package) its reporting periods, its actuals folder and its `ledger:` mapping."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..followup.load import load as load_follow_up
from ..followup.model import ReportingPeriod
from ..model import Budget
from ..problems import Level, Problem
from ..runner import check_path
from ..source import Document
from .mapping import LedgerMapping

__all__ = ["Context", "ReportingPeriod", "load"]


@dataclass
class Context:
    budget: Budget
    budget_file: str
    follow_up_file: str
    document: Document
    periods: list[ReportingPeriod]
    actuals_folder: Path
    ledger: LedgerMapping


def load(budget_path: str | os.PathLike, follow_up_path: str | os.PathLike) -> tuple[Context | None, list[Problem]]:
    """The budget and the follow-up file's periods and mapping, or the problems that prevent it.

    Only the follow-up file's own problems stop the actuals; the approved budget and the actuals
    files already written are the follow-up's business (`hso-budget follow-up`, `check`).
    """
    report = check_path(budget_path)
    if report.budget is None:
        return None, report.problems
    file = os.fspath(follow_up_path)
    if not Path(file).is_file():
        return None, [Problem(file, 0, 0, Level.ERROR, "unreadable", "no follow-up file here: it holds the reporting "
                              "periods and the 'ledger:' mapping (give it with --follow-up)")]
    loaded = load_follow_up(file)
    own = [p for p in loaded.problems if p.file == file]
    if loaded.follow_up is None or any(p.is_error for p in own):
        return None, own
    follow_up, doc = loaded.follow_up, loaded.document
    if follow_up.ledger is None:
        line, column = doc.locate(())
        return None, [Problem(file, line, column, Level.ERROR, "sie-mapping", "the follow-up file has no 'ledger:' "
                              "mapping: say which rows are the project's and which accounts go to which category")]
    folder = Path(file).parent / follow_up.actuals
    return Context(report.budget, report.file, file, doc, list(follow_up.reporting_periods), folder,
                   follow_up.ledger), own
