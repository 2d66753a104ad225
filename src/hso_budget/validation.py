"""Validating a loaded document against the format: pydantic's errors as located problems."""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

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
                    f"{'a budget' if model is Budget else 'this file'} is a mapping of keys "
                    f"({', '.join(required)}), got {what}")
        ]
    if doc.data and not set(doc.data) & set(model.model_fields):
        return None, [
            Problem(doc.file, 1, 1, Level.ERROR, CHECK_ID,
                    f"this YAML file is not a budget: it has none of the keys {', '.join(required)} "
                    "(`hso-budget init` writes one to start from)" if model is Budget else
                    f"this YAML file has none of the keys {', '.join(required)}")
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
            message = (f"unknown key '{key}': after '{name}:' comes {invisible[1]}, which YAML does not read as "
                       f"a space, so the key and its value run together; retype it as an ordinary space "
                       f"('{name}: {value}')")
        else:
            message = f"unknown key '{key}'" + _suggest(str(key), _fields_at(model, loc[:-1]), "allowed keys")
        path = path[:-1]
    elif kind == "missing":
        line, column = doc.locate(path)
        message = f"missing key '{key}'"
        if key == "format":
            message += f"; the first line of a budget is 'format: {FORMAT}'" if model is Budget else ""
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
    if kind in ("number", "rule"):
        return error["msg"]
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = re.findall(r"'([^']*)'", expected)
        return f"expected {expected}, got {got}" + (
            _suggest(str(value), options, None) if isinstance(value, str) else ""
        )
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping (key: value lines), got {got}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), got {got}"
    if kind == "string_type":
        return f"expected text, got {got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {got}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {got}"
    if kind.startswith("date"):
        return f"expected a date such as 2027-01-01, got {got}"
    if kind == "too_short":
        return "needs at least one entry; the list is empty"
    if kind in ("string_too_short", "string_pattern_mismatch"):
        return "must not be empty"
    if kind in ("greater_than", "greater_than_equal"):
        return f"{error['msg'].lower()}, got {got}"
    return f"{error['msg']} (got {got})"


@functools.lru_cache(maxsize=1024)
def _closest(word: str, options: tuple[str, ...]) -> list[str]:
    """The option closest to `word`, if any is close; cached, as the same misspelling recurs per entry."""
    return difflib.get_close_matches(word, options, n=1, cutoff=0.6)


def _suggest(word: str, options: list[str], label: str | None) -> str:
    close = _closest(word, tuple(options))
    if close:
        return f"; did you mean '{close[0]}'?"
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
