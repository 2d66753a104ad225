"""The follow-up as text, markdown and JSON: the categories against the approved budget, the
deviations and what they need, the payment claim per financier, and the financing changes."""

from __future__ import annotations

import json
from decimal import Decimal

from ..i18n import N_, _
from ..money import format_amount, format_percent
from ..tables import aligned, markdown
from .figures import CategoryLine, Claim, Figures

JSON_FORMAT = "hso-budget-follow-up-report/1"
NEEDS_TEXT = {"case-officer": N_("case officer's approval"), "change-decision": N_("change decision")}
NEEDS_SENTENCE = {"case-officer": N_("needs a case officer's approval"),
                  "change-decision": N_("needs a change decision")}
HOW = {"claim": N_("claim"), "commitment": N_("paid in"), "in-kind": N_("in kind")}
CATEGORY_HEADER = (N_("Category"), N_("Budget"), N_("Planned to date"), N_("Actual this period"), N_("Actual to date"),
                   N_("Remaining"), N_("Used"), N_("Forecast"), N_("Needs"))
CLAIM_HEADER = (N_("Financier"), N_("How"), N_("Approved"), N_("This period"), N_("To date"), N_("Still to come"),
                N_("Share / committed to date"))
CATEGORY_NUMBERS = range(1, 8)  # the columns of amounts, right-aligned
CLAIM_NUMBERS = range(2, 6)


def _percent(value: Decimal | None) -> str:
    return "" if value is None else format_percent(value, 1)


def _needs(needs: str) -> str:
    return _(NEEDS_TEXT[needs]) if needs in NEEDS_TEXT else ""


def _header(titles: tuple[str, ...]) -> list[str]:
    return [_(title) for title in titles]


def category_rows(figures: Figures) -> list[list[str]]:
    rows = []
    for c in [*figures.categories, *figures.totals]:
        needs = _needs(c.needs)
        if c.needs_forecast != c.needs:
            needs += " " + _("(forecast: {needs})").format(needs=_needs(c.needs_forecast))
        rows.append([c.label, *(format_amount(v) for v in (c.budget, c.planned_to_date, c.actual_period,
                                                           c.actual_to_date, c.remaining)),
                     _percent(c.used), format_amount(c.forecast), needs.strip()])
    return rows


def claim_rows(figures: Figures) -> list[list[str]]:
    rows = []
    for c in figures.claims:
        extra = ""
        if c.ratio is not None and c.ratio[1]:
            extra = _("{share} of {base}").format(share=format_percent(Decimal(c.ratio[0]) / Decimal(c.ratio[1]), 4),
                                                  base=format_amount(c.base or Decimal(0)))
        elif c.committed_to_date is not None:
            extra = _("committed to date {amount}").format(amount=format_amount(c.committed_to_date))
        rows.append([c.label, _(HOW[c.how]), format_amount(c.approved), format_amount(c.claim),
                     format_amount(c.to_date), format_amount(c.still), extra])
    return rows


def deviations(figures: Figures) -> list[str]:
    """One sentence for each category that needs approval, on actual costs or on the forecast."""
    found = []
    for c in figures.categories:
        for what, needs, cost in ((N_("actual to date"), c.needs, c.actual_to_date),
                                  (N_("forecast"), c.needs_forecast, c.forecast)):
            if needs != "none":
                excess = cost - c.budget
                share = _percent(excess / c.budget) if c.budget else _("all")
                found.append(_("{category}: {what} {cost} is {excess} kr ({share}) above the approved {budget}: "
                               "{needs}").format(category=c.label, what=_(what), cost=format_amount(cost),
                                                 excess=format_amount(excess), share=share,
                                                 budget=format_amount(c.budget), needs=_(NEEDS_SENTENCE[needs])))
                break
    return found


def _title(figures: Figures) -> str:
    period = figures.period
    return _("Follow-up {period} ({start} – {end})").format(period=period.title, start=period.start, end=period.end)


def as_text(figures: Figures, explain: bool = False) -> str:
    none = _("none")
    lines = [_("{title}, reported: {periods}").format(title=_title(figures),
                                                       periods=", ".join(p.id for p in figures.reported)), ""]
    lines += aligned([_header(CATEGORY_HEADER), *category_rows(figures)], CATEGORY_NUMBERS)
    lines += ["", _("Payment claim"), *aligned([_header(CLAIM_HEADER), *claim_rows(figures)], CLAIM_NUMBERS)]
    lines += ["", _("Deviations:"), *(f"  {d}" for d in deviations(figures) or [none])]
    lines += ["", _("Financing changed since the approved budget (each needs approval before it happens):"),
              *(f"  {c}" for c in figures.financing_changes or [none])]
    if explain:
        lines += ["", *(f"  {e}" for e in figures.explanations)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def as_markdown(figures: Figures) -> str:
    none = _("none")
    lines = ["## " + _title(figures), ""]
    lines += markdown(_header(CATEGORY_HEADER), category_rows(figures), CATEGORY_NUMBERS)
    lines += ["", "### " + _("Payment claim"), "", *markdown(_header(CLAIM_HEADER), claim_rows(figures), CLAIM_NUMBERS)]
    lines += ["", "### " + _("Deviations"), "", *(f"- {d}" for d in deviations(figures) or [none])]
    lines += ["", "### " + _("Financing changed since the approved budget"), "",
              *(f"- {c}" for c in figures.financing_changes or [none])]
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
