"""Content checks: no negative amounts, and no line with nothing in it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..i18n import _
from ..model import ALL_PERIODS
from ..money import MAX_AMOUNT, format_amount, format_rate
from ..problems import Level
from . import Context, Finding, check

AMOUNT_FIELDS = ("per_period", "first_period", "fixed_total")
PERCENT_FIELDS = ("rate", "share", "indexation", "max_share")
NUMBER_FIELDS = AMOUNT_FIELDS + PERCENT_FIELDS


def _negatives(prefix: tuple, entry) -> Iterator[tuple[tuple, Decimal]]:
    """Every number written in an entry that is below 0, with its path (each is a Decimal or None)."""
    fields = entry.__dict__
    for name in NUMBER_FIELDS:
        value = fields.get(name)
        if value is not None and value < 0:
            yield (*prefix, name), value
    for name in ("amounts", "weights"):
        table = fields.get(name)
        if table and min(table.values()) < 0:  # one pass in C finds that none is, as nearly always
            yield from (((*prefix, name, key), value) for key, value in table.items() if value < 0)
    for j, item in enumerate(fields.get("items") or []):
        if item.unit_price is not None and item.unit_price < 0:
            yield (*prefix, "items", j, "unit_price"), item.unit_price
        units = item.units if isinstance(item.units, dict) else {None: item.units}
        for key, value in units.items():
            if value is not None and value < 0:
                yield (*prefix, "items", j, "units", *(() if key is None else (key,))), value
        for key, value in (item.amounts or {}).items():
            if value < 0:
                yield (*prefix, "items", j, "amounts", key), value


@check("negative-amount", stage="structure")
def negative_amounts(ctx: Context) -> Iterator[Finding]:
    """Amounts, units, weights, percentages, salaries and payroll-overhead rates are not negative.

    Revenue is written as a positive amount in a category of kind `revenue`: it is subtracted
    from the booked cost.
    """
    b = ctx.budget
    entries: list[tuple[tuple, Any]] = [(("costs", i), c) for i, c in enumerate(b.costs)]
    entries += [(("direct_costs", i), d) for i, d in enumerate(b.direct_costs)]
    entries += [(("financiers", i), f) for i, f in enumerate(b.financiers)]
    for prefix, entry in entries:
        for path, value in _negatives(prefix, entry):
            if path[-1] in PERCENT_FIELDS:
                yield Finding(path, _("negative percentage {rate} in '{line}'").format(rate=format_rate(value), line=entry.label))
            elif "units" in path or "weights" in path:
                yield Finding(path, _("negative number {number} in '{line}'").format(number=format_amount(value),
                                                                                     line=entry.label))
            else:
                hint = _("; revenue goes in a category of kind revenue, as a positive amount") if prefix[0] == "costs" else ""
                yield Finding(path, _("negative amount {amount} in '{line}'").format(amount=format_amount(value),
                                                                                    line=entry.label) + hint)
    for i, s in enumerate(b.staff):
        if s.monthly_salary < 0:
            yield Finding(("staff", i, "monthly_salary"), _("negative monthly salary for '{role}'").format(role=s.role))
        if s.indexation is not None and s.indexation < 0:
            yield Finding(("staff", i, "indexation"), _("negative indexation {rate} for '{role}'").format(
                rate=format_rate(s.indexation), role=s.role))
    for path, what, rate in _programme_rates(b.programme):
        if rate < 0:
            yield Finding(path, _("negative percentage {rate} for {what}").format(rate=format_rate(rate), what=what))
    for employer, rates in b.payroll_overheads.items():
        for period, rate in rates.items():
            if rate < 0:
                path = ("payroll_overheads", employer) + (() if period == ALL_PERIODS else (period,))
                message = (_("negative payroll-overhead rate {rate} for {employer}") if period == ALL_PERIODS
                           else _("negative payroll-overhead rate {rate} for {employer} in {period}"))
                yield Finding(path, message.format(rate=format_rate(rate), employer=employer,
                                                   period=ctx.period_title(period)))


def _programme_rates(p) -> Iterator[tuple[tuple, str, Decimal]]:
    """The percentages the file's programme writes: indexation and caps."""
    if p is None:
        return
    for name in ("staff_indexation", "max_public_share"):
        if getattr(p, name) is not None:
            yield ("programme", name), _("the programme's {name}").format(name=name), getattr(p, name)
    for kind, rule in p.flat_rates.items():
        yield ("programme", "flat_rates", kind, "max"), _("the {kind} flat-rate cap").format(kind=kind), rule.max
    for fund, rule in p.funds.items():
        yield ("programme", "funds", fund, "max_share"), _("the {fund} fund's cap").format(fund=fund), rule.max_share


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
                    yield Finding((section, i), _("'{line}' {period} comes to {amount} kr, more than any project budget; "
                                                  "check its units and unit prices").format(
                                                      line=row.label, period=period.title,
                                                      amount=format_amount(row.amounts[period.id])))


@check("empty", level=Level.WARNING)
def empty_lines(ctx: Context) -> Iterator[Finding]:
    """A category, direct cost or financier that is zero in every period (a warning).

    It may be a forgotten number. Where the application's layout needs the row anyway, mark it
    `empty_ok: true`.
    """
    for section, i, row, entry in ctx.lines():
        if not entry.empty_ok and not any(row.amounts.values()):
            yield Finding((section, i), _("'{line}' is zero in every period; remove it, or mark it "
                                          "'empty_ok: true' if the layout needs the row").format(line=row.label))


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
            yield Finding(where, _("the booked cost {period} is {amount}: revenue {names} is more than the costs {costs}; "
                                   "revenue can reduce the booked cost to 0 at most").format(
                                       period=p.title, amount=format_amount(booked), names=names,
                                       costs=format_amount(costs)), period=p.id)
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
    name = _("booked cost") if f.of == "booked_cost" else _("project cost")
    said = _("{financier} {period} comes to {amount}; a financier cannot give less than 0").format(
        financier=f.label, period=ctx.period_title(period), amount=format_amount(amount))
    if f.share is not None and base.total < 0:
        return ("financiers", i, "share"), _("{said}: its share is of the {base}, which is {amount} in total").format(
            said=said, base=name, amount=format_amount(base.total))
    if (f.spread or ("base" if f.share is not None else "even")) == "base" and min(base.total, base.amounts[period]) < 0:
        path = ("financiers", i, "spread") if f.spread else ("financiers", i, "share")
        where = (_("{amount} in total").format(amount=format_amount(base.total)) if base.total <= 0
                 else _("{amount} in {period}").format(amount=format_amount(base.amounts[period]),
                                                       period=ctx.period_title(period)))
        return path, _("{said}: it is spread over the periods by the {base}, which is {where}").format(
            said=said, base=name, where=where)
    return ("financiers", i), said
