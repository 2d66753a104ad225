"""The checks: small functions, each with an id and a docstring that documents it.

A check takes a `Context` and yields `Finding`s; `run_checks` turns them into located
`Problem`s. Structure checks run on the validated model; if they find errors the calculator
does not run. Number checks run on the calculation.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

from ..calculation import Calculation, Row
from ..model import Budget, Programme
from ..problems import Level, Problem
from ..source import Document


class Finding(NamedTuple):
    """What a check found, at a path in the document (the key's position when `key`)."""

    path: tuple
    message: str
    level: Level | None = None
    key: bool = False


@dataclass
class Context:
    doc: Document
    budget: Budget
    programme: Programme
    calc: Calculation | None = None

    def period_title(self, period_id: str) -> str:
        return next((p.title for p in self.budget.periods if p.id == period_id), period_id)

    def lines(self) -> Iterator[tuple[str, int, Row, object]]:
        """Every category, direct cost and financier: (section, index, computed row, entry as written),
        the entry found by the path the row came from."""
        calc = self.calc
        for row in [*calc.costs, *calc.direct_costs, *calc.financiers]:
            section, i = row.path
            yield section, i, row, getattr(self.budget, section)[i]


@dataclass(frozen=True)
class Check:
    id: str
    stage: Literal["structure", "numbers"]
    level: Level
    run: Callable[[Context], Iterable[Finding]]

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.run) or ""


def check(check_id: str, stage: Literal["structure", "numbers"] = "numbers", level: Level = Level.ERROR):
    """Make a function a check with an id, the stage it runs in and its usual level."""

    def wrap(run: Callable[[Context], Iterable[Finding]]) -> Check:
        return Check(check_id, stage, level, run)

    return wrap


def run_checks(checks: Iterable[Check], ctx: Context) -> list[Problem]:
    problems = []
    for c in checks:
        for finding in c.run(ctx):
            locate = ctx.doc.locate_key if finding.key else ctx.doc.locate
            line, column = locate(finding.path)
            problems.append(
                Problem(ctx.doc.file, line, column, finding.level or c.level, c.id, finding.message)
            )
    return problems


def all_checks() -> tuple[Check, ...]:
    """Every check, in the order they run."""
    from . import balance, contents, references, rules, totals

    return (
        references.duplicate_ids,
        references.unknown_references,
        references.missing_periods,
        references.rule_structure,
        references.dates,
        contents.negative_amounts,
        contents.amount_limits,
        balance.balance,
        totals.written_totals,
        totals.ore_in_totals,
        contents.empty_lines,
        rules.flat_rates,
        rules.financing_caps,
        rules.remainder_negative,
        rules.public_share,
    )
