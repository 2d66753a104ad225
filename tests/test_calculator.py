"""Unit tests of the calculator's pieces: spreading a total, the remainder, sums of rows.

Every expected number is worked out by hand in a comment beside it.
"""

from __future__ import annotations

from decimal import Decimal


from hso_budget import financing
from hso_budget.calculation import Row
from hso_budget.calculator import calculate, sum_rows
from hso_budget.model import Financier, Period
from hso_budget.runner import check_text

D = Decimal
PERIODS = [Period(id="ar1", label="År 1"), Period(id="ar2", label="År 2"), Period(id="ar3", label="År 3")]


def row(row_id: str, *amounts) -> Row:
    return Row(row_id, row_id, {p.id: D(a) for p, a in zip(PERIODS, amounts)})


# -- spread: a whole-project total over periods ------------------------------------------------


def test_spread_even_the_last_period_takes_what_is_left():
    # 100 000 / 3 = 33 333,33… → 33 333 and 33 333; the last: 100 000 − 66 666 = 33 334
    assert financing.spread(D(100_000), {"ar1": D(1), "ar2": D(1), "ar3": D(1)}) == {
        "ar1": D(33_333), "ar2": D(33_333), "ar3": D(33_334)}


def test_spread_rounds_halves_up_and_gives_the_last_less():
    # 200 000 / 3 = 66 666,67 → 66 667 twice; the last: 200 000 − 133 334 = 66 666
    assert financing.spread(D(200_000), {"ar1": D(1), "ar2": D(1), "ar3": D(1)}) == {
        "ar1": D(66_667), "ar2": D(66_667), "ar3": D(66_666)}
    # 5 / 2 = 2,5 → 3; the last 2 (halves away from zero, as Excel's ROUND)
    assert financing.spread(D(5), {"a": D(1), "b": D(1)}) == {"a": D(3), "b": D(2)}


def test_spread_by_weights():
    # 1 000 × 1/4 = 250; 1 000 × 2/4 = 500; the last 1 000 − 750 = 250
    assert financing.spread(D(1000), {"ar1": D(1), "ar2": D(2), "ar3": D(1)}) == {
        "ar1": D(250), "ar2": D(500), "ar3": D(250)}
    # The seed's Tillväxtverket: its own three years as weights give them back exactly.
    weights = {"ar1": D(5_921_581), "ar2": D(5_073_864), "ar3": D(5_083_058)}
    assert financing.spread(D(16_078_503), weights) == weights


def test_spread_always_adds_up_to_the_total():
    for total in (D(1), D(2), D(99_999), D(100_001), D(16_078_503)):
        for weights in ({"a": D(1), "b": D(1), "c": D(1)}, {"a": D(3), "b": D(0), "c": D(7)},
                        {"a": D("0.5"), "b": D("0.25"), "c": D("0.25")}):
            parts = financing.spread(total, weights)
            assert sum(parts.values()) == total
            assert list(parts) == list(weights)


def test_spread_with_only_zero_weights_is_even():
    # Documented: "Zero weights spread evenly": 90 / 3 = 30 each.
    assert financing.spread(D(90), {"a": D(0), "b": D(0), "c": D(0)}) == {"a": D(30), "b": D(30), "c": D(30)}


def test_spread_weights_by_base_even_and_given():
    base = row("project_cost", 100, 300, 600)
    share = Financier(id="t", label="T", sector="public", share="40 %")
    assert financing.spread_weights(share, base, PERIODS) == {"ar1": D(100), "ar2": D(300), "ar3": D(600)}
    fixed = Financier(id="k", label="K", sector="public", fixed_total="900")
    assert financing.spread_weights(fixed, base, PERIODS) == {"ar1": D(1), "ar2": D(1), "ar3": D(1)}
    weighted = Financier(id="w", label="W", sector="public", fixed_total="900", spread="weights",
                         weights={"ar1": "1", "ar3": "2"})
    assert financing.spread_weights(weighted, base, PERIODS) == {"ar1": D(1), "ar2": D(0), "ar3": D(2)}


# -- share of a base ---------------------------------------------------------------------------


def test_share_total_rounds_down_to_the_krona():
    f = Financier(id="t", label="Tillväxtverket", sector="public", share="40 %")
    # 40 % × 40 196 258 = 16 078 503,20 → 16 078 503 (down)
    base = Row("p", "p", {"ar1": D(40_196_258)})
    total = financing.share_total(f, base)
    assert total == D(16_078_503)
    text = financing.explain_share(f, base, "project cost", total)
    assert text.startswith("40 % × 40 196 258 (project cost) = 16 078 503,20 → 16 078 503")
    # 40 % × 40 196 257 = 16 078 502,80 → 16 078 502 (down, never above 40 %)
    assert financing.share_total(f, Row("p", "p", {"ar1": D(40_196_257)})) == D(16_078_502)


# -- the remainder -----------------------------------------------------------------------------


def test_remainder_is_what_is_left_of_the_booked_cost_in_every_period():
    booked = row("booked", 13_279_868, 12_102_110, 12_114_880)
    tillvaxtverket = row("tvv", 5_921_581, 5_073_864, 5_083_058)
    # six municipalities at 454 407 and Sundsvall at 661 270: 6 × 454 407 + 661 270 = 3 387 712
    municipalities = row("kommuner", 3_387_712, 3_387_712, 3_387_712)
    amounts = financing.remainder(booked, [tillvaxtverket, municipalities], PERIODS)
    # 13 279 868 − 5 921 581 − 3 387 712 = 3 970 575
    # 12 102 110 − 5 073 864 − 3 387 712 = 3 640 534
    # 12 114 880 − 5 083 058 − 3 387 712 = 3 644 110
    assert amounts == {"ar1": D(3_970_575), "ar2": D(3_640_534), "ar3": D(3_644_110)}
    region = Row("region", "Region", amounts)
    notes = financing.explain_remainder(booked, [tillvaxtverket, municipalities], region, PERIODS)
    assert [(n.subject, n.period) for n in notes] == [("Region", "År 1"), ("Region", "År 2"), ("Region", "År 3")]
    assert notes[0].text == "13 279 868 (booked cost) − 5 921 581 (tvv) − 3 387 712 (kommuner) = 3 970 575 (the remainder)"


def test_remainder_may_come_out_negative_for_the_check_to_report():
    amounts = financing.remainder(row("b", 100, 100, 100), [row("k", 150, 50, 100)], PERIODS)
    assert amounts == {"ar1": D(-50), "ar2": D(50), "ar3": D(0)}


# -- sums --------------------------------------------------------------------------------------


def test_sum_rows_adds_period_by_period():
    total = sum_rows("s", "S", [row("a", 1, 2, 3), row("b", 10, 20, 30)], PERIODS)
    assert total.amounts == {"ar1": D(11), "ar2": D(22), "ar3": D(33)}
    assert total.total == D(66)


def test_sum_rows_subtracts_revenue_by_its_sign():
    total = sum_rows("s", "S", [row("a", 100, 100, 100), row("r", 30, 0, 5)], PERIODS, [1, -1])
    assert total.amounts == {"ar1": D(70), "ar2": D(100), "ar3": D(95)}


def test_sum_rows_of_nothing_is_zero():
    assert sum_rows("s", "S", [], PERIODS).amounts == {"ar1": D(0), "ar2": D(0), "ar3": D(0)}


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
