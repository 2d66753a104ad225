"""The budget's rules, each worked out by hand (issue 3).

Every test is a small budget and the numbers it must give; the arithmetic that gives them is
written in comments beside the assertions, never computed with the code under test.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hso_budget.calculator import calculate
from hso_budget.cli import app
from hso_budget.runner import check_text

D = Decimal
ROOT = Path(__file__).resolve().parent.parent
PRESET = "eruf-mellersta-norrland-2021-2027"

YEARS = """\
  - {id: ar1, label: År 1}
  - {id: ar2, label: År 2}
  - {id: ar3, label: År 3}
"""
HALF_YEARS = """\
  - {id: p1, label: Period 1, start: 2027-01-01, end: 2027-06-30}
  - {id: p2, label: Period 2, start: 2027-07-01, end: 2027-12-31}
  - {id: p3, label: Period 3, start: 2028-01-01, end: 2028-06-30}
  - {id: p4, label: Period 4, start: 2028-07-01, end: 2028-12-31}
"""
# Länsstyrelsen's own staff time: 10 000 a period, a direct cost and its in-kind financing.
DIRECT = "  - {id: lst, label: Länsstyrelsen, financier: lst, per_period: 10 000}\n"
IN_KIND = "  - {id: lst, label: Länsstyrelsen, sector: public, kind: in-kind, carried: true}\n"
STAFF_CATEGORIES = """\
  - {id: personal, label: Personal, kind: staff}
  - {id: lbk, label: Lönebikostnad, kind: payroll}
"""


def budget(costs: str, financiers: str = "  - {id: region, label: Region, sector: public, remainder: true}\n",
           *, periods: str = YEARS, programme: str = PRESET, staff: str = "", payroll: str = "") -> str:
    """A budget's YAML text from its sections (each given as its indented lines)."""
    text = f"format: hso-budget/1\nproject: {{name: Regler, owner: Härnösands kommun}}\nprogramme: {programme}\n"
    text += f"periods:\n{periods}"
    if payroll:
        text += f"payroll_overheads:\n{payroll}"
    if staff:
        text += f"staff:\n{staff}"
    return text + f"costs:\n{costs}direct_costs:\n{DIRECT}financiers:\n{financiers}{IN_KIND}"


def problems(text: str) -> list[str]:
    return [f"{p.line}:{p.column} {p.level.value} {p.check} {p.message}" for p in check_text(text.encode(), "t.yaml").problems]


def calculated(text: str, allowed: tuple[str, ...] = (), *, explain: bool = False):
    """The calculation of a budget that must give no problem but those whose check is `allowed`;
    with `explain`, calculated again with the explanations (which `check` does not build)."""
    report = check_text(text.encode(), "t.yaml")
    unexpected = [f"{p.line}:{p.column} {p.level.value} {p.check} {p.message}" for p in report.problems
                  if p.check not in allowed]
    assert unexpected == []
    assert report.calculation is not None
    return calculate(report.budget, explain=True) if explain else report.calculation


def amounts(row) -> list[Decimal]:
    return list(row.amounts.values())


def cost(calc, row_id):
    return next(c for c in calc.costs if c.id == row_id)


def financier(calc, row_id):
    return next(f for f in calc.financiers if f.id == row_id)


# -- staff positions ---------------------------------------------------------------------------

PAYROLL = """\
  Härnösands kommun:
    ar1: 45,24 %
    ar2: 42,68 %
    ar3: 42,68 %
  Region Västernorrland: 39,5 %
"""
PROJEKTLEDARE = "  - {role: Projektledare, employer: Härnösands kommun, monthly_salary: 40 000}\n"


def test_a_full_time_position_by_the_1720_hour_rule():
    calc = calculated(budget(STAFF_CATEGORIES, staff=PROJEKTLEDARE, payroll=PAYROLL))
    [position] = calc.staff
    year1 = position.periods["ar1"]
    # 100 % for 12 months: 1 720 × 100 % × 12/12 = 1 720 h
    assert year1.hours == D(1720)
    # hourly cost: 40 000 × 12 / 1 720 = 480 000 / 1 720 = 279,0697… → 279,07 kr/h
    assert year1.hourly_cost.quantize(D("0.01")) == D("279.07")
    # 1 720 h × 279,0697… = 480 000 = 40 000 × 12
    assert year1.salary == D(480_000)
    assert year1.months == D(12)


