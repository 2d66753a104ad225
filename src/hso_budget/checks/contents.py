"""Content checks: no negative amounts, and no line with nothing in it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..model import ALL_PERIODS
from ..money import MAX_AMOUNT, format_amount, format_rate
from ..problems import Level
from . import Context, Finding, check

AMOUNT_FIELDS = ("per_period", "first_period", "fixed_total")
PERCENT_FIELDS = ("rate", "share", "indexation", "max_share")


def _values(prefix: tuple, entry) -> Iterator[tuple[tuple, Decimal]]:
    """Every number written in an entry, with its path."""
    for name in AMOUNT_FIELDS + PERCENT_FIELDS:
        value = entry.__dict__.get(name)
        if isinstance(value, Decimal):
            yield (*prefix, name), value
    for name in ("amounts", "weights"):
        for key, value in (entry.__dict__.get(name) or {}).items():
            yield (*prefix, name, key), value
    for j, item in enumerate(entry.__dict__.get("items") or []):
        if item.unit_price is not None:
            yield (*prefix, "items", j, "unit_price"), item.unit_price
        units = item.units if isinstance(item.units, dict) else {None: item.units}
        for key, value in units.items():
            if value is not None:
                yield (*prefix, "items", j, "units", *(() if key is None else (key,))), value
        for key, value in (item.amounts or {}).items():
            yield (*prefix, "items", j, "amounts", key), value


@check("negative-amount", stage="structure")
def negative_amounts(ctx: Context) -> Iterator[Finding]:
    """Amounts, units, weights, percentages, salaries and payroll-overhead rates are not negative.

    Revenue is written as a positive amount in a category of kind `revenue`: it is subtracted
    from the booked cost.
    """
    b = ctx.budget
    entries = [(("costs", i), c) for i, c in enumerate(b.costs)]
    entries += [(("direct_costs", i), d) for i, d in enumerate(b.direct_costs)]
    entries += [(("financiers", i), f) for i, f in enumerate(b.financiers)]
    for prefix, entry in entries:
        for path, value in _values(prefix, entry):
            if value >= 0:
                continue
            if path[-1] in PERCENT_FIELDS:
                yield Finding(path, f"negative percentage {format_rate(value)} in '{entry.label}'")
            elif "units" in path or "weights" in path:
                yield Finding(path, f"negative number {format_amount(value)} in '{entry.label}'")
            else:
                hint = "; revenue goes in a category of kind revenue, as a positive amount" if prefix[0] == "costs" else ""
                yield Finding(path, f"negative amount {format_amount(value)} in '{entry.label}'{hint}")
    for i, s in enumerate(b.staff):
        if s.monthly_salary < 0:
            yield Finding(("staff", i, "monthly_salary"), f"negative monthly salary for '{s.role}'")
        if s.indexation is not None and s.indexation < 0:
            yield Finding(("staff", i, "indexation"), f"negative indexation {format_rate(s.indexation)} for '{s.role}'")
    for path, what, rate in _programme_rates(b.programme):
        if rate < 0:
            yield Finding(path, f"negative percentage {format_rate(rate)} for {what}")
    for employer, rates in b.payroll_overheads.items():
        for period, rate in rates.items():
            if rate < 0:
                where = "" if period == ALL_PERIODS else f" in {ctx.period_title(period)}"
                path = ("payroll_overheads", employer) + (() if period == ALL_PERIODS else (period,))
                yield Finding(path, f"negative payroll-overhead rate {format_rate(rate)} for {employer}{where}")


def _programme_rates(p) -> Iterator[tuple[tuple, str, Decimal]]:
    """The percentages the file's programme writes: indexation and caps."""
    if p is None:
        return
    for name in ("staff_indexation", "max_public_share"):
        if getattr(p, name) is not None:
            yield ("programme", name), f"the programme's {name}", getattr(p, name)
    for kind, rule in p.flat_rates.items():
        yield ("programme", "flat_rates", kind, "max"), f"the {kind} flat-rate cap", rule.max
    for fund, rule in p.funds.items():
        yield ("programme", "funds", fund, "max_share"), f"the {fund} fund's cap", rule.max_share


