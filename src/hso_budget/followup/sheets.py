"""The follow-up's sheets of the workbook: Uppföljning (each category against its approved budget,
with the deviation rule as a formula) and Rekvisition (the payment claim per financier).

The reported amounts are constants; actual to date, remaining, used, the deviation flag and the
claims are live formulas, each rounding as the follow-up computes it.
"""

from __future__ import annotations

from decimal import Decimal

from ..expr import ROUND_DOWN_MODE, spreadsheet_round
from ..xlsx.cells import BOLD, SHARE, SUM_BORDER, TITLE, Formula, Sheet, ref
from .figures import Figures

FOLLOW_UP = "Uppföljning"
CLAIM = "Rekvisition"
HEADER_ROW = 4
NEEDS = {"case-officer": "handläggarens godkännande", "change-decision": "ändringsbeslut"}


def write_sheets(new_sheet, figures: Figures) -> None:
    """Add both sheets to a workbook, through its function that makes a new sheet."""
    rows = _follow_up(new_sheet(FOLLOW_UP), figures)
    _claims(new_sheet(CLAIM), figures, rows)


def _follow_up(sheet: Sheet, figures: Figures) -> dict[str, int]:
    periods = figures.reported
    sheet.put(1, 1, f"Uppföljning till och med {figures.period.title}", font=TITLE, fit=False)
    rules = figures.rules
    rule_text = (f"Avvikelse: mer än {rules.significant_excess * 100:g} % över budget; under "
                 f"{rules.case_officer_below:,.0f} kr räcker handläggarens godkännande.".replace(",", " ")
                 if rules else "Programmet anger ingen regel för avvikelser.")
    sheet.put(2, 1, rule_text, fit=False)
    titles = ["Kostnadsslag", "Budget", *(p.title for p in periods), "Utfall hittills", "Kvar", "Förbrukat",
              "Avvikelse"]
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
            sheet.put(row, to_date_col + 2, Formula(f"{to_date}/{budget}"), number_format=SHARE, font=font)
        if rules and line.kind not in ("revenue", "total"):
            n, d = (rules.significant_excess * 100).as_integer_ratio()
            limit = int(rules.case_officer_below)
            flag = (f'IF({to_date}-{budget}>{budget}*{n}/{d * 100},IF({to_date}-{budget}<{limit},'
                    f'"{NEEDS["case-officer"]}","{NEEDS["change-decision"]}"),"")')
            sheet.put(row, to_date_col + 3, Formula(flag))
        if line.kind == "total":
            for col in range(1, to_date_col + 4):
                sheet.ws.cell(row, col).border = SUM_BORDER
    sheet.finish(HEADER_ROW, ref(2, HEADER_ROW + 1))
    return {**placed, "_to_date_col": to_date_col, "_current_col": to_date_col - 1}


def _claims(sheet: Sheet, figures: Figures, rows: dict[str, int]) -> None:
    """Per financier: approved, its share of the period's reported cost (rounded down), to date, still to come."""
    sheet.put(1, 1, f"Rekvisition {figures.period.title}", font=TITLE, fit=False)
    sheet.put(2, 1, "Bidrag: godkänd andel av periodens redovisade kostnad, avrundad nedåt, aldrig över det "
                    "beviljade beloppet. Kommuner: inbetalt. Direktfinansiering: redovisade kostnader.", fit=False)
    titles = ["Finansiär", "Slag", "Beviljat", "Andel", "Redovisad kostnad", "Tidigare", "Denna period",
              "Hittills", "Kvar"]
    for col, title in enumerate(titles, start=1):
        sheet.header(HEADER_ROW, col, title, right=col > 2)
    kinds = {"claim": "bidrag", "commitment": "inbetalt", "in-kind": "direkt"}
    current = rows["_current_col"]
    for row, claim in enumerate(figures.claims, start=HEADER_ROW + 1):
        sheet.put(row, 1, claim.label)
        sheet.put(row, 2, kinds[claim.how])
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
