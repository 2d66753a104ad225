"""The checks: small functions, each with an id and a docstring that documents it.

A check takes a `Context` and yields `Finding`s; `run_checks` turns them into located
`Problem`s. Structure checks run on the validated model; if they find errors the calculator
does not run. Number checks run on the calculation.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, NamedTuple

from ..calculation import Calculation, Row
from ..model import Budget, Programme
from ..problems import Level, Problem
from ..source import Document


class Finding(NamedTuple):
    """What a check found, at a path in the document (the key's position when `key`).

    A warning about one period names it; `value` is the number an acceptance must state.
    """

    path: tuple
    message: str
    level: Level | None = None
    key: bool = False
    period: str | None = None
    value: str | None = None


class Context:
    """What the checks look at: the document, the validated budget, its programme and (for the number
    checks) the calculation."""

    __slots__ = ("doc", "budget", "programme", "calc", "shared")

    def __init__(self, doc: Document, budget: Budget, programme: Programme, calc: Calculation | None = None):
        self.doc, self.budget, self.programme, self.calc = doc, budget, programme, calc
        self.shared: dict[str, Any] = {}  # what several checks use, made once

    def once(self, name: str, make: Callable[[], Any]) -> Any:
        """`make()`, computed by the first check that asks for `name` and shared with the others."""
        if name not in self.shared:
            self.shared[name] = make()
        return self.shared[name]

    def period_title(self, period_id: str) -> str:
        return next((p.title for p in self.budget.periods if p.id == period_id), period_id)

    def lines(self) -> Iterator[tuple[str, int, Row, Any]]:
        """Every category, direct cost and financier: (section, index, computed row, entry as written),
        the entry found by the path the row came from."""
        calc = self.calc
        for row in [*calc.costs, *calc.direct_costs, *calc.financiers]:
            section, i = row.path
            yield section, i, row, getattr(self.budget, section)[i]


class Check(NamedTuple):
    """A check: its id, the stage it runs in, its usual level and the function that runs it."""

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
            problems.append(Problem(ctx.doc.file, line, column, finding.level or c.level, c.id, finding.message,
                                    at=subject(ctx.budget, finding.path), period=finding.period,
                                    value=finding.value))
    return problems


def subject(budget: Budget, path: tuple) -> str:
    """The entry a path is in, as an acceptance names it: `financiers.tillvaxtverket`, `programme`."""
    if not path:
        return ""
    section = path[0]
    entries = getattr(budget, section, None) if isinstance(section, str) else None
    if isinstance(entries, list) and len(path) > 1 and isinstance(path[1], int) and path[1] < len(entries):
        entry = entries[path[1]]
        name = getattr(entry, "id", None) or getattr(entry, "role", None)
        return f"{section}.{name}" if name else f"{section}[{path[1] + 1}]"
    if section in ("payroll_overheads", "totals") and len(path) > 1:
        return f"{section}.{path[1]}"
    return str(section)


def all_checks() -> tuple[Check, ...]:
    """Every check, in the order they run."""
    from . import balance, contents, names, plausibility, programme, references, rules, totals

    return (
        references.duplicate_ids,
        references.unknown_references,
        references.missing_periods,
        references.rule_structure,
        references.dates,
        contents.negative_amounts,
        plausibility.rate_limits,
        plausibility.implausible_rates,
        plausibility.undated_periods,
        names.confusables,
        names.duplicate_labels,
        programme.no_programme,
        programme.raised_caps,
        contents.amount_limits,
        balance.balance,
        totals.written_totals,
        totals.ore_in_totals,
        contents.empty_lines,
        contents.negative_results,
        rules.flat_rates,
        rules.flat_rate_bases,
        rules.financing_caps,
        rules.fund_caps,
        rules.remainder_negative,
        rules.public_share,
    )
