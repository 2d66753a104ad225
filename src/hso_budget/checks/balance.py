"""Costs equal financing, in every period and in total, to the krona."""

from __future__ import annotations

from collections.abc import Iterator
from ..calculation import Row
from ..i18n import N_, _
from ..model import TOTAL
from ..money import format_amount
from . import Context, Finding, check


def _where(ctx: Context, written: tuple[str, ...], period: str) -> tuple:
    """The place to point at: the first written subtotal of the period, else the period itself."""
    totals = ctx.budget.totals
    for name in written:
        table = getattr(totals, name, None) if totals else None
        if table and period in table:
            return ("totals", name, period)
    remainder = next((i for i, f in enumerate(ctx.budget.financiers) if f.remainder), None)
    if remainder is not None:
        return ("financiers", remainder)
    if period == TOTAL:
        return ("financiers",)
    return ("periods", next(i for i, p in enumerate(ctx.budget.periods) if p.id == period))


def _compare(ctx: Context, cost: Row, financing: Row, what: tuple[str, str],
             written: tuple[str, ...]) -> Iterator[tuple[str, Finding]]:
    pairs = [(p.id, p.title, cost.amounts[p.id], financing.amounts[p.id]) for p in ctx.budget.periods]
    pairs.append((TOTAL, _("In total"), cost.total, financing.total))
    for period, title, c, f in pairs:
        if c != f:
            diff = f - c
            message = (_("{period}: {financing} {amount} is {difference} kr more than {cost} {cost_amount}") if diff > 0
                       else _("{period}: {financing} {amount} is {difference} kr less than {cost} {cost_amount}"))
            yield period, Finding(
                _where(ctx, written, period),
                message.format(period=title, financing=_(what[1]), amount=format_amount(f),
                               difference=format_amount(abs(diff)), cost=_(what[0]), cost_amount=format_amount(c)),
            )


@check("balance")
def balance(ctx: Context) -> Iterator[Finding]:
    """Booked cost = cash financing, direct costs = direct financing, and project cost = project
    financing, in every period and in total, to the krona.

    The project balance is reported only for periods where the other two hold, since it
    follows from them.
    """
    calc = ctx.calc
    off: set[str] = set()
    for period, finding in _compare(ctx, calc.booked_cost, calc.cash_financing, (N_("booked cost"), N_("cash financing")),
                                    ("cash_financing", "public_cash_financing")):
        off.add(period)
        yield finding
    for period, finding in _compare(ctx, calc.direct_costs_total, calc.direct_financing,
                                    (N_("direct costs"), N_("direct financing")), ("direct_financing",)):
        off.add(period)
        yield finding
    for period, finding in _compare(ctx, calc.project_cost, calc.project_financing,
                                    (N_("project cost"), N_("project financing")), ("project_financing",)):
        if period not in off:
            yield finding
