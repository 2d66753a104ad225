"""The follow-up's sheets of the workbook: Uppföljning (each category against its approved budget,
with the deviation rule as a formula) and Rekvisition (the payment claim per financier).

The reported amounts are constants; actual to date, remaining, used, the deviation flag and the
claims are live formulas, each rounding as the follow-up computes it.
"""

from __future__ import annotations

from decimal import Decimal

from ..expr import ROUND_DOWN_MODE, spreadsheet_round
from ..i18n import N_, _
from ..money import format_amount, format_rate
from ..xlsx.cells import BOLD, SHARE, SUM_BORDER, TITLE, Formula, Sheet, ref
from .figures import Figures
from .output import HOW, NEEDS_TEXT

FOLLOW_UP = "Uppföljning"
CLAIM = "Rekvisition"
HEADER_ROW = 4
CLAIM_TITLES = (N_("Financier"), N_("How"), N_("Approved"), N_("Share"), N_("Reported cost"), N_("Earlier"),
                N_("This period"), N_("To date"), N_("Still to come"))


def write_sheets(new_sheet, figures: Figures) -> None:
    """Add both sheets to a workbook, through its function that makes a new sheet."""
    rows = _follow_up(new_sheet(FOLLOW_UP), figures)
    _claims(new_sheet(CLAIM), figures, rows)


def _follow_up(sheet: Sheet, figures: Figures) -> dict[str, int]:
    periods = figures.reported
    sheet.put(1, 1, _("Follow-up up to and including {period}").format(period=figures.period.title), font=TITLE,
              fit=False)
    rules = figures.rules
    rule_text = (_("Deviation: more than {share} over the budget; under {amount} kr the case officer's approval "
                   "suffices.").format(share=format_rate(rules.significant_excess),
                                       amount=format_amount(rules.case_officer_below))
                 if rules else _("The programme gives no rule for deviations."))
    sheet.put(2, 1, rule_text, fit=False)
    titles = [_("Category"), _("Budget"), *(p.title for p in periods), _("Actual to date"), _("Remaining"), _("Used"),
              _("Deviation")]
    for col, title in enumerate(titles, start=1):
        sheet.header(HEADER_ROW, col, title, right=1 < col < len(titles))
    budget_col, first_col = 2, 3
    to_date_col = first_col + len(periods)
    placed = {}
    for row, line in enumerate([*figures.categories, *figures.totals], start=HEADER_ROW + 1):
        placed[line.id] = row
        font = BOLD if line.kind == "total" else None
        sheet.put(row, 1, line.label, font=font)
        sheet.put(row, budget_col, line.budget, font=font)
        for col, period in enumerate(periods, start=first_col):
            sheet.put(row, col, figures.actual[line.id][period.id], font=font)
        first, last = ref(first_col, row), ref(to_date_col - 1, row)
        sheet.put(row, to_date_col, Formula(f"SUM({first}:{last})" if first != last else first),
                  shown=line.actual_to_date, font=font)
        budget, to_date = ref(budget_col, row), ref(to_date_col, row)
        sheet.put(row, to_date_col + 1, Formula(f"{budget}-{to_date}"), shown=line.remaining, font=font)
        if line.budget:
            sheet.put(row, to_date_col + 2, Formula(f"{to_date}/{budget}"), shown=line.used, number_format=SHARE,
                      font=font)
        if rules and line.kind not in ("revenue", "total"):
            n, d = (rules.significant_excess * 100).as_integer_ratio()
            limit = int(rules.case_officer_below)
            approval, decision = (_(NEEDS_TEXT[needs]).replace('"', '""')  # a text in a formula
                                  for needs in ("case-officer", "change-decision"))
            flag = (f'IF({to_date}-{budget}>{budget}*{n}/{d * 100},IF({to_date}-{budget}<{limit},'
                    f'"{approval}","{decision}"),"")')
            sheet.put(row, to_date_col + 3, Formula(flag),
                      shown=_(NEEDS_TEXT[line.needs]) if line.needs in NEEDS_TEXT else "")
        if line.kind == "total":
            for col in range(1, to_date_col + 4):
                sheet.ws.cell(row, col).border = SUM_BORDER
    sheet.finish(HEADER_ROW, ref(2, HEADER_ROW + 1))
    return {**placed, "_to_date_col": to_date_col, "_current_col": to_date_col - 1}


def _claims(sheet: Sheet, figures: Figures, rows: dict[str, int]) -> None:
    """Per financier: approved, its share of the period's reported cost (rounded down), to date, still to come."""
    sheet.put(1, 1, _("Payment claim {period}").format(period=figures.period.title), font=TITLE, fit=False)
    sheet.put(2, 1, _("Grants: the approved share of the period's reported cost, rounded down, never above the "
                      "amount granted. Municipalities: what they paid in. Direct financing: the reported costs."),
              fit=False)
    titles = [_(title) for title in CLAIM_TITLES]
    for col, title in enumerate(titles, start=1):
        sheet.header(HEADER_ROW, col, title, right=col > 2)
    current = rows["_current_col"]
    for row, claim in enumerate(figures.claims, start=HEADER_ROW + 1):
        sheet.put(row, 1, claim.label)
        sheet.put(row, 2, _(HOW[claim.how]))
        sheet.put(row, 3, claim.approved)
        earlier = claim.to_date - claim.claim
        sheet.put(row, 6, earlier)
        if claim.how == "claim" and claim.ratio is not None and claim.base is not None:
            n, d = claim.ratio
            sheet.put(row, 4, Decimal(n) / Decimal(d) if d else Decimal(0), number_format="0.0000%")
            base = f"'{FOLLOW_UP}'!{ref(current, rows[claim.base_name or 'project_cost'])}"
            sheet.put(row, 5, Formula(base), shown=claim.base)
            exact = claim.base * n / d if d else Decimal(0)
            share = spreadsheet_round(f"{ref(5, row)}*{n}/{d}", exact, float(claim.base) * n / d, True, ROUND_DOWN_MODE)
            sheet.put(row, 7, Formula(f"MIN({share},{ref(3, row)}-{ref(6, row)})"), shown=claim.claim)
        else:
            sheet.put(row, 7, claim.claim)
        sheet.put(row, 8, Formula(f"{ref(6, row)}+{ref(7, row)}"), shown=claim.to_date)
        sheet.put(row, 9, Formula(f"{ref(3, row)}-{ref(8, row)}"), shown=claim.still)
    sheet.finish(HEADER_ROW, ref(3, HEADER_ROW + 1))
