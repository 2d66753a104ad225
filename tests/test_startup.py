"""`check` imports only what it needs: the pre-commit hook's start-up is its whole run time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hso_budget.cli import _app_for, app

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


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["--lang", "sv", "check", "--help"], ["chek"],
                                  ["--debug", "show", "--help"], ["follow-up", "--help"], ["--lang=en", "schema"],
                                  ["check", "--format", "parsable", str(ROOT / "data" / "budget.yaml")]])
def test_the_app_built_for_one_command_answers_as_the_whole_app(args):
    """The console script builds only the command it runs; help, errors and output stay the same."""
    whole_app = "import sys; from hso_budget.cli import app; app(sys.argv[1:], prog_name='hso-budget')"
    main = "import sys; sys.argv[0] = 'hso-budget'; from hso_budget.cli import main; main()"
    whole, one = (subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
                  for code in (whole_app, main))
    assert (one.returncode, one.stdout, one.stderr) == (whole.returncode, whole.stdout, whole.stderr)
    assert whole.stdout or whole.stderr


def test_only_the_named_command_is_built():
    assert [c.callback.__name__ for c in _app_for(["--lang", "sv", "check", "x.yaml"]).registered_commands] == ["check"]
    assert _app_for(["--help", "check"]) is app  # the top-level help lists every command
    assert len(_app_for(["chek"]).registered_commands) == len(app.registered_commands)
