"""The console script: `check` on a simple command line runs without typer (what a pre-commit hook
runs on every commit, where start-up is the whole run time); everything else goes to the typer app."""

from __future__ import annotations

import gc
import os
import sys
import traceback
import typing

from . import i18n
from .i18n import _

PROG = "hso-budget"
EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2  # clean; problems found; usage, unreadable input or internal error


def main() -> None:
    """The console script."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    tune_collector()
    argv = sys.argv[1:]
    quick = quick_call(argv)
    if quick is not None:
        _run_check(quick)
    from .cli import run_app

    run_app(argv)


def tune_collector() -> None:
    """The garbage collector's settings for a command (bench/check.py times the library with them too)."""
    gc.freeze()  # the modules imported so far live as long as the process: the collector skips them from now on
    gc.set_threshold(10_000)  # as most objects a command makes live until it ends: collect every 10 000, not 700


def quick_call(argv: list[str]) -> dict[str, typing.Any] | None:
    """The keyword arguments of `check_command.run` when `argv` is `check` on a simple command line; else None."""
    if not argv or argv[0] != "check" or os.environ.get("_HSO_BUDGET_COMPLETE"):  # typer's shell completion
        return None
    from . import check_command

    return check_command.read(argv[1:])


def _run_check(kwargs: dict[str, typing.Any]) -> typing.NoReturn:
    """Run `check` as the typer app does: the language from the locale unless --lang says, its exit code the
    process's, an unexpected exception one line on stderr and exit code 2."""
    from . import check_command

    i18n.use(i18n.language_from([], os.environ))
    try:
        code = check_command.run(**kwargs)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence, reported as such
        internal_error(exc, debug=False)
        sys.exit(EXIT_USAGE)
    sys.exit(code)


def internal_error(exc: Exception, debug: bool) -> None:
    """An unexpected exception on stderr: one line, and the traceback with --debug."""
    if debug:
        traceback.print_exc()
    sys.stderr.write(_("hso-budget: internal error: {kind}: {error} (run with --debug for details)")
                     .format(kind=type(exc).__name__, error=exc) + "\n")
