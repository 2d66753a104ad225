"""The follow-up's figures for one reporting period: per cost category the approved budget, planned
to date, actual this period and to date, remaining, used, forecast and what a deviation needs; per
financier the payment claim (or what it has paid in); and the financing changed since approval.

Planned to date apportions each budget period by days: a budget period that the reporting period
cuts counts with the share of its days that lie up to the reporting period's last day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from ..calculation import Calculation, Row
from ..expr import ROUND_DOWN_MODE, Const, Round, Scale, percent_ratio
from ..i18n import N_, _
from ..layout import direct_costs_label, subtotal_label
from ..model import Budget, ChangeRules, Financier, Period
from ..money import format_amount, format_percent, krona
from ..periods import add_months
from .actual import calculate_actuals, from_hours, recomputed
from .model import Actuals, FollowUp, ReportingPeriod

ZERO = Decimal(0)
SECTORS = {"public": N_("public"), "private": N_("private")}
KINDS = {"cash": N_("cash"), "in-kind": N_("in-kind")}


@dataclass
class CategoryLine:
    id: str
    label: str
    kind: str
    budget: Decimal
    planned_to_date: Decimal
    actual_period: Decimal
    actual_to_date: Decimal
    forecast: Decimal  # actual to date + the cost still to come
    needs: str  # on actual to date
    needs_forecast: str  # on the forecast
    source: str  # where the actual comes from: ledger, hours, rate

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.actual_to_date

    @property
    def used(self) -> Decimal | None:
        return self.actual_to_date / self.budget if self.budget else None

    @property
    def excess(self) -> Decimal:
        return max(self.actual_to_date - self.budget, ZERO)


@dataclass
class Claim:
    """What a financier pays for the reporting period."""

    id: str
    label: str
    how: str  # "claim" (a share of the reported cost), "commitment" (fixed sums), "in-kind"
    approved: Decimal
    claim: Decimal  # this period: the claim, the contribution in kind, or what was received
    to_date: Decimal
    ratio: tuple[int, int] | None = None  # the approved share as whole numbers n/d
    base: Decimal | None = None  # the reported cost the claim is a share of
    base_name: str | None = None  # which cost: project_cost or booked_cost
    committed_to_date: Decimal | None = None

    @property
    def still(self) -> Decimal:
        """Still to claim (or to pay in)."""
        return self.approved - self.to_date


@dataclass
class Figures:
    period: ReportingPeriod
    reported: list[ReportingPeriod]  # the reporting periods up to this one
    categories: list[CategoryLine]
    totals: list[CategoryLine]
    claims: list[Claim]
    financing_changes: list[str]
    rules: ChangeRules | None
    actual: dict[str, dict[str, Decimal]]  # row id -> reporting period -> actual amount
    explanations: list[str] = field(default_factory=list)


def compute(follow_up: FollowUp, approved: Budget, approved_calc: Calculation, working: Calculation,
            actuals: dict[str, Actuals], period_id: str | None = None) -> Figures:
    """The figures of reporting period `period_id` (default: the last with actuals)."""
    periods = follow_up.reporting_periods
    chosen = period_id or next((p.id for p in reversed(periods) if p.id in actuals), periods[0].id)
    upto = periods[: [p.id for p in periods].index(chosen) + 1]
    actual = calculate_actuals(approved, upto, actuals)
    spans = budget_spans(approved_calc.periods, follow_up.start)
    cutoff = upto[-1].end
    explanations = [_("planned to date: each budget period counts with the share of its days up to {day}")
                    .format(day=cutoff)]
    planned = {p.id: _share_of_days(spans[p.id], cutoff) for p in approved_calc.periods}
    explanations += [_("{period}: {days} of {all} days").format(period=p.title, days=planned[p.id][0],
                                                                 all=planned[p.id][1])
                     for p in approved_calc.periods]
    rules = approved_calc.programme.change_rules
    latest = actuals.get(chosen)

    def line(row: Row, actual_row: Row, kind: str, source: str, label: str | None = None) -> CategoryLine:
        to_date = actual_row.total
        own = latest.forecast.get(row.id) if latest else None
        forecast = to_date + (own if own is not None else max(row.total - to_date, ZERO))
        return CategoryLine(row.id, label or row.label, kind, row.total, apportioned(row, planned),
                            actual_row.amounts[chosen], to_date, forecast, needs(row.total, to_date, rules, kind),
                            needs(row.total, forecast, rules, kind), source)

    by_id = {c.id: c for c in approved.costs}
    categories = [line(row, a, row.kind, _source(by_id[row.id], approved))
                  for row, a in zip(approved_calc.costs, actual.costs)]
    categories += [line(row, a, "direct", "ledger") for row, a in zip(approved_calc.direct_costs, actual.direct_costs)]
    totals = [line(getattr(approved_calc, name), getattr(actual, name), "total", "sum", label)
              for name, label in (("booked_cost", subtotal_label("booked_cost")),
                                  ("direct_costs_total", direct_costs_label(approved_calc)),
                                  ("project_cost", subtotal_label("project_cost")))]
    claims = _claims(approved, approved_calc, actual, actuals, upto, planned)
    rows = [*actual.costs, *actual.direct_costs, actual.booked_cost, actual.direct_costs_total, actual.project_cost]
    return Figures(periods[[p.id for p in periods].index(chosen)], upto, categories, totals, claims,
                   financing_changes(approved_calc, working), rules, {r.id: r.amounts for r in rows}, explanations)


def apportioned(row: Row, planned: dict[str, tuple[int, int]]) -> Decimal:
    """A row's amounts up to a day: each budget period with the share of its days up to it."""
    return krona(sum((row.amounts[p] * Decimal(d) / Decimal(n) for p, (d, n) in planned.items()), ZERO))


