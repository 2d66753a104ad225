"""`check` imports only what it needs: the pre-commit hook's start-up is its whole run time."""

from __future__ import annotations

import subprocess
import sys
import typing
from pathlib import Path

import pytest
from typer.models import OptionInfo
from typer.utils import get_params_from_function

from hso_budget.check_command import DEFAULTS, FORMATS, OPTIONS
from hso_budget.cli import _app_for, app, check
from hso_budget.console import quick_call

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import sys
from hso_budget.console import main
sys.argv = ["hso-budget", "check", "--format", sys.argv[1], sys.argv[2]]
try:
    main()
except SystemExit as exit:
    code = exit.code
print(code, " ".join(sorted(sys.modules)), file=sys.stderr)
"""


def imported_by_check(output_format: str) -> tuple[int, set[str]]:
    """Exit code and imported modules of `check --format output_format data/budget.yaml`, its output on a pipe."""
    result = subprocess.run([sys.executable, "-c", PROBE, output_format, str(ROOT / "data" / "budget.yaml")],
                            capture_output=True, text=True, check=True)
    code, modules = result.stderr.strip().splitlines()[-1].split(" ", 1)
    return int(code), set(modules.split())


NOT_FOR_CHECK = ("openpyxl", "jsonschema", "json", "glob", "hso_budget.xlsx", "hso_budget.diff", "hso_budget.schema",
                 "hso_budget.show_json", "hso_budget.template", "hso_budget.sie", "hso_budget.followup.load",
                 "hso_budget.followup.export", "hso_budget.followup.checks")


def _imported(package: str, modules: set[str]) -> bool:
    return any(m == package or m.startswith(package + ".") for m in modules)


def test_parsable_check_imports_no_table_workbook_or_schema_machinery():
    code, modules = imported_by_check("parsable")
    assert code == 0
    assert {"hso_budget.runner", "pydantic", "yaml"} <= modules  # the probe saw the check run
    for package in ("rich", "typer", "hso_budget.cli", "hso_budget.render", *NOT_FOR_CHECK):
        assert not _imported(package, modules), package


def test_text_check_on_a_pipe_prints_its_tables_without_rich():
    code, modules = imported_by_check("text")
    assert code == 0
    assert {"hso_budget.runner", "hso_budget.render"} <= modules  # the probe saw the tables printed
    for package in ("rich", "typer", "hso_budget.cli", *NOT_FOR_CHECK):
        assert not _imported(package, modules), package


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["--lang", "sv", "check", "--help"], ["chek"],
                                  ["--debug", "show", "--help"], ["follow-up", "--help"], ["--lang=en", "schema"],
                                  ["check", "--format", "parsable", str(ROOT / "data" / "budget.yaml")]])
def test_the_app_built_for_one_command_answers_as_the_whole_app(args):
    """The console script builds only the command it runs; help, errors and output stay the same."""
    whole_app = "import sys; from hso_budget.cli import app; app(sys.argv[1:], prog_name='hso-budget')"
    main = "import sys; sys.argv[0] = 'hso-budget'; from hso_budget.console import main; main()"
    whole, one = (subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
                  for code in (whole_app, main))
    assert (one.returncode, one.stdout, one.stderr) == (whole.returncode, whole.stdout, whole.stderr)
    assert whole.stdout or whole.stderr


def test_only_the_named_command_is_built():
    assert [c.callback.__name__ for c in _app_for(["--lang", "sv", "check", "x.yaml"]).registered_commands] == ["check"]
    assert _app_for(["--help", "check"]) is app  # the top-level help lists every command
    assert len(_app_for(["chek"]).registered_commands) == len(app.registered_commands)


W, E = "tests/fixtures/checks/duplicate-label/fail.yaml", "tests/fixtures/checks/balance/fail.yaml"  # warnings, errors
QUICK = [["check"], ["check", "data/budget.yaml"], ["check", "--format", "parsable", "data/budget.yaml"],
         ["check", "-f", "json", W], ["check", "--format=github", W], ["check", "-f", "text", "-q", W], ["check", "--quiet", E],
         ["check", "--strict", "-f", "parsable", W], ["check", W, "--strict"], ["check", "-q", "--lang", "sv", E],
         ["check", "--lang=en", "-f", "parsable", E], ["check", "-f", "parsable", W, E, "data/budget.yaml"],
         ["check", "-f", "parsable", "tests/fixtures/checks/duplicate-label"], ["check", "-f", "parsable", "tests/fixtures/checks/b*/*.yaml"],
         ["check", "-f", "parsable", "nothing-*.yaml"], ["check", "missing.yaml", W], ["check", "-f", "json", "--", "-f"],
         ["check", "-f", "json", "--format", "parsable", W], ["check", "-f", "parsable", "-"],
         ["check", "-f", "parsable", "tests/fixtures/invalid/bad-indentation.yaml"]]
LEFT_TO_TYPER = [["check", "--help"], ["check", "--format", "xml", W], ["check", W, "--format"], ["check", "--strict=yes"],
                 ["check", "--unknown", W], ["check", "-fparsable", W], ["check", "-qf", "parsable", W],
                 ["check", "--lang", "de", W], ["--lang", "sv", "check", E], ["check", "-1"], ["check", "--Format", "json"]]


@pytest.mark.parametrize("args", QUICK + LEFT_TO_TYPER, ids=" ".join)
def test_check_read_without_typer_answers_as_typer(args):
    """`check` on a simple command line is read from its declarations without building typer's command
    (what a pre-commit hook runs on every commit); any other command line goes to typer. Both answer alike."""
    assert (quick_call(args) is not None) == (args in QUICK)
    whole_app = "import sys; from hso_budget.cli import app; app(sys.argv[1:], prog_name='hso-budget')"
    main = "import sys; sys.argv[0] = 'hso-budget'; from hso_budget.console import main; main()"
    whole, quick = (subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
                    for code in (whole_app, main))
    assert (quick.returncode, quick.stdout, quick.stderr) == (whole.returncode, whole.stdout, whole.stderr)
    assert whole.stdout or whole.stderr


def test_shell_completion_is_left_to_typer(monkeypatch):
    assert quick_call(["check"]) is not None
    monkeypatch.setenv("_HSO_BUDGET_COMPLETE", "bash_complete")
    assert quick_call(["check"]) is None


def _choices(annotation) -> tuple[str, ...] | None:
    """A Literal's values (inside Optional too); None for a flag."""
    if annotation is bool:
        return None
    inner = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    return typing.get_args(inner[0]) if typing.get_origin(inner[0]) is typing.Literal else typing.get_args(annotation)


def test_check_declares_for_typer_what_the_quick_reader_reads():
    """cli.py declares check's options for typer and check_command for the console script's own reader:
    the same option names, parameters, choices and defaults."""
    options, defaults = {}, {}
    for name, param in get_params_from_function(check).items():  # as typer reads the declarations
        defaults[name] = param.default.default
        if isinstance(param.default, OptionInfo):
            options.update((decl, (name, _choices(param.annotation))) for decl in param.default.param_decls)
    assert options == OPTIONS
    assert defaults == DEFAULTS
    assert OPTIONS["--format"][1] == FORMATS == ("text", "parsable", "github", "json", "auto")
