"""Totals written in the file equal the sums of the rows they stand for."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..calculation import Row
from ..i18n import _
from ..model import TOTAL
from ..money import format_amount
from . import Context, Finding, check


def _written(ctx: Context) -> list[tuple[tuple, str, dict[str, Decimal], Row, list[Row]]]:
    """Each written table with its path, name, the computed row and the rows it sums."""
    return ctx.once("written-tables", lambda: list(_tables(ctx)))


def _tables(ctx: Context) -> Iterator[tuple[tuple, str, dict[str, Decimal], Row, list[Row]]]:
    calc = ctx.calc
    for section, i, row, entry in ctx.lines():
        if entry.amounts is not None:
            yield (section, i, "amounts"), row.label, entry.amounts, row, [row]
        for j, item in enumerate(entry.__dict__.get("items") or []):  # a financier has none
            if item.amounts is not None and TOTAL in item.amounts:
                item_row = Row(f"{row.id}-{j}", f"{row.label}: {item.label}",
                               {p.id: item.amounts.get(p.id, Decimal(0)) for p in ctx.budget.periods})
                yield (section, i, "items", j, "amounts"), item_row.label, item.amounts, item_row, [item_row]
    if ctx.budget.totals is None:
        return
    parts = calc.subtotal_parts()
    for name, row in calc.subtotals().items():
        table = getattr(ctx.budget.totals, name)
        if table is not None:
            yield ("totals", name), row.label, table, row, parts[name]


@check("written-total")
def written_totals(ctx: Context) -> Iterator[Finding]:
    """Every total or subtotal written in the file equals the sum computed from its rows.

    That covers a line's or a line item's `total` (the TOTAL column) and each table under `totals`
    (SUMMA BOKFÖRD KOSTNAD, SUMMA PROJEKTFINANSIERING, ...), period by period.
    """
    for path, label, table, row, rows in _written(ctx):
        computed = {**row.amounts, TOTAL: row.total}
        for key, value in table.items():
            if key in computed and value != computed[key] and (path[0] == "totals" or key == TOTAL):
                if _ore_in_whole(value, rows):
                    continue  # ore-in-total says it, with the sum
                diff = value - computed[key]
                title = _("TOTAL") if key == TOTAL else ctx.period_title(key)
                message = (_("{row} {period} is written as {written}, but its rows add up to {sum} (the written total "
                             "is {difference} kr more)") if diff > 0 else
                           _("{row} {period} is written as {written}, but its rows add up to {sum} (the written total "
                             "is {difference} kr less)"))
                yield Finding((*path, key), message.format(row=label, period=title, written=format_amount(value),
                                                           sum=format_amount(computed[key]),
                                                           difference=format_amount(abs(diff))))


@check("ore-in-total")
def ore_in_totals(ctx: Context) -> Iterator[Finding]:
    """A written total shows no öre when all of its rows are whole kronor.

    Öre in a total of whole-krona rows means the spreadsheet summed unrounded numbers: the
    total is not the sum of the rows shown. (Such a total is not reported again by
    `written-total`.)
    """
    for path, label, table, row, rows in _written(ctx):
        computed = {**row.amounts, TOTAL: row.total}
        for key, value in table.items():
            if _ore_in_whole(value, rows):
                title = _("TOTAL") if key == TOTAL else ctx.period_title(key)
                message = _("{row} {period} shows öre ({written}) while its rows are whole kronor").format(
                    row=label, period=title, written=format_amount(value))
                if key in computed:
                    message += _("; they add up to {sum}").format(sum=format_amount(computed[key]))
                yield Finding((*path, key), message)


def _ore_in_whole(value: Decimal, rows: list[Row]) -> bool:
    """A written total with öre over rows that are all whole kronor."""
    return value != value.to_integral_value() and all(v == v.to_integral_value() for r in rows for v in r.amounts.values())
