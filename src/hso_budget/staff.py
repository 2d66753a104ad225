"""Staff costs from positions: the 1 720-hour rule, indexation and payroll overheads, as expressions.

A position's work in a period is cut where a new year of indexation starts; each piece is a
`StaffSegment`, a row of the Personal sheet: monthly salary, indexed monthly salary, share of time,
months (parts of months by days), hours, hourly cost, salary cost and payroll overheads.
"""

from __future__ import annotations

from decimal import Decimal

from .calculation import StaffPeriod, StaffRow, StaffSegment
from .expr import Const, Node, Percentage, Product, Ratio, Ref, Round, Scale, Sum, decimal_ratio, percent_ratio
from .model import ALL_PERIODS, Budget, Programme, StaffPosition
from .money import format_rate
from .periods import Calendar, Months, Span, overlap

DEFAULT_HOURS_PER_YEAR = 1720
ZERO = Decimal(0)


def payroll_rate(budget: Budget, employer: str, period: str) -> Decimal | None:
    """The employer's payroll-overhead rate in a period; None when the budget gives none."""
    rates = budget.payroll_overheads.get(employer)
    if rates is None:
        return None
    return rates.get(period, rates.get(ALL_PERIODS))


def staff_category(budget: Budget, position: StaffPosition) -> str:
    """The category a position's salary goes to: its own, or the budget's staff category (there is one)."""
    if position.category:
        return position.category
    return next(c.id for c in budget.costs if c.kind == "staff")


def overheads_filled(budget: Budget) -> bool:
    """Whether the positions' payroll overheads fill a payroll category (one with no amounts or rate).

    Where the payroll category is a rate of the staff categories instead, that rate already
    covers the positions' salaries, and the employers' rates are not used.
    """
    return any(c.kind == "payroll" and not c.rules_given() for c in budget.costs)


class StaffCalculator:
    """Each position's segments, numbered across the budget in order."""

    def __init__(self, budget: Budget, programme: Programme):
        self.budget = budget
        self.calendar = Calendar(budget.periods)
        self.hours_per_year = Decimal(programme.hours_per_year or DEFAULT_HOURS_PER_YEAR)
        self.indexation = programme.staff_indexation or ZERO
        self.from_project_start = programme.staff_indexation_from == "project-start"
        self.with_overheads = overheads_filled(budget)
        self.count = 0

    def rows(self) -> list[StaffRow]:
        return [self.position(i, p) for i, p in enumerate(self.budget.staff)]

    def position(self, index: int, position: StaffPosition) -> StaffRow:
        worked = self.worked(position)
        anchor = self.calendar.start if self.from_project_start or not worked else min(s.first for s in worked.values())
        index_rate = position.indexation if position.indexation is not None else self.indexation
        monthly = Const(position.monthly_salary)
        segments: list[StaffSegment] = []
        periods = {}
        for period in self.budget.periods:
            span = worked.get(period.id)
            pieces = self.calendar.segments(span, anchor) if span else []
            months_in_period = [self.calendar.months(piece) for _, piece in pieces]
            found = [
                self.segment(position, period.id, step, monthly, index_rate, months, months_in_period)
                for (step, _), months in zip(pieces, months_in_period)
            ]
            segments += found
            periods[period.id] = _totals(found)
        return StaffRow(position.role, position.employer, staff_category(self.budget, position),
                        position.share_of_time, periods, position.monthly_salary, segments, ("staff", index))

    def worked(self, position: StaffPosition) -> dict[str, Span]:
        """The days worked in each period."""
        spans = self.calendar.spans
        first = position.start or min(s.first for s in spans.values())
        last = position.end or max(s.last for s in spans.values())
        found = {}
        for pid, span in spans.items():
            if position.periods is not None and pid not in position.periods:
                continue
            part = overlap(span, Span(first, last))
            if part:
                found[pid] = part
        return found

    def segment(self, position: StaffPosition, period: str, step: int, monthly: Node, index_rate: Decimal,
                months: Months, all_months: list[Months]) -> StaffSegment:
        key = ("staff", self.count)
        self.count += 1

        def ref(node: Node, field: str) -> Ref:
            return Ref((*key, field), None, node)

        indexed: Node = ref(monthly, "monthly")
        if step:
            n, d = decimal_ratio(1 + index_rate)
            indexed = Scale(indexed, n, d, f"(1 + {format_rate(index_rate)})^{step}", power=step, rate_first=False)
        share = Percentage(position.share_of_time)
        worked = _months_node(months)
        year = Const(self.hours_per_year)
        twelve = Const(Decimal(12))
        written = (position.hours or {}).get(period)
        if written is None:
            hours: Node = Product([year, ref(share, "share"), ref(worked, "months")], [twelve])
            salary = Round(Product([ref(indexed, "indexed"), ref(share, "share"), ref(worked, "months")]))
        else:
            hours = Const(written)
            if len(all_months) > 1:  # hours written for a period cut by indexation: shared by months worked
                hours = Product([hours, ref(worked, "months")], [Sum([_months_node(m) for m in all_months])])
            salary = Round(Product([ref(indexed, "indexed"), twelve, ref(hours, "hours")], [year]))
        hourly = Product([ref(indexed, "indexed"), twelve], [year])
        rate_value = payroll_rate(self.budget, position.employer, period) if self.with_overheads else None
        rate = Percentage(rate_value) if rate_value is not None else None
        overheads = None
        if rate_value is not None:
            n, d = percent_ratio(rate_value)
            overheads = Round(Scale(ref(salary, "salary"), n, d, format_rate(rate_value)))
        return StaffSegment(key, period, step, monthly, indexed, share, worked, hours, hourly, salary, rate, overheads)


def _months_node(months: Months) -> Node:
    parts: list[Node] = [Ratio(days, length) for days, length in months.parts]
    if months.whole or not parts:
        parts.insert(0, Const(Decimal(months.whole)))
    return parts[0] if len(parts) == 1 else Sum(parts)


def _totals(segments: list[StaffSegment]) -> StaffPeriod:
    """A position's period in one line: months, hours, (average) hourly cost, salary, overheads."""
    months = sum((s.months.value for s in segments), ZERO)
    hours = sum((s.hours.value for s in segments), ZERO)
    salary = sum((s.salary.value for s in segments), ZERO)
    exact = sum((s.hourly.value * s.hours.value for s in segments), ZERO)
    overheads = sum((s.overheads.value for s in segments if s.overheads), ZERO)
    rate = next((s.rate.value for s in segments if s.rate is not None), ZERO)
    return StaffPeriod(months, hours, exact / hours if hours else ZERO, salary, rate, overheads)
