"""The Excel export: every formula recalculated by LibreOffice equals the calculator, to the krona."""

from __future__ import annotations

import io
import os
import pkgutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import hso_budget
from hso_budget.calculation import FinancierRow
from hso_budget.cli import app
from hso_budget.layout import cost_lines, financing_lines
from hso_budget.money import ORE, krona_down
from hso_budget.runner import Report, check_path, check_text
from hso_budget.xlsx import write_workbook
from support.libreoffice import recalculate, soffice_path, values

ROOT = Path(__file__).resolve().parents[1]
BUDGET = ROOT / "data" / "budget.yaml"
SEED = ROOT / "tests" / "fixtures" / "seed_as_submitted.yaml"

needs_libreoffice = pytest.mark.skipif(
    soffice_path() is None and not os.environ.get("HSO_REQUIRE_LIBREOFFICE"),
    reason="LibreOffice not installed (apt-get install libreoffice-calc-nogui)",
)

# Staff positions, line items, a fixed total spread by weights and evenly, a share spread by
# the project cost, revenue, öre in a direct cost, a private financier, dated periods.
RICH = """\
format: hso-budget/1
project: {name: Grön omställning i Ådalen, owner: Kramfors kommun, reference: "2020-1234"}
programme: eruf-mellersta-norrland-2021-2027
periods:
  - {id: p1, label: "2025", start: 2025-01-01, end: 2025-12-31}
  - {id: p2, label: "2026", start: 2026-01-01, end: 2026-12-31}
  - {id: p3, label: "2027", start: 2027-01-01, end: 2027-12-31}
payroll_overheads:
  Kramfors kommun: "31,42 %"
  Sollefteå kommun: {p1: "45,24 %", p2: "42,68 %", p3: "42,68 %"}
staff:
  - {role: Projektledare, employer: Kramfors kommun, monthly_salary: 48 500}
  - {role: Processledare, employer: Sollefteå kommun, monthly_salary: 41 250, share_of_time: 50 %, start: 2025-07-01}
  - {role: Kommunikatör, employer: Kramfors kommun, monthly_salary: 39 900, share_of_time: 25 %, periods: [p2]}
costs:
  - {id: personal, label: Personal, kind: staff}
  - {id: lbk, label: Lönebikostnad, kind: payroll}
  - {id: oh, label: Indirekta kostnader, kind: indirect, rate: 15 %, of: [personal, lbk]}
  - id: tjanster
    label: Externa tjänster
    items:
      - {label: Utvärdering, unit_price: "12 345,50", units: {p1: 3, p2: "2,5", p3: 4}}
      - {label: Konferens, unit_price: 85 000, units: 1, period: p2}
      - {label: Tryck, amounts: {p1: 10 000, p2: 0, p3: 5 000}}
  - {id: resor, label: Resor och logi, first_period: 20 020, indexation: "2,5 %"}
  - {id: intakter, label: Intäkter, kind: revenue, amounts: {p1: 0, p2: 15 000, p3: 25 000}}
direct_costs:
  - {id: lst, label: Länsstyrelsen, financier: lst, per_period: "100 000,45"}
financiers:
  - {id: region, label: Region Västernorrland, sector: public, fund: regional-project-funds, remainder: true}
  - {id: tvv, label: Tillväxtverket, sector: public, fund: eruf, share: 40 %, of: project_cost}
  - {id: kommun, label: Kramfors kommun, sector: public, fixed_total: 900 000, spread: weights,
     weights: {p1: 1, p2: "1,5", p3: 2}}
  - {id: bolag, label: Ådalens Energi AB, sector: private, fixed_total: 300 001}
  - {id: lst, label: Länsstyrelsen, sector: public, kind: in-kind, carried: true}
"""

