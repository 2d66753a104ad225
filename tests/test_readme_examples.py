"""The README's examples are budgets `check` accepts, and its sample output is what the tool prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hso_budget.cli import app
from hso_budget.runner import check_text

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")
FORMAT_SECTION = README.split("## The budget format", 1)[1].split("\n## ", 1)[0]

# a fragment (staff positions, a programme, an amounts table) is checked inside this budget
WRAPPER = """\
format: hso-budget/1
project: {name: Exempel, owner: Härnösands kommun}
programme: eruf-mellersta-norrland-2021-2027
periods:
  - {id: ar1, label: År 1}
  - {id: ar2, label: År 2}
  - {id: ar3, label: År 3}
costs:
  - {id: resor, label: Resor, per_period: 10 000}
financiers:
  - {id: region, label: Region Västernorrland, sector: public, remainder: true}
"""
STAFF_CATEGORIES = """\
  - {id: personal, label: Personal, kind: staff}
  - {id: lonebikostnad, label: Lönebikostnad, kind: payroll}
"""


def yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", FORMAT_SECTION, flags=re.S)


def as_budget(block: str) -> str:
    """A whole budget as it is; a fragment of top-level keys added to the wrapper; an indented one under a cost."""
    if block.startswith("format:"):
        return block
    if block.startswith("programme:"):  # the example names the programme itself
        return WRAPPER.replace("programme: eruf-mellersta-norrland-2021-2027\n", "") + block
    if block.startswith("amounts:"):
        return WRAPPER.replace("per_period: 10 000}", block.strip() + "}")
    if "staff:" in block:  # the example's positions work in År 1 and År 2
        return WRAPPER.replace("  - {id: ar3, label: År 3}\n", "").replace("costs:\n", "costs:\n" + STAFF_CATEGORIES) + block
    return WRAPPER + block


def test_the_format_section_has_examples():
    blocks = yaml_blocks()
    assert len(blocks) >= 3
    assert blocks[0].startswith("format: hso-budget/1")


@pytest.mark.parametrize("block", yaml_blocks() + re.findall(r"`(amounts: \{[^`]*\})`", FORMAT_SECTION))
def test_every_example_of_the_format_passes_check(block):
    report = check_text(as_budget(block).encode("utf-8"), "README.md")
    assert [f"{p.line}:{p.column}: {p.level.value}: {p.message} ({p.check})" for p in report.problems] == []
    assert report.calculation is not None


def test_the_sample_problem_line_is_what_check_prints():
    sample = README.split("### Problem output", 1)[1].split("```\n", 2)[1].strip()
    result = CliRunner().invoke(app, ["check", "--format", "parsable", "tests/fixtures/seed_as_submitted.yaml"])
    assert sample in result.stdout.splitlines()


def test_the_readme_says_how_to_put_hso_budget_on_the_path():
    after_quick_start = README.split("## Quick start", 1)[1].split("## Commands", 1)[0]
    assert "`. .venv/bin/activate`" in after_quick_start


def test_the_templates_note_on_decimal_commas_holds_inside_braces(tmp_path):
    template = (ROOT / "src" / "hso_budget" / "templates" / "budget.yaml").read_text("utf-8")
    assert "1 000 000.50" in template  # what the comment says to write inside {…}
    budget = WRAPPER.replace("per_period: 10 000}", "amounts: {ar1: 1 000 000.50, ar2: 0, ar3: 0}}")
    assert check_text(budget.encode("utf-8"), "t.yaml").problems == []
