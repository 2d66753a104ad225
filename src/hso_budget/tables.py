"""Tables of formatted cells as plain text and as Markdown, for `diff` and `follow-up`."""

from __future__ import annotations

from collections.abc import Container


def aligned(rows: list[list[str]], right: Container[int]) -> list[str]:
    """Columns padded to their widest cell; the columns in `right` right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(row: list[str]) -> str:
        cells = (cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths)))
        return ("  " + "  ".join(cells)).rstrip()

    return [line(row) for row in rows]


def markdown(header: list[str], rows: list[list[str]], right: Container[int]) -> list[str]:
    """A Markdown table; the columns in `right` right-aligned."""
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    rule = "|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|"
    return [line(header), rule, *(line(row) for row in rows)]
