"""Which files `check` reads (files, directories, globs) and its exit codes over several files."""

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hso_budget.cli import app
from hso_budget.files import expand

ROOT = Path(__file__).resolve().parents[1]
BUDGET = ROOT / "data" / "budget.yaml"
SEED = ROOT / "tests" / "fixtures" / "seed_as_submitted.yaml"
BROKEN = "format: hso-budget/1\nproject:\n  name: [unclosed\n"


def check(*args: str):
    return CliRunner().invoke(app, ["check", *args], env={"GITHUB_ACTIONS": None, "NO_COLOR": None})


@pytest.fixture
def budgets(tmp_path, monkeypatch):
    """budgets/good.yaml, budgets/seed.yaml, budgets/broken.yaml (a YAML syntax error), and others."""
    folder = tmp_path / "budgets"
    (folder / "more").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    shutil.copy(BUDGET, folder / "good.yaml")
    shutil.copy(SEED, folder / "seed.yaml")
    (folder / "broken.yaml").write_text(BROKEN, "utf-8")
    shutil.copy(BUDGET, folder / "more" / "other.yml")
    (folder / ".hidden" / "ignored.yaml").write_text(BROKEN, "utf-8")
    (folder / "notes.txt").write_text("not a budget", "utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def files_in(output: str) -> list[str]:
    """The files named in parsable output, in order of appearance, without repeats."""
    return list(dict.fromkeys(line.split(":", 1)[0] for line in output.splitlines()))


def test_good_broken_and_seed_together(budgets):
    result = check("--format", "parsable", "budgets/good.yaml", "budgets/broken.yaml", "budgets/seed.yaml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert files_in(result.stdout) == ["budgets/broken.yaml", "budgets/good.yaml", "budgets/seed.yaml"]
    assert lines[0].startswith("budgets/broken.yaml:") and lines[0].endswith("(yaml-syntax)")
    assert "starts at line 3" in lines[0]
    assert [line for line in lines if line.startswith("budgets/good.yaml")] == [
        line for line in lines if line.startswith("budgets/good.yaml") and ": warning (accepted: " in line
    ]
    seed_lines = [int(line.split(":")[1]) for line in lines if line.startswith("budgets/seed.yaml")]
    assert len(seed_lines) > 1 and seed_lines == sorted(seed_lines)


def test_a_broken_file_does_not_hide_the_others(budgets):
    result = check("--format", "parsable", "budgets/broken.yaml", "budgets/seed.yaml")
    assert "budgets/seed.yaml" in files_in(result.stdout)


def test_a_directory_means_its_yaml_files_below_without_hidden_folders(budgets):
    assert expand(["budgets"]) == (
        ["budgets/broken.yaml", "budgets/good.yaml", "budgets/seed.yaml", "budgets/more/other.yml"],
        [],
    )
    result = check("--format", "parsable", "budgets")
    assert result.exit_code == 1
    assert set(files_in(result.stdout)) == {"budgets/broken.yaml", "budgets/good.yaml", "budgets/seed.yaml",
                                            "budgets/more/other.yml"}


def test_a_glob(budgets):
    assert expand(["budgets/*.yaml"]) == (["budgets/broken.yaml", "budgets/good.yaml", "budgets/seed.yaml"], [])
    assert expand(["budgets/**/*.yml"])[0] == ["budgets/more/other.yml"]
    result = check("--format", "parsable", "budgets/g*.yaml")
    assert result.exit_code == 0
    assert files_in(result.stdout) == ["budgets/good.yaml"]


def test_the_same_file_twice_is_checked_once(budgets):
    assert expand(["budgets/good.yaml", "budgets/*.yaml"])[0].count("budgets/good.yaml") == 1


def test_a_missing_file_exits_2(budgets):
    result = check("--format", "parsable", "budgets/good.yaml", "budgets/missing.yaml")
    assert result.exit_code == 2
    assert "budgets/missing.yaml: error: no such file (unreadable)\n" in result.stdout


def test_a_glob_that_matches_nothing_exits_2(budgets):
    result = check("--format", "parsable", "budgets/*.json")
    assert result.exit_code == 2
    assert result.stdout == "budgets/*.json: error: no file matches this pattern (unreadable)\n"


def test_a_directory_without_budgets_exits_2(budgets, tmp_path):
    (tmp_path / "empty").mkdir()
    result = check("--format", "parsable", "empty")
    assert result.exit_code == 2
    assert result.stdout.startswith("empty: error: ")


def test_strict_fails_a_budget_with_warnings_only(budgets):
    plain = check("--format", "parsable", "budgets/good.yaml")
    assert plain.exit_code == 0
    assert plain.stdout.count(": warning (accepted: ") == 1 and ": error: " not in plain.stdout
    assert "Tillväxtverket År 1" in plain.stdout
    assert check("--strict", "--format", "parsable", "budgets/good.yaml").exit_code == 0
    # Without its acceptance, the same warning fails --strict.
    text = Path("budgets/good.yaml").read_text("utf-8")
    Path("budgets/unaccepted.yaml").write_text(text[:text.index("\naccepted:")] + "\n", "utf-8")
    unaccepted = check("--strict", "--format", "parsable", "budgets/unaccepted.yaml")
    assert unaccepted.exit_code == 1 and unaccepted.stdout.count(": warning: ") == 1


def test_default_is_data_budget_yaml(budgets, tmp_path):
    (tmp_path / "data").mkdir()
    shutil.copy(SEED, tmp_path / "data" / "budget.yaml")
    result = check("--format", "parsable")
    assert result.exit_code == 1
    assert files_in(result.stdout) == ["data/budget.yaml"]


def test_text_summary_counts_files(budgets):
    result = check("--quiet", "budgets/good.yaml", "budgets/broken.yaml")
    assert result.exit_code == 1
    assert result.stderr == "2 files checked: 1 error, 0 warnings (1 accepted)\n"
    assert "SUMMA PROJEKTKOSTNAD" not in result.stdout
