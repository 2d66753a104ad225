"""Financing rules: fixed amounts, totals spread over periods, shares of a base, the remainder."""

from __future__ import annotations

from decimal import Decimal

from .calculation import Explanation, Row
from .model import Financier, Period
from .money import format_amount, format_rate, format_rounding, krona, krona_down


def spread(total: Decimal, weights: dict[str, Decimal]) -> dict[str, Decimal]:
    """Spread a whole-krona total over periods by weights, to the krona.

    Every period but the last is rounded (halves away from zero); the last takes what is
    left, so the periods add up to the total exactly. Zero weights spread evenly.
    """
    if not any(weights.values()):
        weights = dict.fromkeys(weights, Decimal(1))
    whole = sum(weights.values(), Decimal(0))
    ids = list(weights)
    result = {pid: krona(total * weights[pid] / whole) for pid in ids[:-1]}
    result[ids[-1]] = total - sum(result.values(), Decimal(0))
    return result


def spread_weights(financier: Financier, base: Row, periods: list[Period]) -> dict[str, Decimal]:
    """The weights of a financier's spread: its base per period, even, or given weights."""
    how = financier.spread or ("base" if financier.share is not None else "even")
    if how == "weights":
        return {p.id: financier.weights.get(p.id, Decimal(0)) for p in periods}
    if how == "even":
        return {p.id: Decimal(1) for p in periods}
    return dict(base.amounts)


def share_total(financier: Financier, base: Row) -> Decimal:
    """A percentage of the base over the whole project, rounded down to the krona."""
    return krona_down(financier.share * base.total)


def explain_share(financier: Financier, base: Row, base_label: str, total: Decimal) -> str:
    return (
        f"{format_rate(financier.share)} × {format_amount(base.total)} ({base_label}) = "
        f"{format_rounding(financier.share * base.total, total)} (rounded down: a share "
        "never exceeds its percentage)"
    )


def explain_spread(label: str, total: Decimal, weights: dict[str, Decimal], amounts: dict[str, Decimal],
                   periods: list[Period]) -> list[Explanation]:
    """One line per period: the total times the period's weight, the last period what is left."""
    whole = sum(weights.values(), Decimal(0)) or Decimal(len(weights))
    notes = []
    for i, period in enumerate(periods):
        if i < len(periods) - 1:
            exact = total * weights[period.id] / whole if whole else Decimal(0)
            text = (
                f"{format_amount(total)} × {format_amount(weights[period.id])} / {format_amount(whole)} = "
                f"{format_rounding(exact, amounts[period.id])}"
            )
        else:
            earlier = " − ".join(format_amount(amounts[p.id]) for p in periods[:-1])
            text = (
                f"{format_amount(total)} − {earlier} = {format_amount(amounts[period.id])} "
                "(the last period takes what is left, so the periods add up to the total)"
                if earlier
                else f"{format_amount(total)}"
            )
        notes.append(Explanation(label, period.title, text))
    return notes


def remainder(booked: Row, others: list[Row], periods: list[Period]) -> dict[str, Decimal]:
    """What is left of the booked cost in each period once the other cash financiers are counted."""
    return {
        p.id: booked.amounts[p.id] - sum((row.amounts[p.id] for row in others), Decimal(0)) for p in periods
    }


def explain_remainder(booked: Row, others: list[Row], row: Row, periods: list[Period]) -> list[Explanation]:
    notes = []
    for period in periods:
        pid = period.id
        parts = "".join(f" − {format_amount(other.amounts[pid])} ({other.label})" for other in others)
        notes.append(Explanation(
            row.label,
            period.title,
            f"{format_amount(booked.amounts[pid])} (booked cost){parts} = {format_amount(row.amounts[pid])} (the remainder)",
        ))
    return notes
