"""Unit tests of the calculator's pieces: spreading a total, shares, the remainder, sums of rows,
and the expressions every derived number is made of (`hso_budget.expr`).

Every expected number is worked out by hand in a comment beside it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from hso_budget.calculator import calculate
from hso_budget.expr import (
    ROUND_DOWN_MODE, Address, Const, Noted, Product, Ratio, Ref, Round, Scale, Sum, spreadsheet_round,
)
from hso_budget.runner import check_text

D = Decimal


def financier_amounts(rule: str, base: str = "{ar1: 100, ar2: 300, ar3: 600}") -> dict[str, Decimal]:
    """The amounts of a financier `f` with this rule, in a budget whose only cost has `base`."""
    text = f"""\
format: hso-budget/1
project: {{name: Test, owner: Härnösands kommun}}
periods: [{{id: ar1, label: År 1}}, {{id: ar2, label: År 2}}, {{id: ar3, label: År 3}}]
costs:
  - {{id: c, label: Kostnad, amounts: {base}}}
financiers:
  - {{id: f, label: F, sector: public, {rule}}}
  - {{id: region, label: Region, sector: public, remainder: true}}
"""
    report = check_text(text.encode(), "t.yaml")
    assert report.calculation is not None, report.problems
    return next(f for f in report.calculation.financiers if f.id == "f").amounts


# -- spread: a whole-project total over periods ------------------------------------------------


def test_spread_even_the_last_period_takes_what_is_left():
    # 100 000 / 3 = 33 333,33… → 33 333 and 33 333; the last: 100 000 − 66 666 = 33 334
    assert financier_amounts("fixed_total: 100 000", "{ar1: 1 000 000, ar2: 0, ar3: 0}") == {
        "ar1": D(33_333), "ar2": D(33_333), "ar3": D(33_334)}


def test_spread_rounds_halves_up_and_gives_the_last_less():
    # 200 000 / 3 = 66 666,67 → 66 667 twice; the last: 200 000 − 133 334 = 66 666
    assert financier_amounts("fixed_total: 200 000", "{ar1: 1 000 000, ar2: 0, ar3: 0}") == {
        "ar1": D(66_667), "ar2": D(66_667), "ar3": D(66_666)}
    # 5 × 1/2 = 2,5 → 3 (halves away from zero, as Excel's ROUND); 5 × 1/4 = 1,25 → 1; the last 1
    assert financier_amounts("fixed_total: 5, spread: weights, weights: {ar1: 2, ar2: 1, ar3: 1}",
                             "{ar1: 100, ar2: 0, ar3: 0}") == {"ar1": D(3), "ar2": D(1), "ar3": D(1)}


def test_spread_by_weights():
    # 1 000 × 1/4 = 250; 1 000 × 2/4 = 500; the last 1 000 − 750 = 250
    assert financier_amounts("fixed_total: 1 000, spread: weights, weights: {ar1: 1, ar2: 2, ar3: 1}") == {
        "ar1": D(250), "ar2": D(500), "ar3": D(250)}
    # decimal weights are the same proportions: 0,5 / 0,25 / 0,25 of 1 000
    assert financier_amounts("fixed_total: 1 000, spread: weights, weights: {ar1: '0,5', ar2: '0,25', ar3: '0,25'}") \
        == {"ar1": D(500), "ar2": D(250), "ar3": D(250)}


def test_spread_by_the_base_per_period():
    # 40 % of 1 000 = 400, spread as the cost: 100/1 000, 300/1 000 → 40, 120; the last 400 − 160 = 240
    assert financier_amounts("share: 40 %") == {"ar1": D(40), "ar2": D(120), "ar3": D(240)}


def test_spread_with_a_base_that_adds_up_to_zero_is_even():
    # Revenue equal to the cost leaves a booked cost of 0 in total but not per period: 90 spreads
    # evenly (30 each) instead of dividing by zero.
    text = """\
format: hso-budget/1
project: {name: Test, owner: Härnösands kommun}
periods: [{id: ar1, label: År 1}, {id: ar2, label: År 2}, {id: ar3, label: År 3}]
costs:
  - {id: c, label: Kostnad, amounts: {ar1: 100, ar2: 0, ar3: 0}}
  - {id: r, label: Intäkter, kind: revenue, amounts: {ar1: 0, ar2: 100, ar3: 0}}
financiers:
  - {id: f, label: F, sector: public, fixed_total: 90, spread: base, of: booked_cost}
  - {id: region, label: Region, sector: public, remainder: true}
