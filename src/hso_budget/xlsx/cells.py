"""Writing cells: text that never becomes a formula, amounts without floats, formulas, styles.

Every value goes through `Sheet.put`: a `Formula` is written as a formula, any other `str`
as text (even when it begins with `=`, `+`, `-` or `@`), numbers as `int` or `Decimal`.
Formulas are built only from cell references and numbers, never from the budget's text.
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..money import format_amount

AMOUNT = "#,##0"
AMOUNT_ORE = "#,##0.00"
SHARE = "0.00%"
WHOLE_PERCENT = "0%"

TITLE = Font(bold=True, size=14)
BOLD = Font(bold=True)
ITALIC = Font(italic=True)
NOTICE = Font(bold=True, color="FFC00000")
HEADER_FILL = PatternFill("solid", fgColor="FFD9E1F2")
NOTICE_FILL = PatternFill("solid", fgColor="FFFFE0E0")
SUM_BORDER = Border(top=Side(style="thin"))
RIGHT = Alignment(horizontal="right")
WRAP = Alignment(wrap_text=True, vertical="top")

MAX_WIDTH = 70
NUMBER_WIDTH = 12
HEADER_SIZE = 11  # points: page header and footer (LibreOffice scales them with the sheet)
LINE_HEIGHT = 15  # points: one line of 11-point text
TEXT_TO_DIGITS = 0.8  # running text is narrower than digits, the unit of column widths
# LibreOffice's ROUNDDOWN takes a value within about twelve significant digits of a whole
# number for that number; below this relative gap INT is used instead (see `round_down`).
NEAR_WHOLE = Decimal("1e-9")


class Formula(str):
    """A spreadsheet formula without its `=`; every other `str` is written as text."""


class Sheet:
    """A worksheet, the width each of its columns needs and the cells whose text wraps."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        self.widths: dict[int, float] = {}
        self.wrapped: list[tuple[int, int, str]] = []
        self.caps: dict[int, float] = {}

    def cap(self, col: int, width: float) -> None:
        """Make a column at most this wide; its wrapped text takes more lines instead."""
        self.caps[col] = width

    def put(self, row: int, col: int, value, *, shown: Decimal | None = None, font: Font | None = None,
            number_format: str | None = None, indent: int = 0, wrap: bool = False, fit: bool = True):
        """Write one cell: the only way values reach the workbook.

        `shown` is the number a formula evaluates to (for its number format and width); `fit`
        widens the column to the value (not for titles and the like, which run over empty cells).
        """
        cell = self.ws.cell(row, col)
        if isinstance(value, Formula):
            cell.value = f"={value}"
            number_format = number_format or (amount_format(shown) if shown is not None else None)
        elif isinstance(value, str):
            cell.value = clean(value)
            cell.data_type = "s"  # after the value: text that looks like a formula stays text
        else:
            cell.value = number(value)
            number_format = number_format or amount_format(value)
        if number_format is not None:
            cell.number_format = number_format
        if font is not None:
            cell.font = font
        if wrap:
            cell.alignment = WRAP
            self.wrapped.append((row, col, value))
        elif indent:
            cell.alignment = Alignment(horizontal="left", indent=indent)
        if fit:
            width = _width(value, shown, bool(font and font.b)) + 2 * indent
            self.widths[col] = max(self.widths.get(col, 0), width)
        return cell

    def header(self, row: int, col: int, text: str, *, right: bool = False, wrap: bool = False):
        """A column's header; `wrap` lets it take several lines, as wide as its longest word."""
        cell = self.put(row, col, text, font=BOLD, fit=not wrap, wrap=wrap)
        cell.fill = HEADER_FILL
        if wrap:
            longest = max(text.split(), key=len)
            self.widths[col] = max(self.widths.get(col, 0), _width(longest, bold=True))
            cell.alignment = Alignment(horizontal="right" if right else None, vertical="bottom", wrap_text=True)
        elif right:
            cell.alignment = RIGHT
        return cell

    def finish(self, header_row: int | None, freeze: str, *, one_page: bool = False,
               breaks: tuple[int, ...] = ()) -> None:
        """Column widths, row heights for wrapped text, frozen header and the print layout.

        Landscape A4, one page wide; `one_page` also one page tall. `breaks` are rows a new
        page starts at; the `header_row` (if any) is repeated at the top of every page.
        """
        for col, width in self.widths.items():
            width = min(width + 2, MAX_WIDTH, self.caps.get(col, MAX_WIDTH))
            self.ws.column_dimensions[get_column_letter(col)].width = round(width, 1)
        for row, col, text in self.wrapped:
            width = self.ws.column_dimensions[get_column_letter(col)].width - 2
            lines = _lines(text, width)
            self.ws.row_dimensions[row].height = max(self.ws.row_dimensions[row].height or 0, LINE_HEIGHT * lines)
            for cell in self.ws[row]:
                if cell.value is not None and not cell.alignment.wrap_text:
                    cell.alignment = Alignment(horizontal=cell.alignment.horizontal, vertical="top")
        self.ws.freeze_panes = freeze
        setup = self.ws.page_setup
        setup.orientation = "landscape"
        setup.paperSize = self.ws.PAPERSIZE_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 1 if one_page else 0
        self.ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        for row in breaks:
            self.ws.row_breaks.append(Break(id=row - 1))  # a break after the row before
        if header_row is not None:
            self.ws.print_title_rows = f"{header_row}:{header_row}"


