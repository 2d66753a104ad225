"""Financing rules as expressions: fixed amounts, totals spread over periods, shares of a base,
in-kind contributions and the remainder."""

from __future__ import annotations

import math
from decimal import Decimal

from .calculation import DirectCostRow, FinancierRow, Row, rows_sum
from .expr import ROUND_DOWN_MODE, Const, Node, Noted, Product, Round, Scale, Sum, percent_ratio
from .i18n import N_, _
from .model import Financier
from .money import format_rate

BASES = {"project_cost": N_("project cost"), "booked_cost": N_("booked cost")}
SHARE_NOTE = N_("rounded down: a share never exceeds its percentage")
LAST_NOTE = N_("the last period takes what is left, so the periods add up to the total")


def share_total(share: Decimal, base: Row, base_name: str) -> Node:
    """A percentage of the base over the whole project, rounded down to the krona."""
    n, d = percent_ratio(share)
    scaled = Scale(base.ref(None, _(BASES[base_name])), n, d, format_rate(share))
    return Noted(Round(scaled, ROUND_DOWN_MODE), _(SHARE_NOTE))


def spread(row: FinancierRow, financier: Financier, base: Row, periods: list[str]) -> dict[str, Node]:
    """The total spread over the periods by weights; every period but the last rounded, the last what is left.

    Weights are the base per period (`spread: base`), even, or given; weights that add up to 0
    spread evenly.
    """
    how = financier.spread or ("base" if financier.share is not None else "even")
    total = row.ref(None)
    weights: dict[str, Node]
    whole: Node
    if how == "base" and base.total:
        weights, whole = {p: base.ref(p) for p in periods}, base.ref(None)
    else:
        given = {p: (financier.weights or {}).get(p, Decimal(0)) for p in periods} if how == "weights" else {}
        numbers = _whole_numbers(given) if given and sum(given.values()) else dict.fromkeys(periods, 1)
        weights, whole = {p: Const(Decimal(n)) for p, n in numbers.items()}, Const(Decimal(sum(numbers.values())))
    cells: dict[str, Node] = {p: Round(Product([total, weights[p]], [whole])) for p in periods[:-1]}
    row.cells.update(cells)
    earlier = [row.ref(p) for p in periods[:-1]]
    last = Sum([total, *earlier], [1] + [-1] * len(earlier))
    cells[periods[-1]] = Noted(last, _(LAST_NOTE)) if earlier else total
    return cells


def carried(financier: Financier, direct: list[DirectCostRow], periods: list[str]) -> dict[str, Node]:
    """In-kind: the direct costs that name the financier."""
    rows = [d for d in direct if d.financier == financier.id]
    return {p: rows_sum(rows, p, notes=[d.label for d in rows]) for p in periods}


def remainder(booked: Row, others: list[FinancierRow], periods: list[str]) -> dict[str, Node]:
    """What is left of the booked cost in each period once the other cash financiers are counted."""
    rows, notes = [booked, *others], [_("booked cost"), *(o.label for o in others)]
    signs = [1] + [-1] * len(others)
    return {p: Noted(rows_sum(rows, p, signs, notes), _("the remainder")) for p in periods}


def _whole_numbers(weights: dict[str, Decimal]) -> dict[str, int]:
    """Weights as the smallest whole numbers in the same proportions."""
    places = max(max(0, -w.normalize().as_tuple().exponent) for w in weights.values())  # type: ignore[operator]
    scaled = {p: int(w.scaleb(places)) for p, w in weights.items()}
    divisor = math.gcd(*scaled.values()) or 1
    return {p: n // divisor for p, n in scaled.items()}
