"""The fast path: whole vouchers of the common shape, recognised by one regular expression.

A voucher with anything else (quantities on a plain row, an escape, an unquoted object,
29 February, a control character …) is left to the general path (`lines.py`), which gives the
same result and locates every problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import NamedTuple, TypeVar

from .fields import field, parse_date
from .ledger import Row, Voucher
from .reading import Reading

CACHE_SIZE = 100_000

# The expressions are built from the constructs Python's `re` runs fastest (possessive
# quantifiers; blanks as literal spaces, unless the text has tabs).
_DAY = (r"(?:19|20)[0-9][0-9](?:(?:0[13578]|1[02])(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)(?:0[1-9]|[12][0-9]|30)"
        r"|02(?:0[1-9]|1[0-9]|2[0-8]))")
_STRING = r'"[^"\\\x00-\x1f]*+"'
_FIELD = rf'(?:[^\s"{{}}\\\x00-\x1f]++|{_STRING})'
_AMOUNT = r"-?[0-9]{1,13}+(?:\.[0-9]{1,2})?+"


class Shapes(NamedTuple):
    plain: Callable        # a run of vouchers with no '#' in a text, in one call: then each line has one '#' or none
    vouchers: Callable     # a run of vouchers, in one call
    head: Callable         # the #VER and `{` lines of a recognised voucher, with the #VER's fields as groups
    close: Callable        # the search for the `}` line that ends a recognised voucher's rows
    rows: Callable         # the fields of each row line of a recognised voucher
    ver_line: Callable


def _voucher(blank: str, string: str, word: str) -> str:
    """A voucher of the common shape, with `blank` (" " or "[ \\t]") between fields; its #VER's fields are groups."""
    objects = rf'\{{{blank}*+(?:[0-9]++{blank}++{string}{blank}*+)*+\}}'
    tail = rf'(?:{blank}++(?:{_DAY}|"")(?:{blank}++{string})?+)?+{blank}*+\r?\n'
    fields = (rf'{blank}++[0-9]++{blank}++{objects}{blank}++{_AMOUNT}'
              rf'(?:{blank}++(?:{_DAY}|"")(?:{blank}++{string}(?:{blank}++(?:-?[0-9]{{1,13}}+(?:\.[0-9]{{1,6}})?+|"")'
              rf'(?:{blank}++{string})?+)?+)?+)?+{blank}*+\r?\n')
    # rows, removed rows, and added rows each with the identical #TRANS that repeats it
    rows = (rf'(?:{blank}*+#TRANS{fields}|{blank}*+#BTRANS{fields}'
            rf'|{blank}*+#RTRANS(?P<added>{fields}){blank}*+#TRANS(?P=added))*+')
    return (rf'{blank}*+#VER{blank}++({word}){blank}++({word}){blank}++({_DAY})'
            rf'(?:{blank}++({string}){tail}|{blank}*+\r?\n){blank}*+\{{\r?\n(?P<rows>{rows}){blank}*+\}}{blank}*+\r?\n')


def _shapes(blank: str) -> Shapes:
    """The fast path's expressions, with `blank` (" " or "[ \\t]") between fields."""
    voucher = _voucher(blank, _STRING, _FIELD)
    plain = _voucher(blank, _STRING.replace("]", "#]"), _FIELD.replace("]", "#]"))
    plain_run, run = ("(?:" + re.sub(r"\((?!\?)", "(?:", v.replace("?P<rows>", "")) + ")++" for v in (plain, voucher))
    row = (rf'(?m)^{blank}*+#(TRANS|RTRANS|BTRANS){blank}++([0-9]++){blank}++\{{((?:{blank}*+[0-9]++{blank}++"[^"]*+")*+'
           rf'{blank}*+)\}}{blank}++({_AMOUNT})(?:{blank}++({_DAY}|"")(?:{blank}++"([^"]*+)")?+)?+')
    head = voucher[:voucher.index("(?P<rows>")]
    close = rf"\n{blank}*+\}}{blank}*+\r?\n"
    patterns = (plain_run, run, head, close, row, rf"{blank}*+#VER{blank}")
    methods = ("match", "match", "match", "search", "findall", "match")
    return Shapes(*(getattr(re.compile(p.encode("ascii")), m) for p, m in zip(patterns, methods)))


SPACES, BLANKS = _shapes(" "), _shapes(r"[ \t]")
_QUOTED_PAIRS = re.compile(r'([0-9]+)[ \t]+"([^"\n]*)"').findall


K = TypeVar("K")
V = TypeVar("V")


class _Cache(dict[K, V]):
    """Values made by `make` the first time they are asked for (texts, dates and object lists repeat);
    forgotten all at once when there are more than CACHE_SIZE."""

    def __init__(self, make: Callable[[K], V]):
        super().__init__()
        self.make = make

    def __missing__(self, key: K) -> V:
        if len(self) > CACHE_SIZE:
            self.clear()
        value = self[key] = self.make(key)
        return value


