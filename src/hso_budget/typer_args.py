"""A typer command's arguments read from a simple command line, without building the command.

Typer builds a pydantic type adapter for every parameter at each start, which a pre-commit hook
running `check` on every commit pays each time. The options read here are the ones the command
declares for typer (its parameters' `Annotated` metadata), so they are written down once. A
command line this reader does not take as it stands (help, an unknown option, short options run
together, a missing value or one not among the choices) gets None: typer reads it and answers as
always.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable
from typing import Any

from typer.models import ArgumentInfo, OptionInfo
from typer.utils import get_params_from_function


def read(command: Callable[..., Any], args: list[str]) -> dict[str, Any] | None:
    """The keyword arguments typer would call `command` with for `args`, or None when typer must read them."""
    declared = _declared(command)
    if declared is None:
        return None
    options, listed, values = declared
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
        if name not in options:
            return None
        param, convert = options[name]
        if convert is None:  # a flag
            if given:
                return None
            values[param] = True
            continue
        if not given:
            value = next(rest, None)
            if value is None:
                return None
        try:
            values[param] = convert(value)
        except ValueError:
            return None
    if positional:
        if listed is None:
            return None
        values[listed] = positional
    return values


def _declared(command: Callable[..., Any]):
    """Option name -> (parameter, converter or None for a flag); the parameter taking the arguments
    (a list); the defaults. None if a parameter is of a kind `read` leaves to typer."""
    options: dict[str, tuple[str, Callable[[str], Any] | None]] = {}
    listed = None
    defaults = {}
    for name, param in get_params_from_function(command).items():  # as typer reads the declarations
        info, kind = param.default, _optional(param.annotation)
        if not isinstance(info, (OptionInfo, ArgumentInfo)) or not _plain(info):
            return None
        defaults[name] = info.default
        if isinstance(info, ArgumentInfo):
            if listed is not None or typing.get_origin(kind) is not list or typing.get_args(kind) != (str,):
                return None
            listed = name
            continue
        if not info.param_decls or any("/" in decl for decl in info.param_decls):  # typer's own names
            return None
        convert: Callable[[str], Any] | None
        if kind is bool and info.default is False:
            convert = None
        elif kind is str:
            convert = str
        elif typing.get_origin(kind) is typing.Literal and all(isinstance(v, str) for v in typing.get_args(kind)):
            convert = functools.partial(_choice, typing.get_args(kind))
        else:
            return None
        options.update((decl, (name, convert)) for decl in info.param_decls)
    return options, listed, defaults


def _choice(choices: tuple[str, ...], value: str) -> str:
    if value not in choices:
        raise ValueError(value)
    return value


def _plain(info: OptionInfo | ArgumentInfo) -> bool:
    """Whether typer only reads the parameter's value: no callback, environment variable, prompt,
    own parser, default factory or choices in any case."""
    return not (info.callback or info.envvar or getattr(info, "prompt", False) or info.parser
                or info.default_factory or not info.expose_value or not info.case_sensitive)


def _optional(kind: Any) -> Any:
    """X for `X | None` and `Optional[X]`."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        others = [k for k in typing.get_args(kind) if k is not type(None)]
        return others[0] if len(others) == 1 else kind
    return kind