def test_salaries_are_indexed_by_2_4_percent_every_12_months():
    calc = calculated(budget(STAFF_CATEGORIES, staff=PROJEKTLEDARE, payroll=PAYROLL))
    [position] = calc.staff
    # År 2: 40 000 × 1,024 = 40 960 a month; × 12 = 491 520
    # År 3: 40 000 × 1,024² = 41 943,04 a month; × 12 = 503 316,48 → 503 316
    assert [position.periods[p].salary for p in ("ar1", "ar2", "ar3")] == [D(480_000), D(491_520), D(503_316)]
    # År 2's hourly cost: 40 960 × 12 / 1 720 = 285,767… → 285,77
    assert position.periods["ar2"].hourly_cost.quantize(D("0.01")) == D("285.77")
    assert amounts(cost(calc, "personal")) == [D(480_000), D(491_520), D(503_316)]


def test_payroll_overheads_per_employer_and_per_period():
    staff = PROJEKTLEDARE + (
        "  - {role: Processledare Ånge, employer: Region Västernorrland, monthly_salary: 30 000,"
        " share_of_time: 50 %, periods: [ar2]}\n"
    )
    project_start = f"{{preset: {PRESET}, staff_indexation_from: project-start}}"
    calc = calculated(budget(STAFF_CATEGORIES, staff=staff, payroll=PAYROLL, programme=project_start))
    projektledare, processledare = calc.staff
    # Indexed from the project's first month (the setting), so År 2 is one step for everyone.
    # Härnösands kommun: 45,24 % in År 1, 42,68 % in År 2 and 3
    #   År 1: 480 000 × 45,24 % = 217 152
    #   År 2: 491 520 × 42,68 % = 209 780,736 → 209 781
    #   År 3: 503 316 × 42,68 % = 214 815,2688 → 214 815
    assert [projektledare.periods[p].overheads for p in ("ar1", "ar2", "ar3")] == [
        D(217_152), D(209_781), D(214_815)]
    assert projektledare.periods["ar1"].overhead_rate == D("0.4524")
    assert projektledare.periods["ar2"].overhead_rate == D("0.4268")
    # Region Västernorrland: 39,5 % in every period; the position works År 2 only, half time:
    #   30 000 × 1,024 × 50 % × 12 = 184 320; × 39,5 % = 72 806,40 → 72 806
    assert [processledare.periods[p].salary for p in ("ar1", "ar2", "ar3")] == [D(0), D(184_320), D(0)]
    assert processledare.periods["ar2"].overheads == D(72_806)
    assert processledare.periods["ar2"].hours == D(860)  # 1 720 × 50 %
    # The categories: Personal 480 000, 491 520 + 184 320 = 675 840, 503 316
    assert amounts(cost(calc, "personal")) == [D(480_000), D(675_840), D(503_316)]
    # Lönebikostnad: 217 152, 209 781 + 72 806 = 282 587, 214 815
    assert amounts(cost(calc, "lbk")) == [D(217_152), D(282_587), D(214_815)]


def test_indexation_counts_from_the_month_the_person_starts_by_default():
    # Tillväxtverket's handbook 2021–2027: 2,4 % every 12 months from the person's first month.
    staff = PROJEKTLEDARE + (
        "  - {role: Processledare Ånge, employer: Härnösands kommun, monthly_salary: 30 000,"
        " share_of_time: 50 %, periods: [ar2, ar3]}\n"
    )
    calc = calculated(budget(STAFF_CATEGORIES, staff=staff, payroll=PAYROLL))
    projektledare, processledare = calc.staff
    # from År 1: 480 000, 491 520, 503 316 (as before)
    assert [projektledare.periods[p].salary for p in ("ar1", "ar2", "ar3")] == [
        D(480_000), D(491_520), D(503_316)]
    # from År 2: its first year is not indexed: 30 000 × 50 % × 12 = 180 000; År 3: × 1,024 = 184 320
    assert [processledare.periods[p].salary for p in ("ar1", "ar2", "ar3")] == [D(0), D(180_000), D(184_320)]


def test_periods_starting_mid_month_count_each_month_once():
    # Four half-years from 15 March 2027: every period is six whole project months.
    periods = """\
  - {id: p1, label: P1, start: 2027-03-15, end: 2027-09-14}
  - {id: p2, label: P2, start: 2027-09-15, end: 2028-03-14}
  - {id: p3, label: P3, start: 2028-03-15, end: 2028-09-14}
  - {id: p4, label: P4, start: 2028-09-15, end: 2029-03-14}
"""
    staff = "  - {role: Projektledare, employer: Härnösands kommun, monthly_salary: 10 000}\n"
    calc = calculated(budget(STAFF_CATEGORIES, staff=staff, payroll="  Härnösands kommun: 40 %\n",
                             periods=periods))
    [position] = calc.staff
    # 10 000 × 6 = 60 000 twice, then 10 240 × 6 = 61 440 twice: 242 880 over two years
    assert [position.periods[p].salary for p in ("p1", "p2", "p3", "p4")] == [
        D(60_000), D(60_000), D(61_440), D(61_440)]
    assert [position.periods[p].months for p in ("p1", "p2", "p3", "p4")] == [D(6)] * 4
    assert cost(calc, "personal").total == D(242_880)


