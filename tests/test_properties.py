"""Properties of generated budgets (see strategies.py): every sum adds up, the remainder balances
every period, the order of entries and keys changes nothing, and the exported workbook computes
the calculator's numbers. Runs are reproducible (derandomized)."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hso_budget.calculator import calculate
from hso_budget.i18n import using
from hso_budget.layout import cost_lines, financing_lines
from hso_budget.money import ORE, krona_down
from hso_budget.runner import Report, check_text
from hso_budget.show_json import calculation_dict, dumps
from strategies import budgets, reordered, to_yaml
from support.libreoffice import needs_libreoffice, recalculate_all, values

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
styles = st.randoms(use_true_random=False)


def computed(text: str) -> Report:
    report = check_text(text.encode("utf-8"), "generated.yaml")
    assert report.calculation is not None, (text, report.problems)
    return report


def rows(section: list[dict]) -> dict[str, dict[str, Decimal]]:
    """{id: {period: amount}} of a section of `show --format json`, checking each row's total."""
    found = {}
    for row in section:
        amounts = {pid: Decimal(v) for pid, v in row["amounts"].items()}
        assert Decimal(row["total"]) == sum(amounts.values(), Decimal(0)), row
        found[row["id"]] = amounts
    return found


def added(*tables: dict[str, Decimal], signs: list[int] | None = None) -> dict[str, Decimal]:
    signs = signs or [1] * len(tables)
    return {pid: sum((s * t[pid] for t, s in zip(tables, signs)), Decimal(0)) for pid in tables[0]}


@SETTINGS
@given(budgets(), styles)
def test_every_total_is_the_sum_of_its_rows(budget, style):
    report = computed(to_yaml(budget, style))
    data = calculation_dict(report.budget, report.calculation)  # what `show --format json` prints
    period_ids = [p["id"] for p in budget["periods"]]
    costs, direct, financiers = rows(data["costs"]), rows(data["direct_costs"]), rows(data["financiers"])
    totals = rows(data["totals"].values())
    assert all(list(row) == period_ids for row in [*costs.values(), *totals.values()])
    zero = dict.fromkeys(period_ids, Decimal(0))
    signs = [-1 if c["kind"] == "revenue" else 1 for c in data["costs"]]
    assert totals["booked_cost"] == added(zero, *costs.values(), signs=[1, *signs])
    assert totals["direct_costs"] == added(zero, *direct.values())
    assert totals["project_cost"] == added(totals["booked_cost"], totals["direct_costs"])
    by_kind = {(f["kind"], f["sector"]): [] for f in data["financiers"]}
    for f in data["financiers"]:
        by_kind[f["kind"], f["sector"]].append(financiers[f["id"]])
    assert totals["public_cash_financing"] == added(zero, *by_kind.get(("cash", "public"), []))
    assert totals["private_cash_financing"] == added(zero, *by_kind.get(("cash", "private"), []))
    assert totals["cash_financing"] == added(totals["public_cash_financing"], totals["private_cash_financing"])
    in_kind = [amounts for (kind, _), found in by_kind.items() if kind == "in-kind" for amounts in found]
    assert totals["direct_financing"] == added(zero, *in_kind)
    assert totals["project_financing"] == added(totals["cash_financing"], totals["direct_financing"])


@SETTINGS
@given(budgets(), styles)
def test_amounts_as_written_come_out_unchanged(budget, style):
    """Nothing lost, nothing invented: typed amounts, fixed totals and shares, however they were written."""
    calc = computed(to_yaml(budget, style)).calculation
    period_ids = [p["id"] for p in budget["periods"]]
    written = {row.id: row for row in [*calc.costs, *calc.direct_costs, *calc.financiers]}
    bases = {"project_cost": calc.project_cost.total, "booked_cost": calc.booked_cost.total}
    for entry in [*budget["costs"], *budget.get("direct_costs", []), *budget["financiers"]]:
        row = written[entry["id"]]
        if "amounts" in entry:
            assert row.amounts == {pid: entry["amounts"][pid] for pid in period_ids}
        if "per_period" in entry:
            assert row.amounts == dict.fromkeys(period_ids, entry["per_period"])
        if "fixed_total" in entry:
            assert row.total == entry["fixed_total"]
        if "share" in entry:
            assert row.total == krona_down(entry["share"] / 100 * bases[entry.get("of", "project_cost")])


@SETTINGS
@given(budgets(), styles)
def test_the_remainder_balances_every_period_or_is_reported_negative(budget, style):
    report = computed(to_yaml(budget, style))
    calc = report.calculation
    for period in calc.period_ids:
        assert calc.cash_financing.amounts[period] == calc.booked_cost.amounts[period]
        assert calc.direct_financing.amounts[period] == calc.direct_costs_total.amounts[period]
        assert calc.project_financing.amounts[period] == calc.project_cost.amounts[period]
    remainder = next(f for f in calc.financiers if f.id == "rest")
    checks = {p.check for p in report.errors}
    assert ("remainder-negative" in checks) == any(v < 0 for v in remainder.amounts.values())
    assert "balance" not in checks


