"""The application's budget table, line by line: what the text view and the workbook show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .calculation import Calculation, Row


@dataclass(frozen=True)
class TableLine:
    """A heading, a row, a part of the row above (what is written, what the staff positions add),
    or a subtotal (its row says which subtotal; in the workbook, a formula)."""

    kind: Literal["heading", "row", "part", "sum"]
    label: str
    row: Row | None = None


def cost_lines(calc: Calculation) -> list[TableLine]:
    """KOSTNAD: the categories, booked cost, costs carried by others, project cost."""
    lines = [TableLine("heading", "KOSTNAD")]
    for c in calc.costs:
        lines.append(TableLine("row", c.label, c))
        lines += [TableLine("part", part.label, part) for part in c.parts]
    lines.append(TableLine("sum", calc.booked_cost.label, calc.booked_cost))
    lines.append(TableLine("heading", "Offentlig och privat direktfinansiering"))
    lines += [TableLine("row", d.label, d) for d in calc.direct_costs]
    lines.append(TableLine("sum", calc.direct_costs_total.label, calc.direct_costs_total))
    lines.append(TableLine("sum", calc.project_cost.label, calc.project_cost))
    return lines


def financing_lines(calc: Calculation) -> list[TableLine]:
    """FINANSIERING: public cash, private cash, direct financing, and their sums."""
    def financiers(kind: str, sector: str | None = None) -> list[TableLine]:
        return [
            TableLine("row", f.label, f)
            for f in calc.financiers
            if f.kind == kind and (sector is None or f.sector == sector)
        ]

    return [
        TableLine("heading", "FINANSIERING"),
        TableLine("heading", "Offentlig finansiering – kontanta medel"),
        *financiers("cash", "public"),
        TableLine("sum", calc.public_cash.label, calc.public_cash),
        TableLine("heading", "Privat finansiering – kontanta medel"),
        *financiers("cash", "private"),
        TableLine("sum", calc.private_cash.label, calc.private_cash),
        TableLine("sum", calc.cash_financing.label, calc.cash_financing),
        TableLine("heading", "Offentlig och privat direktfinansiering"),
        *financiers("in-kind"),
        TableLine("sum", calc.direct_financing.label, calc.direct_financing),
        TableLine("sum", calc.project_financing.label, calc.project_financing),
    ]
