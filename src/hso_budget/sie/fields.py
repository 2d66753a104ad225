"""The general path's reading of one line: its fields, object lists, amounts and dates.

Pure functions: a problem is raised as `LineError` with the column it is at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from ..i18n import _, ngettext

MAX_DIGITS = 15  # as in a spreadsheet cell, and as the budget's amounts
_TOKEN = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)("?)|([{}])|([^\s"{}]+)')
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0a-\x1f]").search
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_ESCAPE = re.compile(r"\\(.)")


class Token:
    """A field of a line; an object list `{…}` is one token with its pairs in `objects`."""

    __slots__ = ("text", "column", "quoted", "objects")

    def __init__(self, text: str, column: int, quoted: bool = False, objects: tuple | None = None):
        self.text, self.column, self.quoted, self.objects = text, column, quoted, objects


class LineError(Exception):
    """What is wrong with a line, and the column (from 0) where it is."""

    def __init__(self, column: int, check: str, message: str):
        super().__init__(message)
        self.column, self.check, self.message = column, check, message


def tokens(text: str) -> list[Token]:
    """The fields of a line; an object list `{…}` is one token with its pairs."""
    found: list[Token] = []
    group: list[Token] | None = None
    opened = 0
    for m in _TOKEN.finditer(text):
        column = m.start()
        if m.group(1) is not None:
            if not m.group(2):
                raise LineError(column, "sie-syntax", _("a quote is not closed; add the closing \" "
                                                        "(a \" inside a text is written \\\")"))
            token = Token(unquote(m.group(1)), column, quoted=True)
        elif m.group(3) == "{":
            if group is not None:
                raise LineError(column, "sie-syntax", _("an object list cannot hold another '{'"))
            if found or text[:column].strip():
                group, opened = [], column
                continue
            token = Token("{", column)
        elif m.group(3) == "}":
            if group is None:
                if found:
                    raise LineError(column, "sie-syntax", _("a '}' without its '{'"))
                token = Token("}", column)
            else:
                token = _object_list(group, opened)
                group = None
        else:
            token = Token(m.group(4), column)
        if group is not None:
            group.append(token)
        else:
            found.append(token)
    if group is not None:
        raise LineError(opened, "sie-syntax", _("an object list '{' is not closed with '}' on its line"))
    control = _CONTROL_CHARACTER(text)
    if control is not None:
        at = control.start()
        raise LineError(at, "sie-encoding", _("the control character U+{code} does not belong in a SIE file")
                        .format(code=f"{ord(text[at]):04X}"))
    return found


def _object_list(group: list[Token], column: int) -> Token:
    if len(group) % 2:
        raise LineError(column, "sie-syntax", _('an object list holds pairs of dimension and object, e.g. '
                                                '{6 "P1042" 1 "4010"}; this one has an odd number of fields'))
    pairs = []
    for dim, obj in zip(group[::2], group[1::2]):
        if dim.quoted or not dim.text.isdigit():
            raise LineError(dim.column, "sie-syntax", _("expected a dimension number in the object list, got "
                                                        "'{text}'").format(text=dim.text))
        pairs.append((dim.text, obj.text))
    return Token("{}", column, objects=tuple(pairs))


def fields(tokens: list[Token], count: int, usage: str, check: Callable) -> list[Token]:
    """The first `count` fields after the label, or a problem saying what the line needs (`usage`, marked with N_)."""
    found = tokens[1:count + 1]
    if len(found) < count:
        after = tokens[-1].column + max(len(tokens[-1].text), 1) + 1
        raise LineError(after, "sie-syntax", ngettext("{label} needs {count} field: {usage}",
                                                      "{label} needs {count} fields: {usage}", count)
                        .format(label=tokens[0].text, count=count, usage=_(usage)))
    check(found)
    return found


def plain_fields(tokens: list[Token]) -> None:
    """Fields where an object list does not belong."""
    for token in tokens:
        if token.objects is not None:
            raise LineError(token.column, "sie-syntax", _("an object list does not belong here"))


def amount(token: Token, quantity: bool = False) -> Decimal:
    """The amount (or the quantity) of a row."""
    if token.objects is not None or not _NUMBER.fullmatch(token.text):
        hint = _(" (SIE writes a decimal point: 1234.50)") if re.fullmatch(r"-?[0-9]+,[0-9]+", token.text) else ""
        message = (_("expected the quantity as a number such as -1234.50, got '{text}'{hint}") if quantity
                   else _("expected the amount as a number such as -1234.50, got '{text}'{hint}"))
        raise LineError(token.column, "sie-amount", message.format(text=token.text, hint=hint))
    whole, _point, decimals = token.text.lstrip("-").partition(".")
    if len(whole.lstrip("0")) + len(decimals) > MAX_DIGITS:
        message = (_("the quantity '{text}' has more than {digits} digits") if quantity
                   else _("the amount '{text}' has more than {digits} digits"))
        raise LineError(token.column, "sie-amount", message.format(text=token.text, digits=MAX_DIGITS))
    if not quantity and len(decimals) > 2:
        raise LineError(token.column, "sie-amount", _("the amount '{text}' has more than two decimals (öre)")
                        .format(text=token.text))
    return Decimal(token.text)


def field_date(token: Token, what: str) -> date:
    """A date field; `what` names it (marked with N_, translated here)."""
    found = parse_date(token.text) if token.objects is None else None
    if found is None:
        raise LineError(token.column, "sie-date", _("expected {what} as YYYYMMDD (e.g. 20270815), got '{text}'")
                        .format(what=_(what), text=token.text))
    return found


def parse_date(text: str) -> date | None:
    """`YYYYMMDD` as a date, or None."""
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def unquote(text: str) -> str:
    """A quoted field's inside, its escapes (`\\"`) undone."""
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


def field(text: str) -> str:
    """A field as written, quoted or not, as its text."""
    return unquote(text[1:-1]) if text.startswith('"') else text
