"""The command line: parses arguments, calls the library, picks a reporter and an exit code.

Exit codes: 0 clean, 1 problems found (warnings too under --strict), 2 usage errors,
unreadable input or an internal error.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

DEFAULT_BUDGET = Path("data/budget.yaml")
EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    help="Budget and co-financing calculator for publicly co-financed regional development projects.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
_debug = {"on": False}


class CheckFormat(str, Enum):
    text = "text"
    parsable = "parsable"
    github = "github"
    json = "json"
    auto = "auto"


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hso-budget {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
) -> None:
    _debug["on"] = debug


def guarded(command):
    """Turn an unexpected exception into one line on stderr and exit code 2 (traceback with --debug)."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException, SystemExit):
            raise  # exits, and usage errors that typer reports with exit code 2
        except Exception as exc:  # noqa: BLE001 - the last line of defence, reported as such
            if _debug["on"]:
                traceback.print_exc()
            typer.echo(f"hso-budget: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
            raise typer.Exit(EXIT_USAGE) from None

    return run


def _console(stream=None):
    from rich.console import Console

    stream = stream or sys.stdout
    width = None if stream.isatty() else 1000  # a file or a pipe: the table at its natural width
    color_system = None if os.environ.get("NO_COLOR") else "auto"  # rich's own NO_COLOR keeps bold
    console = Console(file=stream, width=width, highlight=False, soft_wrap=False, color_system=color_system)
    console.on_broken_pipe = _closed_pipe  # rich would exit 1; `_stdout_may_close` decides instead
    return console


def _closed_pipe() -> None:
    raise BrokenPipeError


@contextlib.contextmanager
def _stdout_may_close():
    """A reader that stops early (`| head -1`) is not a failure: the rest of the output is dropped."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more reaches the closed pipe


def _print(console, renderable) -> None:
    """Print to the terminal as rich lays it out; to a file or a pipe without rich's trailing spaces."""
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    console.file.write("".join(line.rstrip(" ") + "\n" for line in captured.get().splitlines()))


def _check_file(path):
    """The report for one file; an internal error becomes that file's problem, not the whole run's."""
    from .problems import Level, Problem
    from .runner import Report, check_path

    try:
        return check_path(path)
    except Exception as exc:  # noqa: BLE001 - reported as an internal error of this file only
        if _debug["on"]:
            traceback.print_exc()
        message = f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)"
        return Report(str(path), [Problem(str(path), 0, 0, Level.ERROR, "internal", message)])


def _exit_code(problems, strict: bool) -> int:
    if any(p.check in ("unreadable", "internal") for p in problems):
        return EXIT_USAGE
    if any(p.is_error for p in problems) or (strict and problems):
        return EXIT_PROBLEMS
    return EXIT_CLEAN


@app.command()
@guarded
def check(
    budgets: Annotated[
        Optional[list[str]],
        typer.Argument(
            help="Budget files, directories or globs (default: data/budget.yaml).", show_default=False, metavar="BUDGET..."
        ),
    ] = None,
    output_format: Annotated[CheckFormat, typer.Option("--format", "-f", help="How to report problems.")] = CheckFormat.auto,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Text format: problems only, no budget table.")] = False,
) -> None:
    """Check budgets: costs against financing, written totals, the programme's rules."""
    from . import reporters
    from .files import expand

    paths, missing = expand(budgets or [str(DEFAULT_BUDGET)])
    reports = [_check_file(p) for p in paths]
    problems = sorted(missing + [p for r in reports for p in r.problems], key=lambda p: p.sort_key())
    chosen = reporters.resolve_format(output_format.value)
    with _stdout_may_close():
        if chosen == "json":
            sys.stdout.write(reporters.as_json(problems, [r.file for r in reports]))
        elif chosen in reporters.PLAIN:
            sys.stdout.write(reporters.PLAIN[chosen](problems))
        else:
            from . import render

            console = _console()
            for report in reports:
                if report.calculation is not None and not quiet:
                    _print_budget(console, report, named=len(reports) > 1)
            console.print(render.problems_text(problems), end="", soft_wrap=True)
    if chosen == "text":
        from . import render

        typer.echo(render.summary(problems, len(reports) + len(missing)), err=True)
    raise typer.Exit(_exit_code(problems, strict))


@app.command()
@guarded
def show(
    budget: Annotated[Path, typer.Argument(help="The budget file.")] = DEFAULT_BUDGET,
    output_format: Annotated[ShowFormat, typer.Option("--format", "-f", help="text or json.")] = ShowFormat.text,
    explain: Annotated[bool, typer.Option("--explain", help="Show how every derived number was computed.")] = False,
) -> None:
    """Print the computed budget (only), as a table or as JSON."""
    from . import render
    from .runner import check_path

    report = check_path(budget, explain=explain)
    if report.calculation is None:
        _console(sys.stderr).print(render.problems_text(report.problems), end="", soft_wrap=True)
        if report.document is not None:
            typer.echo(f"hso-budget: {budget}: cannot compute the budget until these problems are fixed", err=True)
        raise typer.Exit(_exit_code(report.problems, False) or EXIT_PROBLEMS)
    with _stdout_may_close():
        if output_format is ShowFormat.json:
            from .show_json import dumps

            sys.stdout.write(dumps(report.budget, report.calculation, report.errors))
        else:
            console = _console()
            _print_budget(console, report)
            if explain:
                console.print()
                console.print(render.explanations(report.calculation), end="", soft_wrap=True)
    if report.errors and output_format is ShowFormat.text:
        _console(sys.stderr).print(render.problems_text(report.errors), end="", soft_wrap=True)
    raise typer.Exit(_exit_code(report.errors, False))


