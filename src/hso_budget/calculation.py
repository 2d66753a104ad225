"""What the calculator derives: rows of amounts per period, each amount with the expression it came from."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Any

from .expr import Node, Ref, Sum
from .model import Period, Programme


@dataclass(slots=True)
class Row:
    """A row of the budget: an amount per period id, in period order; the total is their sum.

    `cells` holds each amount's expression (`expr`), `key` is how other expressions refer to the
    row, and `path` is where in the budget file the row comes from.
    """

    id: str
    label: str
    amounts: dict[str, Decimal]
    cells: dict[str, Node] = field(default_factory=dict, repr=False, compare=False)
    key: tuple = field(default=(), compare=False)
    path: tuple = field(default=(), compare=False)
    total_cell: Node | None = field(default=None, repr=False, compare=False)

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))

    def ref(self, period: str | None, note: str | None = None) -> Ref:
        """A reference to this row's amount in a period (None: its total)."""
        return Ref(self.key, period, self.cells[period] if period is not None else self.total_node(), note)

    def total_node(self) -> Node:
        """The TOTAL: the sum of the periods, unless the total is what the periods follow from."""
        if self.total_cell is None:
            self.total_cell = Sum([self.ref(p) for p in self.amounts])
        return self.total_cell


@dataclass(slots=True)
class CostRow(Row):
    kind: str = "cost"
    parts: list[Row] = field(default_factory=list, compare=False)  # written amounts and staff positions

    @property
    def sign(self) -> int:
        """Revenue reduces the booked cost."""
        return -1 if self.kind == "revenue" else 1


@dataclass(slots=True)
class DirectCostRow(Row):
    financier: str = ""


@dataclass(slots=True)
class FinancierRow(Row):
    sector: str = "public"
    kind: str = "cash"
    cap: Decimal | None = None
    cap_source: str | None = None


@dataclass
class StaffSegment:
    """A staff position's work in one period at one step of indexation: a row of the Personal sheet."""

    key: tuple
    period: str
    step: int
    monthly: Node
    indexed: Node
    share: Node
    months: Node
    hours: Node
    hourly: Node
    salary: Node
    rate: Node | None
    overheads: Node | None


@dataclass(slots=True)
class StaffPeriod:
    months: Decimal
    hours: Decimal
    hourly_cost: Decimal
    salary: Decimal
    overhead_rate: Decimal
    overheads: Decimal


@dataclass
class StaffRow:
    role: str
    employer: str
    category: str
    share_of_time: Decimal
    periods: dict[str, StaffPeriod]
    monthly_salary: Decimal = Decimal(0)
    segments: list[StaffSegment] = field(default_factory=list, repr=False, compare=False)
    path: tuple = field(default=(), compare=False)


@dataclass
class Explanation:
    """How one number was computed, with the numbers used."""

    subject: str
    period: str
    text: str


@dataclass
class Calculation:
    periods: list[Period]
    programme: Programme
    costs: list[CostRow]
    booked_cost: Row
    direct_costs: list[DirectCostRow]
    direct_costs_total: Row
    project_cost: Row
    financiers: list[FinancierRow]
    public_cash: Row
    private_cash: Row
    cash_financing: Row
    direct_financing: Row
    project_financing: Row
    staff: list[StaffRow] = field(default_factory=list)
    explanations: list[Explanation] = field(default_factory=list)

    @property
    def period_ids(self) -> list[str]:
        return [period.id for period in self.periods]

    def share(self, financier: FinancierRow, period: str | None = None) -> Decimal | None:
        """The financier's share of the project cost in a period, or over the whole project."""
        base = self.project_cost.total if period is None else self.project_cost.amounts[period]
        amount = financier.total if period is None else financier.amounts[period]
        return amount / base if base else None

    def amounts_only(self) -> Calculation:
        """A copy with the amounts but without the expressions behind them (what the budget table shows):
        every row without its cells, every staff position without its segments."""
        def bare(value: Any) -> Any:
            if isinstance(value, list):
                return [bare(v) for v in value]
            if isinstance(value, Row):
                copy = replace(value, cells={}, total_cell=None)
                if isinstance(copy, CostRow):
                    copy.parts = bare(copy.parts)
                return copy
            return replace(value, segments=[]) if isinstance(value, StaffRow) else value

        return replace(self, **{f.name: bare(getattr(self, f.name)) for f in fields(self)})

    def subtotal_parts(self) -> dict[str, list[Row]]:
        """The rows each subtotal sums, by its name in `subtotals` (a revenue row counts negative)."""
        cash = [f for f in self.financiers if f.kind == "cash"]
        return {
            "booked_cost": list(self.costs),
            "direct_costs": list(self.direct_costs),
            "project_cost": [self.booked_cost, self.direct_costs_total],
            "public_cash_financing": [f for f in cash if f.sector == "public"],
            "private_cash_financing": [f for f in cash if f.sector == "private"],
            "cash_financing": [self.public_cash, self.private_cash],
            "direct_financing": [f for f in self.financiers if f.kind == "in-kind"],
            "project_financing": [self.cash_financing, self.direct_financing],
        }

    def subtotals(self) -> dict[str, Row]:
        """The computed sums by their name in the `totals` section of the format."""
        return {
            "booked_cost": self.booked_cost,
            "direct_costs": self.direct_costs_total,
            "project_cost": self.project_cost,
            "public_cash_financing": self.public_cash,
            "private_cash_financing": self.private_cash,
            "cash_financing": self.cash_financing,
            "direct_financing": self.direct_financing,
            "project_financing": self.project_financing,
        }
