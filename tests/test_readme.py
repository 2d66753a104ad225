"""The README tells the truth about what CI runs and what the tool checks."""

from __future__ import annotations

import re
from pathlib import Path

from hso_budget.checks import all_checks

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```[a-z]*\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1, "the Quick start has exactly one fenced block"
    return blocks[0].strip().splitlines()


def test_quick_start_is_two_commands_checking_the_budget_and_running_the_tests():
    first, second = quick_start()
    assert first.endswith("hso-budget check data/budget.yaml")
    assert second.endswith("python -m pytest")
    assert "pip install" in first and "pip install" in second


def test_ci_runs_the_quick_starts_test_command():
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "sed -n 2p" in ci and "README.md" in ci  # it reads the second command from the README


def test_every_check_is_documented():
    for check in all_checks():
        assert f"| `{check.id}` |" in README, f"README's table of checks lacks {check.id}"
    assert "| `format` |" in README
