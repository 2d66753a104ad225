"""The calculator against the seed budget (shared/seeds/001), independently of the code.

The seed's table is copied here by hand from `shared/domain.md`: it is this test's own data,
never read from the code or from data/budget.yaml. `hso-budget show --format json
data/budget.yaml` must reproduce every cell of it, except for the cells listed in
EXPECTED_DIFFERENCES, each with the reason the seed's spreadsheet is off there.

The second half checks `tests/fixtures/seed_as_submitted.yaml` (the seed's numbers as they were
sent out): `hso-budget check` must find each of the seed's known errors at the line where it is
written.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hso_budget.cli import app

ROOT = Path(__file__).resolve().parent.parent
BUDGET = ROOT / "data" / "budget.yaml"
SEED_FIXTURE = ROOT / "tests" / "fixtures" / "seed_as_submitted.yaml"

COLUMNS = ("ar1", "ar2", "ar3", "total")

D = Decimal

# The seed's table, as submitted (shared/domain.md): År 1, År 2, År 3, TOTAL.
# Each row: (name in the seed, where the computed row is in `show --format json`, the four cells).
SEED = [
    # KOSTNAD
    ("Personal", ("costs", "personal"), ("6 428 829", "6 583 121", "6 741 116", "19 753 066")),
    ("OH", ("costs", "oh"), ("1 394 630", "1 428 101", "1 462 376", "4 285 108")),
    ("Lönebikostnad", ("costs", "lonebikostnad"), ("2 868 707", "2 937 556", "3 008 057", "8 814 320")),
    ("Externa tjänster", ("costs", "externa-tjanster"), ("1 960 000", "930 000", "680 000", "3 570 000")),
    ("Investeringar, materiel och externa lokaler", ("costs", "investeringar"), ("0", "0", "0", "0")),
    ("Resor och logi", ("costs", "resor"), ("627 702", "223 331", "223 331", "1 074 364")),
    ("Intäkter", ("costs", "intakter"), ("0", "0", "0", "0")),
    ("SUMMA BOKFÖRD KOSTNAD", ("totals", "booked_cost"), ("13 279 868", "12 102 109", "12 114 880", "37 496 857")),
    ("Direct financing cost: Rvn", ("direct_costs", "rvn-direkt"), ("695 300", "695 300", "695 300", "2 085 900")),
    ("Direct financing cost: Länsstyrelsen", ("direct_costs", "lst-direkt"),
     ("204 500", "204 500", "204 500", "613 500")),
    ("Direct financing cost: Miun", ("direct_costs", "miun-direkt"), ("0", "0", "0", "0")),
    ("Direct financing cost: Bizmaker", ("direct_costs", "bizmaker-direkt"), ("0", "0", "0", "0")),
    ("SUMMA KOSTNAD FRÅN ANDRA OFFENTLIGA AKTÖRER", ("totals", "direct_costs"),
     ("899 800", "899 800", "899 800", "2 699 400")),
    ("SUMMA PROJEKTKOSTNAD", ("totals", "project_cost"), ("14 179 668", "13 001 909", "13 014 680", "40 196 257")),
    # FINANSIERING
    ("Region Västernorrland", ("financiers", "region"), ("3 970 576", "3 640 535", "3 644 110", "11 255 221")),
    ("Tillväxtverket", ("financiers", "tillvaxtverket"), ("5 921 581", "5 073 864", "5 083 058", "16 078 503")),
    ("Härnösand", ("financiers", "harnosand"), ("454 407", "454 407", "454 407", "1 363 221")),
    ("Kramfors", ("financiers", "kramfors"), ("454 407", "454 407", "454 407", "1 363 221")),
    ("Ånge", ("financiers", "ange"), ("454 407", "454 407", "454 407", "1 363 221")),
    ("Sollefteå", ("financiers", "solleftea"), ("454 407", "454 407", "454 407", "1 363 221")),
    ("Sundsvall", ("financiers", "sundsvall"), ("661 270", "661 270", "661 270", "1 983 810")),
    ("Timrå", ("financiers", "timra"), ("454 407", "454 407", "454 407", "1 363 221")),
    ("Örnsköldsvik", ("financiers", "ornskoldsvik"), ("454 407", "454 407", "454 407", "1 363 221")),
    ("SUMMA BOKFÖRD OFFENTLIG FINANSIERING", ("totals", "public_cash_financing"),
     ("13 279 868,45", "12 102 109,32", "12 114 879,38", "37 496 857")),
    ("Private cash", ("totals", "private_cash_financing"), ("0", "0", "0", "0")),
    ("Direct financing: Rvn", ("financiers", "rvn-direkt"), ("695 300", "695 300", "695 300", "2 085 900")),
    ("Direct financing: Länsstyrelsen", ("financiers", "lst-direkt"), ("204 500", "204 500", "204 500", "613 500")),
    ("Direct financing: Miun", ("financiers", "miun-direkt"), ("0", "0", "0", "0")),
    ("Direct financing: Bizmaker", ("financiers", "bizmaker-direkt"), ("0", "0", "0", "0")),
    ("SUMMA DIREKTFINANSIERING", ("totals", "direct_financing"), ("899 800", "899 800", "899 800", "2 699 400")),
    ("SUMMA PROJEKTFINANSIERING", ("totals", "project_financing"),
     ("14 179 668", "13 001 909", "13 014 679", "40 196 257")),
]

# computed − seed, for every cell where they differ; every other cell is equal.
EXPECTED_DIFFERENCES = {
    # 15 % × (6 583 121 + 2 937 556) = 15 % × 9 520 677 = 1 428 101,55, which rounds to 1 428 102.
    # The seed had 1 428 101: År 1's OH indexed by 2.4 % instead of 15 % of År 2's staff costs.
    # (The seed's OH TOTAL, 4 285 108, was 1 kr more than its own three years; with 1 428 102
    # the three years add up to it, so the TOTAL cell is equal.)
    ("OH", "ar2"): D(1),
    # The booked cost and the project cost include OH.
    ("SUMMA BOKFÖRD KOSTNAD", "ar2"): D(1),
    ("SUMMA BOKFÖRD KOSTNAD", "total"): D(1),
    ("SUMMA PROJEKTKOSTNAD", "ar2"): D(1),
    ("SUMMA PROJEKTKOSTNAD", "total"): D(1),
    # Region Västernorrland is the remainder: booked cost − the other cash financiers.
    # År 1: the seed's cash financing added up to 1 kr more than its booked cost, so the
    #   remainder is 1 kr less: 13 279 868 − 9 309 293 = 3 970 575 (seed 3 970 576).
    # År 2: the seed's cash financing was 2 kr over its booked cost; the booked cost is now
    #   1 kr more (OH), so the remainder is 2 − 1 = 1 kr less: 3 640 534 (seed 3 640 535).
    ("Region Västernorrland", "ar1"): D(-1),
    ("Region Västernorrland", "ar2"): D(-1),
    ("Region Västernorrland", "total"): D(-2),
    # The seed's subtotal showed öre (the spreadsheet summed unrounded cells); the rows are
    # whole kronor, so the computed subtotal is the booked cost to the krona.
    ("SUMMA BOKFÖRD OFFENTLIG FINANSIERING", "ar1"): D("13279868") - D("13279868.45"),
    ("SUMMA BOKFÖRD OFFENTLIG FINANSIERING", "ar2"): D("12102110") - D("12102109.32"),
    ("SUMMA BOKFÖRD OFFENTLIG FINANSIERING", "ar3"): D("12114880") - D("12114879.38"),
    ("SUMMA BOKFÖRD OFFENTLIG FINANSIERING", "total"): D(1),
    # Project financing = project cost now. År 2: +1 from OH. År 3: the seed wrote 13 014 679,
    # 1 kr less than its own project cost 13 014 680.
    ("SUMMA PROJEKTFINANSIERING", "ar2"): D(1),
    ("SUMMA PROJEKTFINANSIERING", "ar3"): D(1),
    ("SUMMA PROJEKTFINANSIERING", "total"): D(1),
}


def amount(text: str) -> Decimal:
    """The test's own reading of a Swedish amount: spaces between thousands, a decimal comma."""
    return Decimal(text.replace(" ", "").replace(",", "."))


