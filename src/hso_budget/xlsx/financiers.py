"""The Finansiärer sheet: what each financier's board decides on, read from the Budget sheet."""

from __future__ import annotations

from decimal import Decimal

from openpyxl.styles import Alignment

from ..money import krona_down
from ..runner import Report
from .budget import SHEET as BUDGET, Grid
from .cells import BOLD, SHARE, SUM_BORDER, TITLE, Formula, Sheet, percent_format, percent_ratio, ref, round_down, times

SHEET = "Finansiärer"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
FIRST_PERIOD_COL = 4
SECTORS = {"public": "offentlig", "private": "privat"}
KINDS = {"cash": "kontant", "in-kind": "direkt"}
PROJECT_COST = ("sum", "project_cost")
LABEL_WIDTH = 22  # digits: longer names and sources wrap


def write_financiers(sheet: Sheet, report: Report, grid: Grid) -> None:
    calc = report.calculation
    periods = calc.period_ids
    total_col = FIRST_PERIOD_COL + len(periods)
    sheet.put(1, 1, f"Finansiärer – {report.budget.project.name}", font=TITLE, fit=False)
    sheet.put(2, 1, "Vad varje finansiär beslutar om: belopp per period och totalt, offentlig eller privat, "
                    "kontant eller direkt, andel av projektkostnaden och taket för andelen.", fit=False)
    titles = ["Finansiär", "Offentlig / privat", "Kontant / direkt", *(p.title for p in calc.periods), "TOTAL",
              "Andel", "Tak", "Högst (kr)", "Tak enligt"]
    for col, title in enumerate(titles, start=1):
        sheet.header(HEADER_ROW, col, title, right=FIRST_PERIOD_COL <= col < len(titles), wrap=True)
    sheet.cap(1, LABEL_WIDTH)
    sheet.cap(len(titles), LABEL_WIDTH)
    project_cost = calc.project_cost.total
    project_ref = grid.ref(PROJECT_COST, None, BUDGET, absolute=True)
    models = {f.id: f for f in report.budget.financiers}
    for i, f in enumerate(calc.financiers):
        row = FIRST_ROW + i
        sheet.put(row, 1, f.label, wrap=True)
        sheet.put(row, 2, SECTORS[f.sector])
        sheet.put(row, 3, KINDS[f.kind])
        for col, pid in enumerate([*periods, None], start=FIRST_PERIOD_COL):
            shown = f.total if pid is None else f.amounts[pid]
            sheet.put(row, col, Formula(grid.ref(("financier", f.id), pid, BUDGET)), shown=shown)
        _share(sheet, row, total_col, project_cost, project_ref)
        if f.cap is not None:
            sheet.put(row, total_col + 2, f.cap, number_format=percent_format(f.cap))
            highest = Formula(round_down(times(project_ref, percent_ratio(f.cap)), f.cap * project_cost))
            sheet.put(row, total_col + 3, highest, shown=krona_down(f.cap * project_cost))
            source = sheet.put(row, total_col + 4, _cap_source(models[f.id], calc.programme), wrap=True)
            source.alignment = Alignment(horizontal="left", wrap_text=True, vertical="top", indent=1)  # apart from Högst
    _sum_row(sheet, FIRST_ROW + len(calc.financiers), calc, total_col, project_ref)
    sheet.finish(HEADER_ROW, ref(FIRST_PERIOD_COL, FIRST_ROW))


def _share(sheet: Sheet, row: int, total_col: int, project_cost: Decimal, project_ref: str, **style) -> None:
    if project_cost:
        sheet.put(row, total_col + 1, Formula(f"{ref(total_col, row)}/{project_ref}"), number_format=SHARE, **style)


def _sum_row(sheet: Sheet, row: int, calc, total_col: int, project_ref: str) -> None:
    """SUMMA PROJEKTFINANSIERING: every financier, per period and in total."""
    sheet.put(row, 1, calc.project_financing.label, font=BOLD)
    for col, pid in enumerate([*calc.period_ids, None], start=FIRST_PERIOD_COL):
        shown = calc.project_financing.total if pid is None else calc.project_financing.amounts[pid]
        formula = Formula(f"SUM({ref(col, FIRST_ROW)}:{ref(col, row - 1)})") if row > FIRST_ROW else Decimal(0)
        sheet.put(row, col, formula, shown=shown, font=BOLD)
    _share(sheet, row, total_col, calc.project_cost.total, project_ref, font=BOLD)
    for col in range(1, total_col + 5):
        sheet.ws.cell(row, col).border = SUM_BORDER


def _cap_source(financier, programme) -> str:
    """Where the cap comes from: the budget's own max_share, or the fund's rule."""
    if financier.max_share is not None:
        return "max_share i budgeten"
    fund = programme.funds[financier.fund]
    return fund.label or financier.fund