def test_two_days_across_a_month_end_are_two_days_not_two_months():
    staff = ("  - {role: Konsult, employer: Härnösands kommun, monthly_salary: 31 000,"
             " start: 2027-01-31, end: 2027-02-01}\n")
    calc = calculated(budget(STAFF_CATEGORIES, staff=staff, payroll="  Härnösands kommun: 40 %\n",
                             periods=HALF_YEARS))
    [position] = calc.staff
    # 1 day of January (31 days) and 1 of February 2027 (28 days):
    # 31 000 × (1/31 + 1/28) = 1 000 + 1 107,14… = 2 107,14… → 2 107
    assert position.periods["p1"].salary == D(2_107)
    # hours: 1 720 × (1/31 + 1/28) / 12 = 9,74… h
    assert position.periods["p1"].hours.quantize(D("0.01")) == D("9.74")


def test_oh_is_a_rate_of_personal_and_payroll():
    costs = STAFF_CATEGORIES + "  - {id: oh, label: OH, kind: indirect, rate: 15 %, of: [personal, lbk]}\n"
    calc = calculated(budget(costs, staff=PROJEKTLEDARE, payroll=PAYROLL))
    # År 1: 15 % × (480 000 + 217 152) = 15 % × 697 152 = 104 572,80 → 104 573
    # År 2: 15 % × (491 520 + 209 781) = 15 % × 701 301 = 105 195,15 → 105 195
    # År 3: 15 % × (503 316 + 214 815) = 15 % × 718 131 = 107 719,65 → 107 720
    assert amounts(cost(calc, "oh")) == [D(104_573), D(105_195), D(107_720)]


def test_half_time_for_half_a_year_is_430_hours():
    staff = ("  - {role: Kommunikatör, employer: Härnösands kommun, monthly_salary: 40 000, share_of_time: 50 %,"
             " start: 2027-01-01, end: 2027-06-30}\n")
    calc = calculated(budget(STAFF_CATEGORIES, staff=staff, payroll="  Härnösands kommun: 40 %\n",
                             periods=HALF_YEARS))
    [position] = calc.staff
    p1 = position.periods["p1"]
    # 40 000 × 50 % × 6 months = 120 000; 1 720 × 50 % × 6/12 = 430 h exactly (not 429,99…)
    assert p1.salary == D(120_000)
    assert p1.hours == D(430)
    assert p1.months == D(6)
    assert [position.periods[p].salary for p in ("p2", "p3", "p4")] == [D(0), D(0), D(0)]


def test_dated_periods_and_a_position_that_starts_mid_project():
    staff = PROJEKTLEDARE + (
        "  - {role: Kommunikatör, employer: Härnösands kommun, monthly_salary: 36 000, share_of_time: 50 %,"
        " start: 2027-10-01}\n"
    )
    project_start = f"{{preset: {PRESET}, staff_indexation_from: project-start}}"
    calc = calculated(budget(STAFF_CATEGORIES, staff=staff, payroll="  Härnösands kommun: 40 %\n",
                             periods=HALF_YEARS, programme=project_start))
    projektledare, kommunikator = calc.staff
    # Projektledare: 6 months a period; indexed from the project's 13th month (Period 3):
    #   p1, p2: 40 000 × 6 = 240 000; p3, p4: 40 960 × 6 = 245 760
    assert [projektledare.periods[p].salary for p in ("p1", "p2", "p3", "p4")] == [
        D(240_000), D(240_000), D(245_760), D(245_760)]
    # Kommunikatör from 1 October 2027: nothing in Period 1; October–December in Period 2:
    #   36 000 × 50 % × 3 = 54 000 (215 h: 1 720 × 50 % × 3/12)
    #   then 36 000 × 1,024 × 50 % × 6 = 110 592 in Periods 3 and 4 (indexed with the project, not the person)
    assert [kommunikator.periods[p].salary for p in ("p1", "p2", "p3", "p4")] == [
        D(0), D(54_000), D(110_592), D(110_592)]
    assert kommunikator.periods["p2"].months == D(3)
    assert kommunikator.periods["p2"].hours == D(215)
    # Lönebikostnad 40 %: 96 000, 96 000 + 21 600 = 117 600, 98 304 + 44 236,80 → 44 237 = 142 541 twice
    assert amounts(cost(calc, "lbk")) == [D(96_000), D(117_600), D(142_541), D(142_541)]