def print_frame(ws: Worksheet, heading: str) -> None:
    """The same page header and footer on every sheet.

    The header names the project (`heading`); the footer the sheet, the day it is printed
    (a print-time field, so the file itself stays the same from one export to the next) and
    "sida 1 av N".
    """
    ws.print_options.horizontalCentered = True
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.left = ws.page_margins.right = 0.4  # inches: room for a sixth period
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.center.text = clean(heading).replace("&", "&&")
    ws.oddHeader.center.size = HEADER_SIZE
    ws.oddFooter.left.text = "blad &A"
    ws.oddFooter.center.text = "utskriven &D"
    ws.oddFooter.right.text = "sida &P av &N"
    for part in (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right):
        part.size = HEADER_SIZE


def _lines(text: str, width: float) -> int:
    """How many lines text wrapped at word breaks takes in a column this many digits wide."""
    lines, used = 1, 0.0
    for word in text.split():
        need = TEXT_TO_DIGITS * _width(word) + (1 if used else 0)
        if used and used + need > width:
            lines, used = lines + 1, TEXT_TO_DIGITS * _width(word)
        else:
            used += need
    return lines


def _width(value, shown: Decimal | None = None, bold: bool = False) -> float:
    """About how many digit widths a value takes: capitals and bold type are wider."""
    if isinstance(value, Formula):
        return len(format_amount(shown)) + 1 if shown is not None else NUMBER_WIDTH
    if not isinstance(value, str):
        return len(format_amount(Decimal(value))) + 1
    longest = max(value.splitlines() or [""], key=len)
    return (len(longest) + 0.3 * sum(c.isupper() for c in longest)) * (1.1 if bold else 1)


def clean(text: str) -> str:
    """Text without the control characters a workbook cannot hold (each becomes U+FFFD)."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def number(value: Decimal | int) -> Decimal | int:
    """A whole amount as `int`, öre as an exact `Decimal` (openpyxl writes it as it is)."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value.normalize()


def amount_format(value: Decimal | int) -> str:
    return AMOUNT if Decimal(value) == Decimal(value).to_integral_value() else AMOUNT_ORE


def percent_format(fraction: Decimal) -> str:
    return WHOLE_PERCENT if (fraction * 100) == (fraction * 100).to_integral_value() else SHARE


def ref(col: int, row: int, sheet: str | None = None, absolute: bool = False) -> str:
    """`C12`, `$C$12` or `Budget!C12`."""
    dollar = "$" if absolute else ""
    return f"{sheet + '!' if sheet else ''}{dollar}{get_column_letter(col)}{dollar}{row}"


def sum_terms(col: int, rows: list[int], signs: list[int] | None = None, sheet: str | None = None) -> str | None:
    """`SUM(C5:C9)-C11`: rows of one column added (or subtracted), runs of rows as ranges.

    None when there are no rows.
    """
    signs = signs or [1] * len(rows)
    runs: list[tuple[int, int, int]] = []  # (sign, first row, last row)
    for r, s in zip(rows, signs):
        if runs and runs[-1][0] == s and runs[-1][2] == r - 1:
            runs[-1] = (s, runs[-1][1], r)
        else:
            runs.append((s, r, r))
    text = ""
    for sign, first, last in runs:
        term = ref(col, first, sheet) if first == last else f"SUM({ref(col, first, sheet)}:{ref(col, last)})"
        text += ("-" if sign < 0 else "+" if text else "") + term
    return text or None


def percent_ratio(rate: Decimal) -> tuple[int, int]:
    """A rate as whole numbers n/d that keep its digits: 15 % → 15/100, 44,62254 % → 4462254/10000000.

    Spreadsheets hold 15 % as an inexact binary fraction, and `ROUND(29%*1690450,0)` gives
    490 230 in LibreOffice where 490 230,5 rounds to 490 231; `ROUND(1690450*29/100,0)`
    multiplies whole numbers exactly and divides once, so halves stay halves.
    """
    numerator, denominator = decimal_ratio(rate * 100)
    return numerator, denominator * 100


def decimal_ratio(value: Decimal) -> tuple[int, int]:
    """A decimal as n/10^k: 1,024 → 1024/1000, 40 → 40/1."""
    value = value.normalize()
    places = max(0, -value.as_tuple().exponent)
    return int(value.scaleb(places)), 10**places


def times(expr: str, ratio: tuple[int, int], power: int = 1) -> str:
    """`expr*n/d` (or `expr*n^k/d^k`), leaving out `/1`."""
    n, d = ratio
    exponent = "" if power == 1 else f"^{power}"
    return f"{expr}*{n}{exponent}" + ("" if d == 1 else f"/{d}{exponent}")


def round_down(expr: str, exact: Decimal) -> str:
    """`ROUNDDOWN(expr,0)`, or `INT(expr)` where the value lies just below a whole krona.

    LibreOffice's ROUNDDOWN counts 41 048 610,99995 as 41 048 611 (it snaps values within
    about twelve significant digits); INT does not, and equals ROUNDDOWN for values ≥ 0.
    """
    gap = exact.to_integral_value(ROUND_CEILING) - exact
    if exact > 0 and 0 < gap < exact * NEAR_WHOLE:
        return f"INT({expr})"
    return f"ROUNDDOWN({expr},0)"