# Where spreadsheet arithmetic differs from exact arithmetic: 29 % of 1 690 450 is 490 230,5
# (`ROUND(29%*x,0)` gives 490 230 in LibreOffice); 6 428 820 indexed by 2,5 % is 6 589 540,5
# (`ROUND(6428820*(1+2.5%)^1,0)` gives 6 589 540);
# 1 001 spread evenly over two periods is 500,5; 44,62254 % of 91 990 754 is
# 41 048 610,9999516, which LibreOffice's ROUNDDOWN takes for 41 048 611.
EDGE = """\
format: hso-budget/1
project: {name: Kantfall, owner: Testkommun}
periods: [{id: p1, label: P1}, {id: p2, label: P2}]
costs:
  - {id: personal, label: Personal, kind: staff, amounts: {p1: 1 690 450, p2: 3 647 450}}
  - {id: lbk, label: Lönebikostnad, kind: payroll, rate: 29 %, of: [personal]}
  - {id: resor, label: Resor, first_period: 6 428 820, indexation: "2,5 %"}
  - {id: ovrigt, label: Övrigt, amounts: {p1: 40 000 000, p2: 32 086 501}}
direct_costs:
  - {id: tid, label: Annan aktörs tid, financier: tid, per_period: 10 000}
financiers:
  - {id: stor, label: Stor finansiär, sector: public, share: "44,62254 %", of: booked_cost}
  - {id: jamn, label: Jämn finansiär, sector: public, fixed_total: 1 001}
  - {id: rest, label: Resten, sector: public, remainder: true}
  - {id: tid, label: Annan aktörs tid, sector: public, kind: in-kind, carried: true}
"""

UNSAFE_LABELS = ["=2+3", "@SUM(A1)", "+1", "-1"]
UNSAFE = """\
format: hso-budget/1
project: {name: '=HYPERLINK("http://example.com","klicka")', owner: "@SUM(A1)"}
periods: [{id: p1, label: "=1+1"}, {id: p2, label: "-2"}]
payroll_overheads: {"+Bolaget": "30 %"}
staff:
  - {role: "=2+3", employer: "+Bolaget", monthly_salary: 40 000}
costs:
  - {id: personal, label: "-Personal", kind: staff}
  - {id: lbk, label: "+Lönebikostnad", kind: payroll}
direct_costs:
  - {id: x, label: "@direkt", financier: x, per_period: 500}
financiers:
  - {id: a, label: "=2+3", sector: public, remainder: true}
  - {id: b, label: "@SUM(A1)", sector: public, per_period: 1 000}
  - {id: c, label: "+1", sector: private, per_period: 1 000}
  - {id: d, label: "-1", sector: private, per_period: 1 000}
  - {id: x, label: "=x", sector: private, kind: in-kind, carried: true}
"""


@dataclass
class Export:
    report: Report
    path: Path
    workbook: openpyxl.Workbook  # as written: formulas, not values


def export(report: Report, path: Path) -> Export:
    assert report.calculation is not None, report.problems
    write_workbook(report, path)
    return Export(report, path, openpyxl.load_workbook(path))


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Export]:
    folder = tmp_path_factory.mktemp("exports")
    reports = {
        "hso": check_path(BUDGET),
        "seed": check_path(SEED),
        "rich": check_text(RICH.encode(), "rich.yaml"),
        "edge": check_text(EDGE.encode(), "edge.yaml"),
        "unsafe": check_text(UNSAFE.encode(), "unsafe.yaml"),
    }
    return {name: export(report, folder / f"{name}.xlsx") for name, report in reports.items()}


