"""The Personal sheet: each staff position's hours, hourly cost, salary and payroll overheads per period."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..i18n import N_, _
from ..money import ORE
from ..runner import Report
from ..staff import DEFAULT_HOURS_PER_YEAR
from .cells import AMOUNT_ORE, BOLD, SUM_BORDER, TITLE, Formula, Sheet, percent_format, percent_ratio, ref, times

SHEET = "Personal"
GROUP_ROW = 4
HEADER_ROW = 5
FIRST_ROW = 6
FIXED = (N_("Role"), N_("Employer"), N_("Cost category"), N_("Share of full time"))
FIELDS = {"hours": N_("Hours"), "hourly": N_("Hourly cost"), "salary": N_("Salary cost"), "overheads": N_("Payroll overheads")}
TOTALS = ("hours", "salary", "overheads")


@dataclass(frozen=True)
class StaffCells:
    """Where the Personal sheet puts each position's numbers."""

    periods: list[str]
    sheet: str = SHEET

    def row(self, index: int) -> int:
        return FIRST_ROW + index

    def col(self, period: str | None, field: str) -> int:
        """A field's column in a period's group, or in the TOTAL group (period None)."""
        if period is None:
            return len(FIXED) + len(FIELDS) * len(self.periods) + 1 + TOTALS.index(field)
        return len(FIXED) + 1 + len(FIELDS) * self.periods.index(period) + list(FIELDS).index(field)


def write_personal(sheet: Sheet, report: Report) -> StaffCells:
    calc = report.calculation
    cells = StaffCells(calc.period_ids)
    hours = calc.programme.hours_per_year or DEFAULT_HOURS_PER_YEAR
    sheet.put(1, 1, _("Staff – {project}").format(project=report.budget.project.name), font=TITLE, fit=False)
    sheet.put(2, 1, _("Hours = {hours} × share of full time × months worked / 12. Hourly cost = monthly salary × 12 / "
                      "{hours}, indexed every year. Payroll overheads = salary cost × the employer's rate.")
              .format(hours=hours), fit=False)
    _headers(sheet, cells, report)
    labels = {c.id: c.label for c in report.budget.costs}
    for i, position in enumerate(calc.staff):
        row = cells.row(i)
        sheet.put(row, 1, position.role)
        sheet.put(row, 2, position.employer)
        sheet.put(row, 3, labels.get(position.category, position.category))
        sheet.put(row, 4, position.share_of_time, number_format=percent_format(position.share_of_time))
        for pid, period in position.periods.items():
            salary = ref(cells.col(pid, "salary"), row)
            sheet.put(row, cells.col(pid, "hours"), period.hours.quantize(ORE))
            sheet.put(row, cells.col(pid, "hourly"), period.hourly_cost.quantize(ORE), number_format=AMOUNT_ORE)
            sheet.put(row, cells.col(pid, "salary"), period.salary)
            overheads = Formula(f"ROUND({times(salary, percent_ratio(period.overhead_rate))},0)")
            sheet.put(row, cells.col(pid, "overheads"), overheads, shown=period.overheads)
        for field in TOTALS:
            parts = "+".join(ref(cells.col(pid, field), row) for pid in cells.periods)
            shown = sum((_value(p, field) for p in position.periods.values()), Decimal(0))
            sheet.put(row, cells.col(None, field), Formula(parts), shown=shown)
    _sums(sheet, cells, report)
    sheet.finish(HEADER_ROW, ref(len(FIXED) + 1, FIRST_ROW))
    return cells


def _headers(sheet: Sheet, cells: StaffCells, report: Report) -> None:
    for col, name in enumerate(FIXED, start=1):
        sheet.header(HEADER_ROW, col, _(name))
    groups = [(p.title, p.id, list(FIELDS)) for p in report.calculation.periods] + [(_("TOTAL"), None, list(TOTALS))]
    for title, pid, fields in groups:
        first, last = cells.col(pid, fields[0]), cells.col(pid, fields[-1])
        sheet.header(GROUP_ROW, first, title)
        sheet.ws.merge_cells(start_row=GROUP_ROW, start_column=first, end_row=GROUP_ROW, end_column=last)
        for field in fields:
            sheet.header(HEADER_ROW, cells.col(pid, field), _(FIELDS[field]), right=True)


def _sums(sheet: Sheet, cells: StaffCells, report: Report) -> None:
    """SUMMA: hours, salaries and overheads of all positions, per period and in total."""
    staff = report.calculation.staff
    row = cells.row(len(staff))
    sheet.put(row, 1, _("SUM"), font=BOLD)
    for pid in [*cells.periods, None]:
        for field in TOTALS:
            col = cells.col(pid, field)
            shown = sum((_value(p, field) for s in staff for q, p in s.periods.items() if pid in (None, q)), Decimal(0))
            formula = Formula(f"SUM({ref(col, cells.row(0))}:{ref(col, row - 1)})")
            sheet.put(row, col, formula, shown=shown, font=BOLD)
    for col in range(1, cells.col(None, TOTALS[-1]) + 1):
        sheet.ws.cell(row, col).border = SUM_BORDER


def _value(period, field: str) -> Decimal:
    return period.hours.quantize(ORE) if field == "hours" else getattr(period, field)