class FastVouchers:
    """Counts the runs of vouchers the fast path recognises, and keeps the selection's rows of them."""

    def __init__(self, reading: Reading):
        self.reading = reading
        self.texts: _Cache[bytes, str] = _Cache(lambda raw: raw.decode(reading.ledger.encoding, "replace"))
        self.dates: _Cache[bytes, date] = _Cache(_real_date)
        self.objects: _Cache[bytes, tuple[tuple[str, str], ...]] = _Cache(
            lambda inside: tuple(_QUOTED_PAIRS(self.texts[inside])))
        needle = reading.selection.needle if reading.selection is not None else None
        self.needle = needle.encode("ascii") if needle is not None and needle.isascii() else None

    def run(self, data: bytes, shapes: Shapes, start: int, stop: int, plain: bool) -> None:
        """Count a run of vouchers of the common shape, and read those that may hold kept rows."""
        reading = self.reading
        ledger, first, selection = reading.ledger, reading.line, reading.selection
        counted = self._select(data, shapes, start, stop, selection.keep) if selection is not None else start
        reading.line += data.count(b"\n", counted, stop)
        if plain:  # a line is a #VER, a row (one '#' each), or a brace (none): 3 lines a voucher, and its rows
            ledger.vouchers += (reading.line - first - data.count(b"#", start, stop)) // 2
            ledger.row_count += data.count(b"#TRANS", start, stop)  # a #TRANS that repeats an #RTRANS is its one row
        else:
            ledger.vouchers += data.count(b"{\n", start, stop) + data.count(b"{\r\n", start, stop)  # only brace lines end so
            ledger.row_count += sum(1 for row in shapes.rows(data, start, stop) if row[0] == b"TRANS")

    def _select(self, data: bytes, shapes: Shapes, start: int, stop: int, keep: Callable) -> int:
        """Read the vouchers of a run that may hold kept rows (with a needle, only those whose text holds it).
        Returns the position up to which the reading's line number has counted the lines."""
        needle, reading = self.needle, self.reading
        counted = pos = start
        while pos < stop:
            if needle is not None:
                found = data.find(needle, pos, stop)
                if found < 0:
                    break
                pos = _voucher_start(data, shapes, pos, found)
            reading.line += data.count(b"\n", counted, pos)
            counted = pos
            pos = self._voucher_rows(data, shapes, pos, keep)
        return counted

    def _voucher_rows(self, data: bytes, shapes: Shapes, start: int, keep: Callable) -> int:
        """Keep the rows of the voucher recognised at `start`, check its balance; returns its end."""
        head = shapes.head(data, start)
        close = shapes.close(data, head.end() - 1)
        reading, needle, texts, dates, objects_of = self.reading, self.needle, self.texts, self.dates, self.objects
        kept = reading.ledger.rows
        voucher = None
        balance = Decimal(0)
        repeated = False
        first = reading.line + 3
        for index, (label, account, objects, amount, day, text) in enumerate(shapes.rows(data, head.end(), close.start())):
            if label == b"BTRANS" or repeated:
                repeated = False  # a removed row, or the #TRANS that repeats an #RTRANS: not counted
                continue
            repeated = label == b"RTRANS"
            amount = Decimal(amount.decode())
            balance += amount
            if needle is not None and needle not in objects:
                continue
            pairs = objects_of[objects]
            account = account.decode()
            if keep(account, pairs):
                if voucher is None:
                    voucher = self._voucher(head)
                when = dates[day] if day and day != b'""' else voucher.date
                kept.append(Row(voucher, account, pairs, amount, when, texts[text], first + index))
        if voucher is not None and balance:
            reading.unbalanced(voucher, balance)
        return close.end()

    def _voucher(self, head: re.Match) -> Voucher:
        """The voucher of a recognised #VER line."""
        series, number, day, text = head.groups()
        encoding = self.reading.ledger.encoding  # a voucher's number and text are its own: decoded without a cache
        return Voucher(field(series.decode(encoding, "replace")), field(number.decode(encoding, "replace")),
                       self.dates[day], text[1:-1].decode(encoding, "replace") if text else "", self.reading.line + 1)


def _real_date(text: bytes) -> date:
    """A `YYYYMMDD` date the expressions matched (they match real dates only)."""
    found = parse_date(text.decode("latin-1"))
    assert found is not None, text
    return found


def _voucher_start(data: bytes, shapes: Shapes, first: int, inside: int) -> int:
    """Where the voucher that holds position `inside` starts: the line of its #VER (at or after `first`)."""
    label = data.rfind(b"#VER", first, inside + 1)
    line = max(data.rfind(b"\n", first, label) + 1, first)
    if label >= 0 and shapes.ver_line(data, line) is not None:
        return line  # the last '#VER' before is a line's label, not a text's
    line = max(data.rfind(b"\n", first, inside) + 1, first)
    while shapes.ver_line(data, line) is None:  # a run starts with a #VER line, so this ends
        line = max(data.rfind(b"\n", first, line - 1) + 1, first)
    return line
