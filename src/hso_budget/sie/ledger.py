"""What a SIE file says, as the reader gives it: the ledger, its vouchers and the kept rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from ..i18n import N_
from ..problems import Problem

CP437, UTF8, LATIN1 = "cp437", "utf-8", "iso-8859-1"
ENCODING_NAMES = {CP437: N_("codepage 437 (PC8)"), UTF8: "UTF-8", LATIN1: "ISO-8859-1"}  # shown through _()


class Voucher(NamedTuple):
    """A `#VER`: where it is and what it says."""

    series: str
    number: str
    date: date
    text: str
    line: int

    @property
    def id(self) -> str:
        return f"{self.series} {self.number}".strip()


class Row(NamedTuple):
    """A counted voucher row (`#TRANS`, or `#RTRANS` with the `#TRANS` that repeats it)."""

    voucher: Voucher
    account: str
    objects: tuple[tuple[str, str], ...]
    amount: Decimal
    date: date  # the row's date, else the voucher's
    text: str
    line: int


@dataclass(frozen=True)
class Selection:
    """Which rows a reader keeps: `keep(account, objects)`; `needle`, when given, is text every kept row's
    object list contains (a fast first test, before the objects are parsed)."""

    keep: Callable[[str, tuple[tuple[str, str], ...]], bool]
    needle: str | None = None


@dataclass
class Ledger:
    """What a SIE file says: its header, chart of accounts, dimensions, objects, and the kept rows."""

    file: str
    encoding: str = CP437
    declared_format: str | None = None
    sie_type: str | None = None
    program: str | None = None
    generated: date | None = None
    company: str | None = None
    org_number: str | None = None
    years: dict[str, tuple[date, date]] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    dimensions: dict[str, str] = field(default_factory=dict)
    objects: dict[tuple[str, str], str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    vouchers: int = 0
    row_count: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

