"""The one value every check, the loader and the model validation return: a located problem."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """A problem at `file:line:column` (both 1-based; 0 when the whole file is meant).

    A named tuple rather than a frozen dataclass: as immutable and hashable, and made without
    compiling generated methods at every start (~5 ms of a pre-commit hook's `check`).
    """

    file: str
    line: int
    column: int
    level: Level
    check: str
    message: str
    at: str | None = None  # the entry it is about, e.g. financiers.tillvaxtverket (for `accepted:`)
    period: str | None = None
    value: str | None = None  # what an acceptance must name to accept it
    accepted: str | None = None  # the reason, when the budget accepts this warning

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.check, self.message)

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    @property
    def level_text(self) -> str:
        """`error`, `warning`, or `warning (accepted: <reason>)`."""
        return f"{self.level.value} (accepted: {self.accepted})" if self.accepted else self.level.value
