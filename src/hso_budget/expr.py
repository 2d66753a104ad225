"""Every derived number as an expression node: one description gives the value, the explanation and
the spreadsheet formula.

A node knows its inputs and its operation. `value` is the exact Decimal (divisions are carried to
40 digits, far more than any rounding to the krona needs); `text()` says how it was computed with
the numbers used (`show --explain`); `formula(where)` renders it for a spreadsheet, where `where`
gives the address of each referenced cell. Rounding follows the policy in `money`.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Sequence
from decimal import ROUND_FLOOR, Decimal
from typing import NamedTuple

from .money import format_amount, format_rounding, krona, krona_down

# Exact enough: a quotient of whole numbers below 10^15 is never within 10^-40 of a half-krona
# without being one, so rounding these values gives the exact result.
_EXACT = decimal.Context(prec=40)
ZERO = Decimal(0)


class Address(NamedTuple):
    """A cell of a sheet: where a referenced number stands in the workbook."""

    sheet: str | None
    col: int
    row: int

    def text(self, absolute: bool = False) -> str:
        from openpyxl.utils import get_column_letter

        dollar = "$" if absolute else ""
        prefix = f"{_quote_sheet(self.sheet)}!" if self.sheet else ""
        return f"{prefix}{dollar}{get_column_letter(self.col)}{dollar}{self.row}"


def _quote_sheet(name: str) -> str:
    return name if name.isidentifier() else "'" + name.replace("'", "''") + "'"


Key = tuple  # what a reference points at: ("cost", id), ("sum", "project_cost"), ("staff", i, field), ...
Where = Callable[[Key, "str | None"], Address]


class Node:
    """A number and how it came about.

    The nodes are plain classes with slots, their value computed when they are made: a budget
    makes a few hundred of them, and the console script imports them at every start.
    """

    __slots__ = ()
    value: Decimal

    def expr(self) -> str:
        """The computation with the numbers used, without its result."""
        raise NotImplementedError

    def text(self) -> str:
        """The computation and its result: `15 % × 9 297 536 = 1 394 630,40 → 1 394 630`."""
        expr = self.expr()
        result = format_amount(self.value)
        return result if expr == result else f"{expr} = {result}"

    def formula(self, where: Where) -> str:
        raise NotImplementedError

    def approx(self) -> float:
        """What a spreadsheet computes for it in binary floating point, operation by operation."""
        raise NotImplementedError

    def whole_inputs(self) -> bool:
        """Whether every number it starts from is whole (then binary arithmetic is exact for longer)."""
        return True

    @property
    def typed(self) -> bool:
        """Whether it is written in the budget as it stands (a constant), not derived."""
        return False

    @property
    def compound(self) -> bool:
        """Whether its formula needs brackets when it is a factor."""
        return False


class Const(Node):
    """A number as the budget writes it."""

    __slots__ = ("value",)

    def __init__(self, value: Decimal):
        self.value = value

    def expr(self) -> str:
        return format_amount(self.value)

    def formula(self, where: Where) -> str:
        return _literal(self.value)

    def approx(self) -> float:
        return float(self.value)

    def whole_inputs(self) -> bool:
        return self.value == self.value.to_integral_value()

    @property
    def typed(self) -> bool:
        return True


class Percentage(Const):
    """A rate as the budget writes it: `50 %`."""

    __slots__ = ()

    def expr(self) -> str:
        from .money import format_rate

        return format_rate(self.value)


class Ratio(Node):
    """A whole-number fraction such as 17/31 of a month (exact, no rounding)."""

    __slots__ = ("numerator", "denominator", "value")

    def __init__(self, numerator: int, denominator: int):
        self.numerator, self.denominator = numerator, denominator
        self.value = _EXACT.divide(Decimal(numerator), Decimal(denominator))

    def expr(self) -> str:
        return f"{self.numerator}/{self.denominator}"

    def formula(self, where: Where) -> str:
        return f"{self.numerator}/{self.denominator}"

    def approx(self) -> float:
        return self.numerator / self.denominator

    @property
    def compound(self) -> bool:
        return True


class Ref(Node):
    """The number in another cell: its row's key and period (None: the TOTAL column)."""

    __slots__ = ("key", "period", "target", "note", "absolute", "value")

    def __init__(self, key: Key, period: str | None, target: Node, note: str | None = None, absolute: bool = False):
        self.key, self.period, self.target, self.note, self.absolute = key, period, target, note, absolute
        self.value = target.value  # a node's value is fixed when it is made

    def expr(self) -> str:
        shown = self.target.expr() if isinstance(self.target, Const) else format_amount(self.value)
        return shown + (f" ({self.note})" if self.note else "")

    def formula(self, where: Where) -> str:
        return where(self.key, self.period).text(self.absolute)

    def approx(self) -> float:
        return float(self.value)  # the cell holds the number the calculator computes

    def whole_inputs(self) -> bool:
        return self.value == self.value.to_integral_value()



