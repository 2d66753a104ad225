"""The computed budget as JSON: every row and total, amounts as decimal strings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal

from .calculation import Calculation, Row
from .model import Budget
from .problems import Problem

JSON_FORMAT = "hso-budget-show/1"


def _row(row: Row, **extra) -> dict:
    return {
        "id": row.id,
        "label": row.label,
        **extra,
        "amounts": {pid: str(v) for pid, v in row.amounts.items()},
        "total": str(row.total),
    }


def fraction(value: Decimal | None) -> str | None:
    """A share in JSON: six decimals, or None where there is no base."""
    return None if value is None else str(value.quantize(Decimal("0.000001")))


def calculation_dict(budget: Budget, calc: Calculation) -> dict:
    """Plain data for JSON: amounts as exact decimal strings, shares to six decimals."""
    return {
        "format": JSON_FORMAT,
        "project": budget.project.model_dump(mode="json"),
        "programme": calc.programme.preset,
        "periods": [{"id": p.id, "label": p.title} for p in calc.periods],
        "costs": [_row(c, kind=c.kind, **({"parts": [_row(p) for p in c.parts]} if c.parts else {}))
                  for c in calc.costs],
        "direct_costs": [_row(d, financier=d.financier) for d in calc.direct_costs],
        "financiers": [
            _row(
                f,
                sector=f.sector,
                kind=f.kind,
                cap=None if f.cap is None else str(f.cap),
                share={**{p.id: fraction(calc.share(f, p.id)) for p in calc.periods}, "total": fraction(calc.share(f))},
            )
            for f in calc.financiers
        ],
        "totals": {name: _row(row) for name, row in calc.subtotals().items()},
        "staff": [
            {
                "role": s.role,
                "employer": s.employer,
                "category": s.category,
                "periods": {
                    pid: {
                        "months": str(sp.months),
                        "hours": str(sp.hours.quantize(Decimal("0.01"))),
                        "hourly_cost": str(sp.hourly_cost.quantize(Decimal("0.01"))),
                        "salary": str(sp.salary),
                        "payroll_overheads": str(sp.overheads),
                    }
                    for pid, sp in s.periods.items()
                },
            }
            for s in calc.staff
        ],
    }


def dumps(budget: Budget, calc: Calculation, errors: Sequence[Problem] = ()) -> str:
    """The computed budget, and the errors that make its numbers wrong (an empty list when none)."""
    document = calculation_dict(budget, calc)
    document["errors"] = [
        {"file": p.file, "line": p.line, "column": p.column, "check": p.check, "message": p.message} for p in errors
    ]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
