"""Following the budget through the project (examples/follow-up): actual costs recomputed as
Tillväxtverket does, the 20 % rule, the payment claim and checks of the actuals files.

Every expected number is worked out by hand in a comment beside it.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hso_budget.cli import app
from hso_budget.followup.checks import check_follow_up
from hso_budget.followup.files import check_any
from hso_budget.followup.load import load

D = Decimal
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "follow-up"
TODAY = date(2026, 11, 28)


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def report() -> dict:
    result = run("follow-up", str(EXAMPLE / "follow-up.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def category(report: dict, cid: str) -> dict:
    return next(c for c in report["categories"] if c["id"] == cid)


def financier(report: dict, fid: str) -> dict:
    return next(f for f in report["financiers"] if f["id"] == fid)


def test_the_last_reported_period_is_followed_by_default(report):
    assert report["period"]["id"] == "rp2" and report["reported"] == ["rp1", "rp2"]


def test_staff_costs_come_from_the_hours_at_the_hourly_cost(report):
    # 45 000 × 12 / 1 720 = 313,95… kr/h. rp1: 560 h → 175 813,95 → 175 814; rp2: 580 h → 182 093,02 → 182 093
    personal = category(report, "personal")
    assert (personal["actual_period"], personal["actual_to_date"]) == ("182093", "357907")  # 175 814 + 182 093
    # approved: 45 000 × 12 = 540 000 in År 1, 46 080 × 12 = 552 960 in År 2
    assert personal["budget"] == "1092960"


def test_flat_rates_are_recomputed_on_the_actual_staff_costs(report):
    # Lönebikostnad 45 %: 182 093 × 45 % = 81 941,85 → 81 942; OH 15 % × (182 093 + 81 942) = 39 605,25 → 39 605
    assert category(report, "lonebikostnad")["actual_period"] == "81942"
    assert category(report, "oh")["actual_period"] == "39605"
    # rp1: 175 814 × 45 % = 79 116,30 → 79 116; 15 % × (175 814 + 79 116) = 38 239,50 → 38 240
    assert category(report, "oh")["actual_to_date"] == str(38_240 + 39_605)


def test_planned_to_date_apportions_the_budget_year_by_days(report):
    # År 1 is 1 July 2025 – 30 June 2026, 365 days; up to 28 February 2026: 243 days.
    # Personal: 540 000 × 243 / 365 = 359 506,85 → 359 507
    assert category(report, "personal")["planned_to_date"] == "359507"


def test_the_deviation_rule(report):
    # Externa tjänster: 250 000 + 150 000 = 400 000 against 300 000: 100 000 kr (33 %) over,
    # more than 20 % and not under 50 000 kr: a change decision
    externa = category(report, "externa-tjanster")
    assert (externa["actual_to_date"], externa["remaining"], externa["needs"]) == ("400000", "-100000", "change-decision")
    # Resor: 60 000 + 80 000 = 140 000 against 100 000: 40 000 kr (40 %) over, under 50 000: the case officer
    resor = category(report, "resor")
    assert (resor["actual_to_date"], resor["needs"]) == ("140000", "case-officer")
    # the office's forecast of 20 000 more makes it 160 000: 60 000 over, a change decision
    assert (resor["forecast"], resor["needs_forecast"]) == ("160000", "change-decision")
    assert category(report, "personal")["needs"] == "none"


def test_the_claim_for_tillvaxtverket_is_40_percent_of_the_reported_cost_rounded_down(report):
    # rp2's project cost: 182 093 + 81 942 + 39 605 + 150 000 + 80 000 + 20 000 (Länsstyrelsen) = 553 640
    assert report["totals"]["project_cost"]["actual_period"] == "553640"
    tillvaxtverket = financier(report, "tillvaxtverket")
    # 40 % × 553 640 = 221 456 (rounded down); with rp1's 40 % × 623 170 = 249 268: 470 724 to date
    assert (tillvaxtverket["claim"], tillvaxtverket["to_date"]) == ("221456", "470724")
    # approved: 40 % × 2 342 511 = 937 004,40 → 937 004; still to claim 937 004 − 470 724 = 466 280
    assert (tillvaxtverket["approved"], tillvaxtverket["still"]) == ("937004", "466280")


def test_municipalities_paid_in_and_in_kind_contributions(report):
    harnosand = financier(report, "harnosand")
    # committed 150 000 a year; paid in 150 000 in rp1 and nothing in rp2
    assert (harnosand["how"], harnosand["approved"], harnosand["to_date"], harnosand["still"]) == (
        "commitment", "300000", "150000", "150000")
    lst = financier(report, "lst")
    assert (lst["how"], lst["claim"], lst["to_date"]) == ("in-kind", "20000", "40000")


def test_an_earlier_period_can_be_followed():
    result = run("follow-up", str(EXAMPLE / "follow-up.yaml"), "--period", "rp1", "--format", "json")
    assert result.exit_code == 0, result.output
    rp1 = json.loads(result.stdout)
    # rp1's project cost: 175 814 + 79 116 + 38 240 + 250 000 + 60 000 + 20 000 = 623 170; 40 % = 249 268
    assert financier(rp1, "tillvaxtverket")["claim"] == "249268"
    assert category(rp1, "externa-tjanster")["needs"] == "none"  # 250 000 of 300 000


def test_text_and_markdown_name_the_deviations():
    text = run("follow-up", str(EXAMPLE / "follow-up.yaml")).stdout
    assert "Externa tjänster: actual to date 400 000 is 100 000 kr (33,3 %) above the approved 300 000: needs a " \
           "change decision" in text
    markdown = run("follow-up", str(EXAMPLE / "follow-up.yaml"), "--format", "markdown").stdout
    assert "| Resor och logi | 100 000 |" in markdown


def copy_example(tmp_path: Path) -> Path:
    target = tmp_path / "follow-up"
    shutil.copytree(EXAMPLE, target)
    return target


def test_a_financing_change_since_the_approved_budget_is_named(tmp_path):
    folder = copy_example(tmp_path)
    budget = folder / "budget.yaml"
    budget.write_text(budget.read_text("utf-8").replace("per_period: 150 000", "per_period: 120 000"), "utf-8")
    result = run("follow-up", str(folder / "follow-up.yaml"), "--format", "json")
    # 60 000 less from the municipality: the remainder, Region Västernorrland, gives 60 000 more
    assert json.loads(result.stdout)["financing_changes"] == [
        "Region Västernorrland: 985 507 → 1 045 507 kr", "Härnösands kommun: 300 000 → 240 000 kr"]


def test_actuals_are_checked_at_their_lines(tmp_path):
    folder = copy_example(tmp_path)
    rp2 = folder / "actuals" / "rp2.yaml"
    text = rp2.read_text("utf-8")
    text = text.replace("  resor: 80 000", "  resor: 80 000\n  oh: 1 000\n  personal: 5\n  resorr: 3")
    text = text.replace("  Projektledare: 580", "  Projektledare: 1 200")
    rp2.write_text(text, "utf-8")
    problems = [(p.line, p.check, p.message) for p in check_any(str(rp2), TODAY).problems]
    assert (7, "actuals", "'OH' is a rate of other categories: it is computed from the actual costs, not written") \
        in problems
    assert (8, "actuals", "'Personal' comes from the staff positions' hours; write them under 'hours:'") in problems
    assert any(line == 9 and check == "unknown-reference" and "'resorr'" in m for line, check, m in problems)
    # 560 + 1 200 = 1 760 hours in the first project year, above 1 720 × 100 %
    assert any(check == "actuals" and "1 760 hours in project year 1, above 1 720 × 100 % = 1 720" in m
               for _, check, m in problems)


def test_actuals_for_a_period_that_has_not_started_are_an_error():
    loaded = load(EXAMPLE / "follow-up.yaml")
    problems = check_follow_up(loaded, date(2025, 10, 1))  # before rp2 started
    assert [(Path(p.file).name, p.check) for p in problems if p.is_error] == [("rp2.yaml", "dates")]


def test_check_of_the_examples_folder_reads_each_file_as_its_format():
    result = CliRunner().invoke(app, ["check", "--format", "parsable", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


@pytest.mark.skipif(not __import__("shutil").which("soffice") and not __import__("os").environ.get(
    "HSO_REQUIRE_LIBREOFFICE"), reason="LibreOffice not installed")
def test_the_follow_up_sheets_recalculate_to_the_follow_up(tmp_path, report):
    from support.libreoffice import recalculate, values

    out = tmp_path / "uppfoljning.xlsx"
    result = run("export", str(out), str(EXAMPLE / "budget.yaml"))
    assert result.exit_code == 0, result.output
    sheets = values(recalculate(out, tmp_path / "lo"))
    follow, claim = sheets["Uppföljning"], sheets["Rekvisition"]
    rows = {follow[f"A{r}"]: r for r in range(5, 20) if f"A{r}" in follow}
    # columns: B budget, C rp1, D rp2, E to date, F remaining, G used, H deviation
    for c in report["categories"]:
        r = rows[c["label"]]
        assert (follow[f"E{r}"], follow[f"F{r}"]) == (int(c["actual_to_date"]), int(c["remaining"])), c["id"]
    assert follow[f"H{rows['Externa tjänster']}"] == "ändringsbeslut"
    assert follow[f"H{rows['Resor och logi']}"] == "handläggarens godkännande"
    assert follow.get(f"H{rows['Personal']}") in (None, "")
    claims = {claim[f"A{r}"]: r for r in range(5, 12) if f"A{r}" in claim}
    r = claims["Tillväxtverket"]
    # 40 % × 553 640 = 221 456 this period; 249 268 + 221 456 = 470 724 to date
    assert (claim[f"E{r}"], claim[f"G{r}"], claim[f"H{r}"]) == (553_640, 221_456, 470_724)
    for f in report["financiers"]:
        r = claims[f["label"]]
        assert (claim[f"G{r}"], claim[f"H{r}"], claim[f"I{r}"]) == (int(f["claim"]), int(f["to_date"]), int(f["still"]))


def test_the_budget_can_be_named_instead_of_its_follow_up_file():
    result = run("follow-up", str(EXAMPLE / "budget.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert financier(json.loads(result.stdout), "tillvaxtverket")["claim"] == "221456"