"""
    report = check_text(text.encode(), "t.yaml")
    assert report.calculation is not None, report.problems
    assert report.calculation.financiers[0].amounts == {"ar1": D(30), "ar2": D(30), "ar3": D(30)}


# -- share of a base ---------------------------------------------------------------------------


def test_share_total_rounds_down_to_the_krona():
    # 40 % × 40 196 258 = 16 078 503,20 → 16 078 503 (down)
    amounts = financier_amounts("share: 40 %", "{ar1: 40 196 258, ar2: 0, ar3: 0}")
    assert sum(amounts.values()) == D(16_078_503)
    # 40 % × 40 196 257 = 16 078 502,80 → 16 078 502 (down, never above 40 %)
    amounts = financier_amounts("share: 40 %", "{ar1: 40 196 257, ar2: 0, ar3: 0}")
    assert sum(amounts.values()) == D(16_078_502)


# -- the remainder -----------------------------------------------------------------------------


def test_remainder_may_come_out_negative_for_the_check_to_report():
    text = """\
format: hso-budget/1
project: {name: Test, owner: Härnösands kommun}
periods: [{id: ar1, label: År 1}, {id: ar2, label: År 2}, {id: ar3, label: År 3}]
costs:
  - {id: c, label: Kostnad, per_period: 100}
financiers:
  - {id: region, label: Region, sector: public, remainder: true}
  - {id: k, label: Kommun, sector: public, amounts: {ar1: 150, ar2: 50, ar3: 100}}
"""
    calc = calculate(check_text(text.encode(), "t.yaml").budget, explain=True)
    assert calc.financiers[0].amounts == {"ar1": D(-50), "ar2": D(50), "ar3": D(0)}
    [note] = [n for n in calc.explanations if n.subject == "Region" and n.period == "År 1"]
    assert note.text == "100 (booked cost) − 150 (Kommun) = -50 (the remainder)"


# -- expressions -------------------------------------------------------------------------------

GRID = {("a",): 5, ("b",): 6, ("c",): 7, ("d",): 9}


def where(key, period):
    return Address(None, 2 if period else 5, GRID[key])


def ref(key: str, value: int | str) -> Ref:
    return Ref((key,), "p", Const(D(value)))


def test_a_sum_writes_neighbouring_cells_as_a_range_and_subtracts():
    total = Sum([ref("a", 1), ref("b", 2), ref("c", 3), ref("d", 4)], [1, 1, 1, -1])
    assert total.value == D(2)  # 1 + 2 + 3 − 4
    assert total.formula(where) == "SUM(B5:B7)-B9"
    assert total.text() == "1 + 2 + 3 − 4 = 2"
    assert Sum([]).formula(where) == "0" and Sum([]).value == 0


def test_a_rate_reads_as_a_percentage_and_writes_whole_numbers():
    oh = Round(Scale(Sum([ref("a", 6_428_829), ref("c", 2_868_707)]), 15, 100, "15 %"))
    # 15 % × 9 297 536 = 1 394 630,40 → 1 394 630
    assert oh.value == D(1_394_630)
    assert oh.text() == "15 % × (6 428 829 + 2 868 707) = 1 394 630,40 → 1 394 630"
    assert oh.formula(where) == "ROUND((B5+B7)*15/100,0)"


def test_an_indexation_reads_after_its_base():
    indexed = Round(Scale(ref("a", 6_428_829), 1024, 1000, "(1 + 2,4 %)^2", power=2, rate_first=False))
    # 6 428 829 × 1,024² = 6 741 115,80… → 6 741 116
    assert indexed.value == D(6_741_116)
    assert indexed.text() == "6 428 829 × (1 + 2,4 %)^2 = 6 741 115,80 → 6 741 116"
    assert indexed.formula(where) == "ROUND(B5*1024^2/1000^2,0)"


def test_parts_of_months_are_exact_fractions():
    months = Sum([Const(D(5)), Ratio(17, 31), Ratio(14, 30)])
    salary = Round(Product([Const(D(10_000)), months]))
    # 10 000 × (5 + 17/31 + 14/30) = 50 000 + 5 483,87… + 4 666,66… = 60 150,53… → 60 151
    assert salary.value == D(60_151)
    assert salary.formula(where) == "ROUND(10000*(5+17/31+14/30),0)"


def test_a_note_follows_the_result():
    share = Noted(Round(Scale(ref("a", 40_196_258), 40, 100, "40 %"), ROUND_DOWN_MODE), "rounded down")
    assert share.text() == "40 % × 40 196 258 = 16 078 503,20 → 16 078 503 (rounded down)"
    assert share.formula(where) == "ROUNDDOWN(B5*40/100,0)"


@pytest.mark.parametrize("exact, approx, whole, mode, expected", [
    # far from the boundary: the plain function
    (D("1394630.40"), 1394630.4, True, "half-up", "ROUND(x,0)"),
    # an exact half reached exactly from whole numbers: ROUND rounds it away from zero itself
    (D("490230.5"), 490230.5, True, "half-up", "ROUND(x,0)"),
    # 21 690 793,499 is within 10^-9 of a half: INT (exact there) plus what rounding adds: 0
    (D("21690793.49913"), 21690793.49913, True, "half-up", "INT(x)"),
    # …and just above the half: INT plus 1
    (D("21690793.50001"), 21690793.50001, True, "half-up", "INT(x)+1"),
    # an exact half of a large product that floating point cannot reach exactly
    (D("123456789012.5"), 123456789012.50002, True, "half-up", "INT(x)+1"),
    # 41 048 610,99995 rounded down is 41 048 610, but LibreOffice snaps it up: ROUND less one
    (D("41048610.9999516"), 41048610.9999516, True, "down", "ROUND(x,0)-1"),
    # a whole number reached exactly: ROUNDDOWN keeps it
    (D("16078503"), 16078503.0, True, "down", "ROUNDDOWN(x,0)"),
    (D("16078503.20"), 16078503.2, True, "down", "ROUNDDOWN(x,0)"),
])
def test_spreadsheet_rounding_keeps_away_from_its_boundary(exact, approx, whole, mode, expected):
    assert spreadsheet_round("x", exact, approx, whole, mode) == expected


# -- a whole budget --------------------------------------------------------------------------

SMALL = """\
format: hso-budget/1
project: {name: Test, owner: Härnösands kommun}
periods:
  - {id: ar1, label: År 1}
  - {id: ar2, label: År 2}
