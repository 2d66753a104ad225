"""The application's budget table, line by line: what the text view and the workbook show."""

from __future__ import annotations

from typing import Literal, NamedTuple

from .calculation import Calculation, Row
from .i18n import N_, _

SUBTOTALS = {  # the subtotals' labels in the application, by row id
    "booked_cost": N_("TOTAL BOOKED COST"),
    "project_cost": N_("TOTAL PROJECT COST"),
    "public_cash_financing": N_("TOTAL BOOKED PUBLIC FINANCING"),
    "private_cash_financing": N_("TOTAL PRIVATE FINANCING"),
    "cash_financing": N_("TOTAL CASH FINANCING"),
    "direct_financing": N_("TOTAL DIRECT FINANCING"),
    "project_financing": N_("TOTAL PROJECT FINANCING"),
}
DIRECT_COSTS = {  # the in-kind costs' subtotal, by the sectors of the actors that carry them
    frozenset({"public"}): N_("TOTAL COST FROM OTHER PUBLIC ACTORS"),
    frozenset({"private"}): N_("TOTAL COST FROM PRIVATE ACTORS"),
    frozenset({"public", "private"}): N_("TOTAL COST FROM OTHER PUBLIC AND PRIVATE ACTORS"),
}


class TableLine(NamedTuple):
    """A heading, a row, a part of the row above (what is written, what the staff positions add),
    or a subtotal (its row says which subtotal; in the workbook, a formula). A named tuple, made
    without compiling methods at start-up as a dataclass's are."""

    kind: Literal["heading", "row", "part", "sum"]
    label: str
    row: Row | None = None


def subtotal_label(row_id: str) -> str:
    """A subtotal's label in the current language."""
    return _(SUBTOTALS[row_id])


def row_label(row: Row) -> str:
    """A row's label as shown: revenue says that it is subtracted."""
    if getattr(row, "kind", None) == "revenue":
        return _("{label} (subtracted)").format(label=row.label)
    return row.label


def part_label(category: Row, part: Row) -> str:
    """A part of a category: what is written for it, or what its staff positions add."""
    if part.id.endswith(":positions"):
        return _("{label}: staff positions").format(label=category.label)
    return _("{label}: as written").format(label=category.label)


def direct_costs_label(calc: Calculation) -> str:
    """The in-kind costs' subtotal, named by who carries them: public, private or both."""
    sectors = {f.sector for f in calc.financiers if f.id in {d.financier for d in calc.direct_costs}}
    return _(DIRECT_COSTS.get(frozenset(sectors), DIRECT_COSTS[frozenset({"public", "private"})]))


def cost_lines(calc: Calculation) -> list[TableLine]:
    """COSTS: the categories, booked cost, costs carried by others, project cost."""
    lines = [TableLine("heading", _("COSTS"))]
    for c in calc.costs:
        lines.append(TableLine("row", row_label(c), c))
        lines += [TableLine("part", part_label(c, part), part) for part in c.parts]
    lines.append(TableLine("sum", subtotal_label("booked_cost"), calc.booked_cost))
    lines.append(TableLine("heading", _("Public and private direct financing")))
    lines += [TableLine("row", d.label, d) for d in calc.direct_costs]
    lines.append(TableLine("sum", direct_costs_label(calc), calc.direct_costs_total))
    lines.append(TableLine("sum", subtotal_label("project_cost"), calc.project_cost))
    return lines


def financing_lines(calc: Calculation) -> list[TableLine]:
    """FINANCING: public cash, private cash, direct financing, and their sums."""
    def financiers(kind: str, sector: str | None = None) -> list[TableLine]:
        return [
            TableLine("row", f.label, f)
            for f in calc.financiers
            if f.kind == kind and (sector is None or f.sector == sector)
        ]

    def total(row: Row) -> TableLine:
        return TableLine("sum", subtotal_label(row.id), row)

    return [
        TableLine("heading", _("FINANCING")),
        TableLine("heading", _("Public financing – cash")),
        *financiers("cash", "public"),
        total(calc.public_cash),
        TableLine("heading", _("Private financing – cash")),
        *financiers("cash", "private"),
        total(calc.private_cash),
        total(calc.cash_financing),
        TableLine("heading", _("Public and private direct financing")),
        *financiers("in-kind"),
        total(calc.direct_financing),
        total(calc.project_financing),
    ]