@pytest.fixture(scope="module")
def shown() -> dict:
    result = CliRunner().invoke(app, ["show", "--format", "json", str(BUDGET)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def computed_row(shown: dict, where: tuple[str, str]) -> dict:
    section, name = where
    if section == "totals":
        return shown["totals"][name]
    matches = [row for row in shown[section] if row["id"] == name]
    assert len(matches) == 1, f"no single row '{name}' in {section}"
    return matches[0]


def cell(row: dict, column: str) -> Decimal:
    return Decimal(row["total"] if column == "total" else row["amounts"][column])


def differences(shown: dict) -> list[tuple[str, str, Decimal, Decimal, Decimal, Decimal]]:
    """Every cell: (row, column, seed, computed, difference, expected difference)."""
    table = []
    for name, where, cells in SEED:
        row = computed_row(shown, where)
        for column, text in zip(COLUMNS, cells):
            seed, computed = amount(text), cell(row, column)
            table.append((name, column, seed, computed, computed - seed,
                          EXPECTED_DIFFERENCES.get((name, column), D(0))))
    return table


def test_every_cell_of_the_seed_differs_only_as_documented(shown):
    table = differences(shown)
    wrong = [row for row in table if row[4] != row[5]]
    report = "\n".join(
        f"{name:45} {column:5} seed {seed:>14} computed {computed:>12} diff {diff:>6} expected {expected:>6}"
        for name, column, seed, computed, diff, expected in wrong
    )
    assert not wrong, "cells that differ from the seed other than documented:\n" + report
    # Every documented difference names a real cell (no typo hides a difference).
    cells = {(name, column) for name, column, *_ in table}
    assert set(EXPECTED_DIFFERENCES) <= cells
    # 31 rows × 4 columns were compared.
    assert len(table) == len(SEED) * 4 == 124


def test_every_cell_is_within_the_seeds_own_rounding(shown):
    # A period's cell is at most 1 kr off the seed; a TOTAL at most 1 kr per period.
    for name, column, seed, computed, diff, _ in differences(shown):
        limit = D(3) if column == "total" else D(1)
        assert abs(diff) <= limit, (name, column, seed, computed)


def test_the_rows_of_every_computed_cell_add_up(shown):
    # The totals column is the sum of the periods, for every row shown.
    for section in ("costs", "direct_costs", "financiers"):
        for row in shown[section]:
            assert sum(Decimal(v) for v in row["amounts"].values()) == Decimal(row["total"]), row["id"]
    # Costs equal financing, each period and in total.
    totals = shown["totals"]
    for column in COLUMNS:
        assert cell(totals["booked_cost"], column) == cell(totals["cash_financing"], column)
        assert cell(totals["project_cost"], column) == cell(totals["project_financing"], column)
        assert cell(totals["direct_costs"], column) == cell(totals["direct_financing"], column)


def test_done_when_booked_cost_project_cost_and_tillvaxtverket(shown):
    booked = cell(shown["totals"]["booked_cost"], "total")
    project = cell(shown["totals"]["project_cost"], "total")
    tillvaxtverket = cell(computed_row(shown, ("financiers", "tillvaxtverket")), "total")
    assert abs(booked - D(37_496_857)) <= 1
    assert abs(project - D(40_196_257)) <= 1
    assert tillvaxtverket == D(16_078_503)


def test_tillvaxtverket_is_the_seeds_amount_and_at_most_40_percent_exactly(shown):
    project = cell(shown["totals"]["project_cost"], "total")
    tillvaxtverket = computed_row(shown, ("financiers", "tillvaxtverket"))
    # The seed's 16 078 503, never above 40 % of the project cost, compared exactly:
    # 40 % × 40 196 258 = 16 078 503,20 ≥ 16 078 503.
    assert cell(tillvaxtverket, "total") == D(16_078_503)
    assert cell(tillvaxtverket, "total") <= D("0.40") * project
    assert D("0.40") * project == D("16078503.20")
    # Its years as in the seed: 41.8 %, 39.0 % and 39.1 % of each year's project cost.
    shares = {column: Decimal(tillvaxtverket["share"][column]) for column in COLUMNS}
    assert round(shares["ar1"] * 100, 1) == D("41.8")
    assert round(shares["ar2"] * 100, 1) == D("39.0")
    assert round(shares["ar3"] * 100, 1) == D("39.1")
    assert tillvaxtverket["cap"] is not None and Decimal(tillvaxtverket["cap"]) == D("0.4")


def test_payroll_overheads_are_44_62_percent_of_personal_every_year(shown):
    # domain.md: Lönebikostnad ≈ 44.62 % of Personal every year.
    personal = computed_row(shown, ("costs", "personal"))
    payroll = computed_row(shown, ("costs", "lonebikostnad"))
    for column in ("ar1", "ar2", "ar3"):
        ratio = cell(payroll, column) / cell(personal, column)
        assert round(ratio * 100, 2) == D("44.62"), column


def test_oh_is_15_percent_of_staff_costs_every_year(shown):
    personal = computed_row(shown, ("costs", "personal"))
    payroll = computed_row(shown, ("costs", "lonebikostnad"))
    oh = computed_row(shown, ("costs", "oh"))
    # By hand: 15 % × (6 428 829 + 2 868 707) = 1 394 630,40 → 1 394 630
    #          15 % × (6 583 121 + 2 937 556) = 1 428 101,55 → 1 428 102
    #          15 % × (6 741 116 + 3 008 057) = 1 462 375,95 → 1 462 376
    assert [cell(oh, c) for c in ("ar1", "ar2", "ar3")] == [D(1_394_630), D(1_428_102), D(1_462_376)]
    for column in ("ar1", "ar2", "ar3"):
        exact = D("0.15") * (cell(personal, column) + cell(payroll, column))
        assert abs(cell(oh, column) - exact) <= D("0.5")


def test_personal_grows_by_2_4_percent_a_year(shown):
    personal = computed_row(shown, ("costs", "personal"))
    # By hand: 6 428 829 × 1,024 = 6 583 120,896 → 6 583 121; × 1,024² = 6 741 115,797504 → 6 741 116
    assert D(6_428_829) * D("1.024") == D("6583120.896")
    assert D(6_428_829) * D("1.024") ** 2 == D("6741115.797504")
    assert [cell(personal, c) for c in ("ar1", "ar2", "ar3")] == [D(6_428_829), D(6_583_121), D(6_741_116)]


# -- the seed as submitted: every known error found, at its line --------------------------------

PARSABLE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<level>error|warning): (?P<message>.*) \((?P<check>[a-z-]+)\)$"
)