@pytest.fixture(scope="module")
def computed(exports: dict[str, Export], tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every workbook recalculated by LibreOffice: {name: {sheet: {cell: value}}}."""
    workdir = tmp_path_factory.mktemp("libreoffice")
    return {name: values(recalculate(e.path, workdir)) for name, e in exports.items()}


# -- reading the workbook ------------------------------------------------------------------


def money(value) -> Decimal:
    """A spreadsheet number as an exact amount (to the öre: binary fractions carry noise below it)."""
    assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    return Decimal(repr(value)).quantize(ORE)


def header(ws, first: str) -> tuple[int, dict[str, int]]:
    """The header row whose first cell is `first`, and its columns by title."""
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == first)
    return row, {ws.cell(row, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(row, c).value}


def budget_rows(e: Export) -> list[tuple[int, object]]:
    """(row, layout line) for every row and sum of the Budget sheet, matched in order and by label."""
    ws = e.workbook["Budget"]
    start, _ = header(ws, "Kronor")
    labelled = [r for r in range(start + 1, ws.max_row + 1) if ws.cell(r, 1).value is not None]
    lines = cost_lines(e.report.calculation) + financing_lines(e.report.calculation)
    assert [ws.cell(r, 1).value for r in labelled] == [line.label for line in lines]
    return [(r, line) for r, line in zip(labelled, lines) if line.kind != "heading"]


def period_columns(e: Export, ws, first: str) -> dict[str | None, int]:
    """Column of each period id (None: TOTAL) under the header starting with `first`."""
    _, cols = header(ws, first)
    columns = {p.id: cols[p.title] for p in e.report.calculation.periods}
    return {**columns, None: cols["TOTAL"]}


def amount(row, period):
    return row.total if period is None else row.amounts[period]


def find_row(ws, label: str, column: int = 1) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, column).value == label)


# -- the numbers, recalculated ---------------------------------------------------------------


@needs_libreoffice
@pytest.mark.parametrize("name", ["hso", "seed", "rich", "edge", "unsafe"])
def test_every_budget_amount_equals_the_calculation(exports, computed, name):
    e = exports[name]
    ws, got = e.workbook["Budget"], computed[name]["Budget"]
    columns = period_columns(e, ws, "Kronor")
    rows = budget_rows(e)
    for row, line in rows:
        for period, col in columns.items():
            cell = ws.cell(row, col).coordinate
            assert money(got[cell]) == amount(line.row, period).quantize(ORE), (line.label, period, cell)
    calc = e.report.calculation
    shares = [(row, line.row) for row, line in rows if isinstance(line.row, FinancierRow)]
    assert shares
    for row, financier in shares:
        cell = ws.cell(row, columns[None] + 1).coordinate
        assert got[cell] == pytest.approx(float(calc.share(financier)), abs=1e-12), financier.label


@needs_libreoffice
@pytest.mark.parametrize("name", ["hso", "seed", "rich", "edge", "unsafe"])
def test_no_formula_evaluates_to_an_error_or_nothing(exports, computed, name):
    formulas = 0
    for ws in exports[name].workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas += 1
                    value = computed[name][ws.title].get(cell.coordinate)
                    assert value is not None, (ws.title, cell.coordinate, cell.value)
                    assert not (isinstance(value, str) and value.startswith(("#", "Err:"))), (
                        ws.title, cell.coordinate, cell.value, value)
    assert formulas > 50


@needs_libreoffice
def test_known_numbers_of_the_hso_budget(exports, computed):
    """Numbers known from the seed spreadsheet, as data/budget.yaml's rules give them."""
    ws, got = exports["hso"].workbook["Budget"], computed["hso"]["Budget"]
    cols = header(ws, "Kronor")[1]

    def value(label: str, column: str):
        return got[ws.cell(find_row(ws, label), cols[column]).coordinate]

    assert value("SUMMA BOKFÖRD KOSTNAD", "År 1") == 13_279_868
    assert value("SUMMA PROJEKTKOSTNAD", "TOTAL") == 40_196_258
    assert value("Tillväxtverket", "TOTAL") == 16_078_503
    assert value("Personal", "År 3") == 6_741_116  # 6 428 829 indexed twice by 2,4 %
    assert value("OH", "År 2") == 1_428_102  # 15 % of 6 583 121 + 2 937 556 = 1 428 101,55
    assert value("Söks från REGION VÄSTERNORRLAND", "År 1") == 3_970_575
    assert value("SUMMA PROJEKTFINANSIERING", "År 3") == 13_014_680


@needs_libreoffice
def test_exact_rounding_where_spreadsheet_arithmetic_is_inexact(exports, computed):
    e = exports["edge"]
    calc = e.report.calculation
    assert calc.booked_cost.total == 91_990_754
    ws, got = e.workbook["Budget"], computed["edge"]["Budget"]
    cols = header(ws, "Kronor")[1]

    def cell(label: str, column: str) -> str:
        return ws.cell(find_row(ws, label), cols[column]).coordinate

    assert got[cell("Lönebikostnad", "P1")] == 490_231  # 490 230,5 rounded half away from zero
    assert got[cell("Lönebikostnad", "P2")] == 1_057_761  # 1 057 760,5
    assert got[cell("Resor", "P2")] == 6_589_541  # 6 428 820 × 1,025 = 6 589 540,5
    assert (got[cell("Jämn finansiär", "P1")], got[cell("Jämn finansiär", "P2")]) == (501, 500)
    assert got[cell("Stor finansiär", "TOTAL")] == 41_048_610  # 41 048 610,9999516 rounded down
    # LibreOffice's ROUNDDOWN would snap it to 41 048 611: ROUND, far from its own boundary, less one
    booked = cell("SUMMA BOKFÖRD KOSTNAD", "TOTAL")
    assert ws[cell("Stor finansiär", "TOTAL")].value == f"=ROUND({booked}*4462254/10000000,0)-1"


# -- formulas and constants ---------------------------------------------------------------


def test_derived_numbers_are_formulas_and_typed_numbers_constants(exports):
    e = exports["hso"]
    ws = e.workbook["Budget"]
    cols = header(ws, "Kronor")[1]

    def cell(label: str, column: str):
        return ws.cell(find_row(ws, label), cols[column]).value

    personal, lbk = (f"B{find_row(ws, label)}" for label in ("Personal", "Lönebikostnad"))
    assert cell("OH", "År 1") == f"=ROUND(({personal}+{lbk})*15/100,0)"
    assert cell("Lönebikostnad", "År 1") == f"=ROUND({personal}*4462254/10000000,0)"
    assert cell("Personal", "År 1") == 6_428_829
    assert cell("Personal", "År 3") == f"=ROUND({personal}*1024^2/1000^2,0)"
    project_total = f"E{find_row(ws, 'SUMMA PROJEKTKOSTNAD')}"
    assert cell("Tillväxtverket", "TOTAL") == f"=ROUNDDOWN({project_total}*40/100,0)"
    tillvaxtverket = find_row(ws, "Tillväxtverket")
    assert cell("Tillväxtverket", "År 1") == f"=ROUND(E{tillvaxtverket}*5921581/16078503,0)"
    assert cell("Tillväxtverket", "År 3") == f"=E{tillvaxtverket}-SUM(B{tillvaxtverket}:C{tillvaxtverket})"
    booked = find_row(ws, "SUMMA BOKFÖRD KOSTNAD")
    assert cell("Söks från REGION VÄSTERNORRLAND", "År 2") == f"=C{booked}-SUM(C{tillvaxtverket}:C{tillvaxtverket + 7})"
    assert cell("Tillväxtverket", "Andel") == f"=E{tillvaxtverket}/$E${project_total[1:]}"
    assert cell("Externa tjänster", "År 1") == 1_960_000
    assert cell("Härnösands kommun", "År 2") == 454_407
    for row, line in budget_rows(e):
        cells = [ws.cell(row, col).value for col in range(2, 6)]
        if line.row.id == "private_cash_financing":
            assert cells[:3] == [0, 0, 0]  # no private financier: nothing to sum
            assert cells[3] == f"=SUM(B{row}:D{row})"
        elif line.kind == "sum":
            assert all(str(value).startswith("=") for value in cells), line.label
        else:
            assert str(cells[-1]).startswith("="), line.label  # every TOTAL
    in_kind = [r for r in range(booked, ws.max_row + 1) if ws.cell(r, 1).value == "Rvn"][-1]
    assert cell("SUMMA BOKFÖRD KOSTNAD", "År 1") == f"=SUM(B{personal[1:]}:B{booked - 2})-B{booked - 1}"
    assert ws.cell(in_kind, 2).value == f"=B{find_row(ws, 'Rvn')}"  # carried: the direct cost it carries


def test_staff_categories_sum_the_personal_sheet(exports):
    ws = exports["rich"].workbook["Budget"]
    # Personal has a row per position and period: 2025 is row 5 for the Projektledare, row 8 for
    # the Processledare (the Projektledare's three years come first); salaries in column J
    assert ws.cell(find_row(ws, "Personal"), 2).value == "=Personal!J5+Personal!J8"
    # 2026: Projektledare row 6, Processledare rows 9 and 10 (its years of indexation start in July,
    # so 2026 and 2027 are two rows each), Kommunikatör row 13; payroll overheads in column L
    assert ws.cell(find_row(ws, "Lönebikostnad"), 3).value == "=Personal!L6+SUM(Personal!L9:L10)+Personal!L13"


# -- the other sheets ---------------------------------------------------------------------


def test_sheets_and_their_order(exports):
    assert exports["hso"].workbook.sheetnames == ["Budget", "Finansiärer", "Kontroller"]
    assert exports["hso"].workbook.active.title == "Budget"
    assert exports["rich"].workbook.sheetnames == ["Budget", "Finansiärer", "Personal", "Kontroller"]


@needs_libreoffice
@pytest.mark.parametrize("name", ["hso", "seed", "rich"])
def test_financiers_sheet(exports, computed, name):
    e = exports[name]
    calc = e.report.calculation
    ws, got = e.workbook["Finansiärer"], computed[name]["Finansiärer"]
    start, cols = header(ws, "Finansiär")
    columns = period_columns(e, ws, "Finansiär")
    for i, f in enumerate(calc.financiers):
        row = start + 1 + i
        assert got[f"A{row}"] == f.label
        assert got[ws.cell(row, cols["Offentlig/privat"]).coordinate] == {"public": "offentlig", "private": "privat"}[f.sector]
        assert got[ws.cell(row, cols["Kontant/direkt"]).coordinate] == {"cash": "kontant", "in-kind": "direkt"}[f.kind]
        for period, col in columns.items():
            assert money(got[ws.cell(row, col).coordinate]) == amount(f, period).quantize(ORE), (f.label, period)
        share = got[ws.cell(row, cols["Andel av projektkostnaden"]).coordinate]
        assert share == pytest.approx(float(calc.share(f)), abs=1e-12)
        cap = ws.cell(row, cols["Tak"]).value
        assert (Decimal(str(cap)) if cap is not None else None) == f.cap
        if f.cap is not None:
            highest = got[ws.cell(row, cols["Högst (kr)"]).coordinate]
            assert highest == krona_down(f.cap * calc.project_cost.total)
    total_row = start + 1 + len(calc.financiers)
    assert got[f"A{total_row}"] == "SUMMA PROJEKTFINANSIERING"
    for period, col in columns.items():
        assert money(got[ws.cell(total_row, col).coordinate]) == amount(calc.project_financing, period).quantize(ORE)


def test_hso_caps_are_the_programmes(exports):
    ws = exports["hso"].workbook["Finansiärer"]
    _, cols = header(ws, "Finansiär")
    row = find_row(ws, "Tillväxtverket")
    assert Decimal(repr(ws.cell(row, cols["Tak"]).value)) == Decimal("0.4")
    assert ws.cell(row, cols["Tak enligt"]).value == "Regionala utvecklingsfonden (Tillväxtverket)"
    assert ws.cell(find_row(ws, "Härnösands kommun"), cols["Tak"]).value is None


@needs_libreoffice
def test_personal_sheet(exports, computed):
    e = exports["rich"]
    ws, got = e.workbook["Personal"], computed["rich"]["Personal"]
    head, cols = header(ws, "Roll")
    assert list(cols) == ["Roll", "Arbetsgivare", "Period", "Månadslön", "Indexerad månadslön", "Andel av heltid",
                          "Månader", "Timmar", "Timkostnad", "Lönekostnad", "Lönebikostnadssats", "Lönebikostnad"]
    rows = [(ws.cell(r, 1).value, ws.cell(r, 3).value, r) for r in range(head + 1, ws.max_row + 1)]

    def value(role: str, period: str, column: str, nth: int = 0):
        r = [r for name, p, r in rows if (name, p) == (role, period)][nth]
        return got[ws.cell(r, cols[column]).coordinate]

    # Projektledare, 48 500 a month, full time, Kramfors kommun 31,42 %, from the start:
    # 2025: 48 500 × 12 = 582 000, 1 720 h, 48 500 × 12 / 1 720 = 338,37 kr/h; 582 000 × 31,42 % = 182 864,40
    assert value("Projektledare", "2025", "Lönekostnad") == 582_000
    assert value("Projektledare", "2025", "Timmar") == 1720
    assert money(value("Projektledare", "2025", "Timkostnad")) == Decimal("338.37")
    assert value("Projektledare", "2025", "Lönebikostnad") == 182_864
    # 2026: indexed 2,4 %: 49 664 a month, 595 968; 2027: 50 855,94 a month, 610 271,23 → 610 271
    assert value("Projektledare", "2026", "Indexerad månadslön") == 49_664
    assert value("Projektledare", "2027", "Lönekostnad") == 610_271
    # Processledare from 1 July 2025, half time, 41 250 a month, indexed from its own start:
    # 2025: 6 months: 41 250 × 50 % × 6 = 123 750 (430 h); 2026 cut in July:
    # Jan–Jun 123 750, Jul–Dec 42 240 × 50 % × 6 = 126 720
    assert value("Processledare", "2025", "Lönekostnad") == 123_750
    assert value("Processledare", "2025", "Timmar") == 430
    assert value("Processledare", "2026", "Lönekostnad", 0) == 123_750
    assert value("Processledare", "2026", "Lönekostnad", 1) == 126_720
    # Sollefteå kommun 42,68 % in 2026: 126 720 × 42,68 % = 54 084,10 → 54 084
    assert value("Processledare", "2026", "Lönebikostnad", 1) == 54_084
    # Kommunikatör works 2026 only, a quarter time: 39 900 × 25 % × 12 = 119 700
    assert [p for name, p, _ in rows if name == "Kommunikatör"] == ["2026"]
    assert value("Kommunikatör", "2026", "Lönekostnad") == 119_700
    assert ws.cell(rows[0][2], cols["Indexerad månadslön"]).value == f"=D{rows[0][2]}"  # live from the salary
    assert ws.cell(rows[1][2], cols["Indexerad månadslön"]).value == f"=D{rows[1][2]}*1024/1000"
    summa = next(r for name, _, r in rows if name == "SUMMA")
    assert got[ws.cell(summa, cols["Lönekostnad"]).coordinate] == e.report.calculation.costs[0].total


@needs_libreoffice
@pytest.mark.parametrize("name", ["hso", "seed", "rich"])
def test_kontroller_balances_are_formulas_of_the_budget(exports, computed, name):
    e = exports[name]
    calc = e.report.calculation
    ws, got = e.workbook["Kontroller"], computed[name]["Kontroller"]
    columns = period_columns(e, ws, "Balans (0 när den stämmer)")
    pairs = {
        "Bokförd kostnad − kontant finansiering": (calc.booked_cost, calc.cash_financing),
        "Kostnad från andra aktörer − direktfinansiering": (calc.direct_costs_total, calc.direct_financing),
        "Projektkostnad − projektfinansiering": (calc.project_cost, calc.project_financing),
    }
    for label, (cost, financing) in pairs.items():
        row = find_row(ws, label)
        for period, col in columns.items():
            assert ws.cell(row, col).value.startswith("=Budget!")
            assert money(got[ws.cell(row, col).coordinate]) == amount(cost, period) - amount(financing, period)
        balanced = all(amount(cost, p) == amount(financing, p) for p in columns)
        assert got[ws.cell(row, columns[None] + 1).coordinate] == ("ja" if balanced else "nej")


@needs_libreoffice
def test_kontroller_shows_the_seeds_imbalance(exports, computed):
    ws, got = exports["seed"].workbook["Kontroller"], computed["seed"]["Kontroller"]
    row = find_row(ws, "Bokförd kostnad − kontant finansiering")
    assert [got[f"{c}{row}"] for c in "BCDE"] == [-1, -2, 0, -3]  # cash financing above the booked cost


def test_kontroller_lists_every_check_and_problem(exports):
    e = exports["seed"]
    ws = e.workbook["Kontroller"]
    start, cols = header(ws, "Kontroll")
    results = {ws.cell(r, cols["Id"]).value: ws.cell(r, cols["Resultat"]).value for r in range(start + 1, ws.max_row + 1)
               if ws.cell(r, cols["Id"]).value and ws.cell(r, 1).value != "Problem"}
    assert results["balance"] == f"{sum(p.check == 'balance' for p in e.report.problems)} fel"
    assert results["financing-cap"] == "1 fel, 1 varning"  # Tillväxtverket above 40 %; År 1 above 40 %
    assert results["duplicate-id"] == "OK"
    first = find_row(ws, "Problem") + 1
    listed = [tuple(ws.cell(r, c).value for c in range(1, 5)) for r in range(first, first + len(e.report.problems))]
    expected = [(p.message, {"error": "fel", "warning": "varning"}[p.level.value], p.check, f"{p.file}:{p.line}")
                for p in e.report.problems]
    assert listed == expected
    assert ws["A2"].value == f"Budgeten har {len(e.report.errors)} fel och 1 varning."


def test_red_notice_at_the_top_when_the_budget_has_errors(exports):
    seed, hso = exports["seed"].workbook["Budget"], exports["hso"].workbook["Budget"]
    errors = len(exports["seed"].report.errors)
    # OH's TOTAL; Tillväxtverket above 40 %; cash over cost in År 1, År 2 and in total; öre in the
    # three public-financing subtotals; that subtotal's TOTAL; project financing in 3 years + TOTAL.
    assert errors == 1 + 1 + 3 + 3 + 1 + 4
    assert seed["A3"].value.startswith(f"OBS! Budgeten har {errors} fel")
    assert "Kontroller" in seed["A3"].value
    assert seed["A3"].font.color.rgb == "FFC00000" and seed["A3"].font.bold
    assert hso["A3"].value is None


# -- a finished document ---------------------------------------------------------------------


def test_looks_like_a_finished_document(exports):
    e = exports["hso"]
    wb = e.workbook
    ws = wb["Budget"]
    assert ws["A1"].value == "HSO – Hållbar samhällsomställning Västernorrland" and ws["A1"].font.bold
    for row, line in budget_rows(e):
        for col in range(2, 6):
            assert ws.cell(row, col).number_format == "#,##0", (line.label, col)
            assert bool(ws.cell(row, col).font.bold) == (line.kind == "sum")
        if isinstance(line.row, FinancierRow):
            assert ws.cell(row, 6).number_format == "0.00%"
    assert ws.freeze_panes == "B5"
    longest = max(len(line.label) for _, line in budget_rows(e))
    assert ws.column_dimensions["A"].width >= longest
    assert ws.column_dimensions["E"].width >= len("40 196 258")
    for sheet in wb.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.freeze_panes is not None
        assert "HSO – Hållbar samhällsomställning Västernorrland" in sheet["A1"].value
    props = wb.properties
    assert props.title == "Budget – HSO – Hållbar samhällsomställning Västernorrland"
    assert "Härnösands kommun" in props.subject
    assert props.creator == "hso-budget"


def test_ore_amounts_keep_their_ore(exports):
    ws = exports["rich"].workbook["Budget"]
    row = find_row(ws, "SUMMA PROJEKTKOSTNAD")
    assert ws.cell(row, 2).number_format == "#,##0.00"
    cell = ws.cell(find_row(ws, "Länsstyrelsen"), 2).coordinate
    with zipfile.ZipFile(exports["rich"].path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert f'<c r="{cell}" s=' in sheet and "<v>100000.45</v>" in sheet  # the exact digits, no float


# -- deterministic, safe, atomic ---------------------------------------------------------------


def test_the_same_budget_gives_the_same_bytes(tmp_path):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    write_workbook(check_path(BUDGET), first)
    time.sleep(1.1)  # zip entries keep time to two seconds; core.xml to the second
    write_workbook(check_path(BUDGET), second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and str(time.gmtime().tm_year) not in core


@needs_libreoffice
def test_text_that_looks_like_a_formula_stays_text(exports, computed):
    wb, got = exports["unsafe"].workbook, computed["unsafe"]
    budget = got["Budget"]
    assert budget["A1"] == '=HYPERLINK("http://example.com","klicka")'
    assert wb["Budget"]["A1"].data_type == "s"
    labels = [budget[f"A{r}"] for r in range(1, 60) if f"A{r}" in budget]
    for label in UNSAFE_LABELS + ["-Personal", "+Lönebikostnad"]:
        assert label in labels
    assert [got["Finansiärer"][f"A{r}"] for r in range(5, 9)] == UNSAFE_LABELS
    assert {budget["B4"], budget["C4"]} == {"=1+1", "-2"}
    assert (got["Personal"]["A6"], got["Personal"]["B6"]) == ("=2+3", "+Bolaget")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert not any(label in cell.value for label in ("2+3", "SUM(A1)", "HYPERLINK")), cell.value


@pytest.mark.parametrize("failure", ["mid-archive", "at-replace"])
def test_a_failed_export_leaves_the_old_file(tmp_path, monkeypatch, failure):
    out = tmp_path / "budget.xlsx"
    out.write_bytes(b"the previous workbook")
    seen: list[list[str]] = []
    if failure == "mid-archive":
        original = zipfile.ZipFile.writestr

        def failing(self, info, data, *args, **kwargs):
            if not isinstance(self.fp, io.BytesIO):  # the real file, not the staging in memory
                seen.append(sorted(p.name for p in tmp_path.iterdir()))
                if len(seen) == 3:
                    raise OSError("disk full")
            return original(self, info, data, *args, **kwargs)

        monkeypatch.setattr(zipfile.ZipFile, "writestr", failing)
    else:
        def failing_replace(source, target):
            seen.append(sorted(p.name for p in tmp_path.iterdir()))
            raise OSError("disk full")

        monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_workbook(check_path(BUDGET), out)
    assert out.read_bytes() == b"the previous workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["budget.xlsx"]
    assert len(seen[-1]) == 2 and seen[-1][0].startswith(".budget.xlsx.")  # it was writing a temporary file


# -- fast: openpyxl only when exporting ------------------------------------------------------


def test_openpyxl_is_imported_only_by_the_export():
    writers = ("hso_budget.xlsx", "hso_budget.followup.sheets", "hso_budget.__main__")  # they write workbooks
    modules = [m.name for m in pkgutil.walk_packages(hso_budget.__path__, "hso_budget.")
               if not m.name.startswith(writers)]
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "print('openpyxl' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
    assert "hso_budget.cli" in modules and "hso_budget.runner" in modules


# -- the command line ---------------------------------------------------------------------


def test_cli_exports_the_budget(tmp_path):
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(app, ["export", "--xlsx", str(out), str(BUDGET)])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).sheetnames == ["Budget", "Finansiärer", "Kontroller"]


def test_cli_refuses_a_budget_with_errors(tmp_path):
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(app, ["export", "--xlsx", str(out), str(SEED)])
    assert result.exit_code == 1
    assert "nothing written" in result.output
    assert list(tmp_path.iterdir()) == []


def test_cli_exports_a_budget_with_errors_when_allowed(tmp_path):
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(app, ["export", "--xlsx", "--allow-errors", str(out), str(SEED)])
    assert result.exit_code == 0, result.output
    notice = openpyxl.load_workbook(out)["Budget"]["A3"]
    assert "Budgeten har 13 fel" in notice.value and notice.font.color.rgb == "FFC00000"


def test_cli_never_writes_over_its_input(tmp_path):
    budget = tmp_path / "in.yaml"
    budget.write_bytes(BUDGET.read_bytes())
    (tmp_path / "out.xlsx").symlink_to(budget)
    runner = CliRunner()
    through_link = runner.invoke(app, ["export", "--xlsx", str(tmp_path / "out.xlsx"), str(budget)])
    assert through_link.exit_code == 2
    assert "refusing to write the workbook over its own input" in through_link.output
    twice = runner.invoke(app, ["export", "--xlsx", str(budget), str(budget)])
    assert twice.exit_code == 2
    # a usage error, not an 'internal error'
    assert "Error: Invalid value: the workbook ends in .xlsx and the budget in .yaml or .yml" in twice.output
    assert "internal error" not in twice.output
    assert budget.read_bytes() == BUDGET.read_bytes()
