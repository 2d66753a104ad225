"""Accepted warnings: `accepted:` in the budget marks a warning as seen, while its value holds."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hso_budget.cli import app
from hso_budget.runner import check_text

# Tillväxtverket's share is spread so that År 1 has 45 000 of the period's 100 000 (45 %, above
# ERUF's 40 %), År 2 35 000 of 100 000; 80 000 of 200 000 is 40 % over the whole project.
BUDGET = """\
format: hso-budget/1
project: {name: Test, owner: Härnösands kommun}
programme: eruf-mellersta-norrland-2021-2027
periods:
  - {id: ar1, label: År 1}
  - {id: ar2, label: År 2}
costs:
  - {id: resor, label: Resor, per_period: 100 000}
financiers:
  - {id: tvv, label: Tillväxtverket, sector: public, fund: eruf, share: 40 %, spread: weights,
     weights: {ar1: 45, ar2: 35}}
  - {id: region, label: Region, sector: public, remainder: true}
"""
ACCEPTED = """\
accepted:
  - check: financing-cap
    at: financiers.tvv
    period: ar1
    value: {value}
    reason: the work is front-loaded
"""


def problems(text: str) -> list[str]:
    return [f"{p.line}:{p.column} {p.level_text} {p.check} {p.message}" for p in check_text(text.encode(), "t.yaml").problems]


WARNING = ("Tillväxtverket År 1: 45 000 is 45,00 % of the period's project cost 100 000, above 40 % (the cap holds "
           "for the whole project, but some deciding bodies read it per period)")


def test_without_acceptance_the_warning_is_a_warning():
    assert problems(BUDGET) == [f"10:73 warning financing-cap {WARNING}"]


def test_an_accepted_warning_is_listed_with_its_reason():
    assert problems(BUDGET + ACCEPTED.format(value="45 000 of 100 000")) == [
        f"10:73 warning (accepted: the work is front-loaded) financing-cap {WARNING}"]


def test_the_value_may_be_written_with_other_spaces():
    found = problems(BUDGET + ACCEPTED.format(value="45\u00a0000 of 100000"))
    assert found == [f"10:73 warning (accepted: the work is front-loaded) financing-cap {WARNING}"]


def test_when_the_numbers_change_the_warning_comes_back():
    # The weights move 1 000 kr to År 1: 46 000 of 100 000 is no longer what was accepted.
    text = BUDGET.replace("{ar1: 45, ar2: 35}", "{ar1: 46, ar2: 34}") + ACCEPTED.format(value="45 000 of 100 000")
    found = problems(text)
    assert found == [
        "10:73 warning financing-cap " + WARNING.replace("45 000 is 45,00 %", "46 000 is 46,00 %"),
        "17:12 warning accepted the financing-cap warning at financiers.tvv in År 1 was accepted at "
        "'45 000 of 100 000' but is now '46 000 of 100 000': the numbers changed, so it is reported again; "
        "check it, then update the value",
    ]


def test_an_acceptance_without_a_value_says_which_to_write():
    text = BUDGET + ACCEPTED.replace("    value: {value}\n", "")
    assert problems(text) == [
        f"10:73 warning financing-cap {WARNING}",
        "14:5 warning accepted the financing-cap warning at financiers.tvv in År 1 has the value '45 000 of 100 000': "
        "write `value: 45 000 of 100 000` to accept it, so that a change in the numbers is seen",
    ]


def test_an_acceptance_that_matches_nothing_is_a_warning():
    text = BUDGET + ACCEPTED.format(value="45 000 of 100 000").replace("period: ar1", "period: ar2")
    assert problems(text) == [
        f"10:73 warning financing-cap {WARNING}",
        "14:5 warning accepted this acceptance matches no warning: there is no financing-cap warning at "
        "financiers.tvv in År 2 (financing-cap warnings are at: financiers.tvv ar1); remove it",
    ]


def test_an_unknown_check_is_named():
    text = BUDGET + ACCEPTED.format(value="45 000 of 100 000").replace("check: financing-cap", "check: financing-caps")
    assert problems(text)[1] == "14:5 warning accepted unknown check 'financing-caps'; did you mean 'financing-cap'?"


def test_an_error_cannot_be_accepted():
    # 50 % over the whole project is an error of financing-cap: it stays one.
    text = BUDGET.replace("share: 40 %", "share: 50 %") + ACCEPTED.format(value="x").replace("    period: ar1\n", "")
    found = problems(text)
    assert "10:73 error financing-cap Tillväxtverket 100 000 is 20 000 kr above its cap: 40 % (the programme's eruf " \
           "fund) of the project cost 200 000 is 80 000" in found
    assert ("14:5 warning accepted the financing-cap problem at financiers.tvv is an error; only warnings can be "
            "accepted") in found


def test_strict_passes_with_accepted_warnings_only_and_json_says_accepted(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text(BUDGET + ACCEPTED.format(value="45 000 of 100 000"), "utf-8")
    result = CliRunner().invoke(app, ["check", "--strict", "--format", "json", str(path)])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    [problem] = report["problems"]
    assert (problem["accepted"], problem["at"], problem["period"], problem["value"]) == (
        "the work is front-loaded", "financiers.tvv", "ar1", "45 000 of 100 000")
    assert (report["errors"], report["warnings"], report["accepted"]) == (0, 0, 1)
    unaccepted = tmp_path / "c.yaml"
    unaccepted.write_text(BUDGET, "utf-8")
    assert CliRunner().invoke(app, ["check", "--strict", "--format", "json", str(unaccepted)]).exit_code == 1
