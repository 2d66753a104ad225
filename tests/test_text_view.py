"""The text view: amounts are never cut at any terminal width; revenue and in-kind costs say what they are."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from hso_budget import output, render
from hso_budget.check_command import plain_text
from hso_budget.i18n import using
from hso_budget.layout import cost_lines
from hso_budget.problems import Level, Problem
from hso_budget.runner import check_path, check_text

ROOT = Path(__file__).resolve().parent.parent

SMALL = """\
format: hso-budget/1
project: {name: Test, owner: Härnösands kommun}
periods:
  - {id: ar1, label: År 1}
  - {id: ar2, label: År 2}
costs:
  - {id: resor, label: Resor, amounts: {ar1: 1 000, ar2: 2 000}}
  - {id: intakter, label: Intäkter, kind: revenue, amounts: {ar1: 100, ar2: 0}}
direct_costs:
  - {id: lst, label: Länsstyrelsen, financier: lst, per_period: 10}
  - {id: firma, label: Firman, financier: firma, per_period: 20}
financiers:
  - {id: region, label: Region, sector: public, remainder: true}
  - {id: lst, label: Länsstyrelsen, sector: public, kind: in-kind, carried: true}
  - {id: firma, label: Firman, sector: private, kind: in-kind, carried: true}
"""


def rendered(path: Path, width: int) -> str:
    report = check_path(path)
    console = Console(file=io.StringIO(), width=width, color_system=None)
    tables = render.budget_tables(report, width)
    if report.calculation.staff:
        tables += render.staff_tables(report.calculation, width)
    for table in tables:
        console.print(table)
    return console.file.getvalue()


# Amounts of data/budget.yaml worked out by hand in test_calculator.py and test_seed.py: Personal År 1
# (as written), booked cost År 1, project cost År 1 and in total, Tillväxtverket in total.
SEED_AMOUNTS = ["6 428 829", "13 279 868", "14 179 668", "40 196 258", "16 078 503"]


@pytest.mark.parametrize("width", [60, 80, 120])
def test_show_never_cuts_an_amount(width):
    text = rendered(ROOT / "data" / "budget.yaml", width)
    assert "…" not in text
    assert max(len(line.rstrip()) for line in text.splitlines()) <= width
    for amount in SEED_AMOUNTS:
        assert amount in text, (amount, width)
    report = check_path(ROOT / "data" / "budget.yaml")
    calc = report.calculation
    shown = text.split()  # every amount of every row, whole, as its groups of digits in order
    joined = " ".join(shown)
    for row in [*calc.costs, *calc.direct_costs, *calc.financiers, *calc.subtotals().values()]:
        for value in [*row.amounts.values(), row.total]:
            assert f"{int(value):,}".replace(",", " ") in joined


def test_at_120_columns_one_table_with_shares_at_60_the_periods_in_blocks():
    wide, narrow = rendered(ROOT / "data" / "budget.yaml", 120), rendered(ROOT / "data" / "budget.yaml", 60)
    assert "28,00 %" in wide and wide.count("TOTAL ") >= 1
    assert "28,00 %" not in narrow  # the share column goes before any period does
    header = [line for line in narrow.splitlines() if "År 1" in line][0]
    assert "TOTAL" not in header  # År 1–3 in one block, the totals in the next
    assert any(line.split() == ["TOTAL"] for line in narrow.splitlines())


def test_staff_table_keeps_every_amount_at_80_columns():
    text = rendered(ROOT / "examples" / "staff-positions.yaml", 80)
    assert "…" not in text
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80


def test_revenue_is_shown_as_subtracted_and_the_in_kind_subtotal_names_who_carries_it():
    report = check_text(SMALL.encode(), "small.yaml")
    with using("sv"):
        labels = [line.label for line in cost_lines(report.calculation)]
        assert "Intäkter (avgår)" in labels
        assert "SUMMA KOSTNAD FRÅN ANDRA OFFENTLIGA OCH PRIVATA AKTÖRER" in labels
    with using("en"):
        labels = [line.label for line in cost_lines(report.calculation)]
        assert "Intäkter (subtracted)" in labels
        assert "TOTAL COST FROM OTHER PUBLIC AND PRIVATE ACTORS" in labels
    # booked cost: 1 000 − 100 = 900 in År 1 (revenue subtracted), 2 000 in År 2
    assert [report.calculation.booked_cost.amounts[p] for p in ("ar1", "ar2")] == [900, 2000]


def test_only_public_actors_keep_the_applications_label():
    report = check_path(ROOT / "data" / "budget.yaml")
    with using("sv"):
        labels = [line.label for line in cost_lines(report.calculation)]
    assert "SUMMA KOSTNAD FRÅN ANDRA OFFENTLIGA AKTÖRER" in labels


def test_the_diff_shows_revenue_as_subtracted_and_its_headings_in_the_language():
    from hso_budget.diff import as_text, compare

    old = check_text(SMALL.encode(), "old.yaml")
    new = check_text(SMALL.replace("amounts: {ar1: 100, ar2: 0}", "amounts: {ar1: 300, ar2: 0}").encode(), "new.yaml")
    with using("sv"):
        swedish = as_text(compare(old, new))
    with using("en"):
        english = as_text(compare(old, new))
    assert re.search(r"^  Intäkter \(avgår\) +År 1 +100 +300 +\+200$", swedish, re.M)
    assert re.search(r"^  Intäkter \(subtracted\) +År 1 +100 +300 +\+200$", english, re.M)
    assert "Kostnader" in swedish.splitlines() and "Costs" in english.splitlines()
    # 200 kr more revenue is 200 kr less booked cost, which the remainder financier no longer covers
    assert "Ändrade åtaganden: Region (-200 kr över projektet; År 1 -200)" in swedish.splitlines()
    assert "Commitments changed: Region (-200 kr over the project; År 1 -200)" in english.splitlines()


def _rich_check_output(reports, problems, quiet=False) -> str:
    """What `check` prints through rich to a file or a pipe (its rich branch, on a StringIO)."""
    console = output.console(io.StringIO())
    for report in reports:
        if report.calculation is not None and not quiet:
            output.print_budget(console, report, named=len(reports) > 1)
    console.print(render.problems_text(problems), end="", soft_wrap=True)
    return console.file.getvalue()


BUDGETS = sorted([ROOT / "data" / "budget.yaml", *(ROOT / "examples").glob("*.yaml"),
                  *(ROOT / "tests" / "fixtures").rglob("*.yaml")])


@pytest.mark.parametrize("language", ["en", "sv"])
def test_plain_text_view_prints_what_rich_prints_on_a_pipe(language):
    """Without a terminal `check` prints the text view without rich: line for line what rich prints."""
    compared = 0
    with using(language):
        for path in BUDGETS:
            report = check_path(path)
            for reports in ([report], [report, check_text(SMALL.encode(), "small.yaml")]):
                problems = sorted({p for r in reports for p in r.problems}, key=lambda p: p.sort_key())
                plain = plain_text(reports, problems, quiet=False)
                if plain is not None:
                    compared += 1
                    assert plain == _rich_check_output(reports, problems), path
    assert compared >= 2 * len(BUDGETS) - 4  # the plain view covers (almost) every budget


def test_plain_text_view_leaves_wide_characters_and_control_characters_to_rich():
    wide = check_text(SMALL.replace("Resor", "Resor 旅行").encode(), "wide.yaml")
    assert wide.calculation is not None
    assert plain_text([wide], wide.problems, quiet=False) is None
    assert "旅行" in _rich_check_output([wide], wide.problems)
    bell = Problem("a.yaml", 1, 1, Level.ERROR, "format", "unknown key 'a\ab'")
    assert render.problems_plain([bell]) is None
    assert "'ab'" in _rich_check_output([], [bell])  # rich drops the bell