costs:
  - {id: resor, label: Resor, amounts: {ar1: 1 000, ar2: 2 000}}
  - {id: intakter, label: Intäkter, kind: revenue, amounts: {ar1: 100, ar2: 0}}
financiers:
  - {id: region, label: Region, sector: public, remainder: true}
  - {id: kommun, label: Kommun, sector: public, per_period: 300}
programme: eruf-mellersta-norrland-2021-2027
"""


def test_a_budget_without_direct_costs_is_calculated():
    report = check_text(SMALL.encode(), "small.yaml")
    assert report.problems == []
    calc = report.calculation
    # booked: 1 000 − 100 = 900 and 2 000 − 0 = 2 000; Region: 900 − 300 = 600, 2 000 − 300 = 1 700
    assert calc.booked_cost.amounts == {"ar1": D(900), "ar2": D(2000)}
    assert calc.direct_costs_total.amounts == {"ar1": D(0), "ar2": D(0)}
    assert calc.project_cost.amounts == {"ar1": D(900), "ar2": D(2000)}
    assert calc.financiers[0].amounts == {"ar1": D(600), "ar2": D(1700)}
    assert calc.project_financing.amounts == calc.project_cost.amounts


def with_direct_cost(text: str) -> str:
    """The budget with 50 kr a period of Länsstyrelsen's own costs (a direct cost and its financier)."""
    return text.replace(
        "financiers:",
        "direct_costs:\n  - {id: lst, label: Länsstyrelsen, financier: lst, per_period: 50}\nfinanciers:\n"
        "  - {id: lst, label: Länsstyrelsen, sector: public, kind: in-kind, carried: true}",
    )


def test_revenue_reduces_the_booked_cost():
    text = with_direct_cost(SMALL)
    report = check_text(text.encode(), "small.yaml")
    assert report.problems == []
    calc = calculate(report.budget, explain=True)
    # booked: 1 000 − 100 = 900, 2 000; project: + 50 of Länsstyrelsen's own costs
    assert calc.booked_cost.amounts == {"ar1": D(900), "ar2": D(2000)}
    assert calc.project_cost.amounts == {"ar1": D(950), "ar2": D(2050)}
    assert calc.project_financing.amounts == calc.project_cost.amounts
    # The explanation of the booked cost shows the revenue subtracted.
    [note] = [n for n in calc.explanations if n.subject == "SUMMA BOKFÖRD KOSTNAD" and n.period == "År 1"]
    assert note.text == "1 000 − 100 = 900"


def test_calculate_is_deterministic():
    text = with_direct_cost(SMALL)
    report = check_text(text.encode(), "small.yaml")
    assert report.problems == []
    again = calculate(report.budget)
    assert again.booked_cost == report.calculation.booked_cost
    assert [f.amounts for f in again.financiers] == [f.amounts for f in report.calculation.financiers]


def test_explaining_changes_no_number():
    # `check` calculates without explanations, `show --explain` with them: the numbers are the same.
    report = check_text(with_direct_cost(SMALL).encode(), "small.yaml")
    quiet, explained = report.calculation, calculate(report.budget, explain=True)
    assert quiet.explanations == [] and explained.explanations
    for name in ("booked_cost", "direct_costs_total", "project_cost", "cash_financing", "project_financing"):
        assert getattr(explained, name) == getattr(quiet, name), name
    assert [c.amounts for c in explained.costs] == [c.amounts for c in quiet.costs]
    assert [f.amounts for f in explained.financiers] == [f.amounts for f in quiet.financiers]
