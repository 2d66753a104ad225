"""Calendar arithmetic of periods: their months, and how many indexation steps lie before them."""

from __future__ import annotations

from datetime import date

from .model import Period

MONTHS_PER_YEAR = 12


def month_number(day: date) -> int:
    """Months since year 0, so that differences count calendar months."""
    return day.year * MONTHS_PER_YEAR + day.month - 1


def dated(periods: list[Period]) -> bool:
    """Whether the periods carry dates (then all of them must)."""
    return all(period.start and period.end for period in periods)


def month_ranges(periods: list[Period]) -> dict[str, range]:
    """Each period's months, numbered from the project's first month (0).

    Periods without dates are taken as consecutive years of twelve months.
    """
    if not dated(periods):
        return {p.id: range(i * 12, (i + 1) * 12) for i, p in enumerate(periods)}
    first = month_number(periods[0].start)
    return {
        p.id: range(month_number(p.start) - first, month_number(p.end) - first + 1) for p in periods
    }


def worked_months(start: date | None, end: date | None, periods: list[Period]) -> range | None:
    """The months a position is worked, from its dates; None when it has none."""
    if start is None and end is None:
        return None
    first = month_number(periods[0].start)
    ranges = month_ranges(periods)
    lo = month_number(start) - first if start else min(r.start for r in ranges.values())
    hi = month_number(end) - first + 1 if end else max(r.stop for r in ranges.values())
    return range(lo, hi)
