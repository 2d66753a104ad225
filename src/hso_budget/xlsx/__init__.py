"""The Excel export: the application's budget as a workbook with live formulas.

Sheets: Budget (the application's table), Finansiärer (what each financier decides on),
Personal (staff positions, when the budget has them) and Kontroller (balances, checks and
problems). openpyxl is imported here only, when a workbook is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from .. import __version__
from ..runner import Report
from . import budget, controls, financiers, personal
from .archive import save
from .cells import Places, Sheet, clean


ExtraSheets = Callable[[Callable[[str], Sheet]], None]


def write_workbook(report: Report, out: str | os.PathLike, extra: ExtraSheets | None = None) -> None:
    """Write the report's budget to `out` as an .xlsx workbook (atomically, byte-reproducibly).

    The report must have a calculation; when it has errors, the Budget sheet says so in red.
    `extra` adds sheets after the budget's own (the follow-up's), given a function that makes one.
    """
    if report.calculation is None:
        raise ValueError(f"{report.file}: the budget could not be computed; there is nothing to export")
    workbook = Workbook()
    sheets = {name: Sheet(workbook.create_sheet(name)) for name in _sheet_names(report)}
    workbook.remove(workbook.worksheets[0])
    places = Places()
    personal.place_personal(report, places)
    budget.write_budget(sheets[budget.SHEET], report, places)
    if personal.SHEET in sheets:
        personal.write_personal(sheets[personal.SHEET], report, places)
    financiers.write_financiers(sheets[financiers.SHEET], report, places)
    controls.write_controls(sheets[controls.SHEET], report, places)
    if extra is not None:
        extra(lambda name: Sheet(workbook.create_sheet(name)))
    sheets[budget.SHEET].ws.sheet_view.tabSelected = True
    _properties(workbook, report)
    save(workbook, Path(out))


def _sheet_names(report: Report) -> list[str]:
    staff = [personal.SHEET] if report.calculation.staff else []
    return [budget.SHEET, financiers.SHEET, *staff, controls.SHEET]


def _properties(workbook: Workbook, report: Report) -> None:
    """Title, subject and creator; Excel recalculates every formula when the file is opened."""
    project = report.budget.project
    props = workbook.properties
    props.title = clean(f"Budget – {project.name}")
    props.subject = clean(f"Projektbudget: kostnader och finansiering per period ({project.owner})")
    props.creator = props.lastModifiedBy = "hso-budget"
    props.description = f"Skapad med hso-budget {__version__}."
    workbook.calculation.fullCalcOnLoad = True
