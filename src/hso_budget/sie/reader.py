"""Reading SIE 4 files ("SIE filformat, utgåva 4B"), streaming, with the standard library only.

A SIE 4 file is lines `#LABEL field field …`: fields separated by blanks, strings quoted with
`"` (`\\"` inside), object lists in braces `{dimension "object" …}`, and vouchers

    #VER series number date "text" [regdate] [sign]
    {
       #TRANS account {objects} amount [date] ["text"] [quantity] [sign]
    }

`#RTRANS` is a row added afterwards (the identical `#TRANS` after it is the same row, so it is
not counted again), `#BTRANS` a row removed (not counted). Unknown labels are ignored, as the
specification says. Amounts become `Decimal` from the text.

The file is decoded as ISO-8859-1 for parsing (every byte is one character, and the
specification's structure is ASCII), and the text that is kept (names, row texts) is re-read in
the file's real encoding: codepage 437 as specified (`#FORMAT PC8`), or the UTF-8 or
ISO-8859-1 that newer systems write, detected from the bytes. Whole vouchers of the common
shape are recognised by one regular expression; any other line goes through the general
tokenizer, which gives the same result and locates every problem at `file:line:column`.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from ..i18n import N_, _, ngettext
from ..money import format_amount
from ..problems import Level, Problem

MAX_BYTES = 1024 * 1024 * 1024  # a municipality's year of bookkeeping is around 80 MB
CHUNK = 4 * 1024 * 1024
MAX_LINE = 1024 * 1024
MAX_DIGITS = 15  # as in a spreadsheet cell, and as the budget's amounts
CP437, UTF8, LATIN1 = "cp437", "utf-8", "iso-8859-1"
ENCODING_NAMES = {CP437: N_("codepage 437 (PC8)"), UTF8: "UTF-8", LATIN1: "ISO-8859-1"}  # shown through _()
ROW_LABELS = ("#TRANS", "#RTRANS", "#BTRANS")
_KNOWN = {"#FLAGGA", "#VER", "#KTYP", "#IB", "#UB", "#RES", "#PSALDO", "#PBUDGET", "#KPTYP", "#VALUTA", "#TAXAR",
          "#BKOD", "#ADRESS", "#OMFATTN", "#ENHET", "#SRU", "#UNDERDIM", "#OIB", "#OUB", "#PROSA", "#KSUMMA", *ROW_LABELS}

# A whole voucher of the common shape is recognised by one regular expression, built from the
# constructs Python's `re` runs fastest (possessive quantifiers; blanks as literal spaces, unless
# the text has tabs); a voucher with anything else (quantities on a plain row, an escape, an
# unquoted object, 29 February, a control character …) is read line by line by the general
# tokenizer, which gives the same result and locates every problem.
_DAY = (r"(?:19|20)[0-9][0-9](?:(?:0[13578]|1[02])(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)(?:0[1-9]|[12][0-9]|30)"
        r"|02(?:0[1-9]|1[0-9]|2[0-8]))")
_STRING = r'"[^"\\\x00-\x1f]*+"'
_FIELD = rf'(?:[^\s"{{}}\\\x00-\x1f]++|{_STRING})'
_AMOUNT = r"-?[0-9]{1,13}+(?:\.[0-9]{1,2})?+"


class _Shapes(NamedTuple):
    plain: Callable        # a run of vouchers with no '#' in a text, in one call: then each line has one '#' or none
    vouchers: Callable     # a run of vouchers, in one call
    head: Callable         # the #VER and `{` lines of a recognised voucher, with the #VER's fields as groups
    close: Callable        # the search for the `}` line that ends a recognised voucher's rows
    rows: Callable         # the fields of each row line of a recognised voucher
    ver_line: Callable


def _voucher(blank: str, string: str, field: str) -> str:
    """A voucher of the common shape, with `blank` (" " or "[ \\t]") between fields; its #VER's fields are groups."""
    objects = rf'\{{{blank}*+(?:[0-9]++{blank}++{string}{blank}*+)*+\}}'
    tail = rf'(?:{blank}++(?:{_DAY}|"")(?:{blank}++{string})?+)?+{blank}*+\r?\n'
    fields = (rf'{blank}++[0-9]++{blank}++{objects}{blank}++{_AMOUNT}'
              rf'(?:{blank}++(?:{_DAY}|"")(?:{blank}++{string}(?:{blank}++(?:-?[0-9]{{1,13}}+(?:\.[0-9]{{1,6}})?+|"")'
              rf'(?:{blank}++{string})?+)?+)?+)?+{blank}*+\r?\n')
    # rows, removed rows, and added rows each with the identical #TRANS that repeats it
    rows = (rf'(?:{blank}*+#TRANS{fields}|{blank}*+#BTRANS{fields}'
            rf'|{blank}*+#RTRANS(?P<added>{fields}){blank}*+#TRANS(?P=added))*+')
    return (rf'{blank}*+#VER{blank}++({field}){blank}++({field}){blank}++({_DAY})'
            rf'(?:{blank}++({string}){tail}|{blank}*+\r?\n){blank}*+\{{\r?\n(?P<rows>{rows}){blank}*+\}}{blank}*+\r?\n')


