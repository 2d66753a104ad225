"""What the actuals need besides the ledger: the budget's categories, and from the follow-up file
(`hso_budget.followup.model.FollowUp`) its reporting periods, its actuals folder and its `ledger:`
mapping."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..followup.checks import period_problems
from ..i18n import _
from ..followup.model import FollowUp, ReportingPeriod
from ..model import Budget
from ..problems import Level, Problem
from ..runner import check_path
from ..source import Document
from ..source import load as load_yaml
from ..validation import validate_as
from .mapping import LedgerMapping


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
    """The budget and the follow-up file's periods and mapping, or the problems that prevent it."""
    report = check_path(budget_path)
    if report.budget is None:
        return None, report.problems
    file = os.fspath(follow_up_path)
    doc, problems = load_yaml(follow_up_path)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, [Problem(file, 1, 1, Level.ERROR, "format", _("a follow-up file is a mapping of keys"))]
    follow_up, invalid = validate_as(doc, FollowUp)
    if follow_up is None:
        return None, problems + invalid
    if follow_up.ledger is None:
        line, column = doc.locate(())
        return None, [Problem(file, line, column, Level.ERROR, "sie-mapping", _(
            "the follow-up file has no 'ledger:' mapping: say which rows are the project's and which accounts go to "
            "which category"))]
    problems += period_problems(doc, follow_up.reporting_periods)
    if any(p.is_error for p in problems):
        return None, problems
    folder = Path(follow_up_path).parent / follow_up.actuals
    context = Context(report.budget, report.file, file, doc, follow_up.reporting_periods, folder, follow_up.ledger)
    return context, problems
