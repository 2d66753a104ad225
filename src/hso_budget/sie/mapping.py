"""The `ledger:` mapping of a follow-up file: which ledger rows are the project's, and which
accounts go to which cost category (or direct cost).

```yaml
ledger:
  project: {dimension: 6, object: "P1042"}     # an object in a dimension, or
  # project: {accounts: ["7000-7999", "5800"]}  # the project's own accounts
  accounts:                                    # cost category or direct cost id -> accounts
    personal: ["7010-7299"]
    externa-tjanster: ["6550", "6400-6599", "!6590"]   # ranges, single accounts, exclusions
    intakter: ["3000-3999"]
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from ..i18n import _
from ..model import Id, Strict

_SPEC = re.compile(r"(!?)([0-9]+)(?:-([0-9]+))?")


def _account_spec(text: str) -> str:
    match = _SPEC.fullmatch(text.strip())
    if match is None:
        raise PydanticCustomError(
            "number", _("'{text}' is not an account, a range or an exclusion; write e.g. \"6550\", \"6400-6599\" or "
                        "\"!6590\""), {"text": text})
    if match[3] is not None and int(match[3]) < int(match[2]):
        raise PydanticCustomError("number", _("the range '{text}' ends before it starts"), {"text": text})
    return text.strip()


AccountSpec = Annotated[str, AfterValidator(_account_spec),
                        Field(description='An account ("6550"), a range ("6400-6599") or an exclusion ("!6590").')]


class Project(Strict):
    """Which ledger rows are the project's: an object in a dimension, or a set of accounts."""

    dimension: Annotated[str, Field(pattern=r"^[0-9]+$", description="The dimension number (6 is 'projekt' in SIE).")] | None = None
    object: Annotated[str, Field(min_length=1, description="The project's object id in that dimension.")] | None = None
    accounts: list[AccountSpec] | None = Field(None, min_length=1, description="The project's own accounts.")

    @model_validator(mode="after")
    def _one_way(self) -> Project:
        by_object = self.dimension is not None or self.object is not None
        if by_object == (self.accounts is not None):
            raise PydanticCustomError("rule", _("give either 'dimension' and 'object', or 'accounts'"))
        if by_object and (self.dimension is None or self.object is None):
            raise PydanticCustomError("rule", _("'dimension' and 'object' go together"))
        return self


class LedgerMapping(Strict):
    """How the project's rows in a SIE 4 ledger export become actual costs."""

    project: Project = Field(description="Which rows of the ledger are the project's.")
    accounts: dict[Id, list[AccountSpec]] = Field(
        min_length=1, description="Accounts per cost category id or direct cost id: ranges, accounts, exclusions.")


@dataclass(frozen=True)
class Accounts:
    """A set of accounts given by ranges and single accounts, less exclusions."""

    included: tuple[tuple[int, int], ...]
    excluded: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, specs: list[str]) -> Accounts:
        included: list[tuple[int, int]] = []
        excluded: list[tuple[int, int]] = []
        for spec in specs:
            match = _SPEC.fullmatch(spec)
            assert match is not None, spec  # AccountSpec validated it
            negated, first, last = match.groups()
            (excluded if negated else included).append((int(first), int(last or first)))
        return cls(tuple(included), tuple(excluded))

    def __contains__(self, account: str) -> bool:
        number = int(account)
        return (any(a <= number <= b for a, b in self.included)
                and not any(a <= number <= b for a, b in self.excluded))

    def ranges(self) -> list[tuple[int, int]]:
        """The accounts as ranges (lowest, highest), the exclusions taken out."""
        pieces = sorted(self.included)
        for low, high in self.excluded:
            pieces = [piece for a, b in pieces for piece in ((a, min(b, low - 1)), (max(a, high + 1), b))
                      if piece[0] <= piece[1]]
        return pieces


def overlaps(mapping: LedgerMapping) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """Every two ids that map the same accounts: (first id, second id, the shared accounts as ranges)."""
    sets = [(target, Accounts.of(specs).ranges()) for target, specs in mapping.accounts.items()]
    found = []
    for index, (first, ours) in enumerate(sets):
        for second, theirs in sets[index + 1:]:
            shared = sorted({(max(a, c), min(b, d)) for a, b in ours for c, d in theirs if max(a, c) <= min(b, d)})
            if shared:
                found.append((first, second, shared))
    return found


class Mapper:
    """Accounts to the id they map to, remembered per account (a ledger uses few accounts); the
    mapping has no overlaps (`overlaps` finds them before the ledger is read)."""

    def __init__(self, mapping: LedgerMapping):
        self.sets = {target: Accounts.of(specs) for target, specs in mapping.accounts.items()}
        self.known: dict[str, str | None] = {}

    def target(self, account: str) -> str | None:
        """The id the account maps to, or None (unmapped)."""
        if account not in self.known:
            self.known[account] = next((t for t, accounts in self.sets.items() if account in accounts), None)
        return self.known[account]


def project_test(project: Project):
    """(keep, needle) for the reader: whether a row is the project's, and text its object list holds."""
    if project.accounts is not None:
        accounts = Accounts.of(project.accounts)
        return (lambda account, objects: account in accounts), None
    assert project.dimension is not None and project.object is not None  # Project._one_way: these, or accounts
    pair = (project.dimension, project.object)
    needle = f'"{project.object}"' if project.object.isascii() and '"' not in project.object else None
    return (lambda account, objects: pair in objects), needle