def test_a_position_that_starts_mid_project_is_indexed_from_its_own_start():
    staff = PROJEKTLEDARE + (
        "  - {role: Kommunikatör, employer: Härnösands kommun, monthly_salary: 36 000, share_of_time: 50 %,"
        " start: 2027-10-01}\n"
    )
    calc = calculated(budget(STAFF_CATEGORIES, staff=staff, payroll="  Härnösands kommun: 40 %\n",
                             periods=HALF_YEARS))
    kommunikator = calc.staff[1]
    # from 1 October 2027, indexed from 1 October 2028: p2 Oct–Dec 36 000 × 50 % × 3 = 54 000;
    # p3 36 000 × 50 % × 6 = 108 000; p4 Jul–Sep 54 000 + Oct–Dec 36 864 × 50 % × 3 = 55 296: 109 296
    assert [kommunikator.periods[p].salary for p in ("p1", "p2", "p3", "p4")] == [
        D(0), D(54_000), D(108_000), D(109_296)]
    # p4 is two rows of the Personal sheet, each with its overheads: 21 600 + 22 118,40 → 22 118
    assert [s.step for s in kommunikator.segments if s.period == "p4"] == [0, 1]
    assert kommunikator.periods["p4"].overheads == D(43_718)


def test_the_explanation_uses_the_programmes_hours_per_year():
    text = budget(STAFF_CATEGORIES, staff=PROJEKTLEDARE, payroll=PAYROLL,
                  programme=f"{{preset: {PRESET}, hours_per_year: 1700}}")
    calc = calculated(text, explain=True)
    # 40 000 × 12 / 1 700 = 282,35 kr/h; 1 700 h
    [note] = [n for n in calc.explanations if n.subject == "Projektledare" and n.period == "År 1"]
    assert "1 700 h" in note.text and "282,35 kr/h" in note.text
    assert "1 720" not in note.text


def test_a_payroll_rate_missing_for_a_period_is_an_error():
    text = budget(STAFF_CATEGORIES, staff=PROJEKTLEDARE,
                  payroll="  Härnösands kommun:\n    ar1: 45,24 %\n    ar2: 42,68 %\n")
    # not 0 % for År 3: the table (its first entry, line 10) lacks it
    assert problems(text) == ["10:5 error missing-period no payroll-overhead rate for Härnösands kommun in År 3"]


def test_two_payroll_categories_filled_from_the_positions_are_an_error():
    staff = (
        "  - {role: Projektledare, employer: Härnösands kommun, monthly_salary: 40 000, category: personal-h}\n"
        "  - {role: Kommunikatör, employer: Region Västernorrland, monthly_salary: 30 000, category: personal-r}\n"
    )
    costs = """\
  - {id: personal-h, label: Personal Härnösands kommun, kind: staff}
  - {id: lbk-h, label: Lönebikostnad Härnösands kommun, kind: payroll}
  - {id: personal-r, label: Personal Region Västernorrland, kind: staff}
  - {id: lbk-r, label: Lönebikostnad Region Västernorrland, kind: payroll}
"""
    # Both would be filled with all positions' overheads, counting them twice: refused, at the second.
    assert problems(budget(costs, staff=staff, payroll=PAYROLL)) == [
        "21:5 error rule 'Lönebikostnad Region Västernorrland': only one payroll category can be filled from "
        "the staff positions' payroll overheads; give the others amounts or a rate"]


def test_a_second_payroll_category_with_its_own_amounts_is_fine():
    staff = (
        "  - {role: Projektledare, employer: Härnösands kommun, monthly_salary: 40 000, category: personal-h}\n"
        "  - {role: Kommunikatör, employer: Region Västernorrland, monthly_salary: 30 000, category: personal-r}\n"
    )
    costs = """\
  - {id: personal-h, label: Personal Härnösands kommun, kind: staff}
  - {id: personal-r, label: Personal Region Västernorrland, kind: staff}
  - {id: lbk, label: Lönebikostnad, kind: payroll}
  - {id: lbk-extra, label: Övriga lönebikostnader, kind: payroll, per_period: 1 000}
"""
    calc = calculated(budget(costs, staff=staff, payroll=PAYROLL))
    # År 1: 480 000 × 45,24 % = 217 152 and 360 000 × 39,5 % = 142 200: 359 352, counted once
    assert cost(calc, "lbk").amounts["ar1"] == D(359_352)
    assert amounts(cost(calc, "lbk-extra")) == [D(1_000), D(1_000), D(1_000)]