def _print_budget(console, report, named: bool = False) -> None:
    """The budget as the application shows it, and the staff positions when there are any;
    `named` heads it with the file's name (when several files are checked)."""
    from rich.text import Text

    from . import render

    if named:
        console.print(Text(f"==> {report.file} <==", style="bold"))
    _print(console, render.budget_table(report))
    console.print()
    if report.calculation.staff:
        _print(console, render.staff_table(report.calculation))
        console.print()


@app.command()
@guarded
def export(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(help="[OUT.xlsx] [BUDGET.yaml]: the workbook to write and the budget (default: data/budget.yaml).",
                       show_default=False, metavar="[OUT.xlsx] [BUDGET.yaml]"),
    ] = None,
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Write an Excel workbook (the only format so far).")] = True,
    allow_errors: Annotated[
        bool, typer.Option("--allow-errors", help="Export a budget with errors, marked in red at the top.")
    ] = False,
) -> None:
    """Export the application's budget tables as an Excel workbook with live formulas."""
    from . import render
    from .runner import check_path

    out, budget = _export_paths(paths or [])
    report = check_path(budget)
    if report.calculation is None or (report.errors and not allow_errors):
        _console(sys.stderr).print(render.problems_text(report.problems), end="", soft_wrap=True)
        if report.calculation is None:
            reason = "cannot compute the budget; nothing written (fix these problems first)"
        else:
            reason = "the budget has errors; nothing written (--allow-errors exports it anyway)"
        typer.echo(f"hso-budget: {budget}: {reason}", err=True)
        raise typer.Exit(_exit_code(report.problems, False) or EXIT_PROBLEMS)
    if out.resolve() == Path(budget).resolve():
        typer.echo(f"hso-budget: refusing to write the workbook over its own input {budget}", err=True)
        raise typer.Exit(EXIT_USAGE)
    from .xlsx import write_workbook

    try:
        write_workbook(report, out)
    except OSError as exc:
        typer.echo(f"hso-budget: cannot write {out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(f"wrote {out}", err=True)
    raise typer.Exit(EXIT_CLEAN)


def _export_paths(paths: list[Path]) -> tuple[Path, Path]:
    """Which argument is the workbook and which the budget: by their endings."""
    if len(paths) > 2:
        raise typer.BadParameter("give at most OUT.xlsx and BUDGET.yaml")
    out = next((p for p in paths if p.suffix.lower() == ".xlsx"), None)
    others = [p for p in paths if p is not out]
    if len(others) > 1 or (others and others[0].suffix.lower() not in (".yaml", ".yml")):
        raise typer.BadParameter("the workbook ends in .xlsx and the budget in .yaml or .yml")
    budget = others[0] if others else DEFAULT_BUDGET
    return out or Path(f"{budget.stem}.xlsx"), budget


@app.command()
@guarded
def diff(
    old: Annotated[str, typer.Argument(help="The old budget: a file, a git revision, or A..B.")],
    new: Annotated[Optional[str], typer.Argument(help="The new budget file (default: data/budget.yaml).")] = None,
    output_format: Annotated[DiffFormat, typer.Option("--format", "-f", help="text, markdown or json.")] = DiffFormat.text,
) -> None:
    """Show what an edit changes per category, financier and period, and whose commitments changed.

    Exit 0 when both versions compute, changed or not (like `git diff`); 2 when one cannot be
    read (a missing file, no git, an unknown revision) or computed.
    """
    from .diff import FORMATS, DiffInputError, compare, resolve
    from .reporters import parsable

    try:
        versions = resolve(old, new, DEFAULT_BUDGET)
    except DiffInputError as exc:
        typer.echo(f"hso-budget: diff: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    reports = [version.check() for version in versions]
    broken = [report for report in reports if report.calculation is None]
    for report in broken:
        sys.stderr.write(parsable(report.problems))
        typer.echo(f"hso-budget: diff: {report.file} cannot be computed until these problems are fixed", err=True)
    if broken:
        raise typer.Exit(EXIT_USAGE)
    with _stdout_may_close():
        sys.stdout.write(FORMATS[output_format.value](compare(*reports)))


@app.command()
@guarded
def schema() -> None:
    """Print the JSON Schema of the budget format (for editors' YAML language server)."""
    from .schema import schema_text

    with _stdout_may_close():
        sys.stdout.write(schema_text())


@app.command()
@guarded
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the new budget.")] = DEFAULT_BUDGET,
) -> None:
    """Write a new, commented budget to start from (never over an existing file)."""
    from .template import write_template

    if path.exists():
        typer.echo(f"hso-budget: {path} exists; init never writes over a file", err=True)
        raise typer.Exit(EXIT_USAGE)
    write_template(path)
    typer.echo(f"wrote {path}", err=True)


def main() -> None:
    """The console script."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app(prog_name="hso-budget")
