"""The command line under hostile text and plumbing: markup in labels, closed pipes, one broken file
among several, many unknown keys, and exit codes that say whether the budget has errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from hso_budget import runner
from hso_budget.cli import app

ROOT = Path(__file__).resolve().parent.parent
BUDGET = ROOT / "data" / "budget.yaml"

MARKUP = """\
format: hso-budget/1
project: {name: "Test [bold]", owner: Härnösands kommun}
periods:
  - {id: ar1, label: "År 1 [/]"}
costs:
  - {id: resor, label: "Resor [moms ingår]", amounts: {ar1: 100}}
  - {id: mat, label: "Mat [/red]", amounts: {ar1: 50}}
financiers:
  - {id: region, label: "Region [link=x]", sector: public, remainder: true}
"""

UNBALANCED = """\
format: hso-budget/1
programme: eruf-mellersta-norrland-2021-2027
project: {name: Test, owner: Härnösands kommun}
periods:
  - {id: ar1, label: År 1}
costs:
  - {id: resor, label: Resor, amounts: {ar1: 300}}
financiers:
  - {id: region, label: Region, sector: public, amounts: {ar1: 200}}
"""


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def write(tmp_path: Path, text: str, name: str = "budget.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_labels_are_shown_as_written_never_as_markup(tmp_path):
    result = run("check", str(write(tmp_path, MARKUP)))
    assert result.exit_code == 0, result.output
    for text in ("Test [bold] (Härnösands kommun)", "År 1 [/]", "Resor [moms ingår]", "Mat [/red]", "Region [link=x]"):
        assert text in result.stdout


def test_tables_into_a_file_have_no_trailing_spaces():
    result = run("check", str(BUDGET))
    lines = result.stdout.splitlines()
    assert len(lines) > 20
    assert [line for line in lines if line != line.rstrip()] == []


def test_several_files_tables_are_headed_by_their_names(tmp_path):
    first, second = write(tmp_path, MARKUP, "a.yaml"), write(tmp_path, MARKUP, "b.yaml")
    result = run("check", str(first), str(second))
    assert result.stdout.index(f"==> {first} <==") < result.stdout.index(f"==> {second} <==")
    assert run("check", str(first)).stdout.count("==>") == 0


def _closed_early(*args: str) -> subprocess.CompletedProcess:
    """Run the command with a reader that takes one byte and closes the pipe, like `| head -c 1`."""
    process = subprocess.Popen([sys.executable, "-m", "hso_budget", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdout.read(1)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    return subprocess.CompletedProcess(args, process.wait(timeout=60), "", stderr)


def test_a_closed_stdout_is_not_a_failure(tmp_path):
    # 200 kB of label, more than any pipe buffer, so the writes meet the closed pipe
    big = write(tmp_path, MARKUP.replace("Resor [moms ingår]", "Resor " + "x" * 200_000))
    for args in (("check", str(big)), ("check", "--format", "json", str(big)),
                 ("show", "--format", "json", str(big)), ("show", str(big))):
        done = _closed_early(*args)
        assert done.returncode == 0, (args, done.stderr)
        assert "internal error" not in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)


def test_a_closed_stdout_keeps_the_budgets_exit_code(tmp_path):
    big = write(tmp_path, UNBALANCED.replace("label: Resor", "label: Resor " + "x" * 200_000))
    done = _closed_early("check", "--format", "json", str(big))
    assert done.returncode == 1
    assert "internal error" not in done.stderr


def test_one_files_internal_error_is_reported_for_that_file_only(tmp_path, monkeypatch):
    good, broken = write(tmp_path, UNBALANCED, "good.yaml"), write(tmp_path, MARKUP, "broken.yaml")
    check = runner._check  # where a file read from disk or given as bytes is checked

    def failing(file, *args, **kwargs):
        if Path(file).name == "broken.yaml":
            raise ZeroDivisionError("division by zero")
        return check(file, *args, **kwargs)

    monkeypatch.setattr(runner, "_check", failing)
    result = run("check", "--format", "parsable", str(good), str(broken))
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{broken}: error: internal error: ZeroDivisionError: division by zero (run with --debug for details) (internal)",
        f"{good}:5:5: error: År 1: cash financing 200 is 100 kr less than booked cost 300 (balance)",
        f"{good}:9:3: error: In total: cash financing 200 is 100 kr less than booked cost 300 (balance)",
    ]


def test_show_exits_1_on_a_budget_with_errors_and_its_json_lists_them(tmp_path):
    path = write(tmp_path, UNBALANCED)
    result = run("show", "--format", "json", str(path))
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert [(e["line"], e["column"], e["check"], e["message"]) for e in errors] == [
        (5, 5, "balance", "År 1: cash financing 200 is 100 kr less than booked cost 300"),
        (9, 3, "balance", "In total: cash financing 200 is 100 kr less than booked cost 300"),
    ]
    text = run("show", str(path))
    assert text.exit_code == 1
    assert f"{path}:5:5: error: År 1: cash financing 200 is 100 kr less than booked cost 300 (balance)" in text.stderr
    clean = run("show", "--format", "json", str(BUDGET))
    assert clean.exit_code == 0 and json.loads(clean.stdout)["errors"] == []


def test_export_of_a_budget_that_cannot_be_computed_does_not_offer_allow_errors(tmp_path):
    path = write(tmp_path, UNBALANCED.replace("amounts: {ar1: 300}", "amounts: {ar9: 300}"))
    result = run("export", "--allow-errors", str(tmp_path / "out.xlsx"), str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"hso-budget: {path}: cannot compute the budget; nothing written (fix these problems first)")
    assert "--allow-errors" not in result.stderr
    assert not (tmp_path / "out.xlsx").exists()
