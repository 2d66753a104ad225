"""The edits the project office makes every week, done to the real budget as the README says.

Each expected number is worked out by hand in a comment beside it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hso_budget.runner import check_text

D = Decimal
BUDGET = Path(__file__).resolve().parents[1] / "data" / "budget.yaml"

KOMMUNIKATOR = """
staff:
  - role: Kommunikatör
    employer: Härnösands kommun
    monthly_salary: 38 000
    share_of_time: 50 %
"""


def edited(addition: str) -> tuple:
    """The report of the real budget with `addition` before its costs, and the text checked."""
    text = BUDGET.read_text("utf-8").replace("\ncosts:\n", addition + "\ncosts:\n", 1)
    report = check_text(text.encode(), "data/budget.yaml")
    assert report.calculation is not None, report.problems
    return report, text


def test_a_staff_position_adds_to_the_personal_already_written():
    report, _ = edited(KOMMUNIKATOR)
    assert report.errors == []
    calc = report.calculation
    personal, oh, lbk = (next(c for c in calc.costs if c.id == i) for i in ("personal", "oh", "lonebikostnad"))
    # The Kommunikatör: 38 000 × 50 % × 12 = 228 000; År 2 × 1,024: 233 472; År 3 × 1,024²: 239 075,33 → 239 075.
    written, positions = personal.parts
    assert list(written.amounts.values()) == [D(6_428_829), D(6_583_121), D(6_741_116)]  # kept, as written
    assert list(positions.amounts.values()) == [D(228_000), D(233_472), D(239_075)]
    # Personal: 6 428 829 + 228 000 = 6 656 829; 6 583 121 + 233 472 = 6 816 593; 6 741 116 + 239 075 = 6 980 191
    assert list(personal.amounts.values()) == [D(6_656_829), D(6_816_593), D(6_980_191)]
    # Lönebikostnad over both: 44,62254 % × 6 656 829 = 2 970 446,18 → 2 970 446; × 6 816 593 = 3 041 736,94
    # → 3 041 737; × 6 980 191 = 3 114 738,52 → 3 114 739
    assert list(lbk.amounts.values()) == [D(2_970_446), D(3_041_737), D(3_114_739)]
    # OH over both: 15 % × (6 656 829 + 2 970 446) = 1 444 091,25 → 1 444 091; 15 % × (6 816 593 +
    # 3 041 737) = 1 478 749,50 → 1 478 750; 15 % × (6 980 191 + 3 114 739) = 1 514 239,50 → 1 514 240
    assert list(oh.amounts.values()) == [D(1_444_091), D(1_478_750), D(1_514_240)]


def test_employers_rates_beside_a_payroll_rate_are_said_to_be_unused():
    report, text = edited(KOMMUNIKATOR + "payroll_overheads:\n  Härnösands kommun: 44,62 %\n")
    assert report.errors == []
    [unused] = [p for p in report.problems if p.check == "rule"]
    line = text.splitlines().index("payroll_overheads:") + 1
    assert unused.level.value == "warning" and (unused.line, unused.column) == (line, 1)
    assert "payroll-overhead rates are not used" in unused.message


def test_a_second_staff_category_for_the_position_is_in_the_flat_rates_bases():
    # The other route: the position in a staff category of its own. OH and Lönebikostnad are
    # rates of every staff (and payroll) category, so nothing is left out of their bases.
    second = "  - {id: personal-2, label: Personal Kommunikatör, kind: staff}\n"
    text = BUDGET.read_text("utf-8").replace("\ncosts:\n", KOMMUNIKATOR.replace(
        "share_of_time: 50 %", "share_of_time: 50 %\n    category: personal-2") + "\ncosts:\n" + second, 1)
    report = check_text(text.encode(), "data/budget.yaml")
    calc = report.calculation
    assert [p.check for p in report.errors] == [], report.errors
    oh = next(c for c in calc.costs if c.id == "oh")
    assert oh.amounts["ar1"] == D(1_444_091)  # as above: the same costs, in two categories
