"""The follow-up as text, markdown and JSON: the categories against the approved budget, the
deviations and what they need, the payment claim per financier, and the financing changes."""

from __future__ import annotations

import json
from decimal import Decimal

from ..money import format_amount, format_percent
from ..tables import aligned, markdown
from .figures import CategoryLine, Claim, Figures

JSON_FORMAT = "hso-budget-follow-up-report/1"
NEEDS_TEXT = {"none": "", "case-officer": "case officer's approval", "change-decision": "change decision"}
HOW = {"claim": "claim", "commitment": "paid in", "in-kind": "in kind"}


def _percent(value: Decimal | None) -> str:
    return "" if value is None else format_percent(value, 1)


def category_rows(figures: Figures) -> list[list[str]]:
    rows = []
    for c in [*figures.categories, *figures.totals]:
        rows.append([c.label, *(format_amount(v) for v in (c.budget, c.planned_to_date, c.actual_period,
                                                           c.actual_to_date, c.remaining)),
                     _percent(c.used), format_amount(c.forecast), NEEDS_TEXT[c.needs]
                     + (f" (forecast: {NEEDS_TEXT[c.needs_forecast]})" if c.needs_forecast != c.needs else "")])
    return rows


CATEGORY_HEADER = ["Category", "Budget", "Planned to date", "Actual this period", "Actual to date", "Remaining",
                   "Used", "Forecast", "Needs"]
CLAIM_HEADER = ["Financier", "How", "Approved", "This period", "To date", "Still to come", "Share / committed to date"]
CATEGORY_NUMBERS = range(1, 8)  # the columns of amounts, right-aligned
CLAIM_NUMBERS = range(2, 6)


def claim_rows(figures: Figures) -> list[list[str]]:
    rows = []
    for c in figures.claims:
        extra = ""
        if c.ratio is not None and c.ratio[1]:
            extra = f"{format_percent(Decimal(c.ratio[0]) / Decimal(c.ratio[1]), 4)} of {format_amount(c.base or Decimal(0))}"
        elif c.committed_to_date is not None:
            extra = f"committed to date {format_amount(c.committed_to_date)}"
        rows.append([c.label, HOW[c.how], format_amount(c.approved), format_amount(c.claim), format_amount(c.to_date),
                     format_amount(c.still), extra])
    return rows


def deviations(figures: Figures) -> list[str]:
    """One sentence for each category that needs approval, on actual costs or on the forecast."""
    found = []
    for c in figures.categories:
        for what, needs, cost in (("actual to date", c.needs, c.actual_to_date), ("forecast", c.needs_forecast, c.forecast)):
            if needs != "none":
                excess = cost - c.budget
                found.append(f"{c.label}: {what} {format_amount(cost)} is {format_amount(excess)} kr "
                             f"({_percent(excess / c.budget if c.budget else None) or 'all'}) above the approved "
                             f"{format_amount(c.budget)}: needs a {NEEDS_TEXT[needs]}")
                break
    return found


def as_text(figures: Figures, explain: bool = False) -> str:
    period = figures.period
    lines = [f"Follow-up {period.title} ({period.start} – {period.end}), reported: "
             + ", ".join(p.id for p in figures.reported), ""]
    lines += aligned([CATEGORY_HEADER, *category_rows(figures)], CATEGORY_NUMBERS)
    lines += ["", "Payment claim", *aligned([CLAIM_HEADER, *claim_rows(figures)], CLAIM_NUMBERS)]
    lines += ["", "Deviations:", *(f"  {d}" for d in deviations(figures) or ["none"])]
    lines += ["", "Financing changed since the approved budget (each needs approval before it happens):",
              *(f"  {c}" for c in figures.financing_changes or ["none"])]
    if explain:
        lines += ["", *(f"  {e}" for e in figures.explanations)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def as_markdown(figures: Figures) -> str:
    period = figures.period
    lines = [f"## Follow-up {period.title} ({period.start} – {period.end})", ""]
    lines += markdown(CATEGORY_HEADER, category_rows(figures), CATEGORY_NUMBERS)
    lines += ["", "### Payment claim", "", *markdown(CLAIM_HEADER, claim_rows(figures), CLAIM_NUMBERS)]
    lines += ["", "### Deviations", "", *(f"- {d}" for d in deviations(figures) or ["none"])]
    lines += ["", "### Financing changed since the approved budget", "",
              *(f"- {c}" for c in figures.financing_changes or ["none"])]
    return "\n".join(lines) + "\n"


def as_json(figures: Figures) -> str:
    def category(c: CategoryLine) -> dict:
        return {"id": c.id, "label": c.label, "kind": c.kind, "budget": str(c.budget),
                "planned_to_date": str(c.planned_to_date), "actual_period": str(c.actual_period),
                "actual_to_date": str(c.actual_to_date), "remaining": str(c.remaining),
                "used": None if c.used is None else str(c.used.quantize(Decimal("0.0001"))),
                "forecast": str(c.forecast), "needs": c.needs, "needs_forecast": c.needs_forecast, "source": c.source}

    def claim(c: Claim) -> dict:
        return {"id": c.id, "label": c.label, "how": c.how, "approved": str(c.approved), "claim": str(c.claim),
                "to_date": str(c.to_date), "still": str(c.still),
                "base": None if c.base is None else str(c.base),
                "committed_to_date": None if c.committed_to_date is None else str(c.committed_to_date)}

    document = {
        "format": JSON_FORMAT,
        "period": {"id": figures.period.id, "label": figures.period.title,
                   "start": figures.period.start.isoformat(), "end": figures.period.end.isoformat()},
        "reported": [p.id for p in figures.reported],
        "categories": [category(c) for c in figures.categories],
        "totals": {c.id: category(c) for c in figures.totals},
        "financiers": [claim(c) for c in figures.claims],
        "financing_changes": figures.financing_changes,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