@check("amount-limit")
def amount_limits(ctx: Context) -> Iterator[Finding]:
    """What a cost line comes to in a period stays below 10^12 kr (a thousand billion), more than
    any project: a larger sum is a mistake in units or unit prices, and would not stay exact.
    (Financing follows from the costs, or is written and limited as it is read.)"""
    calc = ctx.calc
    for section, rows in (("costs", calc.costs), ("direct_costs", calc.direct_costs)):
        for i, row in enumerate(rows):
            for period in ctx.budget.periods:
                if abs(row.amounts[period.id]) >= MAX_AMOUNT:
                    yield Finding((section, i), f"'{row.label}' {period.title} comes to {format_amount(row.amounts[period.id])} "
                                  "kr, more than any project budget; check its units and unit prices")


@check("empty", level=Level.WARNING)
def empty_lines(ctx: Context) -> Iterator[Finding]:
    """A category, direct cost or financier that is zero in every period (a warning).

    It may be a forgotten number. Where the application's layout needs the row anyway, mark it
    `empty_ok: true`.
    """
    for section, i, row, entry in ctx.lines():
        if not entry.empty_ok and not any(row.amounts.values()):
            yield Finding((section, i), f"'{row.label}' is zero in every period; remove it, or mark it "
                          "'empty_ok: true' if the layout needs the row")


@check("negative-result")
def negative_results(ctx: Context) -> Iterator[Finding]:
    """No computed amount is negative: the booked cost in a period (revenue above the costs), or
    a financier's amount in a period (a share of a negative base, or a spread that follows
    one). Each is reported at what causes it; a negative remainder is `remainder-negative`."""
    b, calc = ctx.budget, ctx.calc
    for p in b.periods:
        booked = calc.booked_cost.amounts[p.id]
        if booked < 0:
            revenue = [(i, r) for i, r in enumerate(calc.costs) if r.kind == "revenue" and r.amounts[p.id] > 0]
            costs = booked + sum((r.amounts[p.id] for _, r in revenue), Decimal(0))
            where = ("costs", revenue[0][0]) if revenue else ("costs",)
            names = " + ".join(f"'{r.label}' {format_amount(r.amounts[p.id])}" for _, r in revenue)
            yield Finding(where, f"the booked cost {p.title} is {format_amount(booked)}: revenue {names} is more than "
                          f"the costs {format_amount(costs)}; revenue can reduce the booked cost to 0 at most",
                          period=p.id)
    for row in calc.financiers:
        i = row.path[1]
        f = b.financiers[i]
        if f.remainder:
            continue  # remainder-negative
        for p in b.periods:
            if row.amounts[p.id] < 0:
                yield Finding(*_negative_cause(ctx, i, p.id, row.amounts[p.id]), period=p.id)


def _negative_cause(ctx: Context, i: int, period: str, amount: Decimal) -> tuple[tuple, str]:
    f, calc = ctx.budget.financiers[i], ctx.calc
    base = calc.booked_cost if f.of == "booked_cost" else calc.project_cost
    name = "booked cost" if f.of == "booked_cost" else "project cost"
    said = f"{f.label} {ctx.period_title(period)} comes to {format_amount(amount)}; a financier cannot give less than 0"
    if f.share is not None and base.total < 0:
        return ("financiers", i, "share"), f"{said}: its share is of the {name}, which is {format_amount(base.total)} in total"
    if (f.spread or ("base" if f.share is not None else "even")) == "base" and min(base.total, base.amounts[period]) < 0:
        path = ("financiers", i, "spread") if f.spread else ("financiers", i, "share")
        where = (f"{format_amount(base.total)} in total" if base.total <= 0
                 else f"{format_amount(base.amounts[period])} in {ctx.period_title(period)}")
        return path, f"{said}: it is spread over the periods by the {name}, which is {where}"
    return ("financiers", i), said
