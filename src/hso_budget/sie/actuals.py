"""The project's actual costs from a SIE 4 ledger: its rows summed per cost category (or direct
cost) and reporting period.

A row belongs to the project by the mapping's `project:`; its account gives the category through
`accounts:`; its date (the row's, else the voucher's) gives the reporting period. Costs are debit,
positive; a revenue category takes the credit of its accounts as a positive amount. A row on a
result account (BAS classes 3–8) that no category maps is an error naming the account; rows on
balance-sheet accounts (classes 1–2), on a flat-rate category's accounts (recomputed on the actual
staff costs) and dated outside every reporting period are left out, counted, and said why.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from ..i18n import N_, _, ngettext
from ..money import format_amount
from ..problems import Level, Problem
from . import reader
from .ledger import ENCODING_NAMES, Ledger, Row
from ..followup.actual import from_hours
from ..followup.files import FOLLOW_UP_FILE
from ..followup.actual import recomputed as rate_category
from .context import Context, ReportingPeriod
from .mapping import Mapper, overlaps, project_test

JSON_VERSION = 1
RATE_REASON = N_("a flat rate recomputed on the actual staff costs")
HOURS_REASON = N_("computed from the staff positions' hours")


class Listed(NamedTuple):
    """A line of the verification list: a ledger row and where it went."""

    period: str
    voucher: str
    date: date
    account: str
    account_name: str
    text: str
    amount: Decimal  # as the ledger has it (debit positive)
    target: str
    line: int


@dataclass
class LeftOut:
    rows: int = 0
    amount: Decimal = Decimal(0)


@dataclass
class Actuals:
    """The actuals of every reporting period, what was left out, and the problems found."""

    file: str
    periods: list[ReportingPeriod]
    targets: list[str]  # the mapped categories and direct costs, in the budget's order
    direct: set[str]
    ledger: Ledger | None = None
    sums: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # period -> target -> amount
    vouchers: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # by the line of the #VER
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    left_out: dict[str, LeftOut] = field(default_factory=lambda: defaultdict(LeftOut))
    used: list[tuple[str, str, Row]] = field(default_factory=list)  # (period, target, row)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def listed(self) -> list[Listed]:
        """The verification list's lines, in the order the rows were read."""
        assert self.ledger is not None, "listed after the ledger was read"
        names = self.ledger.accounts
        return [Listed(period, row.voucher.id, row.date, row.account, names.get(row.account, ""),
                       row.text or row.voucher.text, row.amount, target, row.line)
                for period, target, row in self.used]

    def costs(self, period: str) -> dict[str, Decimal]:
        return {t: v for t, v in self.sums[period].items() if t not in self.direct}

    def direct_costs(self, period: str) -> dict[str, Decimal]:
        return {t: v for t, v in self.sums[period].items() if t in self.direct}


def compute(context: Context, sie: str | os.PathLike, display_name: str | None = None) -> Actuals:
    """Read the ledger at `sie` and sum the project's rows per category and reporting period."""
    budget, mapping = context.budget, context.ledger
    categories = {c.id: c for c in budget.costs}
    direct = {d.id for d in budget.direct_costs}
    order = [c.id for c in budget.costs] + [d.id for d in budget.direct_costs]
    recomputed = {c.id: (RATE_REASON if rate_category(c) else HOURS_REASON)
                  for c in budget.costs if rate_category(c) or from_hours(c, budget)}
    problems = _mapping_problems(context, categories, direct, recomputed)
    targets = [t for t in order if t in mapping.accounts and t not in recomputed]
    result = Actuals(display_name or os.fspath(sie), context.periods, targets, direct & set(targets),
                     problems=problems)
    if any(p.is_error for p in problems):
        return result
    keep, needle = project_test(mapping.project)
    ledger = result.ledger = reader.read(sie, reader.Selection(keep, needle), display_name)
    result.problems += ledger.problems
    if ledger.errors:
        return result
    result.sums = {p.id: {t: Decimal(0) for t in targets} for p in context.periods}
    revenue = {c.id for c in budget.costs if c.kind == "revenue"}
    _sum(result, ledger, Mapper(mapping), context.periods, recomputed, revenue)
    result.problems += _project_problems(context, ledger)
    result.problems.sort(key=Problem.sort_key)
    return result


