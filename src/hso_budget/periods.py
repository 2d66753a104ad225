"""Calendar arithmetic of periods: project months counted by days, and indexation steps.

The project's months run from its first day: month 0 is [start, start + 1 month), and so on, so
periods that start on the same day of the month hold whole months. Time worked in part of a
month counts as days worked / days in that month — never as a whole month. Periods without
dates are consecutive years of twelve months.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import NamedTuple

from .model import Period

MONTHS_PER_YEAR = 12
_UNDATED_START = date(2001, 1, 1)  # undated periods are laid out as years from any first day
ONE_DAY = timedelta(days=1)


def dated(periods: list[Period]) -> bool:
    """Whether the periods carry dates (then all of them must)."""
    return all(period.start and period.end for period in periods)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or the month's last day where it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


class Span(NamedTuple):  # named tuples, not dataclasses: made without compiling methods at start-up
    """Days from `first` to `last`, both included."""

    first: date
    last: date


def spans(periods: list[Period]) -> dict[str, Span]:
    """Each period's days; undated periods as consecutive years."""
    if dated(periods):
        return {p.id: Span(p.start, p.end) for p in periods if p.start and p.end}
    return {
        p.id: Span(add_months(_UNDATED_START, 12 * i), add_months(_UNDATED_START, 12 * (i + 1)) - ONE_DAY)
        for i, p in enumerate(periods)
    }


class Months(NamedTuple):
    """Months of work: whole months and parts of months as (days worked, days in the month)."""

    whole: int
    parts: tuple[tuple[int, int], ...] = ()


class Calendar:
    """The project's months, counted from its first day."""

    def __init__(self, periods: list[Period]):
        self.spans = spans(periods)
        self.start = self.spans[periods[0].id].first

    def month_index(self, day: date) -> int:
        """The project month a day falls in (negative before the project)."""
        index = (day.year - self.start.year) * 12 + day.month - self.start.month
        return index - 1 if add_months(self.start, index) > day else index

    def step(self, period_id: str, anchor: date | None = None) -> int:
        """Whole years from `anchor` (default: the project's first day) to the period's first day."""
        return self.month_index_from(self.spans[period_id].first, anchor or self.start) // MONTHS_PER_YEAR

    @staticmethod
    def month_index_from(day: date, anchor: date) -> int:
        index = (day.year - anchor.year) * 12 + day.month - anchor.month
        return index - 1 if add_months(anchor, index) > day else index

    def months(self, span: Span) -> Months:
        """The project months a span of days covers: whole ones, and days of the others."""
        whole, parts = 0, []
        for i in range(self.month_index(span.first), self.month_index(span.last) + 1):
            first, end = add_months(self.start, i), add_months(self.start, i + 1)
            days = (min(span.last + ONE_DAY, end) - max(span.first, first)).days
            length = (end - first).days
            if days == length:
                whole += 1
            elif days > 0:
                parts.append((days, length))
        return Months(whole, tuple(parts))

    def segments(self, span: Span, anchor: date) -> list[tuple[int, Span]]:
        """A span cut where a new year of indexation starts, counted from `anchor`: (step, span)."""
        pieces = []
        first = span.first
        while first <= span.last:
            k = self.month_index_from(first, anchor) // MONTHS_PER_YEAR
            next_step = add_months(anchor, MONTHS_PER_YEAR * (k + 1))
            last = min(span.last, next_step - ONE_DAY)
            pieces.append((k, Span(first, last)))
            first = last + ONE_DAY
        return pieces


def overlap(a: Span, b: Span) -> Span | None:
    first, last = max(a.first, b.first), min(a.last, b.last)
    return Span(first, last) if first <= last else None
