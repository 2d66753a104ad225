"""The verification list (verifikationslista) a payment claim is sent with: every ledger row the
actuals use — voucher, date, account, text, amount, category — as text, CSV or an Excel sheet.

The CSV is what Excel opens right in Sweden: semicolons, decimal comma, UTF-8 with a byte-order mark.
The headings are in the current language (`hso_budget.i18n`); the sheet's name stays Verifikationslista.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from ..i18n import N_, _, ngettext
from .actuals import Actuals, Listed

HEADERS = (N_("Reporting period"), N_("Voucher"), N_("Date"), N_("Account"), N_("Account name"), N_("Text"),
           N_("Amount"), N_("Category"))
AMOUNT = HEADERS.index("Amount")


def headers() -> tuple[str, ...]:
    return tuple(_(header) for header in HEADERS)


def rows(actuals: Actuals, period: str | None = None) -> list[Listed]:
    """The listed rows in the order of a ledger extract: period, date, voucher, line."""
    order = {p.id: i for i, p in enumerate(actuals.periods)}
    chosen = [r for r in actuals.listed() if period is None or r.period == period]
    return sorted(chosen, key=lambda r: (order[r.period], r.date, r.voucher, r.line))


def _fields(row: Listed, labels: dict[str, str]) -> tuple[str, ...]:
    return (row.period, row.voucher, row.date.isoformat(), row.account, row.account_name, row.text,
            _decimal_comma(row.amount), labels.get(row.target, row.target))


def _decimal_comma(amount: Decimal) -> str:
    return f"{amount:f}".replace(".", ",")


def as_text(actuals: Actuals, labels: dict[str, str], period: str | None = None) -> str:
    """A plain table, one row a line, with the total per period."""
    listed = rows(actuals, period)
    table = [headers()] + [_fields(r, labels) for r in listed]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADERS))]
    out = ["  ".join(cell.rjust(w) if i == AMOUNT else cell.ljust(w) for i, (cell, w) in enumerate(zip(line, widths)))
           .rstrip() for line in table]
    total = sum((r.amount for r in listed), Decimal(0))
    out.append(ngettext("{count} row, total {total}", "{count} rows, total {total}", len(listed))
               .format(count=len(listed), total=_decimal_comma(total)))
    return "\n".join(out) + "\n"


def as_csv(actuals: Actuals, labels: dict[str, str], period: str | None = None) -> bytes:
    """Semicolon-separated, decimal comma, UTF-8 with a byte-order mark, CRLF line ends."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows(actuals, period):
        writer.writerow(_fields(row, labels))
    return "\ufeff".encode("utf-8") + text.getvalue().encode("utf-8")


def write_xlsx(actuals: Actuals, labels: dict[str, str], path: Path, period: str | None = None) -> None:
    """One sheet, Verifikationslista: amounts as numbers, their SUM below (a live formula)."""
    from openpyxl import Workbook

    from ..xlsx.archive import save
    from ..xlsx.cells import AMOUNT_ORE, BOLD, Formula, Sheet

    workbook = Workbook()
    worksheet = workbook.worksheets[0]
    worksheet.title = "Verifikationslista"
    sheet = Sheet(worksheet)
    for column, header in enumerate(headers(), 1):
        sheet.header(1, column, header, right=column == AMOUNT + 1)
    listed = rows(actuals, period)
    for number, row in enumerate(listed, 2):
        for column, value in enumerate((row.period, row.voucher, row.date.isoformat(), row.account,
                                        row.account_name, row.text), 1):
            sheet.put(number, column, value)
        sheet.put(number, 7, row.amount, number_format=AMOUNT_ORE)
        sheet.put(number, 8, labels.get(row.target, row.target))
    total_row = len(listed) + 3
    total = sum((r.amount for r in listed), Decimal(0))
    sheet.put(total_row, 6, _("Total"), font=BOLD)
    sheet.put(total_row, 7, Formula(f"SUM(G2:G{max(len(listed) + 1, 2)})"), shown=total, font=BOLD,
              number_format=AMOUNT_ORE)
    sheet.finish(1, "A2")
    save(workbook, path, {worksheet.title: sheet.values})
