"""The `check` command without typer: its options, how a simple command line is read, and its run.

A pre-commit hook runs `check` on every commit, so the console script runs it from here without
importing typer when the command line is simple (`read`); cli.py declares the same options for
typer, which reads every other command line (help, errors, short options run together) and calls
`run` too. tests/test_startup.py holds the two declarations to the same names, choices and defaults.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import i18n
from .console import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE
from .i18n import _

if TYPE_CHECKING:
    from .runner import Report

DEFAULT_BUDGET = Path("data/budget.yaml")
FORMATS = ("text", "parsable", "github", "json", "auto")
# option -> (parameter, its choices; None for a flag)
OPTIONS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "--format": ("output_format", FORMATS), "-f": ("output_format", FORMATS),
    "--strict": ("strict", None), "--quiet": ("quiet", None), "-q": ("quiet", None),
    "--lang": ("lang", i18n.LANGUAGES),
}
DEFAULTS: dict[str, Any] = {"budgets": None, "output_format": "auto", "strict": False, "quiet": False, "lang": None}


def read(args: list[str]) -> dict[str, Any] | None:
    """The keyword arguments of `run` for the arguments after `check`, or None when typer must read them
    (an unknown option, a flag with a value, a missing value or one not among the choices)."""
    values = dict(DEFAULTS)
    positional: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            positional += rest
            break
        if not arg.startswith("-") or arg == "-":
            positional.append(arg)
            continue
        name, given, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name not in OPTIONS:
            return None
        param, choices = OPTIONS[name]
        if choices is None:  # a flag
            if given:
                return None
            values[param] = True
            continue
        if not given:
            value = next(rest, None)
            if value is None:
                return None
        if value not in choices:
            return None
        values[param] = value
    if positional:
        values["budgets"] = positional
    return values


def run(budgets: list[str] | None, output_format: str, strict: bool, quiet: bool, lang: str | None,
        debug: bool = False) -> int:
    """Check the budgets, print the report in the format asked for, and give the exit code."""
    if lang:
        i18n.use(lang)
    from . import reporters
    from .files import expand
    from .output import stdout_may_close, terminal

    paths, missing = expand(budgets or [str(DEFAULT_BUDGET)])
    chosen = reporters.resolve_format(output_format)
    reports = check_files(paths, tables=chosen == "text" and not quiet, debug=debug)
    found = dict.fromkeys(missing + [p for r in reports for p in r.problems])  # a follow-up repeats its actuals'
    problems = sorted(found, key=lambda p: p.sort_key())
    with stdout_may_close():
        if chosen == "json":
            sys.stdout.write(reporters.as_json(problems, [r.file for r in reports]))
        elif chosen in reporters.PLAIN:
            sys.stdout.write(reporters.PLAIN[chosen](problems))
        elif not terminal(sys.stdout) and (plain := plain_text(reports, problems, quiet)) is not None:
            sys.stdout.write(plain)
        else:
            from . import render
            from .output import console, print_budget

            on = console()
            for report in reports:
                if report.calculation is not None and not quiet:
                    print_budget(on, report, named=len(reports) > 1)
            on.print(render.problems_text(problems), end="", soft_wrap=True)
    if chosen == "text":
        from . import render

        sys.stderr.write(render.summary(problems, len(reports) + len(missing)) + "\n")
    return exit_code(problems, strict)


def check_files(paths: list[str], tables: bool, debug: bool = False) -> list[Report]:
    """What `check` prints of each file's report (`Report.for_output`), in the order of `paths`.

    Without tables, many files are checked in worker processes (`workers`): their problems are all
    that comes back. The tables' models and amounts stay in this process, checked one after the other.
    """
    if tables:
        return [_check_file(p, tables, debug) for p in paths]
    from functools import partial

    from .workers import ordered_map

    return ordered_map(partial(_check_file, tables=False, debug=debug), paths)


def _check_file(path: str, tables: bool, debug: bool) -> Report:
    """The report for one file as `check` prints it; an internal error becomes that file's problem, not
    the whole run's."""
    from .followup.files import check_any
    from .problems import Level, Problem
    from .runner import Report

    try:
        return check_any(path).for_output(tables)
    except Exception as exc:  # noqa: BLE001 - reported as an internal error of this file only
        if debug:
            traceback.print_exc()
        message = _("internal error: {kind}: {error} (run with --debug for details)").format(
            kind=type(exc).__name__, error=exc)
        return Report(str(path), [Problem(str(path), 0, 0, Level.ERROR, "internal", message)])


def plain_text(reports, problems, quiet: bool) -> str | None:
    """What the text format prints without a terminal, as rich would print it but without importing rich;
    None when only rich can lay it out (wide characters, wrapping)."""
    from . import render
    from .output import PIPE_WIDTH

    parts = []
    for report in reports:
        if report.calculation is None or quiet:
            continue
        if len(reports) > 1:
            parts.append(f"==> {report.file} <==\n")
        grids = render.budget_tables(report, PIPE_WIDTH)
        if report.calculation.staff:
            grids += render.staff_tables(report.calculation, PIPE_WIDTH)
        parts += [text for grid in grids for text in (grid.plain(PIPE_WIDTH), "\n")]
    parts.append(render.problems_plain(problems))
    headed = all(render.NARROW.fullmatch(r.file) and len(f"==> {r.file} <==") <= PIPE_WIDTH for r in reports)
    return None if None in parts or (len(reports) > 1 and not headed) else "".join(parts)


def exit_code(problems, strict: bool) -> int:
    """2 when a file could not be read or failed inside, 1 for errors (and unaccepted warnings under
    `strict`), else 0."""
    if any(p.check in ("unreadable", "internal") for p in problems):
        return EXIT_USAGE
    if any(p.is_error for p in problems) or (strict and any(not p.accepted for p in problems)):
        return EXIT_PROBLEMS
    return EXIT_CLEAN