def _sum(result: Actuals, ledger: Ledger, mapper: Mapper, periods: list[ReportingPeriod],
         recomputed: dict[str, str], revenue: set[str]) -> None:
    unmapped: dict[str, list] = {}  # account -> [first line, rows, amount]
    period_of: dict[date, ReportingPeriod | None] = {}
    for row in ledger.rows:
        target = mapper.target(row.account)
        if target is None:
            if row.account[:1] in ("1", "2"):
                _leave_out(result, _("balance-sheet account (class 1–2), not a cost"), row.amount)
                continue
            entry = unmapped.setdefault(row.account, [row.line, 0, Decimal(0)])
            entry[1] += 1
            entry[2] += row.amount
            continue
        if target in recomputed:
            _leave_out(result, _("mapped to '{target}', {reason}").format(target=target, reason=_(recomputed[target])),
                       row.amount)
            continue
        period = period_of.get(row.date, False)
        if period is False:
            period = period_of[row.date] = next((p for p in periods if p.start <= row.date <= p.end), None)
        if not isinstance(period, ReportingPeriod):
            _leave_out(result, _("dated outside every reporting period"), row.amount)
            continue
        amount = -row.amount if target in revenue else row.amount
        result.sums[period.id][target] += amount
        result.vouchers[period.id].add(row.voucher.line)
        result.rows[period.id] += 1
        result.used.append((period.id, target, row))
    for account, (line, rows, amount) in unmapped.items():
        name = ledger.accounts.get(account)
        if name:
            message = ngettext("account {account} '{name}' has {rows} row of the project ({amount} kr) but no category "
                               "in the follow-up's ledger.accounts maps it; add it to the category it belongs to",
                               "account {account} '{name}' has {rows} rows of the project ({amount} kr) but no "
                               "category in the follow-up's ledger.accounts maps it; add it to the category it "
                               "belongs to", rows)
        else:
            message = ngettext("account {account} (not in the file's #KONTO list) has {rows} row of the project "
                               "({amount} kr) but no category in the follow-up's ledger.accounts maps it; add it to "
                               "the category it belongs to",
                               "account {account} (not in the file's #KONTO list) has {rows} rows of the project "
                               "({amount} kr) but no category in the follow-up's ledger.accounts maps it; add it to "
                               "the category it belongs to", rows)
        result.problems.append(Problem(ledger.file, line, 1, Level.ERROR, "sie-unmapped-account", message.format(
            account=account, name=name, rows=rows, amount=format_amount(amount))))


def _leave_out(result: Actuals, reason: str, amount: Decimal) -> None:
    entry = result.left_out[reason]
    entry.rows += 1
    entry.amount += amount


def _mapping_problems(context: Context, categories: dict, direct: set[str], recomputed: dict[str, str]) -> list[Problem]:
    doc, problems = context.document, []
    for target in context.ledger.accounts:
        line, column = doc.locate_key(("ledger", "accounts", target))
        if target not in categories and target not in direct:
            known = ", ".join([*categories, *sorted(direct)])
            problems.append(Problem(doc.file, line, column, Level.ERROR, "sie-mapping",
                                    _("ledger.accounts: '{target}' is not a cost category or direct cost of {file} "
                                      "({known})").format(target=target, file=context.budget_file, known=known)))
        elif target in recomputed:
            problems.append(Problem(doc.file, line, column, Level.WARNING, "sie-mapping",
                                    _("ledger.accounts: '{target}' is {reason}; the rows of its accounts are left out")
                                    .format(target=target, reason=_(recomputed[target]))))
    for first, second, shared in overlaps(context.ledger):
        line, column = doc.locate_key(("ledger", "accounts", second))
        accounts = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in shared)
        problems.append(Problem(doc.file, line, column, Level.ERROR, "sie-mapping",
                                _("ledger.accounts: '{target}' maps accounts {accounts}, which '{other}' maps too; map "
                                  "each account to one category").format(target=second, accounts=accounts, other=first)))
    return problems


def _project_problems(context: Context, ledger: Ledger) -> list[Problem]:
    """A warning when the ledger has no row of the project at all: the selection is likely wrong."""
    if ledger.rows:
        return []
    project = context.ledger.project
    line, column = context.document.locate(("ledger", "project"))
    objects = sorted(o for d, o in ledger.objects if d == project.dimension)[:10]
    if project.accounts is not None:
        message = _("the ledger {file} has no row on the project's accounts")
    elif objects:
        message = _("the ledger {file} has no row with object '{object}' in dimension {dimension} (its objects: "
                    "{objects})")
    else:
        message = _("the ledger {file} has no row with object '{object}' in dimension {dimension} (the file declares "
                    "no objects in it)")
    return [Problem(context.follow_up_file, line, column, Level.WARNING, "sie-project", message.format(
        file=ledger.file, object=project.object, dimension=project.dimension, objects=", ".join(objects)))]


