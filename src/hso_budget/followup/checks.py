"""`hso-budget check` for follow-up and actuals files: each problem at the line it is about.

An actuals file is checked against its follow-up file (the `follow-up.yaml` beside its folder) and
the approved budget: every id it names exists; it gives no cost that is computed (a rate) or that
comes from hours; its reporting period has started; a position's hours stay within 1 720 × its
share of time in each project year; financing received stays within the approved commitment; and
a period whose claim was sent (`reported:`) has not changed since the last commit.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..diff import DiffInputError, at_revision
from ..i18n import _
from ..money import format_amount
from ..problems import Level, Problem
from ..source import Document, parse
from ..validation import validate_as
from .actual import from_hours, recomputed
from ..staff import DEFAULT_HOURS_PER_YEAR
from .figures import budget_spans
from .files import FOLLOW_UP_FILE
from .load import Loaded, load, read_actuals
from .model import Actuals, ReportingPeriod



def check_follow_up(loaded: Loaded, today: date) -> list[Problem]:
    problems = list(loaded.problems)
    if not loaded.usable:
        return problems
    assert loaded.follow_up is not None and loaded.approved is not None and loaded.document is not None
    calc = loaded.approved.calculation
    assert calc is not None
    try:
        budget_spans(calc.periods, loaded.follow_up.start)
    except ValueError as exc:
        line, column = loaded.document.locate(("reporting_periods",))
        problems.append(Problem(loaded.file, line, column, Level.ERROR, "dates", str(exc)))
    problems += period_problems(loaded.document, loaded.follow_up.reporting_periods)
    for actuals, doc in loaded.actuals.values():
        problems += _actuals_problems(loaded, actuals, doc, today)
    return problems


def period_problems(doc: Document, periods: list[ReportingPeriod]) -> list[Problem]:
    """Reporting periods in order, each ending after it starts, each id once."""
    problems, seen, previous = [], set(), None
    for i, period in enumerate(periods):
        line, column = doc.locate(("reporting_periods", i))
        if period.end < period.start:
            problems.append(Problem(doc.file, line, column, Level.ERROR, "dates",
                                    _("{period} ends before it starts").format(period=period.title)))
        if previous is not None and period.start <= previous.end:
            problems.append(Problem(doc.file, line, column, Level.ERROR, "dates",
                                    _("{period} starts before {previous} ends").format(period=period.title,
                                                                                       previous=previous.title)))
        if period.id in seen:
            problems.append(Problem(doc.file, line, column, Level.ERROR, "duplicate-id",
                                    _("reporting period '{id}' is given twice").format(id=period.id)))
        seen.add(period.id)
        previous = period
    return problems


def check_actuals_file(path: str, today: date) -> list[Problem]:
    """An actuals file on its own: read, then checked against the follow-up file beside its folder."""
    read, problems = read_actuals(path)
    follow_up = Path(path).resolve().parent.parent / FOLLOW_UP_FILE
    if read is None:
        return problems
    if not follow_up.is_file():
        return problems + [Problem(path, 1, 1, Level.ERROR, "unreadable", _(
            "no {file} beside the folder {folder} names this file's reporting period").format(
                file=FOLLOW_UP_FILE, folder=Path(path).parent))]
    loaded = load(follow_up)
    mine = [p for p in loaded.problems if Path(p.file).resolve() == Path(path).resolve()]
    if not loaded.usable:
        return problems + mine + [Problem(path, 1, 1, Level.ERROR, "unreadable",
                                          _("{file} has problems; check it to see them").format(file=follow_up))]
    actuals, doc = read
    return problems + mine + _actuals_problems(loaded, actuals, doc, today)


def _actuals_problems(loaded: Loaded, actuals: Actuals, doc: Document, today: date) -> list[Problem]:
    assert loaded.follow_up is not None and loaded.approved is not None and loaded.approved.budget is not None
    budget = loaded.approved.budget
    file = doc.file
    found: list[Problem] = []

    def at(path: tuple, message: str, check: str = "actuals", key: bool = True) -> None:
        line, column = (doc.locate_key if key else doc.locate)(path)
        found.append(Problem(file, line, column, Level.ERROR, check, message))

    categories = {c.id: c for c in budget.costs}
    for cid in actuals.costs:
        c = categories.get(cid)
        if c is None:
            at(("costs", cid), _("unknown category '{id}' (the approved budget has {ids})").format(
                id=cid, ids=", ".join(categories)), "unknown-reference")
        elif recomputed(c):
            at(("costs", cid), _("'{category}' is a rate of other categories: it is computed from the actual costs, "
                                 "not written").format(category=c.label))
        elif from_hours(c, budget):
            at(("costs", cid), _("'{category}' comes from the staff positions' hours; write them under "
                                 "'hours:'").format(category=c.label))
    for section, known in (("direct_costs", [d.id for d in budget.direct_costs]),
                           ("received", [f.id for f in budget.financiers]),
                           ("forecast", [*categories, *(d.id for d in budget.direct_costs)]),
                           ("hours", [s.role for s in budget.staff])):
        for key in getattr(actuals, section):
            if key not in known:
                message = (_("unknown staff position '{key}' (known: {known})") if section == "hours"
                           else _("unknown id '{key}' (known: {known})"))
                at((section, key), message.format(key=key, known=", ".join(known) or _("none")), "unknown-reference")
    period = next(p for p in loaded.follow_up.reporting_periods if p.id == actuals.reporting_period)
    if period.start > today:
        at(("reporting_period",), _("{period} has not started (it starts {start}); actuals come after").format(
            period=period.title, start=period.start), "dates", key=False)
    found += _hours_over_the_rule(loaded, actuals, doc)
    found += _received_over_commitment(loaded, actuals, doc)
    found += _changed_after_reporting(actuals, doc)
    return found


def _hours_over_the_rule(loaded: Loaded, actuals: Actuals, doc: Document) -> list[Problem]:
    """Hours above 1 720 × share of time in a project year (counted from the first reporting period)."""
    approved = loaded.approved
    assert loaded.follow_up is not None and approved is not None and approved.budget is not None
    assert approved.calculation is not None
    budget, periods = approved.budget, loaded.follow_up.reporting_periods
    hours_per_year = approved.calculation.programme.hours_per_year or DEFAULT_HOURS_PER_YEAR
    first = periods[0].start
    year = _year(periods, actuals.reporting_period, first)
    found = []
    for s in budget.staff:
        if s.role not in actuals.hours:
            continue
        total = sum((a.hours.get(s.role, Decimal(0)) for a, _doc in loaded.actuals.values()
                     if _year(periods, a.reporting_period, first) == year), Decimal(0))
        limit = hours_per_year * s.share_of_time
        if total > limit:
            line, column = doc.locate(("hours", s.role))
            found.append(Problem(doc.file, line, column, Level.ERROR, "actuals", _(
                "'{position}' has {hours} hours in project year {year}, above {per_year} × {share} = {limit}: hours "
                "above that are not eligible").format(
                    position=s.role, hours=format_amount(total), year=year + 1,
                    per_year=format_amount(Decimal(hours_per_year)), share=format_amount(s.share_of_time * 100) + " %",
                    limit=format_amount(limit))))
    return found


def _year(periods, period_id: str, first: date) -> int:
    """The project year (0, 1, …) a reporting period starts in, counted from the first one."""
    start = next(p.start for p in periods if p.id == period_id)
    return ((start.year - first.year) * 12 + start.month - first.month) // 12


def _received_over_commitment(loaded: Loaded, actuals: Actuals, doc: Document) -> list[Problem]:
    assert loaded.approved is not None and loaded.approved.calculation is not None
    totals = {f.id: f for f in loaded.approved.calculation.financiers}
    found = []
    for fid in actuals.received:
        row = totals.get(fid)
        received = sum((a.received.get(fid, Decimal(0)) for a, _doc in loaded.actuals.values()), Decimal(0))
        if row is not None and received > row.total:
            line, column = doc.locate(("received", fid))
            found.append(Problem(doc.file, line, column, Level.ERROR, "actuals",
                                 _("{financier} has paid in {received} to date, above its approved {approved}").format(
                                     financier=row.label, received=format_amount(received),
                                     approved=format_amount(row.total))))
    return found


def _changed_after_reporting(actuals: Actuals, doc: Document) -> list[Problem]:
    """A period whose claim was sent keeps its numbers: compared with the file at the last commit."""
    if actuals.reported is None or not os.path.exists(doc.file):
        return []
    try:
        committed = at_revision("HEAD", doc.file)
    except DiffInputError:
        return []  # not in git, or new since the last commit
    before_doc, _problems = parse(committed.data or b"", committed.name)
    before, _invalid = validate_as(before_doc, Actuals) if before_doc else (None, [])
    if before is None or before.reported is None:
        return []
    changed = [key for key in ("costs", "direct_costs", "hours", "received")
               if getattr(before, key) != getattr(actuals, key)]
    if not changed:
        return []
    line, column = doc.locate((changed[0],))
    return [Problem(doc.file, line, column, Level.ERROR, "actuals",
                    _("{period} was reported on {day}, but its {keys} changed since the last commit; correct it in a "
                      "later period instead").format(period=actuals.reporting_period, day=actuals.reported,
                                                     keys=", ".join(changed)))]
