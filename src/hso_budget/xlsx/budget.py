"""The Budget sheet: the application's table, every sum, flat rate, share and spread a formula.

Values typed in the budget (amounts, amounts per period, line items) are constants; every
number derived from a rule is the rule written as a formula over the cells it depends on,
in whole-number arithmetic so that the spreadsheet rounds exactly as the calculator does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from .. import financing
from ..calculation import CostRow, DirectCostRow, FinancierRow, Row
from ..layout import TableLine, cost_lines, financing_lines
from ..model import Category, Financier
from ..runner import Report
from .cells import (
    BOLD, ITALIC, NOTICE, NOTICE_FILL, SHARE, SUM_BORDER, TITLE, Formula, Sheet, decimal_ratio, percent_ratio, ref,
    round_down, sum_terms, times,
)
from .personal import StaffCells

SHEET = "Budget"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
FIRST_PERIOD_COL = 2
ZERO = Decimal(0)
ONE_PAGE_ROWS = 52  # a sheet this long still prints on one A4 page with text of at least 8 pt

Key = tuple[str, str]  # ("cost" | "direct" | "financier" | "sum", id)
Cells = dict[str | None, Formula | Decimal]  # by period id; None is the TOTAL column
_ROW_KINDS = {CostRow: "cost", DirectCostRow: "direct", FinancierRow: "financier"}


@dataclass
class Grid:
    """Where the Budget sheet put each row, and which column holds which period."""

    periods: list[str]
    rows: dict[Key, int] = field(default_factory=dict)

    def col(self, period: str | None) -> int:
        return FIRST_PERIOD_COL + (len(self.periods) if period is None else self.periods.index(period))

    @property
    def share_col(self) -> int:
        return self.col(None) + 1

    def ref(self, key: Key, period: str | None, sheet: str | None = None, absolute: bool = False) -> str:
        return ref(self.col(period), self.rows[key], sheet, absolute)

    def terms(self, keys: list[Key], period: str | None, signs: list[int] | None = None) -> Formula | Decimal:
        """The sum of these rows in one column, or 0 when there are none."""
        terms = sum_terms(self.col(period), [self.rows[k] for k in keys], signs)
        return Formula(terms) if terms else ZERO


def write_budget(sheet: Sheet, report: Report, staff: StaffCells | None) -> Grid:
    """Fill the Budget sheet; return where its rows are, for the other sheets' references."""
    calc = report.calculation
    grid, placed = _place(calc)
    _title(sheet, report, grid)
    sheet.header(HEADER_ROW, 1, "Kronor")
    for period in calc.periods:
        sheet.header(HEADER_ROW, grid.col(period.id), period.title, right=True)
    sheet.header(HEADER_ROW, grid.col(None), "TOTAL", right=True)
    sheet.header(HEADER_ROW, grid.share_col, "Andel", right=True)
    rules = _Rules(report, grid, staff)
    for row, line in placed:
        if line.kind == "heading":
            sheet.put(row, 1, line.label, font=BOLD if line.label.isupper() else ITALIC)
        else:
            _write_line(sheet, grid, row, line, rules.cells(_key(line), line.row), calc.project_cost.total)
    last_row, financing_row = placed[-1][0], _financing_start(placed)
    one_page = last_row <= ONE_PAGE_ROWS
    sheet.finish(HEADER_ROW, ref(FIRST_PERIOD_COL, FIRST_ROW), one_page=one_page,
                 breaks=() if one_page else (financing_row,))
    return grid


def _financing_start(placed: list[tuple[int, TableLine]]) -> int:
    """The first row of the financing block: the one after the blank row between the blocks."""
    return next(row for (row, _), (before, _) in zip(placed[1:], placed) if row > before + 1)


def _place(calc) -> tuple[Grid, list[tuple[int, TableLine]]]:
    """Row numbers for the layout's lines: costs, a blank row, financing."""
    grid = Grid(calc.period_ids)
    placed = []
    row = FIRST_ROW
    for block in (cost_lines(calc), financing_lines(calc)):
        for line in block:
            if line.kind != "heading":
                grid.rows[_key(line)] = row
            placed.append((row, line))
            row += 1
        row += 1
    return grid, placed


def _key(line: TableLine) -> Key:
    return ("sum" if line.kind == "sum" else _ROW_KINDS[type(line.row)], line.row.id)