def as_dict(actuals: Actuals, period: str | None = None) -> dict:
    """The actuals as plain values (amounts as exact decimal text), for JSON."""
    ledger = actuals.ledger
    return {
        "version": JSON_VERSION,
        "file": actuals.file,
        "encoding": ledger.encoding if ledger else None,
        "vouchers_read": ledger.vouchers if ledger else 0,
        "rows_read": ledger.row_count if ledger else 0,
        "company": ledger.company if ledger else None,
        "org_number": ledger.org_number if ledger else None,
        "generated": ledger.generated.isoformat() if ledger and ledger.generated else None,
        "program": ledger.program if ledger else None,
        "periods": [
            {
                "id": p.id, "label": p.title, "start": p.start.isoformat(), "end": p.end.isoformat(),
                "costs": {t: str(v) for t, v in actuals.costs(p.id).items()},
                "direct_costs": {t: str(v) for t, v in actuals.direct_costs(p.id).items()},
                "vouchers": len(actuals.vouchers[p.id]),
                "rows": actuals.rows[p.id],
            }
            for p in actuals.periods if actuals.sums and (period is None or p.id == period)
        ],
        "left_out": [{"reason": reason, "rows": entry.rows, "amount": str(entry.amount)}
                     for reason, entry in sorted(actuals.left_out.items())],
        "problems": [
            {"file": p.file, "line": p.line, "column": p.column, "level": p.level.value, "check": p.check,
             "message": p.message}
            for p in actuals.problems
        ],
    }


def as_text(actuals: Actuals, labels: dict[str, str], period: str | None = None) -> str:
    """The actuals per reporting period as a plain table, then what was left out."""
    ledger = actuals.ledger
    assert ledger is not None, "shown after the ledger was read"
    encoding = _(ENCODING_NAMES.get(ledger.encoding, ledger.encoding))
    lines = [_("{file}: {vouchers}, {rows} read ({encoding})").format(
        file=actuals.file, vouchers=_vouchers(ledger.vouchers), rows=_rows(ledger.row_count), encoding=encoding)]
    if origin := _origin(ledger):
        lines.append(origin)
    width = max([len(labels.get(t, t)) for t in actuals.targets] + [1])
    for p in actuals.periods:
        if period is not None and p.id != period:
            continue
        lines += ["", _("{title} ({id}, {start} – {end}): {vouchers}, {rows}").format(
            title=p.title, id=p.id, start=p.start.isoformat(), end=p.end.isoformat(),
            vouchers=_vouchers(len(actuals.vouchers[p.id])), rows=_rows(actuals.rows[p.id]))]
        for target, amount in actuals.sums[p.id].items():
            lines.append(f"  {labels.get(target, target):<{width}}  {format_amount(amount):>15}")
    if actuals.left_out:
        lines += ["", _("Left out:")]
        for reason, entry in sorted(actuals.left_out.items()):
            lines.append("  " + _("{rows}, {amount} kr: {reason}").format(
                rows=_rows(entry.rows), amount=format_amount(entry.amount), reason=reason))
    return "\n".join(lines) + "\n"


def _origin(ledger: Ledger) -> str:
    """Whose ledger it is and where it was exported from, as its header says (so the office sees it is the right one)."""
    parts = [ledger.company] if ledger.company else []
    if ledger.org_number:
        parts.append(_("organisation number {number}").format(number=ledger.org_number))
    if ledger.generated and ledger.program:
        parts.append(_("exported {date} from {program}").format(date=ledger.generated.isoformat(), program=ledger.program))
    elif ledger.generated or ledger.program:
        parts.append(_("exported {date}").format(date=ledger.generated.isoformat()) if ledger.generated
                     else _("exported from {program}").format(program=ledger.program))
    return ", ".join(parts)


def _vouchers(count: int) -> str:
    return ngettext("{count} voucher", "{count} vouchers", count).format(count=format_amount(Decimal(count)))


def _rows(count: int) -> str:
    return ngettext("{count} row", "{count} rows", count).format(count=format_amount(Decimal(count)))


def default_follow_up(budget: Path) -> Path:
    """`follow-up.yaml` beside the budget."""
    return budget.parent / FOLLOW_UP_FILE
