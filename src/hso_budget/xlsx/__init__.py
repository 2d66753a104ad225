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
from ..i18n import _, using
from ..runner import Report
from . import budget, controls, financiers, personal
from .archive import save
from .cells import Places, Sheet, clean, print_frame


ExtraSheets = Callable[[Callable[[str], Sheet]], None]


def write_workbook(report: Report, out: str | os.PathLike, language: str = "sv",
                   extra: ExtraSheets | None = None) -> None:
    """Write the report's budget to `out` as an .xlsx workbook (atomically, byte-reproducibly).

    The report must have a calculation; when it has errors, the Budget sheet says so in red.
    The workbook's texts are Swedish unless `language` says otherwise; its sheet names are
    Swedish in both languages, so that references to them stay the same. `extra` adds sheets
    after the budget's own (the follow-up's), given a function that makes one.
    """
    if report.calculation is None:
        raise ValueError(f"{report.file}: the budget could not be computed; there is nothing to export")
    with using(language):
        _write(report, out, extra)


def _write(report: Report, out: str | os.PathLike, extra: ExtraSheets | None) -> None:
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
        def new_sheet(name: str) -> Sheet:
            sheets[name] = Sheet(workbook.create_sheet(name))
            return sheets[name]

        extra(new_sheet)
    sheets[budget.SHEET].ws.sheet_view.tabSelected = True
    for sheet in sheets.values():
        print_frame(sheet.ws, _heading(report))
    _properties(workbook, report)
    save(workbook, Path(out), {sheet.ws.title: sheet.values for sheet in sheets.values()})


def _sheet_names(report: Report) -> list[str]:
    staff = [personal.SHEET] if report.calculation.staff else []
    return [budget.SHEET, financiers.SHEET, *staff, controls.SHEET]


def _heading(report: Report) -> str:
    """The project, its owner and programme: the page header of every printed sheet."""
    project = report.budget.project
    programme = report.calculation.programme.label
    return " · ".join([project.name, project.owner, *([programme] if programme else [])])


def _properties(workbook: Workbook, report: Report) -> None:
    """Title, subject and creator; Excel recalculates every formula when the file is opened."""
    project = report.budget.project
    props = workbook.properties
    props.title = clean(f"Budget – {project.name}")
    props.subject = clean(_("Project budget: costs and financing per period ({owner})").format(owner=project.owner))
    props.creator = props.lastModifiedBy = "hso-budget"
    props.description = _("Made with hso-budget {version}.").format(version=__version__)
    workbook.calculation.fullCalcOnLoad = True