class Sum(Node):
    """Terms added or subtracted (sign −1); no terms is 0.

    A subtotal is made from its terms' values and how to make the terms (`Sum.later`): `check`
    never asks for them, the explanation and the workbook do.
    """

    __slots__ = ("_terms", "_make_terms", "signs", "value")

    def __init__(self, terms: Sequence[Node], signs: Sequence[int] = ()):
        self._terms: Sequence[Node] | None = terms
        self._make_terms: Callable[[], Sequence[Node]] | None = None
        self.signs = tuple(signs) or (1,) * len(terms)
        self.value = _signed_sum([term.value for term in terms], self.signs)

    @classmethod
    def later(cls, make_terms: Callable[[], Sequence[Node]], values: Sequence[Decimal],
              signs: Sequence[int] = ()) -> Sum:
        """The sum of `values`, whose terms (one for each value) `make_terms` makes when they are first asked for."""
        node = cls.__new__(cls)
        node._terms, node._make_terms = None, make_terms
        node.signs = tuple(signs) or (1,) * len(values)
        node.value = _signed_sum(values, node.signs)
        return node

    @property
    def terms(self) -> Sequence[Node]:
        if self._terms is None:
            assert self._make_terms is not None
            self._terms = self._make_terms()
        return self._terms

    def expr(self) -> str:
        if not self.terms:
            return "0"
        text = ""
        for term, sign in zip(self.terms, self.signs):
            part = term.expr()
            part = f"({part})" if isinstance(term, Sum) and len(term.terms) > 1 else part
            text += (" − " if sign < 0 else " + " if text else "") + part
        return text.lstrip()

    def formula(self, where: Where) -> str:
        if not self.terms:
            return "0"
        pieces: list[tuple[int, str]] = []
        run: list[tuple[int, Address]] = []

        def flush():
            if run:
                sign, first, last = run[0][0], run[0][1], run[-1][1]
                text = first.text() if first == last else f"SUM({first.text()}:{last.text().split('!')[-1]})"
                pieces.append((sign, text))
                run.clear()

        for term, sign in zip(self.terms, self.signs):
            address = where(term.key, term.period) if isinstance(term, Ref) and not term.absolute else None
            if address is not None and run and run[-1][0] == sign and _next_to(run[-1][1], address, run[0][1]):
                run.append((sign, address))
                continue
            flush()
            if address is not None:
                run.append((sign, address))
            else:
                text = term.formula(where)
                pieces.append((sign, _bracketed(text) if sign < 0 else text))
        flush()
        return "".join(("-" if sign < 0 else "+" if i else "") + text for i, (sign, text) in enumerate(pieces))

    def approx(self) -> float:
        total = 0.0
        for term, sign in zip(self.terms, self.signs):
            total += sign * term.approx()
        return total

    def whole_inputs(self) -> bool:
        return all(t.whole_inputs() for t in self.terms)

    @property
    def typed(self) -> bool:
        return all(t.typed for t in self.terms)

    @property
    def compound(self) -> bool:
        return len(self.terms) != 1 or self.signs[0] < 0


def _signed_sum(values: Sequence[Decimal], signs: Sequence[int]) -> Decimal:
    """The sum of sign × value: +x rounds as 1 × x does."""
    if -1 not in signs:
        return sum([+value for value in values], ZERO)
    total = ZERO
    for value, sign in zip(values, signs):
        total = total - (+value) if sign < 0 else total + (+value)
    return total


def _next_to(last: Address, address: Address, first: Address) -> bool:
    """Whether `address` continues the run first..last down a column or along a row."""
    if address.sheet != last.sheet:
        return False
    down = address.col == last.col == first.col and address.row == last.row + 1
    along = address.row == last.row == first.row and address.col == last.col + 1
    return down or along


