"""Writing a command's output: to a terminal as rich lays it out, to a file or a pipe without rich's
trailing spaces, and a reader that stops early (`| head -1`) is not a failure."""

from __future__ import annotations

import contextlib
import os
import sys

PIPE_WIDTH = 1000  # a file or a pipe: the tables at their natural width


def console(stream=None):
    """A rich console on the stream (stdout by default): the terminal's width, or PIPE_WIDTH."""
    from rich.console import Console

    stream = stream or sys.stdout
    width = None if stream.isatty() else PIPE_WIDTH
    color_system = None if os.environ.get("NO_COLOR") else "auto"  # rich's own NO_COLOR keeps bold
    made = Console(file=stream, width=width, highlight=False, soft_wrap=False, color_system=color_system)
    made.on_broken_pipe = _closed_pipe  # rich would exit 1; `stdout_may_close` decides instead
    return made


def terminal(stream) -> bool:
    """Whether rich would treat the stream as a terminal (TTY_COMPATIBLE, FORCE_COLOR, else isatty)."""
    compatible, force = os.environ.get("TTY_COMPATIBLE", ""), os.environ.get("FORCE_COLOR")
    if compatible in ("0", "1"):
        return compatible == "1"
    if force is not None:
        return force != ""
    try:
        return stream.isatty()
    except ValueError:  # a closed stream
        return False


def _closed_pipe() -> None:
    raise BrokenPipeError


@contextlib.contextmanager
def stdout_may_close():
    """A reader that stops early (`| head -1`) is not a failure: the rest of the output is dropped."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more reaches the closed pipe


def show(on, renderable) -> None:
    """Print to the terminal as rich lays it out; to a file or a pipe without rich's trailing spaces."""
    if on.is_terminal:
        on.print(renderable)
        return
    with on.capture() as captured:
        on.print(renderable)
    on.file.write("".join(line.rstrip(" ") + "\n" for line in captured.get().splitlines()))


def print_budget(on, report, named: bool = False) -> None:
    """The budget as the application shows it, and the staff positions when there are any;
    `named` heads it with the file's name (when several files are checked)."""
    from rich.text import Text

    from . import render

    if named:
        on.print(Text(f"==> {report.file} <==", style="bold"))
    tables = render.budget_tables(report, on.width)
    if report.calculation.staff:
        tables += render.staff_tables(report.calculation, on.width)
    for table in tables:
        show(on, table)
        on.print()
