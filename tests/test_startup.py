"""`check` imports only what it needs: the pre-commit hook's start-up is its whole run time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import sys
from hso_budget.cli import main
sys.argv = ["hso-budget", "check", "--format", "parsable", sys.argv[1]]
try:
    main()
except SystemExit as exit:
    code = exit.code
print(code, " ".join(sorted(sys.modules)), file=sys.stderr)
"""


def imported_by_parsable_check() -> tuple[int, set[str]]:
    result = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "data" / "budget.yaml")],
                            capture_output=True, text=True, check=True)
    code, modules = result.stderr.strip().splitlines()[-1].split(" ", 1)
    return int(code), set(modules.split())


def test_parsable_check_imports_no_table_workbook_or_schema_machinery():
    code, modules = imported_by_parsable_check()
    assert code == 0
    assert {"hso_budget.runner", "pydantic", "yaml"} <= modules  # the probe saw the check run
    for package in ("rich", "openpyxl", "jsonschema", "hso_budget.xlsx", "hso_budget.diff", "hso_budget.schema",
                    "hso_budget.render", "hso_budget.show_json", "hso_budget.template"):
        assert not any(m == package or m.startswith(package + ".") for m in modules), package
