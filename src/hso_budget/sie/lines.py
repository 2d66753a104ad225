"""The general path: any line, read field by field, with the state of the voucher block it is in.

It gives the fast path's result for the vouchers that path recognises, and locates every problem
at its line and column.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..i18n import N_, _
from ..problems import Level
from .fields import LineError, Token, amount, field_date, fields, plain_fields, tokens
from .header import HANDLERS
from .ledger import Row, Voucher
from .reading import Reading

ROW_LABELS = ("#TRANS", "#RTRANS", "#BTRANS")
KNOWN = {"#FLAGGA", "#VER", "#KTYP", "#IB", "#UB", "#RES", "#PSALDO", "#PBUDGET", "#KPTYP", "#VALUTA", "#TAXAR",
         "#BKOD", "#ADRESS", "#OMFATTN", "#ENHET", "#SRU", "#UNDERDIM", "#OIB", "#OUB", "#PROSA", "#KSUMMA", *ROW_LABELS,
         *HANDLERS}  # the specification's labels; any other is ignored, as it says


class Lines:
    """Reads lines one at a time; keeps the open voucher block between them."""

    def __init__(self, reading: Reading):
        self.reading = reading
        self.voucher: Voucher | None = None  # the open voucher block
        self.pending: Voucher | None = None  # a #VER waiting for its `{` line
        self.balance = Decimal(0)
        self.used = False  # whether the open voucher has a kept row
        self.broken = False  # whether one of its rows could not be read
        self.repeated: tuple | None = None  # the fields of an #RTRANS, which the next #TRANS repeats
        self.seen_label = False  # whether a line of the specification's labels was read

    @property
    def open_voucher(self) -> Voucher | None:
        """The #VER read whose block is not closed, if any."""
        return self.voucher or self.pending

    def read(self, raw: bytes) -> None:
        """Read the line `raw` (without its line end), whose number is the reading's `line`."""
        text = raw.rstrip(b"\r").decode(self.reading.ledger.encoding, "replace")
        if not text.strip():
            return
        try:
            found = tokens(text)
        except LineError as exc:
            self._failed(exc)
            if self.voucher is not None:
                self.repeated, self.broken = None, True
            return
        head = found[0]
        if head.text == "{" and not head.quoted and len(found) == 1:
            self._open_block(head)
        elif head.text == "}" and not head.quoted and len(found) == 1:
            self._close_block(head)
        elif head.quoted or head.objects is not None or not head.text.startswith("#"):
            self._located(head, "sie-syntax", _("expected a line starting with #LABEL (or a voucher's '{' or '}')"))
        else:
            label = head.text.upper()
            self.seen_label = self.seen_label or label in KNOWN
            self._label(label, found)

    def end(self) -> None:
        """The file has ended: a voucher still open is truncated."""
        if self.pending is not None:
            voucher = self.pending
            self.reading.problem(voucher.line, 1, "sie-syntax", _("the file ends after #VER {voucher} without its "
                                                                  "{{ … }} block: the file is truncated")
                                 .format(voucher=voucher.id))
        elif self.voucher is not None:
            self.reading.problem(self.voucher.line, 1, "sie-syntax", _("the block of #VER {voucher} is not closed with "
                                                                       "'}}': the file is truncated")
                                 .format(voucher=self.voucher.id))
            self._close_voucher(self.voucher)

    def _label(self, label: str, found: list[Token]) -> None:
        handler = HANDLERS.get(label)
        if label in ROW_LABELS:
            self._row(label, found)
        elif label == "#VER":
            self._ver(found)
        elif (open_voucher := self.open_voucher) is not None:
            if handler is not None:
                self._unclosed(found[0], open_voucher)
        elif handler is not None:
            try:
                handler(self.reading.ledger, found, self._warn)
            except LineError as exc:
                self._failed(exc)

    def _unclosed(self, token: Token, voucher: Voucher) -> None:
        self._located(token, "sie-syntax", _("{label} inside the block of #VER {voucher} (line {line}); a '}}' is "
                                             "missing before it").format(label=token.text, voucher=voucher.id,
                                                                         line=voucher.line))

    def _ver(self, found: list[Token]) -> None:
        if (open_voucher := self.open_voucher) is not None:
            self._unclosed(found[0], open_voucher)
            self.voucher = self.pending = None
            self.repeated = None
        when, text = None, found[4].text if len(found) > 4 else ""
        try:
            day = fields(found, 3, N_("#VER series number date"), plain_fields)[2]
            when = field_date(day, N_("the voucher date"))
            if len(found) > 5 and found[5].text:
                field_date(found[5], N_("the registration date"))
        except LineError as exc:
            self._failed(exc)
        self.pending = Voucher(found[1].text if len(found) > 1 else "?", found[2].text if len(found) > 2 else "",
                               when or date.min, text, self.reading.line)

    def _open_block(self, token: Token) -> None:
        if self.pending is None:
            self._located(token, "sie-syntax", _("a '{' inside another block: a '}' is missing") if self.voucher
                          else _("a '{' without a #VER line before it"))
            return
        self.voucher = self.pending
        self.pending = None
        self.balance = Decimal(0)
        self.used = self.broken = False
        self.repeated = None
        self.reading.ledger.vouchers += 1

    def _close_block(self, token: Token) -> None:
        if self.voucher is None:
            self._located(token, "sie-syntax", _("a '}' without a #VER block to close"))
            return
        self._close_voucher(self.voucher)

    def _close_voucher(self, voucher: Voucher) -> None:
        if self.used and self.balance and not self.broken:
            self.reading.unbalanced(voucher, self.balance)
        self.voucher = None
        self.repeated = None

    def _row(self, label: str, found: list[Token]) -> None:
        head = found[0]
        if self.voucher is None:
            message = (_("{label} before the '{{' of its #VER; rows belong inside a voucher's {{ … }}") if self.pending
                       else _("{label} outside a #VER block; rows belong inside a voucher's {{ … }}"))
            self._located(head, "sie-syntax", message.format(label=label))
            return
        try:
            row = _row_fields(found)
        except LineError as exc:
            self._failed(exc)
            self.repeated = None
            self.broken = True
            return
        repeated, self.repeated = self.repeated, None
        if label == "#BTRANS":
            return
        if label == "#TRANS" and repeated is not None:
            if repeated[:3] == row[:3]:
                return  # the #TRANS that repeats the #RTRANS before it: one row
            self._located(head, "sie-rtrans", _("the #RTRANS on the line before is not followed by the identical "
                                                "#TRANS the specification asks for; both rows are counted"), Level.WARNING)
        if label == "#RTRANS":
            self.repeated = row
        account, objects, value, when, text = row
        self.balance += value
        ledger, selection = self.reading.ledger, self.reading.selection
        ledger.row_count += 1
        if selection is not None and selection.keep(account, objects):
            ledger.rows.append(Row(self.voucher, account, objects, value, when or self.voucher.date, text,
                                   self.reading.line))
            self.used = True

    def _located(self, token: Token, check: str, message: str, level: Level = Level.ERROR) -> None:
        self.reading.problem(self.reading.line, token.column + 1, check, message, level)

    def _warn(self, token: Token, check: str, message: str) -> None:
        self._located(token, check, message, Level.WARNING)

    def _failed(self, exc: LineError) -> None:
        self.reading.problem(self.reading.line, exc.column + 1, exc.check, exc.message)