def _title(sheet: Sheet, report: Report, grid: Grid) -> None:
    """The project's name, its owner and programme, and a red notice when the budget has errors."""
    project, calc = report.budget.project, report.calculation
    sheet.put(1, 1, project.name, font=TITLE, fit=False)
    about = [f"Projektägare: {project.owner}"]
    about += [f"Ärende: {project.reference}"] if project.reference else []
    about += [calc.programme.label] if calc.programme.label else []
    sheet.put(2, 1, " · ".join(about + ["Belopp i kronor"]), fit=False)
    errors = len(report.errors)
    if errors:
        text = (f"OBS! Budgeten har {errors} fel och är inte klar att skickas in. "
                "Felen står på bladet Kontroller.")
        sheet.put(3, 1, text, font=NOTICE, fit=False)
        for col in range(1, grid.share_col + 1):
            sheet.ws.cell(3, col).fill = NOTICE_FILL


def _write_line(sheet: Sheet, grid: Grid, row: int, line: TableLine, cells: Cells, project_cost: Decimal) -> None:
    is_sum = line.kind == "sum"
    font = BOLD if is_sum else None
    sheet.put(row, 1, line.label, font=font, indent=0 if is_sum else 1)
    cells.setdefault(None, Formula(_row_span(grid, row, grid.periods)))
    for period in [*grid.periods, None]:
        shown = line.row.total if period is None else line.row.amounts[period]
        sheet.put(row, grid.col(period), cells[period], shown=shown, font=font)
    if isinstance(line.row, FinancierRow) and project_cost:  # a share of nothing is left empty
        share = Formula(f"{ref(grid.col(None), row)}/{grid.ref(('sum', 'project_cost'), None, absolute=True)}")
        sheet.put(row, grid.share_col, share, number_format=SHARE)
    if is_sum:
        for col in range(1, grid.share_col + 1):
            sheet.ws.cell(row, col).border = SUM_BORDER


