"""The follow-up's sheets in `hso-budget export`: when a follow-up file beside the budget names it
and has actuals, the workbook gets Uppföljning and Rekvisition."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .checks import check_follow_up
from .figures import compute
from .files import FOLLOW_UP_FILE
from .load import load


def follow_up_sheets(budget: Path):
    """A writer of the follow-up's sheets for the workbook of `budget`, or None when it has none."""
    path = budget.parent / FOLLOW_UP_FILE
    if not path.is_file():
        return None
    loaded = load(path)
    if loaded.follow_up is None or (path.parent / loaded.follow_up.budget).resolve() != budget.resolve():
        return None
    if any(p.is_error for p in check_follow_up(loaded, date.today())) or not loaded.actuals:
        return None
    follow_up, approved, working = loaded.follow_up, loaded.approved, loaded.working
    assert approved is not None and working is not None  # a follow-up without errors has both, calculated
    approved_budget, planned, current = approved.budget, approved.calculation, working.calculation
    assert approved_budget is not None and planned is not None and current is not None
    actuals = {pid: a for pid, (a, _) in loaded.actuals.items()}

    def write(new_sheet) -> None:
        from .sheets import write_sheets  # openpyxl, only when a workbook is written

        figures = compute(follow_up, approved_budget, planned, current, actuals)  # in the workbook's language
        write_sheets(new_sheet, figures)

    return write
