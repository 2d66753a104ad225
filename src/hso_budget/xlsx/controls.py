"""The Kontroller sheet: the balances as live formulas, each check's result, and every problem."""

from __future__ import annotations

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill

from ..descriptions import describe
from ..i18n import N_, _, ngettext
from ..checks import all_checks
from ..problems import Level
from ..runner import Report
from .cells import NOTICE, RIGHT, TITLE, Formula, Places, Sheet, ref

SHEET = "Kontroller"
HEADER_ROW = 4
BALANCES = (  # label, cost row, financing row on the Budget sheet
    (N_("Booked cost − cash financing"), "booked_cost", "cash_financing"),
    (N_("Cost from other actors − direct financing"), "direct_costs", "direct_financing"),
    (N_("Project cost − project financing"), "project_cost", "project_financing"),
)
LEVELS = {Level.ERROR: N_("error"), Level.WARNING: N_("warning")}
OFF = CellIsRule(operator="notEqual", formula=["0"], font=Font(bold=True, color="FFC00000"),
                 fill=PatternFill("solid", bgColor="FFFFE0E0"))


def write_controls(sheet: Sheet, report: Report, places: Places) -> None:
    sheet.put(1, 1, _("Checks – {project}").format(project=report.budget.project.name), font=TITLE, fit=False)
    errors = len(report.errors)
    warnings = len(report.problems) - errors
    summary = _("The budget has {errors} and {warnings}.").format(errors=_errors(errors), warnings=_warnings(warnings))
    sheet.put(2, 1, summary, font=NOTICE if errors else None, fit=False)
    row = _balances(sheet, report, places)
    row = _checks(sheet, report, row + 1)
    _problems(sheet, report, row + 1)
    sheet.finish(None, "B5")  # the balances' header is not the header of the tables below


def _balances(sheet: Sheet, report: Report, places: Places) -> int:
    """Cost − financing per period and in total: 0 where the budget balances."""
    calc = report.calculation
    periods = [*calc.period_ids, None]
    ok_col = 2 + len(periods)
    sheet.header(HEADER_ROW, 1, _("Balance (0 when it balances)"))
    for col, period in enumerate(calc.periods, start=2):
        sheet.header(HEADER_ROW, col, period.title, right=True)
    sheet.header(HEADER_ROW, ok_col - 1, _("TOTAL"), right=True)
    sheet.header(HEADER_ROW, ok_col, _("Balances"), right=True)
    sums = calc.subtotals()
    where = places.where(SHEET)
    yes, no = _("yes"), _("no")
    row = HEADER_ROW
    for label, cost, financing in BALANCES:
        row += 1
        sheet.put(row, 1, _(label))
        for col, pid in enumerate(periods, start=2):
            shown = _amount(sums[cost], pid) - _amount(sums[financing], pid)
            formula = f"{where(sums[cost].key, pid).text()}-{where(sums[financing].key, pid).text()}"
            sheet.put(row, col, Formula(formula), shown=shown)
        zeros = ",".join(f"{ref(col, row)}=0" for col in range(2, ok_col))
        balanced = all(_amount(sums[cost], pid) == _amount(sums[financing], pid) for pid in periods)
        sheet.put(row, ok_col, Formula(f'IF(AND({zeros}),"{yes}","{no}")'), shown=yes if balanced else no).alignment = RIGHT
    sheet.ws.conditional_formatting.add(f"{ref(2, HEADER_ROW + 1)}:{ref(ok_col - 1, row)}", OFF)
    return row + 1


def _checks(sheet: Sheet, report: Report, row: int) -> int:
    """Every check with its result: OK, or how many errors and warnings it found."""
    for col, title in enumerate((_("Check"), _("Id"), _("Result")), start=1):
        sheet.header(row, col, title)
    for check in all_checks():
        row += 1
        found = [p for p in report.problems if p.check == check.id]
        errors = sum(p.is_error for p in found)
        warnings = len(found) - errors
        result = ", ".join(([_errors(errors)] if errors else []) + ([_warnings(warnings)] if warnings else []))
        sheet.put(row, 1, describe(check.id, check.doc.split("\n\n")[0].replace("\n", " ")), wrap=True)
        sheet.put(row, 2, check.id)
        sheet.put(row, 3, result or _("OK"), font=NOTICE if errors else None)
    return row + 1


def _problems(sheet: Sheet, report: Report, row: int) -> None:
    """Each problem: its message, level, check and where in the file it is."""
    for col, title in enumerate((_("Problem"), _("Level"), _("Check"), _("Location")), start=1):
        sheet.header(row, col, title)
    if not report.problems:
        sheet.put(row + 1, 1, _("No problems."))
    for row, problem in enumerate(report.problems, start=row + 1):
        sheet.put(row, 1, problem.message, wrap=True)
        sheet.put(row, 2, _(LEVELS[problem.level]), font=NOTICE if problem.is_error else None)
        sheet.put(row, 3, problem.check)
        sheet.put(row, 4, f"{problem.file}:{problem.line}" if problem.line else problem.file, fit=False)


def _errors(count: int) -> str:
    return ngettext("{count} error", "{count} errors", count).format(count=count) if count else _("no errors")


def _warnings(count: int) -> str:
    return ngettext("{count} warning", "{count} warnings", count).format(count=count) if count else _("no warnings")


def _amount(row, period):
    return row.total if period is None else row.amounts[period]