def test_staff_positions_add_to_the_amounts_a_staff_category_has():
    costs = "  - {id: personal, label: Personal, kind: staff, per_period: 100 000}\n" \
            "  - {id: lbk, label: Lönebikostnad, kind: payroll}\n"
    calc = calculated(budget(costs, staff=PROJEKTLEDARE, payroll=PAYROLL), explain=True)
    personal = cost(calc, "personal")
    # written 100 000 a year, plus the Projektledare: 40 000 × 12 = 480 000; År 2 indexed 2,4 %:
    # 491 520; År 3: 40 000 × 1,024² × 12 = 503 316,48 → 503 316
    assert amounts(personal) == [D(580_000), D(591_520), D(603_316)]
    written, positions = personal.parts
    assert amounts(written) == [D(100_000)] * 3
    assert amounts(positions) == [D(480_000), D(491_520), D(503_316)]
    # payroll overheads of the position only (the written amount is Personal as typed): 480 000 × 45,24 %
    assert cost(calc, "lbk").amounts["ar1"] == D(217_152)
    lines = {(n.subject, n.period): n.text for n in calc.explanations}
    assert lines[("Personal", "År 1")] == "100 000 + 480 000 = 580 000"


def test_first_period_is_indexed_every_12_months_with_half_year_periods():
    costs = "  - {id: lokal, label: Externa lokaler, first_period: 100 000}\n"
    calc = calculated(budget(costs, periods=HALF_YEARS))
    # The programme's 2,4 % a year: 100 000 in the first year's two periods, 102 400 in the second's
    assert amounts(cost(calc, "lokal")) == [D(100_000), D(100_000), D(102_400), D(102_400)]


# -- cost lines --------------------------------------------------------------------------------


def test_line_items_are_units_times_unit_price():
    costs = """\
  - id: resor
    label: Resor och logi
    items:
      - {label: Tåg Härnösand–Sundsvall, unit_price: 3 500, units: 6}
      - {label: Konferens, unit_price: 12 000, units: 1, period: ar2}
      - {label: Hotellnätter, unit_price: "1 250,50", units: {ar1: 3, ar2: 0, ar3: 1}}
"""
    calc = calculated(budget(costs), explain=True)
    # År 1: 6 × 3 500 = 21 000; 3 × 1 250,50 = 3 751,50 → 3 752; 21 000 + 3 752 = 24 752
    # År 2: 6 × 3 500 = 21 000; 1 × 12 000 = 12 000; = 33 000
    # År 3: 21 000 + 1 × 1 250,50 → 1 251 = 22 251
    assert amounts(cost(calc, "resor")) == [D(24_752), D(33_000), D(22_251)]
    [note] = [n for n in calc.explanations if n.subject == "Resor och logi" and n.period == "År 1"]
    assert "6 × 3 500 (Tåg Härnösand–Sundsvall)" in note.text


def test_first_period_and_indexation():
    costs = """\
  - {id: lokal, label: Externa lokaler, first_period: 100 000, indexation: 3 %}
  - {id: tjanster, label: Externa tjänster, first_period: 1 000}
"""
    calc = calculated(budget(costs))
    # 100 000, × 1,03 = 103 000, × 1,03² = 106 090
    assert amounts(cost(calc, "lokal")) == [D(100_000), D(103_000), D(106_090)]
    # the programme's 2,4 %: 1 000, 1 024, 1 000 × 1,024² = 1 048,576 → 1 049
    assert amounts(cost(calc, "tjanster")) == [D(1000), D(1024), D(1049)]


def test_flat_rate_above_15_percent_is_an_error():
    costs = STAFF_CATEGORIES + '  - {id: oh, label: OH, kind: indirect, rate: "15,5 %", of: [personal, lbk]}\n'
    found = problems(budget(costs, staff=PROJEKTLEDARE, payroll=PAYROLL))
    assert any(" error flat-rate " in p and "15,5 %" in p and "15 %" in p for p in found)


def test_the_40_percent_rate_with_an_actual_cost_category_is_an_error():
    costs = STAFF_CATEGORIES + (
        "  - {id: ovriga, label: Övriga kostnader, kind: other-costs, rate: 40 %, of: [personal, lbk]}\n"
        "  - {id: resor, label: Resor och logi, per_period: 5 000}\n"
    )
    found = problems(budget(costs, staff=PROJEKTLEDARE, payroll=PAYROLL))
    assert [p.split()[2] for p in found if " error " in p] == ["flat-rate"]
    assert "Resor och logi" in found[0] and "flat rate for other costs" in found[0]


def test_the_40_percent_rate_alone_is_fine():
    costs = STAFF_CATEGORIES + (
        "  - {id: ovriga, label: Övriga kostnader, kind: other-costs, rate: 40 %, of: [personal, lbk]}\n")
    calc = calculated(budget(costs, staff=PROJEKTLEDARE, payroll=PAYROLL))
    # År 1: 40 % × (480 000 + 217 152) = 278 860,80 → 278 861
    assert amounts(cost(calc, "ovriga"))[0] == D(278_861)


