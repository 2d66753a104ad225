"""The command line as a user meets it: output, locations and exit codes of `hso-budget check`.

stdout and stderr are kept apart (typer's CliRunner always separates result.stdout and
result.stderr): results go to stdout, the summary and diagnostics to stderr.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hso_budget import __version__
from hso_budget.cli import app

ROOT = Path(__file__).resolve().parent.parent
BUDGET = ROOT / "data" / "budget.yaml"
SEED = ROOT / "tests" / "fixtures" / "seed_as_submitted.yaml"
EXAMPLES = ROOT / "examples"
COMMANDS = ("check", "show", "export", "diff", "schema", "init")

SMALL = """\
format: hso-budget/1
project: {name: Test, owner: Härnösands kommun}
periods:
  - {id: ar1, label: År 1}
  - {id: ar2, label: År 2}
costs:
  - id: resor
    label: Resor
    amounts: {ar1: 100, ar2: 200}
direct_costs:
  - {id: lst, label: Länsstyrelsen, financier: lst, per_period: 10}
financiers:
  - {id: region, label: Region, sector: public, remainder: true}
  - {id: lst, label: Länsstyrelsen, sector: public, kind: in-kind, carried: true}
programme: eruf-mellersta-norrland-2021-2027
"""


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def write(tmp_path: Path, text: str, name: str = "budget.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def line_number(text: str, part: str) -> int:
    """The 1-based line of `text` that holds `part` (the test's own search, not the code's)."""
    [number] = [i + 1 for i, line in enumerate(text.splitlines()) if part in line]
    return number


# -- the real budget ---------------------------------------------------------------------------


def test_check_the_real_budget_exits_0_and_shows_the_table():
    result = run("check", str(BUDGET))
    assert result.exit_code == 0
    out = result.stdout
    assert "TOTAL BOOKED COST" in out and "TOTAL PROJECT FINANCING" in out
    # The seed's numbers, as the application shows them: År 1's booked cost, Tillväxtverket's total.
    booked = next(line for line in out.splitlines() if line.startswith("TOTAL BOOKED COST"))
    assert "13 279 868" in booked and "12 114 880" in booked
    tillvaxtverket = next(line for line in out.splitlines() if "Tillväxtverket" in line)
    assert "5 921 581" in tillvaxtverket and "16 078 503" in tillvaxtverket and "40,00 %" in tillvaxtverket
    # The per-year warning is printed as accepted (the file says why), the summary goes to stderr.
    assert "warning (accepted: as in the application" in out and "41,76 %" in out
    assert "1 file checked: 0 errors, 0 warnings (1 accepted)" in result.stderr
    assert "SUMMA" not in result.stderr


def test_check_quiet_prints_problems_only():
    result = run("check", "--quiet", str(BUDGET))
    assert result.exit_code == 0
    assert "SUMMA BOKFÖRD KOSTNAD" not in result.stdout
    assert re.search(rf"^{re.escape(str(BUDGET))}:\d+:\d+: warning \(accepted: [^)]+\): Tillväxtverket År 1",
                     result.stdout, re.M)


def test_check_strict_passes_with_the_accepted_warning_listed():
    result = run("check", "--strict", "--format", "parsable", str(BUDGET))
    assert result.exit_code == 0
    [line] = result.stdout.splitlines()
    assert "warning (accepted: as in the application: 41,8/39,0/39,1 % per year" in line
    assert line.endswith("(financing-cap)")


def test_check_strict_fails_when_the_accepted_numbers_change(tmp_path):
    # Tillväxtverket's År 1 weight changes: its År 1 amount is no longer the one accepted.
    text = BUDGET.read_text("utf-8").replace("weights: {ar1: 5 921 581,", "weights: {ar1: 6 021 581,")
    result = run("check", "--strict", "--format", "parsable", str(write(tmp_path, text)))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(": warning: Tillväxtverket År 1:" in line and "(financing-cap)" in line for line in lines)
    assert any("(accepted)" in line and "was accepted at '5 921 581 of 14 179 668' but is now" in line
               for line in lines)


def test_check_without_arguments_checks_data_budget_yaml(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("check", "--format", "parsable")
    assert result.exit_code == 0
    assert result.stdout.startswith("data/budget.yaml:")


# -- the seed as submitted ---------------------------------------------------------------------


def test_check_the_seed_as_submitted_exits_1():
    result = run("check", "--format", "parsable", str(SEED))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines and all(re.match(rf"^{re.escape(str(SEED))}:\d+:\d+: (error|warning): .+ \([a-z-]+\)$", line)
                         for line in lines)
    assert result.stdout.endswith("\n")


def test_check_the_seed_as_json():
    result = run("check", "--format", "json", str(SEED))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["version"] == 1
    assert report["files"] == [str(SEED)]
    assert report["errors"] == sum(p["level"] == "error" for p in report["problems"]) > 0
    assert report["warnings"] == 1
    oh = [p for p in report["problems"] if p["check"] == "written-total" and p["message"].startswith("OH ")]
    assert [(p["line"], p["level"]) for p in oh] == [(line_number(SEED.read_text("utf-8"), "4 285 108"), "error")]


def test_check_the_seed_in_text_shows_the_table_and_the_problems():
    result = run("check", str(SEED))
    assert result.exit_code == 1
    assert "TOTAL BOOKED COST" in result.stdout
    assert "error: OH TOTAL is written as 4 285 108" in result.stdout
    assert re.search(r"1 file checked: \d+ errors, 1 warning", result.stderr)


# -- faults in the file, reported where they are ------------------------------------------------


def test_yaml_syntax_error_is_located(tmp_path):
    text = SMALL.replace("    label: Resor\n", "    label: Resor\n   amounts: 5\n")
    path = write(tmp_path, text)
    result = run("check", "--format", "parsable", str(path))
    assert result.exit_code == 1
    # The fault: the line indented by three spaces where four were expected.
    line = line_number(text, "   amounts: 5")
    [problem] = result.stdout.splitlines()
    assert problem.startswith(f"{path}:{line}:")
    assert "(yaml-syntax)" in problem and "indentation" in problem


def test_unclosed_brace_is_located(tmp_path):
    text = SMALL.replace("{ar1: 100, ar2: 200}", "{ar1: 100, ar2: 200")
    path = write(tmp_path, text)
    result = run("check", "--format", "parsable", str(path))
    assert result.exit_code == 1
    [problem] = result.stdout.splitlines()
    assert "(yaml-syntax)" in problem and "'{'" in problem
    # Reported where the parser notices it: the line after the open brace.
    assert problem.startswith(f"{path}:{line_number(text, '{ar1: 100, ar2: 200') + 1}:")


def test_misspelt_section_says_did_you_mean(tmp_path):
    text = SMALL.replace("financiers:", "finacniers:")
    path = write(tmp_path, text)
    result = run("check", str(path))
    assert result.exit_code == 1
    line = line_number(text, "finacniers:")
    assert f"{path}:{line}:1: error:" in result.stdout
    assert "unknown key 'finacniers'; did you mean 'financiers'?" in result.stdout
    assert "1 file checked: " in result.stderr


def test_misspelt_key_in_an_entry_says_did_you_mean(tmp_path):
    text = SMALL.replace("    amounts: {ar1", "    amount: {ar1")
    path = write(tmp_path, text)
    result = run("check", "--format", "parsable", str(path))
    assert result.exit_code == 1
    [problem] = result.stdout.splitlines()
    # At the misspelt key itself: line of 'amount:', column 5 (its first letter).
    assert problem.startswith(f"{path}:{line_number(text, 'amount:')}:5: error: ")
    assert "unknown key 'amount'" in problem and "did you mean 'amounts'?" in problem
    assert problem.endswith("(format)")


def test_a_number_that_could_be_read_two_ways(tmp_path):
    text = SMALL.replace("    amounts: {ar1: 100, ar2: 200}", "    amounts:\n      ar1: 1,234\n      ar2: 200")
    path = write(tmp_path, text)
    result = run("check", "--format", "parsable", str(path))
    assert result.exit_code == 1
    [problem] = result.stdout.splitlines()
    assert problem.startswith(f"{path}:{line_number(text, '1,234')}:12: error: ")
    assert "reads as thousands or as three decimals" in problem and "write 1 234" in problem


def test_missing_file_exits_2(tmp_path):
    result = run("check", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert "no such file" in result.stdout + result.stderr


def test_several_files_one_broken_does_not_hide_the_others(tmp_path):
    good = write(tmp_path, SMALL, "good.yaml")
    bad = write(tmp_path, SMALL.replace("financiers:", "finacniers:"), "bad.yaml")
    result = run("check", "--format", "json", str(good), str(bad))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["files"] == [str(good), str(bad)]
    assert {p["file"] for p in report["problems"]} == {str(bad)}


def test_text_problem_lines_are_not_wrapped(tmp_path):
    deep = tmp_path / ("a-long-folder-name-" * 6)
    deep.mkdir()
    path = write(deep, SMALL.replace("{ar1: 100, ar2: 200}", "{ar1: 100, ar2: 200, total: 301}"))
    result = run("check", "--quiet", str(path))
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert len(line) > 200  # longer than the 200 columns rich assumes when stdout is not a terminal
    assert line.startswith(f"{path}:") and line.endswith("(written-total)")


# -- version and help --------------------------------------------------------------------------


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"hso-budget {__version__}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_every_command(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"Usage: hso-budget {command}" in result.stdout or f"Usage: root {command}" in result.stdout
    assert "--help" in result.stdout


def test_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s", result.stdout, re.M), command


@pytest.mark.parametrize("command", ["check", "show", "export", "diff", "init", "follow-up", "actuals"])
def test_help_shows_no_python_types(command):
    text = run(command, "--help").stdout
    assert not re.search(r"<(str|int|list\[\w+\])>|list\[", text), text
    assert "..." not in text.split("\n")[0].replace("]...", "]"), text.split("\n")[0]


def test_python_m_hso_budget_version():
    completed = subprocess.run([sys.executable, "-m", "hso_budget", "--version"], capture_output=True,
                               text=True, timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == f"hso-budget {__version__}\n"


def test_python_m_hso_budget_check_the_seed():
    completed = subprocess.run([sys.executable, "-m", "hso_budget", "check", "--format", "parsable", str(SEED)],
                               capture_output=True, text=True, timeout=60, check=False, encoding="utf-8")
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert "(written-total)" in completed.stdout


# -- the examples --------------------------------------------------------------------------------


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


def test_there_are_examples():
    names = {path.name for path in example_files()}
    assert {"staff-positions.yaml", "flat-rate-40.yaml"} <= names


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_every_example_is_clean(path):
    result = CliRunner().invoke(app, ["check", "--strict", "--format", "parsable", str(path)])
    assert "Traceback" not in result.output
    # No error and no warning: --strict exits 0 only then.
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_every_example_names_the_schema_on_its_first_line(path):
    first = path.read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/budget.schema.json"


def test_show_lists_the_staff_positions_with_hours_and_hourly_cost():
    result = CliRunner().invoke(app, ["show", str(EXAMPLES / "staff-positions.yaml")])
    assert result.exit_code == 0
    line = next(line for line in result.stdout.splitlines() if line.startswith("Projektledare"))
    # 48 000 a month, full time: 1 720 h × 48 000 × 12 / 1 720 (334,88 kr/h) = 576 000 in År 1;
    # År 2 indexed 2.4 %: 49 152 × 12 / 1 720 = 342,92 kr/h, 589 824.
    assert "1 720 h × 334,88 = 576 000" in line
    assert "1 720 h × 342,92 = 589 824" in line


def test_show_has_no_staff_table_without_staff_positions():
    result = CliRunner().invoke(app, ["show", str(BUDGET)])
    assert result.exit_code == 0
    assert "timkostnad" not in result.stdout
