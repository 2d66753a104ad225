"""The header labels the reader keeps: the file's format, the company, its years, accounts and objects.

Each handler reads a line's tokens into the ledger; `warn(token, check, message)` reports what is
odd but readable, and a `LineError` what cannot be read.
"""

from __future__ import annotations

from collections.abc import Callable

from ..i18n import N_, _
from .fields import Token, field_date, fields, plain_fields
from .ledger import Ledger

Warn = Callable[[Token, str, str], None]


def _format(ledger: Ledger, tokens: list[Token], warn: Warn) -> None:
    (value,) = fields(tokens, 1, "#FORMAT PC8", plain_fields)
    ledger.declared_format = value.text.upper()
    if value.text.upper() != "PC8":
        warn(value, "sie-encoding", _("#FORMAT {value}: the specification knows only PC8 (codepage 437); the encoding "
                                      "is detected from the text").format(value=value.text))


def _sietyp(ledger: Ledger, tokens: list[Token], warn: Warn) -> None:
    (value,) = fields(tokens, 1, "#SIETYP 4", plain_fields)
    ledger.sie_type = value.text
    if value.text not in ("4", "4E", "4I"):
        warn(value, "sie-type", _("#SIETYP {value}: only type 4 files hold vouchers; export SIE 4 (4E or 4I) from "
                                  "the ledger").format(value=value.text))


def _program(ledger: Ledger, tokens: list[Token], warn: Warn) -> None:
    fields(tokens, 1, N_('#PROGRAM "name" version'), plain_fields)
    ledger.program = " ".join(t.text for t in tokens[1:3])


def _gen(ledger: Ledger, tokens: list[Token], warn: Warn) -> None:
    (day,) = fields(tokens, 1, N_("#GEN date"), plain_fields)
    ledger.generated = field_date(day, N_("the date the file was made"))


def _fnamn(ledger: Ledger, tokens: list[Token], warn: Warn) -> None:
    (name,) = fields(tokens, 1, N_('#FNAMN "company"'), plain_fields)
    ledger.company = name.text


def _orgnr(ledger: Ledger, tokens: list[Token], warn: Warn) -> None:
    (number,) = fields(tokens, 1, N_("#ORGNR number"), plain_fields)
    ledger.org_number = number.text


def _rar(ledger: Ledger, tokens: list[Token], warn: Warn) -> None:
    year, start, end = fields(tokens, 3, N_("#RAR year start end"), plain_fields)
    ledger.years[year.text] = (field_date(start, N_("the first day of the year")),
                               field_date(end, N_("the last day of the year")))


def _konto(ledger: Ledger, tokens: list[Token], warn: Warn) -> None:
    account, name = fields(tokens, 2, N_('#KONTO account "name"'), plain_fields)
    ledger.accounts[account.text] = name.text


def _dim(ledger: Ledger, tokens: list[Token], warn: Warn) -> None:
    number, name = fields(tokens, 2, N_('#DIM number "name"'), plain_fields)
    ledger.dimensions[number.text] = name.text


def _objekt(ledger: Ledger, tokens: list[Token], warn: Warn) -> None:
    dim, code, name = fields(tokens, 3, N_('#OBJEKT dimension "object" "name"'), plain_fields)
    ledger.objects[(dim.text, code.text)] = name.text


HANDLERS: dict[str, Callable[[Ledger, list[Token], Warn], None]] = {
    "#FORMAT": _format, "#SIETYP": _sietyp, "#PROGRAM": _program, "#GEN": _gen, "#FNAMN": _fnamn,
    "#ORGNR": _orgnr, "#RAR": _rar, "#KONTO": _konto, "#DIM": _dim, "#OBJEKT": _objekt,
}