def _shapes(blank: str) -> _Shapes:
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
    return _Shapes(*(getattr(re.compile(p.encode("ascii")), m) for p, m in zip(patterns, methods)))


_SPACES, _BLANKS = _shapes(" "), _shapes(r"[ \t]")
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0a-\x1f]").search
CACHE_SIZE = 100_000
_TOKEN = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)("?)|([{}])|([^\s"{}]+)')
_QUOTED_PAIRS = re.compile(r'([0-9]+)[ \t]+"([^"\n]*)"').findall
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_ESCAPE = re.compile(r"\\(.)")


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


def read(path: str | os.PathLike, selection: Selection | None = None, display_name: str | None = None) -> Ledger:
    """Read the SIE 4 file at `path`, keeping the rows `selection` keeps (none without one)."""
    file = display_name if display_name is not None else os.fspath(path)
    ledger = Ledger(file)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            return _refused(ledger, "unreadable", _("this is a directory, not a SIE file"))
        if not stat.S_ISREG(info.st_mode):
            return _refused(ledger, "unreadable", _("this is not a regular file"))
        if info.st_size > MAX_BYTES:
            size = f"{info.st_size / 2**30:.1f}".replace(".", ",")
            return _refused(ledger, "sie-limits", _("the file is {size} GiB; a SIE file is read up to {limit} GiB (a "
                                                    "municipality's year of bookkeeping is about 80 MB)")
                            .format(size=size, limit=MAX_BYTES // 2**30))
        with open(path, "rb") as stream:
            _Parser(ledger, selection).run(stream)
    except FileNotFoundError:
        return _refused(ledger, "unreadable", _("no such file"))
    except PermissionError:
        return _refused(ledger, "unreadable", _("permission denied: the file cannot be read"))
    except OSError as exc:
        return _refused(ledger, "unreadable", _("the file cannot be read ({reason})").format(reason=exc.strerror or exc))
    ledger.problems.sort(key=Problem.sort_key)
    return ledger


def read_bytes(data: bytes, file: str, selection: Selection | None = None) -> Ledger:
    """Read SIE 4 text given as bytes (tests, the fuzzer)."""
    import io

    ledger = Ledger(file)
    if len(data) > MAX_BYTES:
        return _refused(ledger, "sie-limits", _("the text is larger than a SIE file is read"))
    _Parser(ledger, selection).run(io.BytesIO(data))
    ledger.problems.sort(key=Problem.sort_key)
    return ledger


def _refused(ledger: Ledger, check: str, message: str) -> Ledger:
    ledger.problems.append(Problem(ledger.file, 0, 0, Level.ERROR, check, message))
    return ledger


def detect_encoding(head: bytes) -> str:
    """The encoding of a SIE file from a sample that starts at its first byte above 127.

    Valid UTF-8 is UTF-8; otherwise the Swedish letters tell: å ä ö Å Ä Ö é are 0x86 0x84 0x94
    0x8F 0x8E 0x99 0x82 in codepage 437 and 0xE5 0xE4 0xF6 0xC5 0xC4 0xD6 0xE9 in ISO-8859-1,
    whose 0x80–0x9F are control characters no text uses.
    """
    if not head:
        return CP437
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return UTF8
    except UnicodeDecodeError:
        pass
    low = sum(1 for b in head if 0x80 <= b <= 0x9F)
    high = sum(1 for b in head if b >= 0xC0)
    return LATIN1 if high > low else CP437


def parse_date(text: str) -> date | None:
    """`YYYYMMDD` as a date, or None."""
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _unquote(text: str) -> str:
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


class _Token:
    __slots__ = ("text", "column", "quoted", "objects")

    def __init__(self, text: str, column: int, quoted: bool = False, objects: tuple | None = None):
        self.text, self.column, self.quoted, self.objects = text, column, quoted, objects


class _LineError(Exception):
    def __init__(self, column: int, check: str, message: str):
        super().__init__(message)
        self.column, self.check, self.message = column, check, message


class _Parser:
    """One pass over the file: the fast voucher path, the general line path and the block state."""

    def __init__(self, ledger: Ledger, selection: Selection | None):
        self.ledger = ledger
        self.selection = selection
        self.line = 0
        self.voucher: Voucher | None = None    # the open voucher block
        self.pending: Voucher | None = None  # a #VER waiting for its `{` line
        self.balance = Decimal(0)
        self.used = False  # whether the open voucher has a kept row
        self.broken = False  # whether one of its rows could not be read
        self.repeated: tuple | None = None      # the fields of an #RTRANS, which the next #TRANS repeats
        self.dates: dict[bytes, date | None] = {}
        self.objects_cache: dict[bytes, tuple | None] = {}
        self.texts: dict[bytes, str] = {}
        self.needle: bytes | None = None  # the selection's needle, when it is ASCII
        self.seen_label = False

    # -- the file -------------------------------------------------------------------------------

    def run(self, stream) -> None:
        head = stream.read(CHUNK)
        if not self._start(head):
            return
        self.ledger.encoding = self._encoding(stream, head)
        needle = self.selection.needle if self.selection is not None else None
        self.needle = needle.encode("ascii") if needle is not None and needle.isascii() else None
        block, rest = head.removeprefix(codecs.BOM_UTF8), b""
        while block:
            data = rest + block
            cut = data.rfind(b"\n") + 1
            rest = data[cut:]
            if cut:
                self._text(data, cut)
            if len(rest) > MAX_LINE:
                line = self.line + 1
                self._problem(line, 1, "sie-limits", _("line {line} is longer than {limit} KiB; a SIE file's lines are "
                                                       "short (is this a SIE file?)").format(line=line, limit=MAX_LINE // 1024))
                return
            block = stream.read(CHUNK)
        if rest:
            self._text(rest + b"\n", len(rest) + 1)  # the file's last line, without its line end
        self._end()

    def _start(self, head: bytes) -> bool:
        """Refuse what is not a SIE file: UTF-16, binary, no `#LABEL` line at the start."""
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self._whole("sie-encoding", _("the file is saved as UTF-16; a SIE file is codepage 437, UTF-8 or ISO-8859-1"))
            return False
        first = head.removeprefix(codecs.BOM_UTF8).lstrip()[:64]
        if not first:
            self._whole("sie-format", _("the file is empty; a SIE file starts with #FLAGGA, #FORMAT or another #LABEL "
                                        "line"))
            return False
        if not re.match(rb"#[A-Za-z]", first) or b"\0" in head[:4096]:
            self._whole("sie-format", _("this is not a SIE file: a SIE file is text whose lines start with #LABEL "
                                        "(#FLAGGA, #FORMAT, #SIETYP, …)"))
            return False
        return True

    def _encoding(self, stream, head: bytes) -> str:
        if head.startswith(codecs.BOM_UTF8):
            return UTF8
        found = re.search(rb"[\x80-\xff]", head)
        sample = head[found.start():found.start() + 65536] if found else b""
        if not found:  # ASCII so far: look further, then come back
            position = stream.tell()
            while not sample:
                block = stream.read(CHUNK)
                if not block:
                    break
                found = re.search(rb"[\x80-\xff]", block)
                if found:
                    sample = block[found.start():found.start() + 65536]
            stream.seek(position)
        return detect_encoding(sample)

    def _text(self, data: bytes, end: int) -> None:
        """Parse the whole lines of the file in `data[:end]` (`end` is just after a line end)."""
        if self.ledger.encoding == UTF8:
            self._check_utf8(data[:end])
        shapes = _BLANKS if data.find(b"\t", 0, end) >= 0 else _SPACES
        pos = 0
        while pos < end:
            if self.voucher is None and self.pending is None:
                m = shapes.plain(data, pos, end)
                plain = m is not None
                m = m or shapes.vouchers(data, pos, end)
                if m is not None:
                    self._run(data, shapes, pos, m.end(), plain)
                    pos = m.end()
                    continue
            stop = data.find(b"\n", pos, end) + 1
            self.line += 1
            self._line(data[pos:stop - 1])
            pos = stop

    def _run(self, data: bytes, shapes: _Shapes, start: int, stop: int, plain: bool) -> None:
        """Count a run of vouchers of the common shape, and read those that may hold kept rows."""
        ledger, first = self.ledger, self.line
        counted = self._select(data, shapes, start, stop) if self.selection is not None else start
        self.line += data.count(b"\n", counted, stop)
        if plain:  # a line is a #VER, a row (one '#' each), or a brace (none): 3 lines a voucher, and its rows
            ledger.vouchers += (self.line - first - data.count(b"#", start, stop)) // 2
            ledger.row_count += data.count(b"#TRANS", start, stop)  # a #TRANS that repeats an #RTRANS is its one row
        else:
            ledger.vouchers += data.count(b"{\n", start, stop) + data.count(b"{\r\n", start, stop)  # only brace lines end so
            ledger.row_count += sum(1 for row in shapes.rows(data, start, stop) if row[0] == b"TRANS")

    def _select(self, data: bytes, shapes: _Shapes, start: int, stop: int) -> int:
        """Read the vouchers of a run that may hold kept rows (with a needle, only those whose text holds it).
        Returns the position up to which `self.line` has counted the lines."""
        needle = self.needle
        counted = pos = start
        while pos < stop:
            if needle is not None:
                found = data.find(needle, pos, stop)
                if found < 0:
                    break
                pos = _voucher_start(data, shapes, pos, found)
            self.line += data.count(b"\n", counted, pos)
            counted = pos
            pos = self._fast_voucher(data, shapes, pos, needle)
        return counted

    def _fast_voucher(self, data: bytes, shapes: _Shapes, start: int, needle: bytes | None) -> int:
        """Keep the rows of the voucher the fast path recognised at `start`, check its balance; returns its end."""
        head = shapes.head(data, start)
        close = shapes.close(data, head.end() - 1)
        keep, kept, texts, dates, objects_of = (self.selection.keep, self.ledger.rows, self.texts, self.dates,
                                                self.objects_cache)
        voucher = None
        balance = Decimal(0)
        repeated = False
        first = self.line + 3
        for index, (label, account, objects, amount, day, text) in enumerate(shapes.rows(data, head.end(), close.start())):
            if label == b"BTRANS" or repeated:
                repeated = False  # a removed row, or the #TRANS that repeats an #RTRANS: not counted
                continue
            repeated = label == b"RTRANS"
            amount = Decimal(amount.decode())
            balance += amount
            if needle is not None and needle not in objects:
                continue
            pairs = objects_of.get(objects) or self._objects(objects)
            account = account.decode()
            if keep(account, pairs):
                if voucher is None:
                    voucher = self._voucher(head)
                when = (dates.get(day) or self._date(day)) if day and day != b'""' else voucher.date
                kept.append(Row(voucher, account, pairs, amount, when, texts.get(text) or self._decoded(text),
                                first + index))
        if voucher is not None and balance:
            self._unbalanced(voucher, balance)
        return close.end()

    def _voucher(self, head: re.Match) -> Voucher:
        """The voucher of a fast-path #VER line."""
        series, number, day, text = head.groups()
        encoding = self.ledger.encoding  # a voucher's number and text are its own: decoded without a cache
        return Voucher(_field(series.decode(encoding, "replace")), _field(number.decode(encoding, "replace")),
                       self._date(day), text[1:-1].decode(encoding, "replace") if text else "", self.line + 1)

    def _objects(self, text: bytes) -> tuple[tuple[str, str], ...] | None:
        """The pairs of an object list's inside, from a cache (object lists repeat), or None."""
        cache = self.objects_cache
        found = cache.get(text, False)
        if found is False:
            if len(cache) > CACHE_SIZE:
                cache.clear()
            found = cache[text] = tuple(_QUOTED_PAIRS(self._decoded(text)))
        return found  # type: ignore[return-value]  # False is only the cache's "not yet"

    def _date(self, text: bytes) -> date | None:
        """A `YYYYMMDD` date, from a cache (a year has 366 of them), or None."""
        found = self.dates.get(text, False)
        if found is False:
            if len(self.dates) > CACHE_SIZE:
                self.dates.clear()
            found = self.dates[text] = parse_date(text.decode("latin-1"))
        return found  # type: ignore[return-value]  # False is only the cache's "not yet"

    def _check_utf8(self, data: bytes) -> None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line_start = data.rfind(b"\n", 0, exc.start) + 1
            column = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1
            line = self.line + data.count(b"\n", 0, exc.start) + 1
            self._problem(line, column, "sie-encoding",
                          _("byte 0x{byte} is not UTF-8, though the file's text is UTF-8 before it; export the file "
                            "again in one encoding").format(byte=f"{data[exc.start]:02X}"))

    def _end(self) -> None:
        if self.pending is not None:
            voucher = self.pending
            self._problem(voucher.line, 1, "sie-syntax", _("the file ends after #VER {voucher} without its {{ … }} "
                                                           "block: the file is truncated").format(voucher=voucher.id))
        elif self.voucher is not None:
            self._problem(self.voucher.line, 1, "sie-syntax", _("the block of #VER {voucher} is not closed with '}}': "
                                                                "the file is truncated").format(voucher=self.voucher.id))
            self._close_voucher(self.line)
        if not self.seen_label and not self.ledger.vouchers:
            self._whole("sie-format", _("this is not a SIE file: it has no #LABEL lines"))

    # -- the general path: one line ---------------------------------------------------------------

    def _line(self, raw: bytes) -> None:
        text = raw.rstrip(b"\r").decode(self.ledger.encoding, "replace")
        if not text.strip():
            return
        try:
            tokens = self._tokens(text)
        except _LineError as exc:
            self._problem(self.line, exc.column + 1, exc.check, exc.message)
            if self.voucher is not None:
                self.repeated, self.broken = None, True
            return
        head = tokens[0]
        if head.text == "{" and not head.quoted and len(tokens) == 1:
            self._open_block(head)
        elif head.text == "}" and not head.quoted and len(tokens) == 1:
            self._close_block(head)
        elif head.quoted or head.objects is not None or not head.text.startswith("#"):
            self._located(head, "sie-syntax", _("expected a line starting with #LABEL (or a voucher's '{' or '}')"))
        else:
            label = head.text.upper()
            self.seen_label = self.seen_label or label in _LABELS or label in _KNOWN
            self._label(label, tokens)

    def _tokens(self, text: str) -> list[_Token]:
        """The fields of a line; an object list `{…}` is one token with its pairs."""
        tokens: list[_Token] = []
        group: list[_Token] | None = None
        opened = 0
        for m in _TOKEN.finditer(text):
            column = m.start()
            if m.group(1) is not None:
                if not m.group(2):
                    raise _LineError(column, "sie-syntax", _("a quote is not closed; add the closing \" "
                                                             "(a \" inside a text is written \\\")"))
                token = _Token(_unquote(m.group(1)), column, quoted=True)
            elif m.group(3) == "{":
                if group is not None:
                    raise _LineError(column, "sie-syntax", _("an object list cannot hold another '{'"))
                if tokens or text[:column].strip():
                    group, opened = [], column
                    continue
                token = _Token("{", column)
            elif m.group(3) == "}":
                if group is None:
                    if tokens:
                        raise _LineError(column, "sie-syntax", _("a '}' without its '{'"))
                    token = _Token("}", column)
                else:
                    token = self._object_list(group, opened)
                    group = None
            else:
                token = _Token(m.group(4), column)
            if group is not None:
                group.append(token)
            else:
                tokens.append(token)
        if group is not None:
            raise _LineError(opened, "sie-syntax", _("an object list '{' is not closed with '}' on its line"))
        control = _CONTROL_CHARACTER(text)
        if control is not None:
            at = control.start()
            raise _LineError(at, "sie-encoding", _("the control character U+{code} does not belong in a SIE file")
                             .format(code=f"{ord(text[at]):04X}"))
        return tokens

    def _object_list(self, group: list[_Token], column: int) -> _Token:
        if len(group) % 2:
            raise _LineError(column, "sie-syntax", _('an object list holds pairs of dimension and object, e.g. '
                                                     '{6 "P1042" 1 "4010"}; this one has an odd number of fields'))
        pairs = []
        for dim, obj in zip(group[::2], group[1::2]):
            if dim.quoted or not dim.text.isdigit():
                raise _LineError(dim.column, "sie-syntax", _("expected a dimension number in the object list, got "
                                                             "'{text}'").format(text=dim.text))
            pairs.append((dim.text, obj.text))
        return _Token("{}", column, objects=tuple(pairs))

    def _label(self, label: str, tokens: list[_Token]) -> None:
        handler = _LABELS.get(label)
        if label in ROW_LABELS:
            self._row(label, tokens)
        elif label == "#VER":
            self._ver(tokens)
        elif self.voucher is not None or self.pending is not None:
            if handler is not None:
                self._unclosed(tokens[0])
        elif handler is not None:
            try:
                handler(self, tokens)
            except _LineError as exc:
                self._problem(self.line, exc.column + 1, exc.check, exc.message)

    def _unclosed(self, token: _Token) -> None:
        voucher = self.voucher or self.pending
        self._located(token, "sie-syntax", _("{label} inside the block of #VER {voucher} (line {line}); a '}}' is "
                                             "missing before it").format(label=token.text, voucher=voucher.id,
                                                                         line=voucher.line))

    def _ver(self, tokens: list[_Token]) -> None:
        if self.voucher is not None or self.pending is not None:
            self._unclosed(tokens[0])
            self.voucher = self.pending = None
            self.repeated = None
        when, text = None, tokens[4].text if len(tokens) > 4 else ""
        try:
            day = _fields(tokens, 3, N_("#VER series number date"), self._plain_fields)[2]
            when = self._field_date(day, N_("the voucher date"))
            if len(tokens) > 5 and tokens[5].text:
                self._field_date(tokens[5], N_("the registration date"))
        except _LineError as exc:
            self._problem(self.line, exc.column + 1, exc.check, exc.message)
        voucher = Voucher(tokens[1].text if len(tokens) > 1 else "?", tokens[2].text if len(tokens) > 2 else "",
                          when or date.min, text, self.line)
        self.pending = voucher

    def _open_block(self, token: _Token) -> None:
        if self.pending is None:
            self._located(token, "sie-syntax", _("a '{' inside another block: a '}' is missing") if self.voucher
                          else _("a '{' without a #VER line before it"))
            return
        self.voucher = self.pending
        self.pending = None
        self.balance = Decimal(0)
        self.used = self.broken = False
        self.repeated = None
        self.ledger.vouchers += 1

    def _close_block(self, token: _Token) -> None:
        if self.voucher is None:
            self._located(token, "sie-syntax", _("a '}' without a #VER block to close"))
            return
        self._close_voucher(self.line)

    def _close_voucher(self, line: int) -> None:
        if self.used and self.balance and not self.broken:
            self._unbalanced(self.voucher, self.balance)
        self.voucher = None
        self.repeated = None

    def _row(self, label: str, tokens: list[_Token]) -> None:
        head = tokens[0]
        if self.voucher is None:
            message = (_("{label} before the '{{' of its #VER; rows belong inside a voucher's {{ … }}") if self.pending
                       else _("{label} outside a #VER block; rows belong inside a voucher's {{ … }}"))
            self._located(head, "sie-syntax", message.format(label=label))
            return
        try:
            fields = self._row_fields(tokens)
        except _LineError as exc:
            self._problem(self.line, exc.column + 1, exc.check, exc.message)
            self.repeated = None
            self.broken = True
            return
        repeated, self.repeated = self.repeated, None
        if label == "#BTRANS":
            return
        if label == "#TRANS" and repeated is not None:
            if repeated[:3] == fields[:3]:
                return  # the #TRANS that repeats the #RTRANS before it: one row
            self._located(head, "sie-rtrans", _("the #RTRANS on the line before is not followed by the identical "
                                                "#TRANS the specification asks for; both rows are counted"), Level.WARNING)
        if label == "#RTRANS":
            self.repeated = fields
        account, objects, amount, when, text = fields
        self.balance += amount
        self.ledger.row_count += 1
        selection = self.selection
        if selection is not None and selection.keep(account, objects):
            self.ledger.rows.append(Row(self.voucher, account, objects, amount, when or self.voucher.date,
                                        text, self.line))
            self.used = True

    def _row_fields(self, tokens: list[_Token]) -> tuple:
        """account, objects, amount, date, text of a #TRANS / #RTRANS / #BTRANS line."""
        label = tokens[0].text
        if len(tokens) < 3 or tokens[2].objects is None and len(tokens) < 4:
            where = tokens[-1].column + len(tokens[-1].text)
            raise _LineError(where, "sie-syntax", _("{label} needs: account {{…}} amount").format(label=label))
        account = tokens[1]
        if account.objects is not None or not account.text.isdigit():
            raise _LineError(account.column, "sie-syntax", _("expected an account number after {label}, got '{text}'")
                             .format(label=label, text=account.text))
        if tokens[2].objects is None:  # SIE 4B requires the object list; an older file may leave it out
            raise _LineError(tokens[2].column, "sie-syntax", _("expected an object list {{…}} (or {{}}) after the "
                                                               "account, got '{text}'").format(text=tokens[2].text))
        amount = self._amount(tokens[3]) if len(tokens) > 3 else None
        if amount is None:
            raise _LineError(tokens[2].column + 2, "sie-syntax", _("{label} needs an amount after the object list")
                             .format(label=label))
        when = self._field_date(tokens[4], N_("the row's date")) if len(tokens) > 4 and tokens[4].text else None
        text = tokens[5].text if len(tokens) > 5 else ""
        if len(tokens) > 6 and tokens[6].text:
            self._amount(tokens[6], quantity=True)
        for extra in tokens[4:]:
            if extra.objects is not None:
                raise _LineError(extra.column, "sie-syntax", _("an object list belongs right after the account"))
        return account.text, tokens[2].objects, amount, when, text

    def _amount(self, token: _Token, quantity: bool = False) -> Decimal:
        """The amount (or the quantity) of a row."""
        if token.objects is not None or not _NUMBER.fullmatch(token.text):
            hint = _(" (SIE writes a decimal point: 1234.50)") if re.fullmatch(r"-?[0-9]+,[0-9]+", token.text) else ""
            message = (_("expected the quantity as a number such as -1234.50, got '{text}'{hint}") if quantity
                       else _("expected the amount as a number such as -1234.50, got '{text}'{hint}"))
            raise _LineError(token.column, "sie-amount", message.format(text=token.text, hint=hint))
        whole, _point, decimals = token.text.lstrip("-").partition(".")
        if len(whole.lstrip("0")) + len(decimals) > MAX_DIGITS:
            message = (_("the quantity '{text}' has more than {digits} digits") if quantity
                       else _("the amount '{text}' has more than {digits} digits"))
            raise _LineError(token.column, "sie-amount", message.format(text=token.text, digits=MAX_DIGITS))
        if not quantity and len(decimals) > 2:
            raise _LineError(token.column, "sie-amount", _("the amount '{text}' has more than two decimals (öre)")
                             .format(text=token.text))
        return Decimal(token.text)

    def _field_date(self, token: _Token, what: str) -> date:
        """A date field; `what` names it (marked with N_, translated here)."""
        found = parse_date(token.text) if token.objects is None else None
        if found is None:
            raise _LineError(token.column, "sie-date", _("expected {what} as YYYYMMDD (e.g. 20270815), got '{text}'")
                             .format(what=_(what), text=token.text))
        return found

    def _plain_fields(self, tokens: list[_Token]) -> None:
        for token in tokens:
            if token.objects is not None:
                raise _LineError(token.column, "sie-syntax", _("an object list does not belong here"))

    # -- the header labels --------------------------------------------------------------------------

    def _format(self, tokens):
        (value,) = _fields(tokens, 1, "#FORMAT PC8", self._plain_fields)
        self.ledger.declared_format = value.text.upper()
        if value.text.upper() != "PC8":
            self._located(value, "sie-encoding", _("#FORMAT {value}: the specification knows only PC8 (codepage 437); "
                                                   "the encoding is detected from the text").format(value=value.text),
                          Level.WARNING)

    def _sietyp(self, tokens):
        (value,) = _fields(tokens, 1, "#SIETYP 4", self._plain_fields)
        self.ledger.sie_type = value.text
        if value.text not in ("4", "4E", "4I"):
            self._located(value, "sie-type", _("#SIETYP {value}: only type 4 files hold vouchers; export SIE 4 (4E or "
                                               "4I) from the ledger").format(value=value.text), Level.WARNING)

    def _program(self, tokens):
        _fields(tokens, 1, N_('#PROGRAM "name" version'), self._plain_fields)
        self.ledger.program = " ".join(t.text for t in tokens[1:3])

    def _gen(self, tokens):
        (day,) = _fields(tokens, 1, N_("#GEN date"), self._plain_fields)
        self.ledger.generated = self._field_date(day, N_("the date the file was made"))

    def _fnamn(self, tokens):
        (name,) = _fields(tokens, 1, N_('#FNAMN "company"'), self._plain_fields)
        self.ledger.company = name.text

    def _orgnr(self, tokens):
        (number,) = _fields(tokens, 1, N_("#ORGNR number"), self._plain_fields)
        self.ledger.org_number = number.text

    def _rar(self, tokens):
        year, start, end = _fields(tokens, 3, N_("#RAR year start end"), self._plain_fields)
        self.ledger.years[year.text] = (self._field_date(start, N_("the first day of the year")),
                                        self._field_date(end, N_("the last day of the year")))

    def _konto(self, tokens):
        account, name = _fields(tokens, 2, N_('#KONTO account "name"'), self._plain_fields)
        self.ledger.accounts[account.text] = name.text

    def _dim(self, tokens):
        number, name = _fields(tokens, 2, N_('#DIM number "name"'), self._plain_fields)
        self.ledger.dimensions[number.text] = name.text

    def _objekt(self, tokens):
        dim, code, name = _fields(tokens, 3, N_('#OBJEKT dimension "object" "name"'), self._plain_fields)
        self.ledger.objects[(dim.text, code.text)] = name.text

    # -- problems ------------------------------------------------------------------------------------

    def _unbalanced(self, voucher: Voucher, total: Decimal) -> None:
        self._problem(voucher.line, 1, "sie-balance", _("the rows of voucher {voucher} ({date}) add up to {total}, not "
                                                        "0; its rows are used as they are")
                      .format(voucher=voucher.id, date=voucher.date.isoformat(), total=format_amount(total)), Level.WARNING)

    def _located(self, token: _Token, check: str, message: str, level: Level = Level.ERROR) -> None:
        self._problem(self.line, token.column + 1, check, message, level)

    def _decoded(self, raw: bytes) -> str:
        """Bytes of the file as the characters its encoding says (from a cache: texts repeat)."""
        found = self.texts.get(raw)
        if found is None:
            if len(self.texts) > CACHE_SIZE:
                self.texts.clear()
            found = self.texts[raw] = raw.decode(self.ledger.encoding, "replace")
        return found

    def _problem(self, line: int, column: int, check: str, message: str, level: Level = Level.ERROR) -> None:
        self.ledger.problems.append(Problem(self.ledger.file, line, column, level, check, message))

    def _whole(self, check: str, message: str) -> None:
        self.ledger.problems.append(Problem(self.ledger.file, 0, 0, Level.ERROR, check, message))


_LABELS = {
    "#FORMAT": _Parser._format, "#SIETYP": _Parser._sietyp, "#PROGRAM": _Parser._program, "#GEN": _Parser._gen,
    "#FNAMN": _Parser._fnamn, "#ORGNR": _Parser._orgnr, "#RAR": _Parser._rar, "#KONTO": _Parser._konto,
    "#DIM": _Parser._dim, "#OBJEKT": _Parser._objekt,
}


def _voucher_start(data: bytes, shapes: _Shapes, first: int, inside: int) -> int:
    """Where the voucher that holds position `inside` starts: the line of its #VER (at or after `first`)."""
    label = data.rfind(b"#VER", first, inside + 1)
    line = max(data.rfind(b"\n", first, label) + 1, first)
    if label >= 0 and shapes.ver_line(data, line) is not None:
        return line  # the last '#VER' before is a line's label, not a text's
    line = max(data.rfind(b"\n", first, inside) + 1, first)
    while shapes.ver_line(data, line) is None:  # a run starts with a #VER line, so this ends
        line = max(data.rfind(b"\n", first, line - 1) + 1, first)
    return line


def _fields(tokens: list[_Token], count: int, usage: str, check: Callable) -> list[_Token]:
    """The first `count` fields after the label, or a problem saying what the line needs (`usage`, marked with N_)."""
    fields = tokens[1:count + 1]
    if len(fields) < count:
        after = tokens[-1].column + max(len(tokens[-1].text), 1) + 1
        raise _LineError(after, "sie-syntax", ngettext("{label} needs {count} field: {usage}",
                                                       "{label} needs {count} fields: {usage}", count)
                         .format(label=tokens[0].text, count=count, usage=_(usage)))
    check(fields)
    return fields


def _field(text: str) -> str:
    return _unquote(text[1:-1]) if text.startswith('"') else text
