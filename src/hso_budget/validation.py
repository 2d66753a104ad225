"""Validating a loaded document against the format: pydantic's errors as located problems."""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .i18n import _
from .model import FORMAT, Budget
from .money import describe
from .problems import Level, Problem
from .source import Document, invisible_after_colon

CHECK_ID = "format"
M = TypeVar("M", bound=BaseModel)


def validate(doc: Document) -> tuple[Budget | None, list[Problem]]:
    """The budget, or the problems that keep the document from being one."""
    return validate_as(doc, Budget)


def validate_as(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """The document as `model` (a budget, or another file format of the project), or its problems."""
    required = [name for name, field in model.model_fields.items() if field.is_required()]
    if not isinstance(doc.data, dict):
        line, column = doc.locate(())
        what = describe(doc.data)
        return None, [
            Problem(doc.file, line, column, Level.ERROR, CHECK_ID,
                    (_("a budget is a mapping of keys ({keys}), got {value}") if model is Budget
                     else _("this file is a mapping of keys ({keys}), got {value}")).format(
                        keys=", ".join(required), value=what))
        ]
    if doc.data and not set(doc.data) & set(model.model_fields):
        return None, [
            Problem(doc.file, 1, 1, Level.ERROR, CHECK_ID,
                    (_("this YAML file is not a budget: it has none of the keys {keys} "
                       "(`hso-budget init` writes one to start from)") if model is Budget else
                     _("this YAML file has none of the keys {keys}")).format(keys=", ".join(required)))
        ]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, _problems(doc, exc, model)


def _problems(doc: Document, exc: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """One problem per place; a missing key is not reported beside its misspelling."""
    errors = exc.errors(include_url=False)
    unknown: dict[tuple, list[str]] = {}  # parent -> its unknown keys, so each missing key looks only beside it
    for e in errors:
        if e["type"] == "extra_forbidden":
            unknown.setdefault(_document_path(doc.data, e["loc"][:-1]), []).append(str(e["loc"][-1]))
    seen: dict[tuple, Problem] = {}
    for error in errors:
        path = _document_path(doc.data, error["loc"])
        if error["type"] == "missing" and _misspelt(str(error["loc"][-1]), path, unknown):
            continue
        seen.setdefault((path, error["type"] == "missing" and error["loc"][-1]), _problem(doc, error, path, model))
    return list(seen.values())


def _misspelt(key: str, parent: tuple, unknown: dict[tuple, list[str]]) -> bool:
    """Whether an unknown key beside a missing one looks like its misspelling."""
    return bool(_closest(key, tuple(unknown.get(parent, ()))))


def _document_path(data: Any, loc: tuple) -> tuple:
    """The part of pydantic's location that names keys and indexes in the document.

    Pydantic adds the names of union members and validators to a location; they are dropped.
    """
    path = []
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            continue
        path.append(part)
    return tuple(path)


def _problem(doc: Document, error: Any, path: tuple, model: type[BaseModel]) -> Problem:
    kind, loc = error["type"], error["loc"]
    key = loc[-1] if loc else None
    if kind == "extra_forbidden":
        line, column = doc.locate_key(path)
        invisible = invisible_after_colon(str(key))
        if invisible:
            name, value = str(key)[:invisible[0] - 1], str(key)[invisible[0] + 1:]
            message = _("unknown key '{key}': after '{name}:' comes {space}, which YAML does not read as "
                        "a space, so the key and its value run together; retype it as an ordinary space "
                        "('{fixed}')").format(key=key, name=name, space=invisible[1], fixed=f"{name}: {value}")
        else:
            message = _("unknown key '{key}'").format(key=key) + _suggest(
                str(key), _fields_at(model, loc[:-1]), _("allowed keys"))
        path = path[:-1]
    elif kind == "missing":
        line, column = doc.locate(path)
        message = _("missing key '{key}'").format(key=key)
        if key == "format" and model is Budget:
            message += _("; the first line of a budget is '{line}'").format(line=f"format: {FORMAT}")
    else:
        line, column = doc.locate(path)
        message = _plain(error)
    if path:
        message = f"{_dotted(path)}: {message}"
    return Problem(doc.file, line, column, Level.ERROR, CHECK_ID, message)


def _dotted(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _plain(error: dict) -> str:
    """Pydantic's message in plain words, with what was found."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    got = describe(value)
    if kind in ("number", "rule"):  # the project's own messages, made in the current language
        return error["msg"]
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = re.findall(r"'([^']*)'", expected)
        return _("expected {expected}, got {value}").format(expected=_or(options) if options else expected, value=got) + (
            _suggest(str(value), options, None) if isinstance(value, str) else ""
        )
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("expected a mapping (key: value lines), got {value}").format(value=got)
    if kind == "list_type":
        return _("expected a list (lines starting with '- '), got {value}").format(value=got)
    if kind == "string_type":
        return _("expected text, got {value}").format(value=got)
    if kind in ("bool_type", "bool_parsing"):
        return _("expected true or false, got {value}").format(value=got)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("expected a whole number, got {value}").format(value=got)
    if kind.startswith("date"):
        return _("expected a date such as 2027-01-01, got {value}").format(value=got)
    if kind == "too_short":
        return _("needs at least one entry; the list is empty")
    if kind in ("string_too_short", "string_pattern_mismatch"):
        return _("must not be empty")
    if kind == "greater_than":
        return _("should be greater than {limit}, got {value}").format(limit=ctx.get("gt"), value=got)
    if kind == "greater_than_equal":
        return _("should be greater than or equal to {limit}, got {value}").format(limit=ctx.get("ge"), value=got)
    return _("this value is not allowed here ({kind}), got {value}").format(kind=kind, value=got)


def _or(options: list[str]) -> str:
    """`'a', 'b' or 'c'`, as pydantic lists the values a field allows, in the current language."""
    quoted = [f"'{option}'" for option in options]
    return quoted[0] if len(quoted) == 1 else _("{first} or {last}").format(first=", ".join(quoted[:-1]), last=quoted[-1])


@functools.lru_cache(maxsize=1024)
def _closest(word: str, options: tuple[str, ...]) -> list[str]:
    """The option closest to `word`, if any is close; cached, as the same misspelling recurs per entry."""
    return difflib.get_close_matches(word, options, n=1, cutoff=0.6)


def _suggest(word: str, options: list[str], label: str | None) -> str:
    close = _closest(word, tuple(options))
    if close:
        return _("; did you mean '{key}'?").format(key=close[0])
    return f" ({label}: {', '.join(options)})" if label and options else ""


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys the format allows at a location, found by walking the models' annotations."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if isinstance(part, str) and part in current.model_fields:
                current = current.model_fields[part].annotation
            continue
        args = typing.get_args(current)
        if typing.get_origin(current) in (list, dict) and args:
            current = args[-1]
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """The model inside Optional[...] and Annotated[...]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = models[0]
        else:
            return annotation