def needs(budget: Decimal, cost: Decimal, rules: ChangeRules | None, kind: str = "cost") -> str:
    """What an overrun needs: nothing, the case officer's approval, or a change decision."""
    excess = cost - budget
    if rules is None or kind == "revenue" or excess <= 0 or excess <= rules.significant_excess * budget:
        return "none"
    return "case-officer" if excess < rules.case_officer_below else "change-decision"


def budget_spans(periods: list[Period], start: date | None) -> dict[str, tuple[date, date]]:
    """Each budget period's first and last day: its own dates, or years from the follow-up's `start`."""
    if all(p.start and p.end for p in periods):
        return {p.id: (p.start, p.end) for p in periods if p.start and p.end}
    if start is None:
        raise ValueError(_("the budget's periods have no dates: give the project's first day as 'start:' in "
                           "the follow-up file"))
    return {p.id: (add_months(start, 12 * i), add_months(start, 12 * (i + 1)) - timedelta(days=1))
            for i, p in enumerate(periods)}


def _share_of_days(span: tuple[date, date], cutoff: date) -> tuple[int, int]:
    first, last = span
    total = (last - first).days + 1
    return max(0, min((cutoff - first).days + 1, total)), total


def _source(category, approved: Budget) -> str:
    if recomputed(category):
        return "rate"
    return "hours" if from_hours(category, approved) else "ledger"


def claim_rate(f: Financier, row: Row, calc: Calculation) -> tuple[tuple[int, int], str]:
    """A financier's approved share as whole numbers n/d, and its base: its percentage of its base,
    else its approved total of the approved project cost."""
    if f.share is not None:
        return percent_ratio(f.share), f.of
    total = calc.project_cost.total
    return (int(row.total * 100), int(total * 100)) if total else (0, 1), "project_cost"


def claims_of(f: Financier) -> bool:
    """Grants are claimed as a share of the reported cost; fixed commitments are paid in as agreed."""
    return f.kind == "cash" and (f.fund is not None or f.share is not None or f.remainder)


def _claims(approved: Budget, calc: Calculation, actual: Calculation, actuals: dict[str, Actuals],
            upto: list[ReportingPeriod], planned: dict[str, tuple[int, int]]) -> list[Claim]:
    found = []
    ids = [p.id for p in upto]
    current = ids[-1]
    actual_rows = {f.id: f for f in actual.financiers}
    bases = {"project_cost": actual.project_cost, "booked_cost": actual.booked_cost}
    for f, row in zip(approved.financiers, calc.financiers):
        if f.kind == "in-kind":
            given = actual_rows[f.id]
            found.append(Claim(f.id, f.label, "in-kind", row.total, given.amounts[current], given.total))
        elif claims_of(f):
            ratio, base_name = claim_rate(f, row, calc)
            claimed = this = ZERO
            for p in ids:
                this = min(claim_node(ratio, bases[base_name].amounts[p]).value, row.total - claimed)
                claimed += this
            found.append(Claim(f.id, f.label, "claim", row.total, this, claimed, ratio,
                               bases[base_name].amounts[current], base_name))
        else:
            received = [actuals[p].received.get(f.id, ZERO) if p in actuals else ZERO for p in ids]
            committed = apportioned(row, planned)
            found.append(Claim(f.id, f.label, "commitment", row.total, received[-1], sum(received, ZERO),
                               committed_to_date=committed))
    return found


def claim_node(ratio: tuple[int, int], base: Decimal) -> Round:
    """A share of the reported cost, rounded down: it never exceeds its percentage."""
    n, d = ratio
    shown = format_percent(Decimal(n) / Decimal(d)) if d else "0 %"
    return Round(Scale(Const(base), n, d, shown), ROUND_DOWN_MODE)


def financing_changes(approved: Calculation, working: Calculation) -> list[str]:
    """Every financier whose commitment differs from the approved budget: each needs approval first."""
    old = {f.id: f for f in approved.financiers}
    new = {f.id: f for f in working.financiers}
    changes = []
    for fid in dict.fromkeys([*old, *new]):
        a, b = old.get(fid), new.get(fid)
        if a is None and b is not None and b.total:
            changes.append(_("{financier}: new, {amount} kr").format(financier=b.label, amount=format_amount(b.total)))
        elif b is None and a is not None and a.total:
            changes.append(_("{financier}: removed ({amount} kr approved)").format(
                financier=a.label, amount=format_amount(a.total)))
        elif a is not None and b is not None and (a.amounts != b.amounts or (a.sector, a.kind) != (b.sector, b.kind)):
            change = _("{financier}: {before} → {after} kr").format(
                financier=b.label, before=format_amount(a.total), after=format_amount(b.total))
            if (a.sector, a.kind) != (b.sector, b.kind):
                change += " ({sector}, {kind})".format(sector=_(SECTORS[b.sector]), kind=_(KINDS[b.kind]))
            changes.append(change)
    return changes
