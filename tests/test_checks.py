"""Every check, on small budgets: `tests/fixtures/checks/<check-id>/pass*.yaml` and `fail*.yaml`.

A fixture's header states the problems it must give, one a line:

    # expect: LINE:COLUMN LEVEL CHECK-ID MESSAGE-PART

A pass fixture has no `# expect:` lines and must give no problem at all (no warning either).
A fail fixture must give exactly the problems its header lists: the same line, column, level
and check, with MESSAGE-PART somewhere in the message. `format` holds the problems that the
budget format itself reports (unknown and missing keys, wrong types, numbers, literals);
`decimal-comma` the one problem of the YAML reader that needs a budget around it (a decimal
comma inside {…}); the reader's other problems are in tests/fixtures/invalid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from hso_budget.checks import all_checks
from hso_budget.runner import check_path, check_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "checks"
MODEL_CHECKS = ("format",)  # reported by validation.py, not by a check in all_checks()
READER_CHECKS = ("decimal-comma",)  # reported by the YAML reader (source.py), before validation
EXPECT = re.compile(r"^# expect: (?P<line>\d+):(?P<column>\d+) (?P<level>error|warning) (?P<check>[a-z-]+) (?P<message>.+)$")


@dataclass(frozen=True)
class Expected:
    line: int
    column: int
    level: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column} {self.level} {self.check} {self.message}"


def expectations(path: Path) -> list[Expected]:
    found = []
    for text in path.read_text("utf-8").splitlines():
        if text.startswith("# expect"):
            match = EXPECT.match(text)
            assert match, f"{path.name}: malformed header line {text!r}"
            found.append(Expected(int(match["line"]), int(match["column"]), match["level"], match["check"],
                                  match["message"]))
    return found


def fixtures(pattern: str) -> list[Path]:
    return sorted(FIXTURES.glob(f"*/{pattern}"))


def fixture_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def check_ids() -> list[str]:
    return [c.id for c in all_checks()]


# -- the fixtures -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", fixtures("pass*.yaml"), ids=fixture_id)
def test_pass_fixture_gives_no_problem(path):
    assert expectations(path) == [], "a pass fixture states no problems"
    report = check_path(path)
    assert [f"{p.line}:{p.column} {p.level.value} {p.check} {p.message}" for p in report.problems] == []
    assert report.calculation is not None


@pytest.mark.parametrize("path", fixtures("fail*.yaml"), ids=fixture_id)
def test_fail_fixture_gives_exactly_the_expected_problems(path):
    expected = expectations(path)
    assert expected, "a fail fixture states its problems in '# expect:' lines"
    assert any(e.check == path.parent.name for e in expected), f"it must fail {path.parent.name}"
    problems = [
        Expected(p.line, p.column, p.level.value, p.check, p.message) for p in check_path(path).problems
    ]
    unmatched = list(problems)
    missing = []
    for want in expected:
        match = next(
            (p for p in unmatched
             if (p.line, p.column, p.level, p.check) == (want.line, want.column, want.level, want.check)
             and want.message in p.message),
            None,
        )
        if match is None:
            missing.append(want)
        else:
            unmatched.remove(match)
    assert not missing and not unmatched, (
        "expected but not found:\n  " + "\n  ".join(map(str, missing))
        + "\nfound but not expected:\n  " + "\n  ".join(map(str, unmatched))
    )


# -- every check is documented and has fixtures -------------------------------------------------


def test_the_documented_checks_exist_and_ids_are_unique():
    # The ids README.md documents; a new check adds to them (and needs its fixtures, below).
    documented = [
        "duplicate-id", "unknown-reference", "missing-period", "rule", "dates", "negative-amount", "balance",
        "written-total", "ore-in-total", "empty", "flat-rate", "financing-cap", "remainder-negative",
        "public-share",
    ]
    assert set(documented) <= set(check_ids())
    assert len(set(check_ids())) == len(check_ids())
    # Structure checks run before the calculator, number checks after it.
    stages = {c.id: c.stage for c in all_checks()}
    assert {stages[i] for i in ("duplicate-id", "unknown-reference", "missing-period", "rule", "dates")} == {"structure"}
    assert {stages[i] for i in ("balance", "written-total", "flat-rate", "financing-cap")} == {"numbers"}


@pytest.mark.parametrize("check", all_checks(), ids=lambda c: c.id)
def test_every_check_has_a_docstring(check):
    assert check.doc.strip(), f"{check.id} has no docstring"
    # A sentence, not just a name.
    assert len(check.doc.split()) >= 5


@pytest.mark.parametrize("check_id", [*check_ids(), *MODEL_CHECKS, *READER_CHECKS])
def test_every_check_has_a_pass_and_a_fail_fixture(check_id):
    folder = FIXTURES / check_id
    assert sorted(folder.glob("pass*.yaml")), f"no tests/fixtures/checks/{check_id}/pass.yaml"
    assert sorted(folder.glob("fail*.yaml")), f"no tests/fixtures/checks/{check_id}/fail*.yaml"


def test_every_fixture_folder_is_a_check():
    known = set(check_ids()) | set(MODEL_CHECKS) | set(READER_CHECKS)
    assert {p.name for p in FIXTURES.iterdir() if p.is_dir()} <= known


# -- what the format checks must say, for the cases that matter most ---------------------------


def problems_of(text: str) -> list[str]:
    return [f"{p.line}:{p.column} {p.level.value} {p.check} {p.message}" for p in check_text(text.encode(), "t.yaml").problems]


BUDGET = """\
format: hso-budget/1
project: {name: Test, owner: Härnösands kommun}
periods:
  - {id: ar1, label: År 1}
  - {id: ar2, label: År 2}
