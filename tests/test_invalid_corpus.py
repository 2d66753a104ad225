"""Broken and hostile budget files give exactly the expected located problems, never a traceback.

Each `tests/fixtures/invalid/NAME.yaml` (stored byte for byte: CRLF, Latin-1, UTF-16, NUL bytes)
has a `NAME.expected` beside it: the line `exit N`, then exactly what
`hso-budget check --format parsable NAME.yaml` prints, run in that folder. The yaml-spec test
runs every example of the YAML 1.2.2 specification (chapters 2, 5 and 6) as a budget.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hso_budget.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures"
INVALID = FIXTURES / "invalid"
YAML_SPEC = FIXTURES / "yaml-spec"
PARSABLE = re.compile(r"^(?P<file>[^:]+)(?::(?P<line>\d+):(?P<column>\d+))?: (?:error|warning): .+ \([a-z-]+\)$")
BUGS: dict[str, str] = {}  # fixture name -> "bug: …" while its output is known to be wrong
MULTI_LINE_MESSAGES = {"example-2.13", "example-2.14", "example-2.15", "example-5.11", "example-6.06",
                       "example-6.07", "example-6.08"}


def check(*args: str):
    """`hso-budget check --format parsable ARGS` in this process."""
    result = CliRunner().invoke(app, ["check", "--format", "parsable", *args])
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def corpus() -> list:
    params = []
    for path in sorted(INVALID.glob("*.yaml")):
        marks = [pytest.mark.xfail(reason=BUGS[path.stem], strict=True)] if path.stem in BUGS else []
        params.append(pytest.param(path.name, id=path.stem, marks=marks))
    return params


def test_every_fixture_has_its_expected_output():
    inputs = {p.stem for p in INVALID.glob("*.yaml")}
    assert inputs == {p.stem for p in INVALID.glob("*.expected")}
    assert len(inputs) >= 40
    assert set(BUGS) <= inputs


@pytest.mark.parametrize("name", corpus())
def test_fixture_gives_exactly_the_expected_problems(name, monkeypatch):
    exit_line, expected = (INVALID / name).with_suffix(".expected").read_text("utf-8").split("\n", 1)
    monkeypatch.chdir(INVALID)
    result = check(name)
    assert result.stdout == expected
    assert f"exit {result.exit_code}" == exit_line
    assert all(PARSABLE.match(line) for line in result.stdout.splitlines())


def test_crlf_problems_are_on_the_same_lines_as_with_lf(tmp_path, monkeypatch):
    crlf = (INVALID / "crlf-invalid.yaml").read_bytes()
    assert b"\r\n" in crlf and b"\n" not in crlf.replace(b"\r\n", b"")
    (tmp_path / "crlf-invalid.yaml").write_bytes(crlf.replace(b"\r\n", b"\n"))
    monkeypatch.chdir(tmp_path)
    lf = check("crlf-invalid.yaml")
    monkeypatch.chdir(INVALID)
    assert check("crlf-invalid.yaml").stdout == lf.stdout
    assert [line.split(":")[1] for line in lf.stdout.splitlines()] == ["12", "16"]


def test_python_tag_is_not_run(tmp_path, monkeypatch):
    marker = tmp_path / "ran"
    text = (INVALID / "python-tag.yaml").read_text("utf-8").replace("echo hi", f"touch {marker}")
    (tmp_path / "budget.yaml").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert check("budget.yaml").exit_code == 1
    assert not marker.exists()


def test_a_directory_without_budgets_is_one_line_and_exit_2(tmp_path, monkeypatch):
    (tmp_path / "budgets").mkdir()
    (tmp_path / "budgets" / "notes.txt").write_text("not a budget", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = check("budgets")
    assert result.exit_code == 2
    assert result.stdout == "budgets: error: no YAML files in this directory (unreadable)\n"


def test_a_missing_file_is_one_line_and_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = check("budget.yaml")
    assert result.exit_code == 2
    assert result.stdout == "budget.yaml: error: no such file (unreadable)\n"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file; needs a POSIX user")
def test_an_unreadable_file_is_one_line_and_exit_2(tmp_path, monkeypatch):
    path = tmp_path / "budget.yaml"
    path.write_text("format: hso-budget/1\n", "utf-8")
    path.chmod(0)
    monkeypatch.chdir(tmp_path)
    try:
        result = check("budget.yaml")
    finally:
        path.chmod(0o644)
    assert result.exit_code == 2
    assert result.stdout == "budget.yaml: error: permission denied: the file cannot be read (unreadable)\n"


def spec_examples() -> list:
    return [pytest.param(path.name, id=path.stem) for path in sorted(YAML_SPEC.glob("example-*.yaml"))]


def test_the_yaml_spec_examples_are_stored_with_their_source():
    examples = sorted(YAML_SPEC.glob("example-*.yaml"))
    assert len([p for p in examples if p.name.startswith("example-2.")]) == 28
    for path in examples:
        number = path.stem.removeprefix("example-").split(".")
        header = path.read_bytes().decode("utf-8-sig").splitlines()[0]
        assert f"Example {int(number[0])}.{int(number[1])} " in header and "yaml-spec" in header


@pytest.mark.parametrize("name", spec_examples())
def test_a_yaml_spec_example_is_refused_with_located_messages(name, monkeypatch):
    monkeypatch.chdir(YAML_SPEC)
    start = time.perf_counter()
    result = check(name)
    assert time.perf_counter() - start < 2
    assert result.exit_code in (1, 2)
    lines = [PARSABLE.match(line) for line in result.stdout.splitlines()]
    assert lines and all(line and line["file"] == name for line in lines)
    assert any(": error: " in line[0] and line["line"] for line in lines)
    if name.removesuffix(".yaml") in MULTI_LINE_MESSAGES:
        # the value quoted in the message has line breaks: shown as \n, the problem stays one line
        assert "\\n" in result.stdout
