"""The Budget sheet: the application's table, every derived number the formula of its expression.

Values typed in the budget (amounts, amounts per period, line items) are constants; every number
derived from a rule is its expression (`hso_budget.expr`) rendered as a formula over the cells it
depends on, in whole-number arithmetic so that the spreadsheet rounds exactly as the calculator does.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..calculation import FinancierRow
from ..i18n import _, ngettext
from ..layout import TableLine, cost_lines, financing_lines
from ..runner import Report
from .cells import BOLD, ITALIC, NOTICE, NOTICE_FILL, SHARE, SUM_BORDER, TITLE, Formula, Places, Sheet, ref

SHEET = "Budget"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
FIRST_PERIOD_COL = 2
ONE_PAGE_ROWS = 52  # a sheet this long still prints on one A4 page with text of at least 8 pt


@dataclass
class Grid:
    """Which column holds which period on the Budget sheet."""

    periods: list[str]

    def col(self, period: str | None) -> int:
        return FIRST_PERIOD_COL + (len(self.periods) if period is None else self.periods.index(period))

    @property
    def share_col(self) -> int:
        return self.col(None) + 1

    @property
    def cols(self) -> dict[str | None, int]:
        return {p: self.col(p) for p in [*self.periods, None]}


def write_budget(sheet: Sheet, report: Report, places: Places) -> Grid:
    """Fill the Budget sheet and record where its rows are, for every sheet's references."""
    calc = report.calculation
    grid = Grid(calc.period_ids)
    placed = _place(calc, grid, places)
    _title(sheet, report, grid)
    sheet.header(HEADER_ROW, 1, _("Kronor"))
    for period in calc.periods:
        sheet.header(HEADER_ROW, grid.col(period.id), period.title, right=True)
    sheet.header(HEADER_ROW, grid.col(None), "TOTAL", right=True)
    sheet.header(HEADER_ROW, grid.share_col, _("Share"), right=True)
    where = places.where(SHEET)
    project_total = ref(grid.col(None), places.rows[calc.project_cost.key][1], absolute=True)
    for row, line in placed:
        if line.kind == "heading":
            sheet.put(row, 1, line.label, font=BOLD if line.label.isupper() else ITALIC)
        else:
            project = (project_total, calc.project_cost.total) if calc.project_cost.total else None
            _write_line(sheet, grid, row, line, where, project)
    last_row, financing_row = placed[-1][0], _financing_start(placed)
    one_page = last_row <= ONE_PAGE_ROWS
    sheet.finish(HEADER_ROW, ref(FIRST_PERIOD_COL, FIRST_ROW), one_page=one_page,
                 breaks=() if one_page else (financing_row,))
    return grid


def _financing_start(placed: list[tuple[int, TableLine]]) -> int:
    """The first row of the financing block: the one after the blank row between the blocks."""
    return next(row for (row, _), (before, _) in zip(placed[1:], placed) if row > before + 1)


def _place(calc, grid: Grid, places: Places) -> list[tuple[int, TableLine]]:
    """Row numbers for the layout's lines: costs, a blank row, financing."""
    placed = []
    row = FIRST_ROW
    for block in (cost_lines(calc), financing_lines(calc)):
        for line in block:
            if line.kind != "heading":
                places.add(line.row.key, SHEET, row, grid.cols)
            placed.append((row, line))
            row += 1
        row += 1
    return placed


def _title(sheet: Sheet, report: Report, grid: Grid) -> None:
    """The project's name, its owner and programme, and a red notice when the budget has errors."""
    project, calc = report.budget.project, report.calculation
    sheet.put(1, 1, project.name, font=TITLE, fit=False)
    about = [_("Project owner: {owner}").format(owner=project.owner)]
    about += [_("Reference: {reference}").format(reference=project.reference)] if project.reference else []
    about += [calc.programme.label] if calc.programme.label else []
    sheet.put(2, 1, " · ".join(about + [_("Amounts in kronor")]), fit=False)
    errors = len(report.errors)
    if errors:
        text = _("NOTE: the budget has {errors} and is not ready to be submitted. "
                 "The errors are listed on the sheet {sheet}.").format(
            errors=ngettext("{count} error", "{count} errors", errors).format(count=errors), sheet="Kontroller")
        sheet.put(3, 1, text, font=NOTICE, fit=False)
        for col in range(1, grid.share_col + 1):
            sheet.ws.cell(3, col).fill = NOTICE_FILL


def _write_line(sheet: Sheet, grid: Grid, row: int, line: TableLine, where,
                project: tuple[str, Decimal] | None) -> None:
    """A row of the table; `project` is the project cost's TOTAL cell and amount, for the shares."""
    is_sum = line.kind == "sum"
    font = BOLD if is_sum else ITALIC if line.kind == "part" else None
    sheet.put(row, 1, line.label, font=font, indent=0 if is_sum else 2 if line.kind == "part" else 1)
    for period in grid.periods:
        sheet.put_node(row, grid.col(period), line.row.cells[period], where, font=font)
    sheet.put_node(row, grid.col(None), line.row.total_node(), where, font=font)
    if isinstance(line.row, FinancierRow) and project:  # a share of nothing is left empty
        share = Formula(f"{ref(grid.col(None), row)}/{project[0]}")
        sheet.put(row, grid.share_col, share, shown=line.row.total / project[1], number_format=SHARE)
    if is_sum:
        for col in range(1, grid.share_col + 1):
            sheet.ws.cell(row, col).border = SUM_BORDER
