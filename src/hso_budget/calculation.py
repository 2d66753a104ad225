"""What the calculator derives: rows of amounts per period, each amount with the expression it came from.

The rows are plain classes with slots and the staff figures named tuples, not dataclasses: a
dataclass compiles its methods when it is made, and the console script makes these at every start.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from .expr import Node, Ref, Sum
from .model import Period, Programme


_NOT_COMPARED = frozenset(("cells", "key", "path", "total_cell", "parts"))


class Row:
    """A row of the budget: an amount per period id, in period order; the total is their sum.

    `cells` holds each amount's expression (`expr`), `key` is how other expressions refer to the
    row, and `path` is where in the budget file the row comes from.
    """

    __slots__ = ("id", "label", "amounts", "cells", "key", "path", "total_cell")

    def __init__(self, id: str, label: str, amounts: dict[str, Decimal], cells: dict[str, Node] | None = None,
                 key: tuple = (), path: tuple = (), total_cell: Node | None = None):
        self.id, self.label, self.amounts = id, label, amounts
        self.cells = cells if cells is not None else {}
        self.key, self.path, self.total_cell = key, path, total_cell

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r}, {self.label!r}, {self.amounts!r})"

    def __eq__(self, other: object) -> bool:
        """Rows are equal when they say the same: their fields but the expressions and where they come from."""
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._fields() if name not in _NOT_COMPARED)

    __hash__ = None  # type: ignore[assignment]

    def _fields(self) -> list[str]:
        return [name for cls in type(self).__mro__[:-1] for name in vars(cls)["__slots__"]]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))

    def ref(self, period: str | None, note: str | None = None) -> Ref:
        """A reference to this row's amount in a period (None: its total)."""
        return Ref(self.key, period, self.cells[period] if period is not None else self.total_node(), note)

    def total_node(self) -> Node:
        """The TOTAL: the sum of the periods, unless the total is what the periods follow from."""
        if self.total_cell is None:
            key, cells, periods = self.key, self.cells, list(self.amounts)  # not self: the row would hold itself
            self.total_cell = Sum.later(lambda: [Ref(key, p, cells[p]) for p in periods], list(self.amounts.values()))
        return self.total_cell

    def amounts_only(self) -> Row:
        """A copy with the amounts but not the expressions behind them."""
        copy = object.__new__(type(self))
        for name in self._fields():
            setattr(copy, name, getattr(self, name))
        copy.cells, copy.total_cell = {}, None
        return copy


def rows_sum(rows: Sequence[Row], period: str, signs: Sequence[int] = (),
             notes: Sequence[str | None] | None = None) -> Sum:
    """The rows' amounts in the period added up (sign −1 subtracts); the references to them, each with
    its note, made only when the explanation or the workbook asks for the terms."""
    shown = notes if notes is not None else [None] * len(rows)
    return Sum.later(lambda: [r.ref(period, note) for r, note in zip(rows, shown)],
                     [r.cells[period].value for r in rows], signs)


class CostRow(Row):
    __slots__ = ("kind", "parts")

    def __init__(self, id: str, label: str, amounts: dict[str, Decimal], cells: dict[str, Node] | None = None,
                 key: tuple = (), path: tuple = (), kind: str = "cost", parts: list[Row] | None = None):
        Row.__init__(self, id, label, amounts, cells, key, path)
        self.kind = kind
        self.parts = parts if parts is not None else []  # written amounts and staff positions

    @property
    def sign(self) -> int:
        """Revenue reduces the booked cost."""
        return -1 if self.kind == "revenue" else 1

    def amounts_only(self) -> CostRow:
        copy = super().amounts_only()
        assert isinstance(copy, CostRow)
        copy.parts = [part.amounts_only() for part in self.parts]
        return copy


class DirectCostRow(Row):
    __slots__ = ("financier",)

    def __init__(self, id: str, label: str, amounts: dict[str, Decimal], cells: dict[str, Node] | None = None,
                 key: tuple = (), path: tuple = (), financier: str = ""):
        Row.__init__(self, id, label, amounts, cells, key, path)
        self.financier = financier


class FinancierRow(Row):
    __slots__ = ("sector", "kind", "cap", "cap_source")

    def __init__(self, id: str, label: str, amounts: dict[str, Decimal], cells: dict[str, Node] | None = None,
                 key: tuple = (), path: tuple = (), sector: str = "public", kind: str = "cash",
                 cap: Decimal | None = None, cap_source: str | None = None):
        Row.__init__(self, id, label, amounts, cells, key, path)
        self.sector, self.kind, self.cap, self.cap_source = sector, kind, cap, cap_source


class StaffSegment(NamedTuple):
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


class StaffPeriod(NamedTuple):
    months: Decimal
    hours: Decimal
    hourly_cost: Decimal
    salary: Decimal
    overhead_rate: Decimal
    overheads: Decimal


class StaffRow(NamedTuple):
    role: str
    employer: str
    category: str
    share_of_time: Decimal
    periods: dict[str, StaffPeriod]
    monthly_salary: Decimal = Decimal(0)
    segments: list[StaffSegment] = []
    path: tuple = ()


class Explanation(NamedTuple):
    """How one number was computed, with the numbers used."""

    subject: str
    period: str
    text: str


class Calculation:
    """Every row the calculator derives, the subtotals, the staff positions and (on request) the explanations."""

    __slots__ = ("periods", "programme", "costs", "booked_cost", "direct_costs", "direct_costs_total",
                 "project_cost", "financiers", "public_cash", "private_cash", "cash_financing", "direct_financing",
                 "project_financing", "staff", "explanations")

    def __init__(self, *, periods: list[Period], programme: Programme, costs: list[CostRow], booked_cost: Row,
                 direct_costs: list[DirectCostRow], direct_costs_total: Row, project_cost: Row,
                 financiers: list[FinancierRow], public_cash: Row, private_cash: Row, cash_financing: Row,
                 direct_financing: Row, project_financing: Row, staff: list[StaffRow] | None = None,
                 explanations: list[Explanation] | None = None):
        self.periods, self.programme, self.costs, self.booked_cost = periods, programme, costs, booked_cost
        self.direct_costs, self.direct_costs_total, self.project_cost = direct_costs, direct_costs_total, project_cost
        self.financiers, self.public_cash, self.private_cash = financiers, public_cash, private_cash
        self.cash_financing, self.direct_financing = cash_financing, direct_financing
        self.project_financing = project_financing
        self.staff = staff if staff is not None else []
        self.explanations = explanations if explanations is not None else []

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
                return value.amounts_only()
            return value._replace(segments=[]) if isinstance(value, StaffRow) else value

        return Calculation(**{name: bare(getattr(self, name)) for name in self.__slots__})

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