# -- financing ---------------------------------------------------------------------------------

# Booked costs 100 000, 200 000, 300 000; with Länsstyrelsen's 10 000 a period the project
# costs 110 000, 210 000 and 310 000: 630 000 in all.
COSTS = "  - {id: tjanster, label: Externa tjänster, amounts: {ar1: 100 000, ar2: 200 000, ar3: 300 000}}\n"
REGION = "  - {id: region, label: Region Västernorrland, sector: public, remainder: true}\n"


def test_fixed_amounts_and_per_period():
    financiers = REGION + (
        "  - {id: kommun, label: Ånge kommun, sector: public, amounts: {ar1: 10 000, ar2: 20 000, ar3: 30 000}}\n"
        "  - {id: sundsvall, label: Sundsvall kommun, sector: public, per_period: 5 000}\n"
    )
    calc = calculated(budget(COSTS, financiers))
    assert amounts(financier(calc, "kommun")) == [D(10_000), D(20_000), D(30_000)]
    assert amounts(financier(calc, "sundsvall")) == [D(5_000)] * 3
    # Region: 100 000 − 10 000 − 5 000 = 85 000; 200 000 − 25 000 = 175 000; 300 000 − 35 000 = 265 000
    assert amounts(financier(calc, "region")) == [D(85_000), D(175_000), D(265_000)]


def test_fixed_total_is_spread_evenly_the_last_period_takes_the_rest():
    financiers = REGION + "  - {id: kommun, label: Ånge kommun, sector: public, fixed_total: 100 000}\n"
    calc = calculated(budget(COSTS, financiers))
    # 100 000 / 3 = 33 333,33 → 33 333 in År 1 and År 2; År 3: 100 000 − 66 666 = 33 334
    assert amounts(financier(calc, "kommun")) == [D(33_333), D(33_333), D(33_334)]
    assert financier(calc, "kommun").total == D(100_000)


def test_fixed_total_spread_by_weights():
    financiers = REGION + ("  - {id: kommun, label: Ånge kommun, sector: public, fixed_total: 100 000,"
                           " spread: weights, weights: {ar1: 1, ar2: 1, ar3: 2}}\n")
    calc = calculated(budget(COSTS, financiers))
    # 100 000 × 1/4 = 25 000 twice; the last: 100 000 − 50 000 = 50 000
    assert amounts(financier(calc, "kommun")) == [D(25_000), D(25_000), D(50_000)]


def test_share_of_the_project_cost_is_rounded_down_and_spread_by_the_base():
    costs = COSTS.replace("ar1: 100 000", "ar1: 100 004")
    financiers = REGION + "  - {id: tvv, label: Tillväxtverket, sector: public, fund: eruf, share: 40 %}\n"
    calc = calculated(budget(costs, financiers), explain=True)
    # Project cost 110 004 + 210 000 + 310 000 = 630 004; 40 % = 252 001,60 → 252 001 (down, not 252 002)
    assert calc.project_cost.total == D(630_004)
    tvv = financier(calc, "tvv")
    assert tvv.total == D(252_001)
    # By the project cost per period: 252 001 × 110 004 / 630 004 = 44 001,495… → 44 001
    #                                  252 001 × 210 000 / 630 004 = 83 999,80 → 84 000
    #                                  the last: 252 001 − 44 001 − 84 000 = 124 000
    assert amounts(tvv) == [D(44_001), D(84_000), D(124_000)]
    [note] = [n for n in calc.explanations if n.subject == "Tillväxtverket" and n.period == "total"]
    assert "40 % × 630 004" in note.text and "252 001,60" in note.text and "→ 252 001" in note.text


def test_share_of_the_booked_cost():
    financiers = REGION + ("  - {id: kommun, label: Ånge kommun, sector: public, share: 10 %, of: booked_cost,"
                           " spread: even}\n")
    calc = calculated(budget(COSTS, financiers))
    # 10 % × 600 000 = 60 000; evenly: 20 000 each
    assert amounts(financier(calc, "kommun")) == [D(20_000)] * 3


def test_the_remainder_balances_every_period_to_the_krona():
    financiers = REGION + (
        "  - {id: tvv, label: Tillväxtverket, sector: public, fund: eruf, share: 40 %}\n"
        "  - {id: kommun, label: Ånge kommun, sector: public, fixed_total: 100 000}\n"
    )
    calc = calculated(budget(COSTS, financiers))
    # Tillväxtverket: 40 % × 630 000 = 252 000 → 44 000, 84 000, 124 000 (40 % of each period)
    # Ånge: 33 333, 33 333, 33 334
    # Region: 100 000 − 44 000 − 33 333 = 22 667; 200 000 − 84 000 − 33 333 = 82 667;
    #         300 000 − 124 000 − 33 334 = 142 666
    assert amounts(financier(calc, "tvv")) == [D(44_000), D(84_000), D(124_000)]
    assert amounts(financier(calc, "region")) == [D(22_667), D(82_667), D(142_666)]
    assert calc.cash_financing.amounts == calc.booked_cost.amounts
    assert calc.project_financing.amounts == calc.project_cost.amounts


