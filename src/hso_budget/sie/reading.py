"""What the parts of one pass over a SIE file share: the ledger, the selection, the line reached, the problems."""

from __future__ import annotations

from decimal import Decimal

from ..i18n import _
from ..money import format_amount
from ..problems import Level, Problem
from .ledger import Ledger, Selection, Voucher


class Reading:
    """One pass over a file: `line` is the number of the last line read."""

    def __init__(self, ledger: Ledger, selection: Selection | None):
        self.ledger = ledger
        self.selection = selection
        self.line = 0

    def problem(self, line: int, column: int, check: str, message: str, level: Level = Level.ERROR) -> None:
        self.ledger.problems.append(Problem(self.ledger.file, line, column, level, check, message))

    def whole(self, check: str, message: str) -> None:
        """A problem of the file as a whole (line and column 0)."""
        self.problem(0, 0, check, message)

    def unbalanced(self, voucher: Voucher, total: Decimal) -> None:
        self.problem(voucher.line, 1, "sie-balance", _("the rows of voucher {voucher} ({date}) add up to {total}, not "
                                                       "0; its rows are used as they are")
                     .format(voucher=voucher.id, date=voucher.date.isoformat(), total=format_amount(total)), Level.WARNING)