def _row_fields(found: list[Token]) -> tuple:
    """account, objects, amount, date, text of a #TRANS / #RTRANS / #BTRANS line."""
    label = found[0].text
    if len(found) < 3 or found[2].objects is None and len(found) < 4:
        where = found[-1].column + len(found[-1].text)
        raise LineError(where, "sie-syntax", _("{label} needs: account {{…}} amount").format(label=label))
    account = found[1]
    if account.objects is not None or not account.text.isdigit():
        raise LineError(account.column, "sie-syntax", _("expected an account number after {label}, got '{text}'")
                        .format(label=label, text=account.text))
    if found[2].objects is None:  # SIE 4B requires the object list; an older file may leave it out
        raise LineError(found[2].column, "sie-syntax", _("expected an object list {{…}} (or {{}}) after the account, "
                                                         "got '{text}'").format(text=found[2].text))
    value = amount(found[3]) if len(found) > 3 else None
    if value is None:
        raise LineError(found[2].column + 2, "sie-syntax", _("{label} needs an amount after the object list")
                        .format(label=label))
    when = field_date(found[4], N_("the row's date")) if len(found) > 4 and found[4].text else None
    text = found[5].text if len(found) > 5 else ""
    if len(found) > 6 and found[6].text:
        amount(found[6], quantity=True)
    for extra in found[4:]:
        if extra.objects is not None:
            raise LineError(extra.column, "sie-syntax", _("an object list belongs right after the account"))
    return account.text, found[2].objects, value, when, text
