"""Output formats of `check`: json, github annotations and their escaping, parsable, auto, NO_COLOR."""

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hso_budget import render, reporters
from hso_budget.cli import app
from hso_budget.problems import Level, Problem

ROOT = Path(__file__).resolve().parents[1]
SEED = "tests/fixtures/seed_as_submitted.yaml"
CLEAN_ENV = {"GITHUB_ACTIONS": None, "GITHUB_WORKSPACE": None, "NO_COLOR": None, "FORCE_COLOR": None,
             "TTY_COMPATIBLE": None}


@pytest.fixture(autouse=True)
def in_repository(monkeypatch):
    monkeypatch.chdir(ROOT)


def check(*args: str, **env: str):
    return CliRunner().invoke(app, ["check", *args], env={**CLEAN_ENV, **env})


def line_of(text: str, file: str = SEED) -> int:
    """The 1-based line of `file` that contains `text` (found independently of the checks)."""
    lines = (ROOT / file).read_text("utf-8").splitlines()
    found = [i for i, line in enumerate(lines, 1) if text in line]
    assert len(found) == 1, found
    return found[0]


def test_json_is_versioned_and_exits_1():
    result = check("--format", "json", SEED)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["version"] == reporters.JSON_VERSION
    assert document["files"] == [SEED]
    oh_total = line_of("total: 4 285 108")
    assert any(p["check"] == "written-total" and p["line"] == oh_total and "4 285 107" in p["message"]
               for p in document["problems"])
    assert document["errors"] == sum(p["level"] == "error" for p in document["problems"]) > 0
    assert result.stderr == ""


def test_github_annotations_point_at_file_and_line():
    result = check("--format", "github", f"./{SEED}")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith((f"::error file={SEED},line=", f"::warning file={SEED},line="))
                         for line in lines)
    oh_total = line_of("total: 4 285 108")
    assert any(re.match(rf"::error file={re.escape(SEED)},line={oh_total},col=\d+,title=written-total::OH TOTAL", line)
               for line in lines)
    # the message's percent signs are escaped, so GitHub shows "40 %"
    assert any("above its cap: 40 %25 (the programme's eruf fund)" in line for line in lines)
    assert any("is 41,76 %25 of the period's project cost 14 179 668, above 40 %25 (the cap" in line for line in lines)
    assert not any(re.search(r"%(?!25)", line) for line in lines)


def test_github_paths_are_relative_to_the_workspace(monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    problem = Problem(str(tmp_path / "data" / "budget.yaml"), 3, 1, Level.ERROR, "balance", "m")
    assert reporters.github([problem]) == "::error file=data/budget.yaml,line=3,col=1,title=balance::m\n"


def test_github_paths_from_a_subfolder_are_relative_to_the_workspace(monkeypatch, tmp_path):
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    problem = Problem("data/budget.yaml", 3, 1, Level.ERROR, "balance", "m")
    assert reporters.github([problem]) == "::error file=sub/data/budget.yaml,line=3,col=1,title=balance::m\n"


def test_github_escapes_data_and_properties():
    problem = Problem("a,b:c%d.yaml", 2, 5, Level.WARNING, "odd:id,x", "50 % of\r\nthe cost: 1,5")
    assert reporters.github([problem]) == (
        "::warning file=a%2Cb%3Ac%25d.yaml,line=2,col=5,title=odd%3Aid%2Cx::50 %25 of%0D%0Athe cost: 1,5\n"
    )


def test_github_without_a_line_names_only_the_file():
    problem = Problem("x.yaml", 0, 0, Level.ERROR, "unreadable", "no such file")
    assert reporters.github([problem]) == "::error file=x.yaml,title=unreadable::no such file\n"


def test_parsable_lines():
    result = check("--format", "parsable", SEED)
    oh_total = line_of("total: 4 285 108")
    assert re.search(rf"^{re.escape(SEED)}:{oh_total}:\d+: error: OH TOTAL .* \(written-total\)$", result.stdout, re.M)


def test_parsable_and_text_show_line_breaks_and_tabs_so_a_problem_stays_one_line():
    problem = Problem("b.yaml", 11, 12, Level.ERROR, "format", "expected a number, got '1 000\n2 000\r\n\t3'")
    line = "b.yaml:11:12: error: expected a number, got '1 000\\n2 000\\r\\n\\t3' (format)\n"
    assert reporters.parsable([problem]) == line
    assert render.problems_text([problem]).plain == line


def test_auto_is_github_under_github_actions():
    result = check(SEED, GITHUB_ACTIONS="true")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"::error file={SEED},")


def test_auto_is_text_elsewhere():
    result = check(SEED)
    assert result.exit_code == 1
    assert "::error" not in result.stdout
    assert "TOTAL PROJECT COST" in result.stdout  # the budget table
    assert f"{SEED}:{line_of('total: 4 285 108')}:" in result.stdout
    assert re.fullmatch(r"1 file checked: \d+ errors, \d+ warnings?\n", result.stderr)


@pytest.mark.parametrize(
    ("env", "expected"), [({"GITHUB_ACTIONS": "true"}, "github"), ({"GITHUB_ACTIONS": "false"}, "text"), ({}, "text")]
)
def test_resolve_auto(monkeypatch, env, expected):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert reporters.resolve_format("auto") == expected
    assert reporters.resolve_format("parsable") == "parsable"


def test_colour_on_a_forced_terminal():
    """The control for the NO_COLOR test: a forced terminal gets ANSI escapes."""
    assert "\x1b[" in check("--format", "text", SEED, FORCE_COLOR="1").stdout


def test_no_color_means_no_escapes_even_on_a_forced_terminal():
    result = check("--format", "text", SEED, FORCE_COLOR="1", NO_COLOR="1")
    assert "TOTAL PROJECT COST" in result.stdout
    assert "\x1b" not in result.stdout
