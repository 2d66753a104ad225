"""The text view: the budget as the application shows it, the problems, the explanations.

User text goes into rich only as `Text`, never as a string, so `[moms ingår]` is never markup.
Without a terminal the tables are plain lines (`Grid.plain`), the same rich would print.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from .calculation import Calculation, FinancierRow
from .i18n import N_, _, ngettext
from .layout import TableLine, cost_lines, financing_lines
from .money import format_amount, format_percent
from .problems import Level, Problem
from .reporters import one_line
from .runner import Report

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

LEVELS = {Level.ERROR: N_("error"), Level.WARNING: N_("warning")}


MIN_LABEL = 18  # the narrowest a label column gets before the share column goes, then the periods split
GAP = 2  # the space between two columns (box=None: one character of padding each side)
CONTROL = re.compile("[\x07\x08\x0b\x0c\x0d]")  # what rich's Text strips
NARROW = re.compile("[\x20-\x7e\xa0-\u02ff\u2010-\u2027\u2030-\u205e\u20a0-\u20c0]*")  # one cell each


class Column(NamedTuple):  # named tuples, not dataclasses: made without compiling methods at start-up
    header: str
    cells: list[str]
    amount: bool = True  # amounts are right-aligned and never wrapped or cut

    @property
    def width(self) -> int:
        return max(_cells(str(c)) for c in [self.header, *self.cells])


def _cells(text: str) -> int:
    """How many terminal cells rich gives the text (rich is asked only about wide or combining characters)."""
    if NARROW.fullmatch(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


class Grid(NamedTuple):
    """One table of the text view: printed by rich on a terminal (`__rich__`), else as `plain` lines."""

    title: str | None
    labels: list[Column]
    amounts: list[Column]
    styles: list[str | None]
    room: int | None  # the width left for the labels; None: as wide as they are

    def __rich__(self) -> Table:
        return _table(self.title, self.labels, self.amounts, self.styles, self.room)

    def plain(self, width: int) -> str | None:
        """The lines rich prints at `width` without a terminal, trailing spaces dropped; None when rich
        would wrap something or the text has characters whose width only rich knows."""
        columns = self.labels + self.amounts
        widths = [c.width for c in columns]
        total = sum(widths) + GAP * (len(columns) - 1)
        texts = [self.title or "", *(str(c.header) for c in columns), *(str(x) for c in columns for x in c.cells)]
        if total > width or len(self.title or "") > total or not all(NARROW.fullmatch(t) for t in texts):
            return None
        rows = [[c.header for c in columns]] + [[c.cells[i] for c in columns] for i in range(len(self.styles))]
        lines = [self.title] if self.title else []
        for row in rows:
            cells = [str(x).ljust(w) if i < len(self.labels) else str(x).rjust(w)
                     for i, (x, w) in enumerate(zip(row, widths))]
            lines.append((" " * GAP).join(cells))
        return "".join(line.rstrip(" ") + "\n" for line in lines)


def budget_tables(report: Report, width: int | None = None) -> list[Grid]:
    """Costs, then financing: one column per period, a total, and each financier's share.

    Fitted to `width` without cutting an amount: labels wrap first, then the share column goes,
    then the periods are printed in blocks.
    """
    calc, project = report.calculation, report.budget.project
    lines = cost_lines(calc) + financing_lines(calc)
    label = Column("", [_label(line) for line in lines], amount=False)
    periods = [Column(p.title, [_cell(line, lambda row: format_amount(row.amounts[p.id])) for line in lines])
               for p in calc.periods]
    total = Column(_("TOTAL"), [_cell(line, lambda row: format_amount(row.total)) for line in lines])
    share = Column(_("Share"), [_cell(line, lambda row: _share(calc, row)) for line in lines])
    styles = ["bold" if line.kind == "sum" else "italic" if line.kind == "part" else None for line in lines]
    return _fitted(f"{project.name} ({project.owner})", [label], [*periods, total], share, styles, width)


def staff_tables(calc: Calculation, width: int | None = None) -> list[Grid]:
    """The staff positions: hours, hourly cost (the 1 720-hour rule) and salary cost per period."""
    rows = calc.staff
    labels = [Column(_("Role"), [r.role for r in rows], amount=False),
              Column(_("Employer"), [r.employer for r in rows], amount=False)]
    periods = [
        Column(period.title, [
            f"{format_amount(p.hours)} h × {format_amount(p.hourly_cost)} = {format_amount(p.salary)}" if p.months else ""
            for p in (r.periods[period.id] for r in rows)
        ])
        for period in calc.periods
    ]
    total = Column(_("TOTAL"), [format_amount(sum((p.salary for p in r.periods.values()), Decimal(0))) for r in rows])
    return _fitted(_("Staff (hours × hourly cost = salary cost)"), labels, [*periods, total], None, [None] * len(rows),
                   width)


class Styled(str):
    """A cell's text with the style rich prints it in (a heading: bold or italic)."""

    style = ""