class Scale(Node):
    """`base × n^k / d^k`: a rate (15 % is 15/100) or an indexation ((1 + 2,4 %)^k is 1024^k/1000^k).

    `shown` is how the factor reads in an explanation (`15 %`, `(1 + 2,4 %)^2`); a rate reads
    before the base, an indexation after it.
    """

    __slots__ = ("base", "numerator", "denominator", "shown", "power", "rate_first", "value")

    def __init__(self, base: Node, numerator: int, denominator: int, shown: str, power: int = 1,
                 rate_first: bool = True):
        self.base, self.numerator, self.denominator, self.shown = base, numerator, denominator, shown
        self.power, self.rate_first = power, rate_first
        factor = _EXACT.divide(Decimal(numerator) ** power, Decimal(denominator) ** power)
        self.value = _EXACT.multiply(base.value, factor)

    def expr(self) -> str:
        base = self.base.expr()
        base = f"({base})" if isinstance(self.base, Sum) and len(self.base.terms) > 1 else base
        return f"{self.shown} × {base}" if self.rate_first else f"{base} × {self.shown}"

    def formula(self, where: Where) -> str:
        base = _bracketed(self.base.formula(where))
        exponent = "" if self.power == 1 else f"^{self.power}"
        text = f"{base}*{self.numerator}{exponent}"
        return text + ("" if self.denominator == 1 else f"/{self.denominator}{exponent}")

    def approx(self) -> float:
        value = self.base.approx() * float(self.numerator) ** self.power
        return value / float(self.denominator) ** self.power if self.denominator != 1 else value

    def whole_inputs(self) -> bool:
        return self.base.whole_inputs()

    @property
    def typed(self) -> bool:
        return self.base.typed

    @property
    def compound(self) -> bool:
        return True


class Product(Node):
    """`a × b × … / (c × …)`, exact to 40 digits."""

    __slots__ = ("factors", "divisors", "value")

    def __init__(self, factors: Sequence[Node], divisors: Sequence[Node] = ()):
        self.factors, self.divisors = factors, divisors
        value = Decimal(1)
        for f in factors:
            value = _EXACT.multiply(value, f.value)
        for d in divisors:
            value = _EXACT.divide(value, d.value) if d.value else ZERO
        self.value = value

    def expr(self) -> str:
        def part(node: Node) -> str:
            text = node.expr()
            return f"({text})" if node.compound and not isinstance(node, (Scale, Product)) else text

        text = " × ".join(part(f) for f in self.factors)
        return text + "".join(f" / {part(d)}" for d in self.divisors)

    def formula(self, where: Where) -> str:
        text = "*".join(_bracketed(f.formula(where)) for f in self.factors)
        return text + "".join(f"/{_bracketed(d.formula(where), division=True)}" for d in self.divisors)

    def approx(self) -> float:
        value = 1.0
        for i, f in enumerate(self.factors):
            value = f.approx() if i == 0 else value * f.approx()
        for d in self.divisors:
            value = value / d.approx() if d.approx() else 0.0
        return value

    def whole_inputs(self) -> bool:
        return all(n.whole_inputs() for n in (*self.factors, *self.divisors))

    @property
    def typed(self) -> bool:
        return all(n.typed for n in (*self.factors, *self.divisors))

    @property
    def compound(self) -> bool:
        return True


class Noted(Node):
    """A number with a word on what it is or why (`the remainder`, an item's label)."""

    __slots__ = ("inner", "note", "value")

    def __init__(self, inner: Node, note: str):
        self.inner, self.note, self.value = inner, note, inner.value

    def expr(self) -> str:
        return f"{self.inner.expr()} ({self.note})"

    def text(self) -> str:
        return f"{self.inner.text()} ({self.note})"

    def formula(self, where: Where) -> str:
        return self.inner.formula(where)

    def approx(self) -> float:
        return self.inner.approx()

    def whole_inputs(self) -> bool:
        return self.inner.whole_inputs()

    @property
    def typed(self) -> bool:
        return self.inner.typed

    @property
    def compound(self) -> bool:
        return self.inner.compound


ROUND_HALF_UP_MODE, ROUND_DOWN_MODE = "half-up", "down"