def test_a_negative_remainder_is_an_error():
    financiers = REGION + "  - {id: kommun, label: Ånge kommun, sector: public, per_period: 150 000}\n"
    found = problems(budget(COSTS, financiers))
    # År 1: 100 000 − 150 000 = −50 000
    [problem] = [p for p in found if "remainder-negative" in p]
    assert " error " in problem and "År 1" in problem and "50 000" in problem


def test_a_fund_cap_exceeded_by_1_kr_is_an_error():
    financiers = REGION + ("  - {id: tvv, label: Tillväxtverket, sector: public, fund: eruf,"
                           " amounts: {ar1: 44 000, ar2: 84 000, ar3: 124 001}}\n")
    found = problems(budget(COSTS, financiers))
    # 40 % × 630 000 = 252 000 < 252 001
    errors = [p for p in found if " error financing-cap " in p]
    assert len(errors) == 1
    assert "Tillväxtverket" in errors[0] and "252 001" in errors[0] and "1 kr" in errors[0]


def test_a_fund_at_exactly_its_cap_is_fine():
    financiers = REGION + ("  - {id: tvv, label: Tillväxtverket, sector: public, fund: eruf,"
                           " amounts: {ar1: 44 000, ar2: 84 000, ar3: 124 000}}\n")
    # 44 000 + 84 000 + 124 000 = 252 000 = 40 % × 630 000, and 40 % of every period
    assert problems(budget(COSTS, financiers)) == []


def test_above_the_cap_in_one_period_only_is_a_warning():
    financiers = REGION + ("  - {id: tvv, label: Tillväxtverket, sector: public, fund: eruf,"
                           " amounts: {ar1: 50 000, ar2: 84 000, ar3: 118 000}}\n")
    found = problems(budget(COSTS, financiers))
    # 252 000 in total (40 %), but År 1: 50 000 / 110 000 = 45,45 %
    assert len(found) == 1
    assert " warning financing-cap " in found[0] and "År 1" in found[0] and "45,45 %" in found[0]


def test_a_share_at_the_cap_spread_by_the_base_gives_no_warning():
    costs = COSTS.replace("ar1: 100 000", "ar1: 100 002")
    financiers = REGION + "  - {id: tvv, label: Tillväxtverket, sector: public, fund: eruf, share: 40 %}\n"
    # Project cost 110 002 + 210 000 + 310 000 = 630 002; 40 % = 252 000,80 → 252 000 (down).
    # År 1: 252 000 × 110 002 / 630 002 = 44 000,66 → 44 001, while 40 % × 110 002 = 44 000,80:
    # 0,20 kr above 40 % of År 1 only because the period was rounded to the krona.
    assert problems(budget(costs, financiers)) == []


def test_programme_preset_overrides_in_the_file():
    financiers = REGION + "  - {id: tvv, label: Tillväxtverket, sector: public, fund: eruf, share: 45 %}\n"
    # With the preset's 40 %: 45 % of 630 000 = 283 500 is above 252 000.
    found = problems(budget(COSTS, financiers))
    assert any(" error financing-cap " in p and "40 %" in p for p in found)
    # The file raises ERUF's cap to 50 %: 283 500 ≤ 315 000.
    programme = f"{{preset: {PRESET}, funds: {{eruf: {{max_share: 50 %}}}}}}"
    calc = calculated(budget(COSTS, financiers, programme=programme), allowed=("cap-raised",))
    assert [p.message for p in check_text(budget(COSTS, financiers, programme=programme).encode(), "t.yaml").problems] == [
        "the eruf fund's cap is raised to 50 %, above 40 % (eruf-mellersta-norrland-2021-2027); make sure the "
        "decision allows it"]
    tvv = financier(calc, "tvv")
    assert tvv.cap == D("0.5") and tvv.total == D(283_500)
    # Everything else still comes from the preset: the regional project funds' 50 % and 2,4 %.
    assert calc.programme.funds["regional-project-funds"].max_share == D("0.5")
    assert calc.programme.staff_indexation == D("0.024")
    assert calc.programme.flat_rates["indirect"].max == D("0.15")