def numbers(report: Report) -> dict[tuple[str, str], dict[str, Decimal]]:
    calc = report.calculation
    found = {("cost", r.id): r.amounts for r in calc.costs}
    found |= {("direct", r.id): r.amounts for r in calc.direct_costs}
    found |= {("financier", r.id): r.amounts for r in calc.financiers}
    return found | {("total", name): r.amounts for name, r in calc.subtotals().items()}


@SETTINGS
@given(budgets(), styles, styles)
def test_the_order_of_categories_and_financiers_changes_no_number(budget, style, order):
    original = numbers(computed(to_yaml(budget, style)))
    assert numbers(computed(to_yaml(reordered(budget, order), style))) == original


@SETTINGS
@given(budgets(), styles, styles)
def test_show_json_is_the_same_however_the_keys_are_ordered(budget, style, order):
    text = to_yaml(budget, style)
    first, again = (computed(text) for _ in range(2))
    shuffled = computed(to_yaml(budget, random.Random(0), key_order=order))
    expected = dumps(first.budget, first.calculation)
    assert dumps(again.budget, again.calculation) == expected
    assert dumps(shuffled.budget, shuffled.calculation) == expected


def explained_result(text: str) -> Decimal:
    """The number an explanation line comes to: after its last `=` (and `→`), before any note."""
    while text.endswith(")"):  # `… = 3 970 575 (the remainder)`
        text = text[:text.rindex(" (")]
    result = text.rsplit("= ", 1)[-1].rsplit("→ ", 1)[-1]
    return Decimal(result.replace(" ", "").replace(",", ".").replace("−", "-"))


@SETTINGS
@given(budgets(), styles)
def test_show_explain_and_show_json_agree_on_every_number(budget, style):
    report = computed(to_yaml(budget, style))
    calc = calculate(report.budget, explain=True)
    data = calculation_dict(report.budget, calc)
    titles = {p.title: p.id for p in calc.periods}
    rows = [*data["costs"], *data["direct_costs"], *data["financiers"], *data["totals"].values()]
    by_label: dict[str, list[dict]] = {}
    for row in rows:
        by_label.setdefault(row["label"], []).append(row)
    checked = 0
    for note in calc.explanations:
        found = by_label.get(note.subject, [])
        if len(found) != 1 or note.period not in [*titles, "total"]:
            continue  # a staff position, the periods note, or a label that two rows share
        period = titles.get(note.period, "total")
        expected = found[0]["total"] if period == "total" else found[0]["amounts"][period]
        assert explained_result(note.text) == Decimal(expected), note
        checked += 1
    assert checked >= len(calc.periods)  # at least the booked cost's sums were compared


@pytest.fixture(scope="module")
def libreoffice_profile(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("libreoffice")


def spreadsheet_amount(value) -> Decimal:
    """A recalculated cell as an exact amount: to the öre, as floats carry noise below it."""
    assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    return Decimal(repr(value)).quantize(ORE)


@needs_libreoffice
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(budgets(), min_size=8, max_size=8), styles)
def test_the_exported_workbook_computes_the_calculators_numbers(libreoffice_profile, generated, style):
    """Every cell of the Budget and Personal sheets, recalculated by LibreOffice, is the calculator's
    number: 8 × 8 budgets, undated and dated (half-years, gaps, mid-month starts), with staff
    positions, indexation and large amounts; a batch of eight workbooks a LibreOffice run."""
    from hso_budget.xlsx import write_workbook

    reports = [computed(to_yaml(budget, style)) for budget in generated]
    with TemporaryDirectory() as folder:
        paths = [Path(folder) / f"budget{i}.xlsx" for i in range(len(reports))]
        for report, path in zip(reports, paths):
            write_workbook(report, path)
        recalculated = recalculate_all(paths, libreoffice_profile)
        for report, path in zip(reports, recalculated):
            sheets = values(path)
            _budget_sheet_equals_the_calculation(report, sheets["Budget"])
            if report.calculation.staff:
                _personal_sheet_equals_the_calculation(report, sheets["Personal"])


def _budget_sheet_equals_the_calculation(report: Report, cells: dict) -> None:
    labels = {int(cell[1:]): value for cell, value in cells.items() if cell[0] == "A"}
    header = next(r for r, label in labels.items() if label == "Kronor")
    with using("sv"):  # the workbook's language
        lines = cost_lines(report.calculation) + financing_lines(report.calculation)
    assert [labels[r] for r in sorted(labels) if r > header] == [line.label for line in lines]
    columns = "BCDEFGH"[:len(report.calculation.periods) + 1]
    for r, line in zip(sorted(r for r in labels if r > header), lines):
        if line.kind != "heading":
            expected = [*line.row.amounts.values(), line.row.total]
            assert [spreadsheet_amount(cells[f"{c}{r}"]) for c in columns] == expected, line.label


def _personal_sheet_equals_the_calculation(report: Report, cells: dict) -> None:
    """Salary and payroll overheads of every row (position, period, year of indexation)."""
    from hso_budget.xlsx.personal import FIRST_ROW, col
    from openpyxl.utils import get_column_letter

    segments = [s for position in report.calculation.staff for s in position.segments]
    for row, segment in enumerate(segments, start=FIRST_ROW):
        for field in ("salary", "overheads"):
            node = getattr(segment, field)
            if node is not None:
                got = cells[f"{get_column_letter(col(field))}{row}"]
                assert spreadsheet_amount(got) == node.value, (segment.key, field)