class Round(Node):
    """To whole kronor: halves away from zero (Excel's ROUND), or down (ROUNDDOWN) for a share."""

    __slots__ = ("inner", "mode", "value")

    def __init__(self, inner: Node, mode: str = ROUND_HALF_UP_MODE):
        self.inner, self.mode = inner, mode
        self.value = (krona if mode == ROUND_HALF_UP_MODE else krona_down)(inner.value)

    def expr(self) -> str:
        return self.inner.expr()

    def text(self) -> str:
        expr = self.inner.expr()
        result = format_rounding(self.inner.value, self.value)
        return result if expr == format_amount(self.inner.value) else f"{expr} = {result}"

    def formula(self, where: Where) -> str:
        inner = self.inner
        return spreadsheet_round(inner.formula(where), inner.value, inner.approx(), inner.whole_inputs(), self.mode)

    def approx(self) -> float:
        return float(self.value)

    def whole_inputs(self) -> bool:
        return True

    @property
    def typed(self) -> bool:
        return self.inner.typed


def spreadsheet_round(expr: str, exact: Decimal, approx: float, whole_inputs: bool, mode: str) -> str:
    """The spreadsheet rounding of `expr` that gives what the calculator gives for `exact`.

    A spreadsheet computes in binary floating point (`approx`): a value that lies (nearly) on
    the boundary where the rounding changes — a half for ROUND, a whole number for ROUNDDOWN —
    may land on its other side, and LibreOffice snaps values near a whole number (`_near`).
    There the formula uses a function whose own boundary is far away — INT (exact away from
    whole numbers) near a half, ROUND (exact away from halves) near a whole number — plus the
    known difference. A boundary that whole-number arithmetic reaches exactly needs no care.
    """
    floor = exact.to_integral_value(ROUND_FLOOR)
    boundary = floor + Decimal("0.5") if mode == ROUND_HALF_UP_MODE else krona(exact)
    reached = exact == boundary and whole_inputs and approx == float(exact)
    if reached or not _near(exact, boundary):
        return f"ROUND({expr},0)" if mode == ROUND_HALF_UP_MODE else f"ROUNDDOWN({expr},0)"
    if mode == ROUND_HALF_UP_MODE:
        return _plus(f"INT({expr})", krona(exact) - floor)
    return _plus(f"ROUND({expr},0)", krona_down(exact) - boundary)


def _near(exact: Decimal, boundary: Decimal) -> bool:
    """Within what binary arithmetic and LibreOffice's snapping may move a value.

    LibreOffice's ROUNDDOWN takes 41 048 610,99995 for 41 048 611: it snaps values within about
    twelve significant digits, so the margin is 10^-9 of the value.
    """
    return abs(exact - boundary) <= abs(exact) * Decimal("1e-9") + Decimal("1e-9")


def _plus(text: str, k: Decimal) -> str:
    return text if k == 0 else f"{text}{'+' if k > 0 else '-'}{abs(int(k))}"


def _bracketed(text: str, division: bool = False) -> str:
    """A formula as a factor: in brackets where it adds or subtracts (or, as a divisor, multiplies)."""
    depth = 0
    for i, c in enumerate(text):
        depth += (c == "(") - (c == ")")
        if depth == 0 and i > 0 and (c in "+-" or division and c in "*/"):
            return f"({text})"
    return text


def _literal(value: Decimal) -> str:
    """A number as a formula writes it: `6428829`, `100000.45`, `-3`."""
    text = f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent_ratio(rate: Decimal) -> tuple[int, int]:
    """A rate as whole numbers n/d that keep its digits: 15 % → 15/100, 44,62254 % → 4462254/10000000.

    Spreadsheets hold 15 % as an inexact binary fraction, and `ROUND(29%*1690450,0)` gives
    490 230 in LibreOffice where 490 230,5 rounds to 490 231; `ROUND(1690450*29/100,0)`
    multiplies whole numbers exactly and divides once, so halves stay halves.
    """
    numerator, denominator = decimal_ratio(rate * 100)
    return numerator, denominator * 100


def decimal_ratio(value: Decimal) -> tuple[int, int]:
    """A decimal as n/10^k: 1,024 → 1024/1000, 40 → 40/1."""
    value = value.normalize()
    places = max(0, -value.as_tuple().exponent)  # type: ignore[operator]
    return int(value.scaleb(places)), 10**places
