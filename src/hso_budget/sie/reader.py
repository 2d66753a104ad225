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

from ..i18n import _
from ..problems import Level, Problem
from .fast import BLANKS, SPACES, FastVouchers
from .ledger import CP437, LATIN1, UTF8, Ledger, Selection
from .lines import Lines
from .reading import Reading

MAX_BYTES = 1024 * 1024 * 1024  # a municipality's year of bookkeeping is around 80 MB
CHUNK = 4 * 1024 * 1024
MAX_LINE = 1024 * 1024


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




class _Parser:
    """One pass over the file in chunks of whole lines: the fast path where it recognises vouchers, else
    the general path line by line."""

    def __init__(self, ledger: Ledger, selection: Selection | None):
        self.reading = Reading(ledger, selection)
        self.fast = FastVouchers(self.reading)
        self.lines = Lines(self.reading)

    def run(self, stream) -> None:
        head = stream.read(CHUNK)
        if not self._start(head):
            return
        reading = self.reading
        reading.ledger.encoding = self._encoding(stream, head)
        block, rest = head.removeprefix(codecs.BOM_UTF8), b""
        while block:
            data = rest + block
            cut = data.rfind(b"\n") + 1
            rest = data[cut:]
            if cut:
                self._text(data, cut)
            if len(rest) > MAX_LINE:
                line = reading.line + 1
                reading.problem(line, 1, "sie-limits", _("line {line} is longer than {limit} KiB; a SIE file's lines are "
                                                       "short (is this a SIE file?)").format(line=line, limit=MAX_LINE // 1024))
                return
            block = stream.read(CHUNK)
        if rest:
            self._text(rest + b"\n", len(rest) + 1)  # the file's last line, without its line end
        self._end()

    def _start(self, head: bytes) -> bool:
        """Refuse what is not a SIE file: UTF-16, binary, no `#LABEL` line at the start."""
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self.reading.whole("sie-encoding", _("the file is saved as UTF-16; a SIE file is codepage 437, UTF-8 or ISO-8859-1"))
            return False
        first = head.removeprefix(codecs.BOM_UTF8).lstrip()[:64]
        if not first:
            self.reading.whole("sie-format", _("the file is empty; a SIE file starts with #FLAGGA, #FORMAT or another #LABEL "
                                        "line"))
            return False
        if not re.match(rb"#[A-Za-z]", first) or b"\0" in head[:4096]:
            self.reading.whole("sie-format", _("this is not a SIE file: a SIE file is text whose lines start with #LABEL "
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
        reading, lines = self.reading, self.lines
        if reading.ledger.encoding == UTF8:
            self._check_utf8(data[:end])
        shapes = BLANKS if data.find(b"\t", 0, end) >= 0 else SPACES
        pos = 0
        while pos < end:
            if lines.open_voucher is None:
                m = shapes.plain(data, pos, end)
                plain = m is not None
                m = m or shapes.vouchers(data, pos, end)
                if m is not None:
                    self.fast.run(data, shapes, pos, m.end(), plain)
                    pos = m.end()
                    continue
            stop = data.find(b"\n", pos, end) + 1
            reading.line += 1
            lines.read(data[pos:stop - 1])
            pos = stop

    def _check_utf8(self, data: bytes) -> None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line_start = data.rfind(b"\n", 0, exc.start) + 1
            column = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1
            line = self.reading.line + data.count(b"\n", 0, exc.start) + 1
            self.reading.problem(line, column, "sie-encoding",
                                 _("byte 0x{byte} is not UTF-8, though the file's text is UTF-8 before it; export the file "
                                   "again in one encoding").format(byte=f"{data[exc.start]:02X}"))

    def _end(self) -> None:
        self.lines.end()
        if not self.lines.seen_label and not self.reading.ledger.vouchers:
            self.reading.whole("sie-format", _("this is not a SIE file: it has no #LABEL lines"))
