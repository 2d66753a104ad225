"""Output formats for problems: small functions over the same sorted list of problems.

`text` (rich, colour only on a terminal), `parsable` (`file:line:col: level: message (id)`),
`github` (workflow-command annotations), `json` (versioned), and `auto`, which picks
`github` under GitHub Actions and `text` otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .i18n import _
from .problems import Problem

JSON_VERSION = 1
FORMATS = ("text", "parsable", "github", "json", "auto")


def parsable(problems: list[Problem]) -> str:
    """One line a problem, whatever the message quotes (see `one_line`)."""
    return "".join(f"{_location(p)}: {p.level_text}: {one_line(p.message)} ({p.check})\n" for p in problems)


def one_line(text: str) -> str:
    """Line breaks and tabs quoted from the file shown as \\n, \\r and \\t."""
    return text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _location(p: Problem) -> str:
    if p.line:
        return f"{p.file}:{p.line}:{p.column}"
    return p.file


def github(problems: list[Problem]) -> str:
    """GitHub Actions annotations; paths relative to the repository, properties and data escaped."""
    lines = []
    for p in problems:
        props = f"file={_escape_property(github_path(p.file))}"
        if p.line:
            props += f",line={p.line},col={p.column}"
        title = _escape_property(f"{p.check}")
        if p.accepted:  # a notice, not a warning: seen and accepted
            text = _("accepted ({reason}): {message}").format(reason=p.accepted, message=p.message)
            lines.append(f"::notice {props},title={title}::{_escape_data(text)}\n")
            continue
        lines.append(f"::{p.level.value} {props},title={title}::{_escape_data(p.message)}\n")
    return "".join(lines)


def github_path(file: str) -> str:
    """The path GitHub matches annotations against: relative to the workspace, no `./`."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    path = Path(file)
    if workspace:
        try:
            path = Path(os.path.abspath(file)).relative_to(os.path.abspath(workspace))
        except ValueError:
            pass
    text = path.as_posix()
    while text.startswith("./"):
        text = text[2:]
    return text


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_json(problems: list[Problem], files: list[str]) -> str:
    import json

    document = {
        "version": JSON_VERSION,
        "files": files,
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "level": p.level.value,
                "check": p.check,
                "message": p.message,
                **{name: getattr(p, name) for name in ("at", "period", "value", "accepted") if getattr(p, name)},
            }
            for p in problems
        ],
        "errors": sum(p.is_error for p in problems),
        "warnings": sum(not p.is_error and not p.accepted for p in problems),
        "accepted": sum(bool(p.accepted) for p in problems),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def resolve_format(name: str) -> str:
    """`auto` is `github` under GitHub Actions, else `text`."""
    if name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name


PLAIN: dict[str, Callable[[list[Problem]], str]] = {"parsable": parsable, "github": github}
