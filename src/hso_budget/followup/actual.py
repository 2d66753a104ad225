"""Actual costs as Tillväxtverket computes them: the approved budget's rules over the reported numbers.

The actual budget has the reporting periods as its periods; typed categories and direct costs
carry the reported amounts; flat rates and payroll rates stay rules, so they are recomputed on the
actual staff costs; staff positions are paid for the hours reported at their (indexed) hourly cost.
The core calculator computes it, so there is no second calculator.
"""

from __future__ import annotations

from decimal import Decimal

from ..calculation import Calculation
from ..calculator import calculate
from ..model import Budget, Category, Financier, Period
from .model import Actuals, ReportingPeriod

ZERO = Decimal(0)
CASH = Financier(id="reported-financing", label="Reported financing", sector="public", remainder=True)


def recomputed(category: Category) -> bool:
    """A category whose actual cost follows from others (a rate), not from the ledger."""
    return category.rate is not None


def from_hours(category: Category, approved: Budget) -> bool:
    """A staff or payroll category whose whole actual cost comes from the positions' hours."""
    return not category.rules_given() and category.kind in ("staff", "payroll") and bool(approved.staff)


def actual_budget(approved: Budget, periods: list[ReportingPeriod], actuals: dict[str, Actuals]) -> Budget:
    """The approved budget's rules over the reporting periods and their reported numbers."""
    ids = [p.id for p in periods]

    def reported(section: str, item_id: str) -> dict[str, Decimal]:
        return {p: getattr(actuals[p], section).get(item_id, ZERO) if p in actuals else ZERO for p in ids}

    costs = [
        c if recomputed(c) or from_hours(c, approved) else c.model_copy(update={
            "amounts": reported("costs", c.id), "per_period": None, "items": None, "first_period": None,
            "indexation": None})
        for c in approved.costs
    ]
    direct = [d.model_copy(update={"amounts": reported("direct_costs", d.id), "per_period": None, "items": None})
              for d in approved.direct_costs]
    staff = [s.model_copy(update={"periods": None, "hours": {p: actuals[p].hours.get(s.role, ZERO) if p in actuals
                                                             else ZERO for p in ids}})
             for s in approved.staff]
    in_kind = [f.model_copy(update={"carried": True, "amounts": None, "per_period": None, "fixed_total": None,
                                    "share": None, "spread": None, "weights": None, "max_share": None, "fund": None})
               for f in approved.financiers if f.kind == "in-kind"]
    update = {
        "periods": [Period(id=p.id, label=p.title, start=p.start, end=p.end) for p in periods],
        "costs": costs, "direct_costs": direct, "staff": staff, "financiers": [CASH, *in_kind], "totals": None,
    }
    update |= {name: [] for name in ("accepted",) if name in Budget.model_fields}  # warnings of the plan
    return approved.model_copy(update=update)


def calculate_actuals(approved: Budget, periods: list[ReportingPeriod], actuals: dict[str, Actuals]) -> Calculation:
    return calculate(actual_budget(approved, periods, actuals))
