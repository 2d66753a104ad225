"""The Personal sheet: a row per staff position and period (and year of indexation within it).

Monthly salary as written, the indexed monthly salary, share of time, months worked (parts of a
month by days), hours (1 720 × share × months / 12), hourly cost (monthly × 12 / 1 720), salary
cost and payroll overheads: each derived cell the formula of its expression.
"""

from __future__ import annotations

from ..i18n import N_, _
from ..runner import Report
from ..staff import DEFAULT_HOURS_PER_YEAR
from openpyxl.styles import Alignment

from .cells import AMOUNT_ORE, BOLD, LINE_HEIGHT, SUM_BORDER, TITLE, Formula, Places, Sheet, percent_format, ref

SHEET = "Personal"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
FIXED = (N_("Role"), N_("Employer"), N_("Period"))
FIELDS = {  # field: (heading, number format; None: amounts in whole kronor)
    "monthly": (N_("Monthly salary"), None),
    "indexed": (N_("Indexed monthly salary"), AMOUNT_ORE),
    "share": (N_("Share of full time"), "percent"),
    "months": (N_("Months"), AMOUNT_ORE),
    "hours": (N_("Hours"), AMOUNT_ORE),
    "hourly": (N_("Hourly cost"), AMOUNT_ORE),
    "salary": (N_("Salary cost"), None),
    "rate": (N_("Payroll overhead rate"), "percent"),
    "overheads": (N_("Payroll overheads"), None),
}
SUMMED = ("hours", "salary", "overheads")
TEXT_WIDTH = 16  # digits: longer roles and employers wrap, so that the sheet prints at a readable size


def col(field: str) -> int:
    return len(FIXED) + 1 + list(FIELDS).index(field)


def place_personal(report: Report, places: Places) -> None:
    """Record where each position's segment stands, before any sheet refers to it."""
    row = FIRST_ROW
    for position in report.calculation.staff:
        for segment in position.segments:
            for field in FIELDS:
                places.add((*segment.key, field), SHEET, row, {None: col(field)})
            row += 1


def write_personal(sheet: Sheet, report: Report, places: Places) -> None:
    calc = report.calculation
    hours = calc.programme.hours_per_year or DEFAULT_HOURS_PER_YEAR
    sheet.put(1, 1, _("Staff – {project}").format(project=report.budget.project.name), font=TITLE, fit=False)
    sheet.put(2, 1, _("Hours = {hours} × share of full time × months / 12. Hourly cost = indexed monthly salary × 12 / "
                      "{hours}. Salary cost = indexed monthly salary × share of full time × months. Payroll "
                      "overheads = salary cost × the employer's rate. Part of a month counts by days.")
              .format(hours=hours), fit=False).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=col("overheads"))  # wraps inside the table
    sheet.ws.row_dimensions[2].height = 3 * LINE_HEIGHT
    for c, name in enumerate(FIXED, start=1):
        sheet.header(HEADER_ROW, c, _(name))
    sheet.cap(1, TEXT_WIDTH)
    sheet.cap(2, TEXT_WIDTH)
    for field, (title, _format) in FIELDS.items():
        sheet.header(HEADER_ROW, col(field), _(title), right=True, wrap=True)
    where = places.where(SHEET)
    titles = {p.id: p.title for p in calc.periods}
    row = FIRST_ROW
    for position in calc.staff:
        for segment in position.segments:
            sheet.put(row, 1, position.role, wrap=True)
            sheet.put(row, 2, position.employer, wrap=True)
            sheet.put(row, 3, titles[segment.period])
            for field, (_title, number_format) in FIELDS.items():
                node = getattr(segment, field)
                if node is None:
                    continue  # no rate where the payroll category is a rate of its own
                if number_format == "percent":
                    number_format = percent_format(node.value)
                sheet.put_node(row, col(field), node, where, number_format=number_format)
            row += 1
    _sums(sheet, row, report)
    sheet.finish(HEADER_ROW, ref(len(FIXED) + 1, FIRST_ROW))


def _sums(sheet: Sheet, row: int, report: Report) -> None:
    """SUMMA: hours, salaries and overheads of all positions."""
    segments = [s for p in report.calculation.staff for s in p.segments]
    sheet.put(row, 1, _("SUM"), font=BOLD)
    for field in SUMMED:
        nodes = [getattr(s, field) for s in segments if getattr(s, field) is not None]
        if not nodes:
            continue
        shown = sum(n.value for n in nodes)
        formula = Formula(f"SUM({ref(col(field), FIRST_ROW)}:{ref(col(field), row - 1)})")
        sheet.put(row, col(field), formula, shown=shown, font=BOLD, number_format=AMOUNT_ORE if field == "hours" else None)
    for c in range(1, col("overheads") + 1):
        sheet.ws.cell(row, c).border = SUM_BORDER