class _Rules:
    """The cells of each row: constants where the budget types them, formulas where a rule derives them."""

    def __init__(self, report: Report, grid: Grid, staff: StaffCells | None):
        self.calc, self.grid, self.staff = report.calculation, grid, staff
        self.categories = {c.id: c for c in report.budget.costs}
        self.financiers = {f.id: f for f in report.budget.financiers}

    def cells(self, key: Key, row: Row) -> Cells:
        kind, ident = key
        if kind == "sum":
            return self.subtotal(ident)
        if kind == "cost":
            return self.category(self.categories[ident], row)
        if kind == "financier":
            return self.financier(self.financiers[ident], row)
        return self.typed(row)

    def typed(self, row: Row) -> Cells:
        return dict(row.amounts)

    def each_period(self, make) -> Cells:
        return {period: make(period) for period in self.grid.periods}

    # -- sums ----------------------------------------------------------------------------

    def subtotal(self, ident: str) -> Cells:
        keys, signs = self.parts(ident)
        return {period: self.grid.terms(keys, period, signs) for period in [*self.grid.periods, None]}

    def parts(self, ident: str) -> tuple[list[Key], list[int]]:
        """The cells a subtotal sums, as the calculation composes it, and their signs."""
        subtotals = self.calc.subtotals()
        rows = self.calc.subtotal_parts()[ident]
        keys = [("sum", r.id) if subtotals.get(r.id) is r else (_ROW_KINDS[type(r)], r.id) for r in rows]
        return keys, [getattr(r, "sign", 1) for r in rows]

    # -- costs ---------------------------------------------------------------------------

    def category(self, c: Category, row: Row) -> Cells:
        if c.first_period is not None:
            return self.indexed(c)
        if c.rate is not None:
            return self.rate(c)
        if c.rules_given() or self.staff is None:
            return self.typed(row)
        return self.from_staff(c)

    def indexed(self, c: Category) -> Cells:
        """The first period as given; later ones `ROUND(first*1024^k/1000^k,0)` for 2,4 % a year."""
        rate = c.indexation if c.indexation is not None else self.calc.programme.staff_indexation or ZERO
        factor = decimal_ratio(1 + rate)
        first_period = self.grid.periods[0]
        if c.first_period == c.first_period.to_integral_value():
            cells: Cells = {first_period: c.first_period}
            base = self.grid.ref(("cost", c.id), first_period)
        else:
            base = f"{c.first_period:f}"
            cells = {first_period: Formula(f"ROUND({base},0)")}
        for k, period in enumerate(self.grid.periods[1:], start=1):
            cells[period] = Formula(f"ROUND({times(base, factor, k)},0)")
        return cells

    def rate(self, c: Category) -> Cells:
        """A flat rate of other categories: `ROUND((C5+C7)*15/100,0)`."""
        keys = [("cost", i) for i in c.of]

        def formula(period: str) -> Formula:
            base = str(self.grid.terms(keys, period))
            base = f"({base})" if "+" in base or "-" in base else base
            return Formula(f"ROUND({times(base, percent_ratio(c.rate))},0)")

        return self.each_period(formula)

    def from_staff(self, c: Category) -> Cells:
        """Salaries of the category's positions, or all positions' payroll overheads, on the Personal sheet."""
        what = "salary" if c.kind == "staff" else "overheads"
        rows = [self.staff.row(i) for i, s in enumerate(self.calc.staff) if c.kind != "staff" or s.category == c.id]

        def formula(period: str) -> Formula | Decimal:
            terms = sum_terms(self.staff.col(period, what), rows, sheet=self.staff.sheet)
            return Formula(terms) if terms else ZERO

        return self.each_period(formula)

    # -- financing -----------------------------------------------------------------------

    def financier(self, f: Financier, row: Row) -> Cells:
        if f.remainder:
            return self.remainder(f)
        if f.carried:
            keys = [("direct", d.id) for d in self.calc.direct_costs if d.financier == f.id]
            return self.each_period(lambda period: self.grid.terms(keys, period))
        if f.share is not None or f.fixed_total is not None:
            return self.spread(f)
        return self.typed(row)

    def remainder(self, f: Financier) -> Cells:
        """Booked cost − the other cash financiers, period by period."""
        others = sorted((("financier", r.id) for r in self.calc.financiers if r.kind == "cash" and r.id != f.id),
                        key=self.grid.rows.__getitem__)
        keys = [("sum", "booked_cost"), *others]
        signs = [1] + [-1] * len(others)
        return self.each_period(lambda period: self.grid.terms(keys, period, signs))

    def spread(self, f: Financier) -> Cells:
        """A total (typed, or a share rounded down) in TOTAL; the periods its spread, the last what is left."""
        base_key = ("sum", f.of)
        base = self.calc.project_cost if f.of == "project_cost" else self.calc.booked_cost
        total_ref = self.grid.ref(("financier", f.id), None)
        cells: Cells = {None: f.fixed_total}
        if f.share is not None:
            exact = f.share * base.total
            cells[None] = Formula(round_down(times(self.grid.ref(base_key, None), percent_ratio(f.share)), exact))
        weights = financing.spread_weights(f, base, self.calc.periods)
        by_base = (f.spread or ("base" if f.share is not None else "even")) == "base" and any(weights.values())
        whole = _whole_numbers(weights)
        periods = self.grid.periods
        for period in periods[:-1]:
            if by_base:
                share = f"{self.grid.ref(base_key, period)}/{self.grid.ref(base_key, None)}"
            else:
                share = f"{whole[period]}/{sum(whole.values())}"
            cells[period] = Formula(f"ROUND({total_ref}*{share},0)")
        earlier = _row_span(self.grid, self.grid.rows[("financier", f.id)], periods[:-1])
        cells[periods[-1]] = Formula(f"{total_ref}-{earlier}" if earlier else total_ref)
        return cells


def _row_span(grid: Grid, row: int, periods: list[str]) -> str | None:
    """`SUM(C22:D22)` over these periods of one row (None when there are none)."""
    if not periods:
        return None
    first, last = ref(grid.col(periods[0]), row), ref(grid.col(periods[-1]), row)
    return first if first == last else f"SUM({first}:{last})"


def _whole_numbers(weights: dict[str, Decimal]) -> dict[str, int]:
    """Weights as the smallest whole numbers in the same proportions; zero weights spread evenly."""
    if not any(weights.values()):
        return dict.fromkeys(weights, 1)
    places = max(max(0, -w.normalize().as_tuple().exponent) for w in weights.values())
    scaled = {p: int(w.scaleb(places)) for p, w in weights.items()}
    divisor = math.gcd(*scaled.values())
    return {p: n // divisor for p, n in scaled.items()}