costs:
  - {id: resor, label: Resor, amounts: {ar1: 100, ar2: 200}}
direct_costs:
  - {id: lst, label: Länsstyrelsen, financier: lst, per_period: 10}
financiers:
  - {id: region, label: Region, sector: public, remainder: true}
  - {id: lst, label: Länsstyrelsen, sector: public, kind: in-kind, carried: true}
programme: eruf-mellersta-norrland-2021-2027
"""
PROGRAMME = "programme: eruf-mellersta-norrland-2021-2027"


def with_staff(text: str, payroll_rate: str) -> str:
    """The budget with a full-time Projektledare at Härnösands kommun, whose payroll rate is given."""
    return text.replace(
        "costs:\n  - {id: resor",
        f"payroll_overheads:\n  Härnösands kommun: {payroll_rate}\n"
        "staff:\n  - {role: Projektledare, employer: Härnösands kommun, monthly_salary: 40 000}\ncosts:\n"
        "  - {id: personal, label: Personal, kind: staff}\n  - {id: lbk, label: Lönebikostnad, kind: payroll}\n"
        "  - {id: resor",
    )


def test_with_staff_is_a_clean_budget():
    assert problems_of(with_staff(BUDGET, "40 %")) == []


def test_structure_errors_stop_before_the_numbers():
    # An unknown period is a structure error: the calculator does not run, so no balance error.
    text = BUDGET.replace("{ar1: 100, ar2: 200}", "{ar1: 100, ar2: 200, ar3: 5}")
    report = check_text(text.encode(), "t.yaml")
    assert [p.check for p in report.problems] == ["unknown-reference"]
    assert report.calculation is None


def test_problems_are_sorted_by_line_and_column():
    text = BUDGET.replace("{ar1: 100, ar2: 200}", "{ar1: -100, ar2: 200, ar4: 1}").replace(
        "- {id: ar2, label: År 2}", "- {id: ar1, label: År 2}"
    )
    report = check_text(text.encode(), "t.yaml")
    keys = [(p.line, p.column) for p in report.problems]
    assert keys == sorted(keys) and len(keys) >= 2


SPLIT = "was read as two entries: inside {…} a comma separates entries; quote the value"


def test_decimal_comma_in_braces_in_a_percentage_is_explained():
    text = BUDGET.replace(PROGRAMME, "programme: {preset: eruf-mellersta-norrland-2021-2027, staff_indexation: 2,4 %}")
    # Reported once, by the YAML reader, at the part split off ('4 %'); not also as '2' without a % sign.
    assert problems_of(text) == [
        f"13:76 error decimal-comma 'staff_indexation: 2,4 %' {SPLIT} (\"2,4 %\") or write one entry a line"]


def test_thousands_comma_in_braces_is_explained():
    text = BUDGET.replace("{ar1: 100, ar2: 200}", "{ar1: 1,234, ar2: 200}")
    # A key of three digits ('234') is caught as well as one of two, and read as thousands first.
    assert problems_of(text) == [
        "7:48 error decimal-comma 'ar1: 1,234' was read as two entries: inside {…} a comma separates entries; "
        "write 1 234 for thousands, or 1.2340 for a decimal number"]


def test_decimal_comma_in_braces_in_payroll_rates_is_explained():
    text = with_staff(BUDGET, "{ar1: 45,24 %, ar2: 42,68 %}")
    assert problems_of(text) == [
        f"7:31 error decimal-comma 'ar1: 45,24 %' {SPLIT} (\"45,24 %\") or write one entry a line",
        f"7:45 error decimal-comma 'ar2: 42,68 %' {SPLIT} (\"42,68 %\") or write one entry a line",
    ]


def test_the_decimal_comma_quoted_as_advised_is_accepted():
    text = with_staff(BUDGET, '{ar1: "45,24 %", ar2: "42,68 %"}').replace("{ar1: 100, ar2: 200}", '{ar1: "100,50", ar2: 200}')
    assert problems_of(text) == []


def test_unknown_top_level_key_suggests_the_right_one():
    problems = problems_of(BUDGET.replace("financiers:", "finacniers:"))
    assert any("unknown key 'finacniers'" in p and "did you mean 'financiers'?" in p for p in problems)
    assert all(p.split()[2] == "format" for p in problems)


def test_misspelt_section_is_reported_once():
    # Not also as "missing key 'financiers'": the suggestion says that already.
    assert problems_of(BUDGET.replace("financiers:", "finacniers:")) == [
        "10:1 error format unknown key 'finacniers'; did you mean 'financiers'?"]


def test_an_empty_list_says_so():
    text = BUDGET.replace(
        "financiers:\n  - {id: region, label: Region, sector: public, remainder: true}\n"
        "  - {id: lst, label: Länsstyrelsen, sector: public, kind: in-kind, carried: true}\n", "financiers: []\n")
    assert problems_of(text) == ["10:13 error format financiers: needs at least one entry; the list is empty"]


def test_an_empty_id_says_so():
    assert problems_of(BUDGET.replace("id: resor,", 'id: "",')) == ["7:10 error format costs[0].id: must not be empty"]


def test_an_empty_label_says_so():
    assert problems_of(BUDGET.replace("label: Resor,", 'label: "",')) == [
        "7:24 error format costs[0].label: must not be empty"]


@pytest.mark.parametrize("old, new, expected", [
    ("name: Test,", 'name: "",', "2:17 error format project.name: must not be empty"),
    ("owner: Härnösands kommun}", 'owner: ""}', "2:30 error format project.owner: must not be empty"),
    ("label: År 2}", 'label: ""}', "5:22 error format periods[1].label: must not be empty"),
    ("label: Region,", "label: '',", "17:25 error format financiers[0].label: must not be empty"),
    ("role: Projektledare,", 'role: "",', "9:12 error format staff[0].role: must not be empty"),
    ("employer: Härnösands kommun,", 'employer: "",', "9:37 error format staff[0].employer: must not be empty"),
], ids=["project name", "project owner", "period label", "financier label", "staff role", "staff employer"])
def test_an_empty_name_says_so(old, new, expected):
    text = with_staff(BUDGET, "40 %")
    assert text.count(old) == 1
    assert problems_of(text.replace(old, new)) == [expected]


def test_a_misspelt_required_key_in_an_entry_is_reported_once():
    text = BUDGET.replace("sector: public, remainder", "sectr: public, remainder")
    assert problems_of(text) == ["11:33 error format financiers[0]: unknown key 'sectr'; did you mean 'sector'?"]


def test_a_missing_section_without_a_look_alike_is_reported():
    text = BUDGET.replace("financiers:", "sponsors:")
    problems = problems_of(text)
    assert any("missing key 'financiers'" in p for p in problems)


def test_negative_payroll_overhead_rate_is_an_error():
    text = with_staff(BUDGET, "−40 %")
    assert problems_of(text) == ["7:22 error negative-amount negative payroll-overhead rate -40 % for Härnösands kommun"]


def test_negative_rate_is_shown_as_a_percentage():
    text = BUDGET.replace(
        "  - {id: resor, label: Resor, amounts: {ar1: 100, ar2: 200}}",
        "  - {id: resor, label: Resor, amounts: {ar1: 100, ar2: 200}}\n"
        "  - {id: oh, label: OH, kind: cost, rate: −15 %, of: [resor]}",
    )
    # −15 %, not -0,15, and without the hint about revenue, which is for amounts
    assert problems_of(text) == ["8:43 error negative-amount negative percentage -15 % in 'OH'"]


def test_ore_in_a_total_is_one_problem():
    text = BUDGET + "totals:\n  booked_cost:\n    ar1: 100,40\n    ar2: 200\n    total: 300\n"
    # Not also written-total: the one message gives the sum of the rows.
    assert problems_of(text) == [
        "16:10 error ore-in-total SUMMA BOKFÖRD KOSTNAD År 1 shows öre (100,40) while its rows are whole kronor; "
        "they add up to 100"]


def test_a_total_with_ore_that_is_also_wrong_in_kronor_is_still_one_problem():
    # 101,40 is öre over rows that add up to 100: the message gives the sum, so the krona is seen too.
    text = BUDGET + "totals:\n  booked_cost:\n    ar1: 101,40\n    ar2: 200\n    total: 300\n"
    assert problems_of(text) == [
        "16:10 error ore-in-total SUMMA BOKFÖRD KOSTNAD År 1 shows öre (101,40) while its rows are whole kronor; "
        "they add up to 100"]


def test_financing_over_the_cost_is_not_also_a_public_share_problem():
    text = BUDGET.replace(
        "  - {id: region, label: Region, sector: public, remainder: true}",
        "  - {id: region, label: Region, sector: public, amounts: {ar1: 101, ar2: 200}}",
    )
    assert problems_of(text) == [
        "4:5 error balance År 1: cash financing 101 is 1 kr more than booked cost 100",
        "11:3 error balance In total: cash financing 301 is 1 kr more than booked cost 300",
    ]


def test_a_direct_cost_carried_by_a_cash_financier_says_why():
    # 'region' exists: the message says what is wrong with it rather than calling it unknown
    assert problems_of(BUDGET.replace("financier: lst,", "financier: region,")) == [
        "9:48 error unknown-reference 'region' gives cash; a direct cost is carried by an in-kind financier "
        "(kind: in-kind)"]


def without_costs_yet(text: str) -> str:
    """A draft without costs yet (all zero) where Tillväxtverket (capped at 40 %) gives 100 a period."""
    return text.replace(
        "{ar1: 100, ar2: 200}", "{ar1: 0, ar2: 0}").replace("per_period: 10}", "per_period: 0}").replace(
        "  - {id: region, label: Region, sector: public, remainder: true}",
        "  - {id: tvv, label: Tillväxtverket, sector: public, fund: eruf, per_period: 100}")


def test_a_capped_financier_of_a_budget_without_costs_yet():
    found = problems_of(without_costs_yet(BUDGET))
    assert "11:3 error balance In total: cash financing 200 is 200 kr more than booked cost 0" in found
    assert ("11:60 error financing-cap Tillväxtverket 200 is 200 kr above its cap: 40 % (the programme's eruf fund) "
            "of the project cost 0 is 0") in found


def test_a_period_without_project_cost_is_not_said_to_be_all_of_it():
    warnings = [p for p in problems_of(without_costs_yet(BUDGET)) if " warning financing-cap " in p]
    # 100 is not 'all' of 0: the warning says that the period has no project cost
    assert warnings == [
        f"11:60 warning financing-cap Tillväxtverket {period}: 100 while the period's project cost is 0, above 40 % "
        "(the cap holds for the whole project, but some deciding bodies read it per period)"
        for period in ("År 1", "År 2")
    ]


def with_dated_staff(dates: str) -> str:
    """The budget with dated periods (2027 and 2028) and a Projektledare with the given start/end."""
    text = BUDGET.replace(
        "  - {id: ar1, label: År 1}\n  - {id: ar2, label: År 2}",
        "  - {id: ar1, label: År 1, start: 2027-01-01, end: 2027-12-31}\n"
        "  - {id: ar2, label: År 2, start: 2028-01-01, end: 2028-12-31}",
    )
    return with_staff(text, "40 %").replace("monthly_salary: 40 000}", f"monthly_salary: 40 000, {dates}}}")


def test_a_staff_position_that_ends_before_it_starts_is_an_error():
    text = with_dated_staff("start: 2027-09-01, end: 2027-03-31")
    # one error, at the end date; not also 'empty' warnings on the staff categories
    assert problems_of(text) == ["9:104 error dates 'Projektledare' ends before it starts"]


def test_a_staff_position_outside_the_periods_is_an_error():
    text = with_dated_staff("start: 2029-01-01")
    assert problems_of(text) == [
        "9:5 error dates 'Projektledare' works no month within the periods (2027-01-01 to 2028-12-31)"]
