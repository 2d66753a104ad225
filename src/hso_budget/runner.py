"""Checking one budget file: load, validate, check the structure, calculate, check the numbers."""

from __future__ import annotations

import os

from . import programmes
from .calculation import Calculation
from .calculator import calculate
from .checks import Context, all_checks, run_checks
from .checks.accepted import apply_acceptances
from .model import Budget
from .problems import Problem
from .source import Document, load, parse
from .validation import validate


class Report:
    """What checking a file gave: its problems, and the budget and calculation when it got that far."""

    __slots__ = ("file", "problems", "document", "budget", "calculation")

    def __init__(self, file: str, problems: list[Problem] | None = None, document: Document | None = None,
                 budget: Budget | None = None, calculation: Calculation | None = None):
        self.file, self.problems = file, problems if problems is not None else []
        self.document, self.budget, self.calculation = document, budget, calculation

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def for_output(self, tables: bool) -> Report:
        """What `check` prints of it: the problems and, with `tables`, the model and the amounts the tables show.

        The document, the expressions and the staff segments are let go, so that checking many files
        keeps little of each (what is kept, the garbage collector walks again and again).
        """
        if not tables or self.calculation is None:
            return Report(self.file, self.problems)
        return Report(self.file, self.problems, budget=self.budget, calculation=self.calculation.amounts_only())


def check_path(path: str | os.PathLike, display_name: str | None = None, explain: bool = False) -> Report:
    """Check the budget file at `path`; with `explain`, the calculation says how each number came about."""
    doc, problems = load(path, display_name)
    return _check(display_name or str(path), doc, problems, explain)


def check_text(data: bytes, file: str) -> Report:
    """Check a budget given as bytes (a file's content at a git revision, a test's text)."""
    doc, problems = parse(data, file)
    return _check(file, doc, problems)


def _check(file: str, doc: Document | None, problems: list[Problem], explain: bool = False) -> Report:
    report = Report(file, list(problems), doc)
    if doc is None:
        return _sorted(report)
    budget, invalid = validate(doc)
    report.problems += invalid
    if budget is None:
        return _sorted(report)
    report.budget = budget
    checks = all_checks()
    structure = [c for c in checks if c.stage == "structure"]
    ctx = Context(doc, budget, programmes.resolve(budget.programme))
    found = run_checks(structure, ctx)
    report.problems += found
    if not any(p.is_error for p in found):
        ctx.calc = report.calculation = calculate(budget, explain, ctx.programme)
        report.problems += run_checks([c for c in checks if c.stage == "numbers"], ctx)
    report.problems = apply_acceptances(report.problems, budget, doc, [c.id for c in checks],
                                        report.calculation is not None)
    return _sorted(report)


def _sorted(report: Report) -> Report:
    report.problems.sort(key=Problem.sort_key)
    return report
