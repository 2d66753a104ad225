"""The Finansiärer sheet: what each financier's board decides on, read from the Budget sheet."""

from __future__ import annotations

from decimal import Decimal

from openpyxl.styles import Alignment

from ..expr import ROUND_DOWN_MODE, Round, Scale, percent_ratio
from ..money import format_rate
from ..i18n import N_, _
from ..layout import subtotal_label
from ..runner import Report
from .cells import BOLD, SHARE, SUM_BORDER, TITLE, Formula, Places, Sheet, percent_format, ref

SHEET = "Finansiärer"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
FIRST_PERIOD_COL = 4
SECTORS = {"public": N_("public"), "private": N_("private")}
KINDS = {"cash": N_("cash"), "in-kind": N_("in-kind")}
LABEL_WIDTH = 22  # digits: longer names and sources wrap


def write_financiers(sheet: Sheet, report: Report, places: Places) -> None:
    calc = report.calculation
    periods = calc.period_ids
    total_col = FIRST_PERIOD_COL + len(periods)
    sheet.put(1, 1, _("Financiers – {project}").format(project=report.budget.project.name), font=TITLE, fit=False)
    sheet.put(2, 1, _("What each financier decides on: amounts per period and in total, public or private, "
                      "cash or in-kind, share of the project cost and the cap on the share."), fit=False)
    titles = [_("Financier"), _("Public/private"), _("Cash/in-kind"), *(p.title for p in calc.periods), _("TOTAL"),
              _("Share"), _("Cap"), _("At most (kr)"), _("Cap from")]
    for col, title in enumerate(titles, start=1):
        sheet.header(HEADER_ROW, col, title, right=FIRST_PERIOD_COL <= col < len(titles), wrap=True)
    sheet.cap(1, LABEL_WIDTH)
    sheet.cap(len(titles), LABEL_WIDTH)
    project_cost = calc.project_cost.total
    where = places.where(SHEET)
    project_ref = where(calc.project_cost.key, None).text(absolute=True)
    models = {f.id: f for f in report.budget.financiers}
    for i, f in enumerate(calc.financiers):
        row = FIRST_ROW + i
        sheet.put(row, 1, f.label, wrap=True)
        sheet.put(row, 2, _(SECTORS[f.sector]))
        sheet.put(row, 3, _(KINDS[f.kind]))
        for col, pid in enumerate([*periods, None], start=FIRST_PERIOD_COL):
            shown = f.total if pid is None else f.amounts[pid]
            sheet.put(row, col, Formula(where(f.key, pid).text()), shown=shown)
        _share(sheet, row, total_col, f.total, project_cost, project_ref)
        if f.cap is not None:
            sheet.put(row, total_col + 2, f.cap, number_format=percent_format(f.cap))
            project = calc.project_cost.ref(None)
            project.absolute = True
            highest = Round(Scale(project, *percent_ratio(f.cap), format_rate(f.cap)), ROUND_DOWN_MODE)
            sheet.put_node(row, total_col + 3, highest, where)
            source = sheet.put(row, total_col + 4, _cap_source(models[f.id], calc.programme), wrap=True)
            source.alignment = Alignment(horizontal="left", wrap_text=True, vertical="top", indent=1)  # apart from Högst
    _sum_row(sheet, FIRST_ROW + len(calc.financiers), calc, total_col, project_ref)
    sheet.finish(HEADER_ROW, ref(FIRST_PERIOD_COL, FIRST_ROW))


def _share(sheet: Sheet, row: int, total_col: int, total: Decimal, project_cost: Decimal, project_ref: str, **style) -> None:
    if project_cost:
        sheet.put(row, total_col + 1, Formula(f"{ref(total_col, row)}/{project_ref}"), shown=total / project_cost,
                  number_format=SHARE, **style)


def _sum_row(sheet: Sheet, row: int, calc, total_col: int, project_ref: str) -> None:
    """SUMMA PROJEKTFINANSIERING: every financier, per period and in total."""
    sheet.put(row, 1, subtotal_label("project_financing"), font=BOLD)
    for col, pid in enumerate([*calc.period_ids, None], start=FIRST_PERIOD_COL):
        shown = calc.project_financing.total if pid is None else calc.project_financing.amounts[pid]
        formula = Formula(f"SUM({ref(col, FIRST_ROW)}:{ref(col, row - 1)})") if row > FIRST_ROW else Decimal(0)
        sheet.put(row, col, formula, shown=shown, font=BOLD)
    _share(sheet, row, total_col, calc.project_financing.total, calc.project_cost.total, project_ref, font=BOLD)
    for col in range(1, total_col + 5):
        sheet.ws.cell(row, col).border = SUM_BORDER


def _cap_source(financier, programme) -> str:
    """Where the cap comes from: the budget's own max_share, or the fund's rule."""
    if financier.max_share is not None:
        return _("max_share in the budget")
    fund = programme.funds[financier.fund]
    return fund.label or financier.fund
