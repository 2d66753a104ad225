"""What the actuals need besides the ledger: the budget's categories, and from the follow-up file
its reporting periods, its actuals folder and its `ledger:` mapping.

The follow-up file (`format: hso-budget-follow-up/1`) belongs to the follow-up package; this
module reads only the keys the actuals need, through `load`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..model import Budget, Id, Strict, Text
from ..problems import Level, Problem
from ..runner import check_path
from ..source import Document
from ..source import load as load_yaml
from .mapping import LedgerMapping


class ReportingPeriod(Strict):
    id: Id
    label: Text | None = None
    start: date
    end: date

    @property
    def title(self) -> str:
        return self.label or self.id


class _FollowUp(BaseModel):
    """The keys of a follow-up file the actuals read; the follow-up package checks the others."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    reporting_periods: list[ReportingPeriod] = Field(min_length=1)
    actuals: str = "actuals"
    ledger: LedgerMapping | None = None


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
        return None, [Problem(file, 1, 1, Level.ERROR, "format", "a follow-up file is a mapping of keys")]
    try:
        follow_up = _FollowUp.model_validate(doc.data)
    except ValidationError as exc:
        return None, [_located(doc, error) for error in exc.errors(include_url=False)]
    if follow_up.ledger is None:
        line, column = doc.locate(())
        return None, [Problem(file, line, column, Level.ERROR, "sie-mapping", "the follow-up file has no 'ledger:' "
                              "mapping: say which rows are the project's and which accounts go to which category")]
    problems += _period_problems(doc, follow_up.reporting_periods)
    if any(p.is_error for p in problems):
        return None, problems
    folder = Path(follow_up_path).parent / follow_up.actuals
    context = Context(report.budget, report.file, file, doc, follow_up.reporting_periods, folder, follow_up.ledger)
    return context, problems


def _period_problems(doc: Document, periods: list[ReportingPeriod]) -> list[Problem]:
    problems, seen, previous = [], set(), None
    for index, period in enumerate(periods):
        line, column = doc.locate(("reporting_periods", index))
        if period.end < period.start:
            problems.append(Problem(doc.file, line, column, Level.ERROR, "dates",
                                    f"reporting period '{period.id}' ends before it starts"))
        if previous is not None and period.start <= previous.end:
            problems.append(Problem(doc.file, line, column, Level.ERROR, "dates",
                                    f"reporting period '{period.id}' starts before '{previous.id}' ends"))
        if period.id in seen:
            problems.append(Problem(doc.file, line, column, Level.ERROR, "duplicate-id",
                                    f"reporting period '{period.id}' is given twice"))
        seen.add(period.id)
        previous = period
    return problems


def _located(doc: Document, error: dict) -> Problem:
    path, data = [], doc.data
    for part in error["loc"]:
        if isinstance(data, dict) and part in data or isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
            path.append(part)
    line, column = doc.locate(tuple(path))
    where = ".".join(str(p + 1) if isinstance(p, int) else p for p in path)
    message = error["msg"] if error["type"] in ("rule", "number") else f"{error['msg']} (got {error.get('input')!r})"
    if error["type"] == "missing":
        message = f"missing key '{error['loc'][-1]}'"
    elif error["type"] == "extra_forbidden":
        line, column = doc.locate_key(tuple(path))
        message = f"unknown key '{error['loc'][-1]}'"
    return Problem(doc.file, line, column, Level.ERROR, "format", f"{where}: {message}" if where else message)