def _label(line: TableLine) -> str:
    if line.kind == "heading":
        heading = Styled(line.label)
        heading.style = "bold" if line.label.isupper() else "italic"
        return heading
    return line.label if line.kind == "sum" else f"    {line.label}" if line.kind == "part" else f"  {line.label}"


def _cell(line: TableLine, show) -> str:
    return "" if line.kind == "heading" else show(line.row)


def _share(calc: Calculation, row) -> str:
    fraction = calc.share(row) if isinstance(row, FinancierRow) else None
    return format_percent(fraction) if fraction is not None else ""


def _fitted(title: str, labels: list[Column], amounts: list[Column], optional: Column | None,
            styles: list[str | None], width: int | None) -> list[Grid]:
    """One table if it fits (labels wrapped if need be), else without `optional`, else the amounts in blocks."""
    def room(columns: list[Column]) -> int:  # what is left for the labels
        return (width or 0) - sum(c.width + GAP for c in columns) - GAP * (len(labels) - 1)

    smallest = sum(min(c.width, MIN_LABEL) for c in labels)
    for columns in ([*amounts, optional] if optional else amounts, amounts):
        if width is None or room(columns) >= smallest:
            return [Grid(title, labels, columns, styles, None if width is None else room(columns))]
    blocks: list[list[Column]] = [[]]
    for column in amounts:
        if blocks[-1] and room([*blocks[-1], column]) < smallest:
            blocks.append([])
        blocks[-1].append(column)
    return [Grid(title if i == 0 else None, labels, block, styles, room(block)) for i, block in enumerate(blocks)]


def _table(title: str | None, labels: list[Column], amounts: list[Column], styles: list[str | None],
           room: int | None) -> Table:
    from rich.table import Table

    table = Table(title=_plain(title), title_justify="left", header_style="bold", box=None, pad_edge=False)
    natural = sum(c.width for c in labels)
    for column in labels:
        if room is None or room >= natural:
            table.add_column(_plain(column.header), no_wrap=True)
        else:  # wrapped at a share of the room in proportion to its natural width; long words folded
            table.add_column(_plain(column.header), width=max(1, room * column.width // natural), overflow="fold")
    for column in amounts:
        table.add_column(_plain(column.header), justify="right", no_wrap=True, min_width=column.width)
    for i, style in enumerate(styles):
        table.add_row(*(_plain(c.cells[i]) for c in labels + amounts), style=style)
    return table


def _plain(value: str | None) -> Text | None:
    """Text from the budget is never rich markup: `[moms ingår]` and `[/…]` print as written."""
    from rich.text import Text

    return Text(str(value), style=getattr(value, "style", "")) if isinstance(value, str) else value


def problems_text(problems: list[Problem]) -> Text:
    """Problems as `file:line:col: level: message (id)`, coloured by level."""
    from rich.text import Text

    text = Text()
    for location, level, message, check, p in _problem_parts(problems):
        text.append(location, style="bold")
        text.append(level, style="red bold" if p.is_error else "dim" if p.accepted else "yellow bold")
        text.append(message)
        text.append(check, style="dim")
        text.append("\n")
    return text


def problems_plain(problems: list[Problem]) -> str | None:
    """`problems_text` as rich prints it without a terminal; None when rich would drop a control character."""
    text = problem_lines(problems)
    return None if CONTROL.search(text) else text


def problem_lines(problems: list[Problem]) -> str:
    """Problems as `file:line:col: level: message (id)` lines, the level in the chosen language."""
    return "".join(f"{''.join(parts[:4])}\n" for parts in _problem_parts(problems))


def _problem_parts(problems: list[Problem]):
    """Each problem's line in pieces: location, level, message, check id (and the problem)."""
    for p in problems:
        location = f"{p.file}:{p.line}:{p.column}" if p.line else p.file
        yield f"{location}: ", level_text(p), f": {one_line(p.message)} ", f"({p.check})", p


def level_text(p: Problem) -> str:
    """`error`, `warning`, or `warning (accepted: <reason>)`, in the chosen language."""
    level = _(LEVELS[p.level])
    return _("{level} (accepted: {reason})").format(level=level, reason=p.accepted) if p.accepted else level


def summary(problems: list[Problem], files: int) -> str:
    errors = sum(p.is_error for p in problems)
    accepted = sum(bool(p.accepted) for p in problems)
    warnings = len(problems) - errors - accepted
    checked = ngettext("{count} file checked", "{count} files checked", files).format(count=files)
    if not problems:
        return _("{checked}: no problems").format(checked=checked)
    text = _("{checked}: {errors}, {warnings}").format(
        checked=checked,
        errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
    )
    return text + (_(" ({count} accepted)").format(count=accepted) if accepted else "")


def explanations(calc: Calculation) -> Text:
    """Every derived number with how it was computed."""
    from rich.text import Text

    text = Text()
    for note in calc.explanations:
        if not note.period:  # about the budget as a whole
            text.append(f"{note.subject}", style="bold")
            text.append(f": {note.text}\n")
            continue
        text.append(f"{note.subject} {note.period}", style="bold")
        text.append(f" = {note.text}\n")
    return text