def test_an_unknown_preset_suggests_the_right_one():
    found = problems(budget(COSTS, programme="eruf-mellersta-norland-2021-2027"))
    assert len(found) == 1
    assert " error unknown-reference " in found[0]
    assert f"did you mean '{PRESET}'?" in found[0]
    assert found[0].startswith("3:12 ")  # the preset's name, on the programme line


# -- show --explain on the real budget --------------------------------------------------------


@pytest.fixture(scope="module")
def explained() -> list[str]:
    result = CliRunner().invoke(app, ["show", "--explain", str(ROOT / "data" / "budget.yaml")])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_explain_shows_oh_with_its_numbers(explained):
    # 15 % × (6 428 829 + 2 868 707) = 15 % × 9 297 536 = 1 394 630,40 → 1 394 630
    assert "OH År 1 = 15 % × (6 428 829 + 2 868 707) = 1 394 630,40 → 1 394 630" in explained
    # 15 % × (6 583 121 + 2 937 556) = 1 428 101,55 → 1 428 102 (the seed had 1 428 101)
    assert "OH År 2 = 15 % × (6 583 121 + 2 937 556) = 1 428 101,55 → 1 428 102" in explained


def test_explain_shows_tillvaxtverket_40_percent_with_its_numbers(explained):
    # 40 % × 40 196 258 = 16 078 503,20 → 16 078 503, rounded down
    [line] = [text for text in explained if text.startswith("Tillväxtverket total")]
    assert "40 % × 40 196 258" in line
    assert "16 078 503,20 → 16 078 503" in line


def test_explain_lines_are_not_wrapped(explained):
    # Each explanation is one line, however long (the remainder names every financier).
    region = [text for text in explained if text.startswith("Söks från REGION VÄSTERNORRLAND År 1")]
    assert len(region) == 1 and region[0].endswith("= 3 970 575 (the remainder)")
    assert "Örnsköldsviks kommun" in region[0]


def test_show_json_of_a_staff_budget():
    path = ROOT / "tests" / "fixtures" / "checks" / "dates" / "pass.yaml"
    result = CliRunner().invoke(app, ["show", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    [position] = shown["staff"]
    # Kommunikatör, 30 000 a month from 1 September 2027: Period 2 has September–December,
    # 4 months: 30 000 × 4 = 120 000; 1 720 × 4/12 = 573,33 h; 30 000 × 12 / 1 720 = 209,30 kr/h
    assert position["periods"]["p2"] == {"months": "4", "hours": "573.33", "hourly_cost": "209.30",
                                         "salary": "120000", "payroll_overheads": "48000"}
    assert position["periods"]["p1"]["salary"] == "0"


def test_hours_written_for_a_period_are_paid_at_the_hourly_cost():
    staff = "  - {role: Projektledare, employer: Härnösands kommun, monthly_salary: 40 000, hours: {ar1: 860, ar2: 1000}}\n"
    calc = calculated(budget(STAFF_CATEGORIES, staff=staff, payroll=PAYROLL), explain=True)
    [position] = calc.staff
    # År 1: 860 h × 40 000 × 12 / 1 720 (279,07 kr/h) = 240 000
    # År 2: 1 000 h × 40 960 × 12 / 1 720 (285,77 kr/h) = 285 767,44… → 285 767
    # År 3: no hours written: the 1 720-hour rule, 40 000 × 1,024² × 12 = 503 316,48 → 503 316
    assert [position.periods[p].salary for p in ("ar1", "ar2", "ar3")] == [D(240_000), D(285_767), D(503_316)]
    assert position.periods["ar2"].hours == D(1000)


def test_undated_periods_are_said_to_be_years():
    calc = calculated(budget(STAFF_CATEGORIES, staff=PROJEKTLEDARE, payroll=PAYROLL), explain=True)
    assert calc.explanations[0].subject == "Periods"
    assert "without dates" in calc.explanations[0].text and "12 months" in calc.explanations[0].text


def test_a_staff_category_outside_the_payroll_rate_is_an_error_at_the_rate():
    staff = "  - {role: Kommunikatör, employer: Härnösands kommun, monthly_salary: 30 000, category: personal-2}\n"
    costs = """\
  - {id: personal, label: Personal, kind: staff, per_period: 100 000}
  - {id: personal-2, label: Personal 2, kind: staff}
  - {id: lbk, label: Lönebikostnad, kind: payroll, rate: 40 %, of: [personal]}
"""
    [problem] = problems(budget(costs, staff=staff))
    # at Lönebikostnad's `of` (line 13, column 68): the rate that leaves the position's salary out
    assert problem == ("13:68 error rule the payroll overheads of 'Kommunikatör' in 'Personal 2' are in no payroll "
                       "category: add 'personal-2' to this rate's 'of' (or write 'of_kinds: [staff]'), or add a "
                       "payroll category with no amounts or rate, which the positions fill")
