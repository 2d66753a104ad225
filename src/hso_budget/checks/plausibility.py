"""Numbers that are accepted by the format but cannot be meant: limits before the calculator
runs, rates outside their plausible range, and undated periods that look like parts of a year."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from .. import periods as calendar
from ..i18n import _
from ..model import ALL_PERIODS, Budget, Category
from ..money import format_rate
from ..problems import Level
from . import Context, Finding, check

MAX_INDEXATION = Decimal(1)  # 100 % a year
MAX_RATE = Decimal(10)  # 1000 %
MAX_DEPTH = 10  # a rate of a rate of ... at most ten deep
MAX_HOURS = 8784  # the hours of a leap year
BOUND = Decimal(10) ** 25  # far above amount-limit's 10^12 kr, below where exact arithmetic (28 digits) ends
PAYROLL_RANGE = (Decimal("0.20"), Decimal("0.70"))
PLAUSIBLE_INDEXATION = Decimal("0.10")
ZERO = Decimal(0)


def _indexations(b: Budget) -> Iterator[tuple[tuple, str, Decimal]]:
    if b.programme is not None and b.programme.staff_indexation is not None:
        yield ("programme", "staff_indexation"), _("the programme's staff indexation"), b.programme.staff_indexation
    for i, c in enumerate(b.costs):
        if c.indexation is not None:
            yield ("costs", i, "indexation"), _("the indexation of '{line}'").format(line=c.label), c.indexation
    for i, s in enumerate(b.staff):
        if s.indexation is not None:
            yield ("staff", i, "indexation"), _("the indexation of '{line}'").format(line=s.role), s.indexation


def _payroll_rates(b: Budget) -> Iterator[tuple[tuple, str, Decimal]]:
    for employer, rates in b.payroll_overheads.items():
        for period, rate in rates.items():
            path = ("payroll_overheads", employer) + (() if period == ALL_PERIODS else (period,))
            yield path, _("the payroll-overhead rate of {employer}").format(employer=employer), rate
    for i, c in enumerate(b.costs):
        if c.kind == "payroll" and c.rate is not None:
            yield ("costs", i, "rate"), _("the payroll-overhead rate of '{line}'").format(line=c.label), c.rate


def bases(c: Category, b: Budget) -> list[str]:
    """The categories a rate is a percentage of: those in `of`, and those of the kinds in `of_kinds`."""
    kinds = c.of_kinds or []
    return list(c.of or []) + [other.id for other in b.costs if other.kind in kinds and other.id != c.id]


@check("rate-limit", stage="structure")
def rate_limits(ctx: Context) -> Iterator[Finding]:
    """Numbers no budget means are refused before anything is computed: an indexation above
    100 % a year, a rate above 1 000 %, rates of rates more than ten deep, more than 8 784
    working hours a year, and costs that could come to more than 10^25 kr in a period (units ×
    prices × rates × indexation), beyond what exact arithmetic holds, so that `amount-limit`
    could not report them."""
    b = ctx.budget
    for path, what, rate in _indexations(b):
        if rate > MAX_INDEXATION:
            yield Finding(path, _("{what} is {rate} a year; at most {most} is accepted (did you mean {meant}?)").format(
                what=what, rate=format_rate(rate), most=format_rate(MAX_INDEXATION), meant=format_rate(rate / 100)))
    rates = [(*rate, True) for rate in _payroll_rates(b)]
    rates += [(("costs", i, "rate"), _("the rate of '{line}'").format(line=c.label), c.rate, False)
              for i, c in enumerate(b.costs) if c.rate is not None and c.kind != "payroll"]
    rates += [(("financiers", i, name), _("the {name} of '{line}'").format(name=name, line=f.label), getattr(f, name), False)
              for i, f in enumerate(b.financiers) for name in ("share", "max_share") if getattr(f, name) is not None]
    for path, what, rate, payroll in rates:
        if rate > MAX_RATE:
            yield Finding(path, _("{what} is {rate}; at most {most} is accepted").format(
                what=what, rate=format_rate(rate), most="1 000 %") + (_meant(rate, *PAYROLL_RANGE) if payroll else ""))
    if b.programme is not None and (b.programme.hours_per_year or 0) > MAX_HOURS:
        yield Finding(("programme", "hours_per_year"), _("{hours} hours a year is more than a year has ({most}); full "
                                                         "time is 1 720 hours under CPR art. 55").format(
                                                             hours=b.programme.hours_per_year, most=MAX_HOURS))
    by_id = {c.id: c for c in b.costs}
    depth: dict[str, int] = {}
    too_deep = False
    for i, c in enumerate(b.costs):
        if c.rate is not None and _rate_depth(c.id, frozenset(), b, by_id, depth) > MAX_DEPTH:
            too_deep = True
            yield Finding(("costs", i, "rate"), _("'{line}' is a rate of a rate ... {depth} deep; at most {most} are "
                                                  "accepted").format(line=c.label, depth=depth[c.id], most=MAX_DEPTH))
    if not too_deep:
        yield from _bounds(ctx)


def _rate_depth(cid: str, seen: frozenset, b: Budget, by_id: dict[str, Category], depth: dict[str, int]) -> int:
    """How many rates deep a category is (0 for no rate), each found once into `depth`.

    A function of its own, not a closure: a closure that calls itself is a reference cycle that would
    keep every checked budget alive until the garbage collector runs.
    """
    if cid not in depth:
        c = by_id.get(cid)
        rate = c is not None and bool(c.rate)  # a rate of 0 % is none
        nested = [_rate_depth(r, seen | {cid}, b, by_id, depth) for r in bases(c, b) if r in by_id and r not in seen] \
            if rate else []
        depth[cid] = 1 + max(nested, default=0) if rate else 0
    return depth[cid]


def _bounds(ctx: Context) -> Iterator[Finding]:
    """Costs that could come to more than 10^25 kr in a period, from an upper bound."""
    b = ctx.budget
    if not b.periods:
        return
    dated = calendar.dated(b.periods)
    years = (b.periods[-1].end.year - b.periods[0].start.year + 1) if dated else len(b.periods)
    months = Decimal(12 * years)
    default_index = ctx.programme.staff_indexation or ZERO
    by_id = {c.id: c for c in b.costs}
    salaries: dict[str, Decimal] = {}
    overheads = ZERO
    for s in b.staff:
        index = s.indexation if s.indexation is not None else default_index
        top = abs(s.monthly_salary) * months * (1 + abs(index)) ** years
        category = s.category or next((c.id for c in b.costs if c.kind == "staff"), "")
        salaries[category] = salaries.get(category, ZERO) + top
        rates = b.payroll_overheads.get(s.employer, {})
        overheads += top * max((abs(r) for r in rates.values()), default=ZERO)
    bound = _Bound(b, by_id, years, default_index, salaries, overheads)
    found = False
    for i, c in enumerate(b.costs):
        value = bound.of(c.id, frozenset())
        if value >= BOUND:
            found = True
            yield Finding(("costs", i), _("'{line}' could come to about {size} kr in a period, far more than any "
                                          "budget: check its rate, indexation, units and unit prices, and those of the "
                                          "categories it is a rate of").format(line=c.label, size=f"10^{value.adjusted()}"))
    together = sum(bound.found.values(), ZERO) + sum((_line_bound(d) for d in b.direct_costs), ZERO)
    if not found and together >= BOUND:
        yield Finding(("costs",), _("the costs could come to about {size} kr in a period together, far more than any "
                                    "budget: check the units and unit prices").format(size=f"10^{together.adjusted()}"),
                      key=True)


class _Bound:
    """An upper bound of each category's amount in a period, each found once into `found`.

    A class, not a closure: a closure that calls itself is a reference cycle that would keep every
    checked budget alive until the garbage collector runs.
    """

    def __init__(self, b: Budget, by_id: dict[str, Category], years: int, default_index: Decimal,
                 salaries: dict[str, Decimal], overheads: Decimal):
        self.b, self.by_id, self.years, self.default_index = b, by_id, years, default_index
        self.salaries, self.overheads = salaries, overheads
        self.found: dict[str, Decimal] = {}

    def of(self, cid: str, seen: frozenset) -> Decimal:
        if cid in self.found:
            return self.found[cid]
        c = self.by_id.get(cid)
        if c is None or cid in seen:
            return ZERO
        if c.rate is not None:
            value = abs(c.rate) * sum((self.of(r, seen | {cid}) for r in bases(c, self.b)), ZERO)
        elif c.first_period is not None:
            index = c.indexation if c.indexation is not None else self.default_index
            value = abs(c.first_period) * (1 + abs(index)) ** self.years
        elif c.rules_given():
            value = _line_bound(c)
        elif c.kind == "staff":
            value = self.salaries.get(cid, ZERO)
        else:
            value = self.overheads if c.kind == "payroll" else ZERO
        self.found[cid] = value
        return value


def _line_bound(line) -> Decimal:
    if line.amounts is not None:
        return max((abs(v) for v in line.amounts.values()), default=ZERO)
    if line.per_period is not None:
        return abs(line.per_period)
    total = ZERO
    for item in line.items or []:
        if item.amounts is not None:
            total += max((abs(v) for v in item.amounts.values()), default=ZERO)
        else:
            units = item.units.values() if isinstance(item.units, dict) else [item.units]
            total += max((abs(u) for u in units), default=ZERO) * abs(item.unit_price)
    return total


@check("implausible-rate", stage="structure", level=Level.WARNING)
def implausible_rates(ctx: Context) -> Iterator[Finding]:
    """A payroll-overhead rate outside 20–70 % (employer's fees and pension together; a dropped
    decimal comma makes 44,62 % into 4462 %) or an indexation above 10 % a year is a warning."""
    low, high = PAYROLL_RANGE
    for path, what, rate in _payroll_rates(ctx.budget):
        if rate >= 0 and not low <= rate <= high and rate <= MAX_RATE:
            yield Finding(path, _("{what} is {rate}, outside the usual {low}–{high}").format(
                what=what, rate=format_rate(rate), low=format_rate(low), high=format_rate(high)) + _meant(rate, low, high),
                value=format_rate(rate))
    for path, what, rate in _indexations(ctx.budget):
        if PLAUSIBLE_INDEXATION < rate <= MAX_INDEXATION:
            yield Finding(path, _("{what} is {rate} a year, above the usual at most {most} (Tillväxtverket indexes "
                                  "salaries by {usual})").format(what=what, rate=format_rate(rate),
                                                                 most=format_rate(PLAUSIBLE_INDEXATION), usual="2,4 %"),
                          value=format_rate(rate))


def _meant(rate: Decimal, low: Decimal, high: Decimal) -> str:
    """`; did you mean 44,62 %?` when a power of ten brings the rate into the range."""
    for power in (-4, -2, 2, 4):
        scaled = rate.scaleb(power)
        if rate and low <= scaled <= high:
            return _("; did you mean {rate}?").format(rate=format_rate(scaled))
    return ""


# words that name part of a year (compared in lower case; a word starting with a prefix counts too)
PARTS_OF_A_YEAR = frozenset(
    "h1 h2 q1 q2 q3 q4 t1 t2 t3 quarter half vår höst jan januari january feb februari february mar mars march "
    "apr april maj may jun juni june jul juli july aug augusti august sep sept september okt oct oktober october "
    "nov november dec december".split())
PART_OF_A_YEAR_PREFIXES = ("halvår", "kvartal", "tertial", "termin")
_WORD = re.compile(r"\w+")


def part_of_a_year(title: str) -> bool:
    """Whether a period's title names part of a year: `2027 H1`, `Q3`, `kvartal 2`, a month."""
    return any(w in PARTS_OF_A_YEAR or w.startswith(PART_OF_A_YEAR_PREFIXES) for w in _WORD.findall(title.lower()))


@check("undated-period", stage="structure", level=Level.WARNING)
def undated_periods(ctx: Context) -> Iterator[Finding]:
    """Periods without dates are counted as whole years (a full year's hours, a year's
    indexation each); a period labelled like part of a year (`2027 H1`, `Q3`, `kvartal 2`,
    a month) without dates is a warning."""
    b = ctx.budget
    if calendar.dated(b.periods):
        return
    for i, p in enumerate(b.periods):
        if part_of_a_year(p.title):
            yield Finding(("periods", i, "label" if p.label else "id"),
                          _("'{period}' looks like part of a year, but a period without dates is counted as a whole "
                            "year (a full year's hours and a year's indexation); give every period its start and "
                            "end").format(period=p.title))
