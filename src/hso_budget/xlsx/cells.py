"""Writing cells: text that never becomes a formula, amounts without floats, formulas, styles.

Every value goes through `Sheet.put`: a `Formula` is written as a formula, any other `str`
as text (even when it begins with `=`, `+`, `-` or `@`), numbers as `int` or `Decimal`.
Formulas are built only from cell references and numbers, never from the budget's text.
Every formula comes with the value it evaluates to (`shown`); the archive stores it in the
cell, so viewers that do not calculate show the numbers too.
"""

from __future__ import annotations

from decimal import Context, Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..expr import Address, Node, Where
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
STORED_DIGITS = Context(prec=17)  # as many significant digits as a spreadsheet's number holds


class Formula(str):
    """A spreadsheet formula without its `=`; every other `str` is written as text."""


class Sheet:
    """A worksheet, the width each of its columns needs and the cells whose text wraps."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        self.widths: dict[int, float] = {}
        self.wrapped: list[tuple[int, int, str]] = []
        self.values: dict[str, Decimal | int | str] = {}  # each formula cell's value, by coordinate
        self.caps: dict[int, float] = {}

    def cap(self, col: int, width: float) -> None:
        """Make a column at most this wide; its wrapped text takes more lines instead."""
        self.caps[col] = width

    def put(self, row: int, col: int, value, *, shown: Decimal | str | None = None, font: Font | None = None,
            number_format: str | None = None, indent: int = 0, wrap: bool = False, fit: bool = True):
        """Write one cell: the only way values reach the workbook.

        `shown` is what a formula evaluates to, required for every formula: the value stored in
        the cell, and the base of its number format and width; `fit` widens the column to the
        value (not for titles and the like, which run over empty cells).
        """
        cell = self.ws.cell(row, col)
        if isinstance(value, Formula):
            if shown is None:
                raise ValueError(f"{self.ws.title}!{cell.coordinate}: a formula needs the value it evaluates to")
            cell.value = f"={value}"
            self.values[cell.coordinate] = shown if isinstance(shown, str) else STORED_DIGITS.plus(Decimal(shown))
            if isinstance(shown, str) or number_format in (SHARE, WHOLE_PERCENT):
                shown = None  # the width of a number, not of this text or fraction
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
            width = _width(value, shown if isinstance(shown, Decimal) else None, bool(font and font.b)) + 2 * indent
            self.widths[col] = max(self.widths.get(col, 0), width)
        return cell

    def put_node(self, row: int, col: int, node: Node, where: Where, **style):
        """An amount from its expression: the number where the budget types it, else the formula."""
        if node.typed:
            return self.put(row, col, node.value, **style)
        return self.put(row, col, Formula(node.formula(where)), shown=node.value, **style)

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


class Places:
    """Where each row of the workbook stands, so that an expression's references become addresses."""

    def __init__(self) -> None:
        self.rows: dict[tuple, tuple[str, int, dict]] = {}

    def add(self, key: tuple, sheet: str, row: int, cols: dict) -> None:
        """A row on `sheet`; `cols` gives the column of each period id (None: the TOTAL column)."""
        self.rows[key] = (sheet, row, cols)

    def where(self, here: str) -> Where:
        """Addresses as seen from the sheet `here` (other sheets' cells carry their sheet's name)."""

        def address(key: tuple, period: str | None) -> Address:
            sheet, row, cols = self.rows[key]
            return Address(None if sheet == here else sheet, cols[period], row)

        return address