@pytest.fixture(scope="module")
def seed_problems() -> list[dict]:
    result = CliRunner().invoke(app, ["check", "--format", "parsable", str(SEED_FIXTURE)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    problems = []
    for text in result.stdout.splitlines():
        match = PARSABLE.match(text)
        assert match, f"not in the parsable format: {text!r}"
        problem = match.groupdict()
        assert problem["file"] == str(SEED_FIXTURE)
        problem["line"], problem["column"] = int(problem["line"]), int(problem["column"])
        problems.append(problem)
    return problems


FIXTURE_LINES = SEED_FIXTURE.read_text("utf-8").splitlines()


def line_of(text: str, after: str | None = None) -> int:
    """The 1-based number of the only line containing `text` (below the line containing `after`)."""
    start = line_of(after) if after else 0
    found = [i + 1 for i, line in enumerate(FIXTURE_LINES) if i + 1 > start and text in line]
    assert found, f"no line with {text!r}"
    if after:
        return found[0]
    assert len(found) == 1, f"{text!r} is on lines {found}"
    return found[0]


def column_of(text: str, line: int) -> int:
    return FIXTURE_LINES[line - 1].index(text) + 1


def found(problems, line, check, level="error") -> list[dict]:
    return [p for p in problems if p["line"] == line and p["check"] == check and p["level"] == level]


def test_seed_cash_financing_is_1_kr_over_in_ar1_and_2_kr_in_ar2(seed_problems):
    ar1 = line_of("13 279 868,45")
    [problem] = found(seed_problems, ar1, "balance")
    assert problem["column"] == column_of("13 279 868,45", ar1)
    assert "År 1" in problem["message"] and "1 kr more" in problem["message"]
    assert "13 279 869" in problem["message"] and "13 279 868" in problem["message"]

    ar2 = line_of("12 102 109,32")
    [problem] = found(seed_problems, ar2, "balance")
    assert "År 2" in problem["message"] and "2 kr more" in problem["message"]
    assert "12 102 111" in problem["message"] and "12 102 109" in problem["message"]

    # 3 kr over the whole period, at the subtotal's TOTAL.
    total = line_of("total: 37 496 857", after="public_cash_financing:")
    [problem] = found(seed_problems, total, "balance")
    assert "3 kr more" in problem["message"]
    assert "37 496 860" in problem["message"] and "37 496 857" in problem["message"]

    # År 3 balances: no balance problem for it.
    assert not found(seed_problems, line_of("12 114 879,38"), "balance")


def test_seed_oh_total_is_1_kr_more_than_its_years(seed_problems):
    line = line_of("4 285 108")
    [problem] = found(seed_problems, line, "written-total")
    assert problem["column"] == column_of("4 285 108", line)
    assert "OH" in problem["message"] and "TOTAL" in problem["message"]
    # 1 394 630 + 1 428 101 + 1 462 376 = 4 285 107
    assert D(1_394_630) + D(1_428_101) + D(1_462_376) == D(4_285_107)
    assert "4 285 108" in problem["message"] and "4 285 107" in problem["message"]


def test_seed_project_financing_ar3_is_1_kr_less_than_the_project_cost(seed_problems):
    line = line_of("project_financing:")
    problems = [p for p in found(seed_problems, line, "written-total") if "År 3" in p["message"]]
    [problem] = problems
    assert problem["column"] == column_of("13 014 679", line)
    assert "13 014 679" in problem["message"] and "13 014 680" in problem["message"]


def test_seed_public_financing_subtotal_shows_ore(seed_problems):
    # The rows add up to 13 279 869, 12 102 111 and 12 114 880 (the cash financing in show's table).
    for text, period, rows in (("13 279 868,45", "År 1", "13 279 869"), ("12 102 109,32", "År 2", "12 102 111"),
                               ("12 114 879,38", "År 3", "12 114 880")):
        line = line_of(text)
        [problem] = found(seed_problems, line, "ore-in-total")
        assert problem["message"] == (f"SUMMA BOKFÖRD OFFENTLIG FINANSIERING {period} shows öre ({text}) while its "
                                      f"rows are whole kronor; they add up to {rows}")
        assert problem["column"] == column_of(text, line)
        # one problem for the cell, not also written-total
        assert not found(seed_problems, line, "written-total")


def test_seed_tillvaxtverket_is_over_40_percent_by_20_ore(seed_problems):
    line = line_of("5 921 581")
    [problem] = found(seed_problems, line, "financing-cap", "error")
    message = problem["message"]
    # 40 % × 40 196 257 = 16 078 502,80 < 16 078 503
    assert D("0.40") * D(40_196_257) == D("16078502.80")
    assert message == ("Tillväxtverket 16 078 503 is 0,20 kr above its cap: 40 % (the programme's eruf fund) "
                       "of the project cost 40 196 257 is 16 078 502,80")


def test_seed_tillvaxtverket_ar1_is_a_warning_at_41_76_percent(seed_problems):
    line = line_of("5 921 581")
    [problem] = found(seed_problems, line, "financing-cap", "warning")
    # 5 921 581 / 14 179 668 = 0,41761… → 41,76 %
    assert round(D(5_921_581) / D(14_179_668) * 100, 2) == D("41.76")
    assert problem["message"] == (
        "Tillväxtverket År 1: 5 921 581 is 41,76 % of the period's project cost 14 179 668, above 40 % "
        "(the cap holds for the whole project, but some deciding bodies read it per period)")
    # Only År 1 is above 40 %: no warning names År 2 or År 3.
    assert not [p for p in seed_problems if p["level"] == "warning" and ("År 2" in p["message"] or "År 3" in p["message"])]


def test_seed_problems_are_exactly_the_known_errors(seed_problems):
    """Every problem found, by line and check, and nothing on the lines that are right."""
    public = line_of("public_cash_financing:")
    expected = sorted([
        (line_of("4 285 108"), "written-total", "error"),  # OH TOTAL
        (line_of("5 921 581"), "financing-cap", "error"),  # Tillväxtverket over 40 %
        (line_of("5 921 581"), "financing-cap", "warning"),  # Tillväxtverket År 1 at 41,76 %
        # The 3 kr of cash financing over the booked cost are balance errors only: public-share,
        # which they would also push over 100 % of the project cost, is not checked then.
        # A subtotal with öre is an ore-in-total error only (its message gives the rows' sum),
        # not also a written-total one.
        (public + 1, "balance", "error"), (public + 1, "ore-in-total", "error"),
        (public + 2, "balance", "error"), (public + 2, "ore-in-total", "error"),
        (public + 3, "ore-in-total", "error"),
        (public + 4, "balance", "error"), (public + 4, "written-total", "error"),
        # SUMMA PROJEKTFINANSIERING: År 1, År 2 and TOTAL differ from the computed rows by the cash
        # financing's 1, 2 and 3 kr; År 3 by the seed's own 1 kr.
        (line_of("project_financing:"), "written-total", "error"),
        (line_of("project_financing:"), "written-total", "error"),
        (line_of("project_financing:"), "written-total", "error"),
        (line_of("project_financing:"), "written-total", "error"),
    ])
    assert sorted((p["line"], p["check"], p["level"]) for p in seed_problems) == expected
    # The rows that are right are not mentioned.
    for right in ("6 428 829", "2 868 707", "1 960 000", "627 702", "454 407, ar2: 454 407, ar3: 454 407, total: 1 363 221"):
        lines = {i + 1 for i, text in enumerate(FIXTURE_LINES) if right in text}
        assert not [p for p in seed_problems if p["line"] in lines], right
