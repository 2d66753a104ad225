"""Staff costs from positions: the 1 720-hour rule, indexation and payroll overheads."""

from __future__ import annotations

from decimal import Decimal

from . import periods as calendar
from .calculation import Explanation, StaffPeriod, StaffRow
from .model import ALL_PERIODS, Budget, Programme, StaffPosition
from .money import format_amount, format_rate, format_rounding, krona

DEFAULT_HOURS_PER_YEAR = 1720


def payroll_rate(budget: Budget, employer: str, period: str) -> Decimal:
    rates = budget.payroll_overheads[employer]
    return rates.get(period, rates.get(ALL_PERIODS, Decimal(0)))


def staff_category(budget: Budget, position: StaffPosition) -> str:
    """The category a position's salary goes to: its own, or the budget's staff category."""
    if position.category:
        return position.category
    return next(c.id for c in budget.costs if c.kind == "staff")


def compute_position(
    budget: Budget, programme: Programme, position: StaffPosition, explain: bool = False
) -> tuple[StaffRow, list[Explanation]]:
    """Hours, hourly cost, salary cost and payroll overheads of one position per period.

    Salaries are indexed every twelve months from the project's first month; a month's cost
    is monthly salary × index × share of time, and hours are 1 720 / 12 × share of time a month.
    """
    hours_per_year = Decimal(programme.hours_per_year or DEFAULT_HOURS_PER_YEAR)
    index = position.indexation if position.indexation is not None else programme.staff_indexation or Decimal(0)
    ranges = calendar.month_ranges(budget.periods)
    worked = calendar.worked_months(position.start, position.end, budget.periods)
    chosen = set(position.periods) if position.periods is not None else None
    result: dict[str, StaffPeriod] = {}
    notes: list[Explanation] = []
    for period in budget.periods:
        months = [
            m
            for m in ranges[period.id]
            if (chosen is None or period.id in chosen) and (worked is None or m in worked)
        ]
        exact = sum(
            (position.monthly_salary * (1 + index) ** (m // 12) * position.share_of_time for m in months),
            Decimal(0),
        )
        count = Decimal(len(months))
        hours = hours_per_year * count * position.share_of_time / 12
        salary = krona(exact)
        rate = payroll_rate(budget, position.employer, period.id)
        overheads = krona(salary * rate)
        hourly = exact / hours if hours else Decimal(0)
        result[period.id] = StaffPeriod(count, hours, hourly, salary, rate, overheads)
        if months and explain:
            notes.append(
                Explanation(
                    position.role,
                    period.title,
                    f"{format_amount(hours)} h ({format_amount(hours_per_year)} × {format_rate(position.share_of_time)} × "
                    f"{len(months)}/12) × {format_amount(hourly)} kr/h (monthly salary "
                    f"{format_amount(position.monthly_salary)} × 12 / {format_amount(hours_per_year)}, indexed "
                    f"{format_rate(index)} a year) = {format_rounding(exact, salary)}; "
                    f"payroll overheads {format_rate(rate)} × {format_amount(salary)} = "
                    f"{format_rounding(salary * rate, overheads)}",
                )
            )
    row = StaffRow(
        position.role, position.employer, staff_category(budget, position), position.share_of_time, result
    )
    return row, notes
