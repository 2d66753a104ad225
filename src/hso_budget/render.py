"""The text view: the budget as the application shows it, the problems, the explanations."""

from __future__ import annotations

from decimal import Decimal

from rich.table import Table
from rich.text import Text

from .calculation import Calculation, FinancierRow
from .layout import TableLine, cost_lines, financing_lines
from .money import format_amount, format_percent
from .problems import Problem
from .reporters import one_line
from .runner import Report


def budget_table(report: Report) -> Table:
    """Costs, then financing: one column per period, a total, and each financier's share."""
    calc, project = report.calculation, report.budget.project
    table = Table(title=f"{project.name} ({project.owner})", title_justify="left", header_style="bold",
                  box=None, pad_edge=False)
    table.add_column("", no_wrap=True)
    for period in calc.periods:
        table.add_column(period.title, justify="right", no_wrap=True)
    table.add_column("TOTAL", justify="right", no_wrap=True)
    table.add_column("Andel", justify="right", no_wrap=True)
    for line in cost_lines(calc) + financing_lines(calc):
        _add_line(table, calc, line)
    return table


def staff_table(calc: Calculation) -> Table:
    """The staff positions: hours, hourly cost (the 1 720-hour rule) and salary cost per period."""
    table = Table(title="Personal (timmar × timkostnad = lönekostnad)", title_justify="left", header_style="bold",
                  box=None, pad_edge=False)
    table.add_column("Roll", no_wrap=True)
    table.add_column("Arbetsgivare", no_wrap=True)
    for period in calc.periods:
        table.add_column(period.title, justify="right", no_wrap=True)
    table.add_column("TOTAL", justify="right", no_wrap=True)
    for row in calc.staff:
        cells = [
            f"{format_amount(p.hours)} h × {format_amount(p.hourly_cost)} = {format_amount(p.salary)}" if p.months else ""
            for p in row.periods.values()
        ]
        total = sum((p.salary for p in row.periods.values()), Decimal(0))
        table.add_row(row.role, row.employer, *cells, format_amount(total))
    return table


def _add_line(table: Table, calc: Calculation, line: TableLine) -> None:
    if line.kind == "heading":
        table.add_row(Text(line.label, style="bold" if line.label.isupper() else "italic"))
        return
    cells = [format_amount(line.row.amounts[p.id]) for p in calc.periods] + [format_amount(line.row.total)]
    fraction = calc.share(line.row) if isinstance(line.row, FinancierRow) else None
    cells.append(format_percent(fraction) if fraction is not None else "")
    if line.kind == "sum":
        table.add_row(line.label, *cells, style="bold")
    elif line.kind == "part":
        table.add_row(f"    {line.label}", *cells, style="italic")
    else:
        table.add_row(f"  {line.label}", *cells)


def problems_text(problems: list[Problem]) -> Text:
    """Problems as `file:line:col: level: message (id)`, coloured by level."""
    text = Text()
    for p in problems:
        location = f"{p.file}:{p.line}:{p.column}" if p.line else p.file
        text.append(f"{location}: ", style="bold")
        text.append(p.level_text, style="red bold" if p.is_error else "dim" if p.accepted else "yellow bold")
        text.append(f": {one_line(p.message)} ")
        text.append(f"({p.check})", style="dim")
        text.append("\n")
    return text


def summary(problems: list[Problem], files: int) -> str:
    errors = sum(p.is_error for p in problems)
    accepted = sum(bool(p.accepted) for p in problems)
    warnings = len(problems) - errors - accepted
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not problems:
        return f"{checked}: no problems"
    text = f"{checked}: {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    return text + (f" ({accepted} accepted)" if accepted else "")


def explanations(calc: Calculation) -> Text:
    """Every derived number with how it was computed."""
    text = Text()
    for note in calc.explanations:
        if not note.period:  # about the budget as a whole
            text.append(f"{note.subject}", style="bold")
            text.append(f": {note.text}\n")
            continue
        text.append(f"{note.subject} {note.period}", style="bold")
        text.append(f" = {note.text}\n")
    return text
