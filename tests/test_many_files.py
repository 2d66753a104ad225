"""`check` of many files keeps little of each, and frees each file's objects as soon as its report is made."""

from __future__ import annotations

import gc

import pytest

from hso_budget.followup.files import check_any
from support.corpus import CHECKED_FILES as FILES, ROOT


@pytest.fixture
def collector_off():
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def test_checking_leaves_no_reference_cycles(collector_off):
    """No reference cycle keeps a checked budget (its model, document and calculation) alive until the
    garbage collector runs: with many files that is most of the time a check takes."""
    assert len(FILES) > 20
    reports = [check_any(str(path)).for_output(tables=False) for path in FILES]
    assert any(r.problems for r in reports) and any(not r.problems for r in reports)
    assert gc.collect() == 0


def test_a_report_for_the_machine_formats_keeps_only_its_problems():
    report = check_any(str(ROOT / "data" / "budget.yaml"))
    assert report.budget is not None and report.calculation is not None
    kept = report.for_output(tables=False)
    assert (kept.file, kept.problems) == (report.file, report.problems)
    assert (kept.document, kept.budget, kept.calculation) == (None, None, None)
