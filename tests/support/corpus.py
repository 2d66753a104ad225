"""Files `check` is given many at a time in the tests: the real budget, the examples, the follow-up and the
budgets each check must fail."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED_FILES = [ROOT / "data" / "budget.yaml", *sorted((ROOT / "examples").glob("*.yaml")),
                 *sorted((ROOT / "examples" / "follow-up").glob("*.yaml")),
                 *sorted((ROOT / "tests" / "fixtures" / "checks").glob("*/fail*.yaml"))]
