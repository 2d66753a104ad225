"""Structure checks: ids, references between entries, amounts tables, rules and dates."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from .. import periods as calendar
from .. import programmes
from ..model import ALL_PERIODS, TOTAL, Budget
from ..periods import Calendar, Span, overlap
from ..problems import Level
from ..staff import overheads_filled, staff_category
from . import Context, Finding, check

SECTIONS = ("periods", "costs", "direct_costs", "financiers")


@check("duplicate-id", stage="structure")
def duplicate_ids(ctx: Context) -> Iterator[Finding]:
    """Ids are unique within periods, costs, direct costs and financiers; `total` is reserved.

    Amounts tables use period ids as keys and `total` for the total as written, so no period
    may be called `total`.
    """
    for section in SECTIONS:
        first: dict[str, int] = {}
        for i, entry in enumerate(getattr(ctx.budget, section)):
            if entry.id in first:
                line, _ = ctx.doc.locate((section, first[entry.id], "id"))
                yield Finding((section, i, "id"), f"duplicate id '{entry.id}' in {section} (first at line {line})")
            first.setdefault(entry.id, i)
    for i, period in enumerate(ctx.budget.periods):
        if period.id == TOTAL:
            yield Finding(("periods", i, "id"), "'total' is reserved for the total column; name the period otherwise")


def _unknown(what: str, name: str, known: list[str] | tuple[str, ...], advice: str = "") -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else (f" (known: {', '.join(known)})" if known else "")
    return f"unknown {what} '{name}'{hint}" + (f" {advice}" if advice else "")


def _tables(budget: Budget) -> Iterator[tuple[tuple, dict, bool]]:
    """Every table keyed by period id, with its path and whether `total` may stand in it."""
    for section in ("costs", "direct_costs"):
        for i, line in enumerate(getattr(budget, section)):
            if line.amounts is not None:
                yield (section, i, "amounts"), line.amounts, True
            for j, item in enumerate(line.items or []):
                if item.amounts is not None:
                    yield (section, i, "items", j, "amounts"), item.amounts, True
                if isinstance(item.units, dict):
                    yield (section, i, "items", j, "units"), item.units, False
    for i, f in enumerate(budget.financiers):
        if f.amounts is not None:
            yield ("financiers", i, "amounts"), f.amounts, True
        if f.weights is not None:
            yield ("financiers", i, "weights"), f.weights, False
    for name, table in budget.totals or ():
        if table is not None:
            yield ("totals", name), table, True
    for employer, rates in budget.payroll_overheads.items():
        yield ("payroll_overheads", employer), {k: v for k, v in rates.items() if k != ALL_PERIODS}, False


@check("unknown-reference", stage="structure")
def unknown_references(ctx: Context) -> Iterator[Finding]:
    """Every id used is defined: periods in amounts tables, categories in `of`, the financier of a
    direct cost (an in-kind one), staff categories and employers, funds and programme presets."""
    b = ctx.budget
    period_ids = [p.id for p in b.periods]
    for path, table, total_allowed in _tables(b):
        for key in table:
            if key not in period_ids and not (total_allowed and key == TOTAL):
                yield Finding((*path, key), _unknown("period", key, period_ids), key=True)
    category_ids = [c.id for c in b.costs]
    for i, c in enumerate(b.costs):
        for j, ref in enumerate(c.of or []):
            if ref not in category_ids:
                yield Finding(("costs", i, "of", j), _unknown("category", ref, category_ids))
    for section in ("costs", "direct_costs"):
        for i, line in enumerate(getattr(b, section)):
            for j, item in enumerate(line.items or []):
                if item.period is not None and item.period not in period_ids:
                    yield Finding((section, i, "items", j, "period"), _unknown("period", item.period, period_ids))
    in_kind = [f.id for f in b.financiers if f.kind == "in-kind"]
    cash = {f.id for f in b.financiers if f.kind == "cash"}
    for i, d in enumerate(b.direct_costs):
        if d.financier in cash:
            yield Finding(("direct_costs", i, "financier"), f"'{d.financier}' gives cash; a direct cost is carried "
                          "by an in-kind financier (kind: in-kind)")
        elif d.financier not in in_kind:
            yield Finding(("direct_costs", i, "financier"), _unknown("in-kind financier", d.financier, in_kind))
    staff_categories = [c.id for c in b.costs if c.kind == "staff"]
    for i, s in enumerate(b.staff):
        if s.category is not None and s.category not in staff_categories:
            yield Finding(("staff", i, "category"), _unknown("staff category", s.category, staff_categories))
        if s.employer not in b.payroll_overheads and overheads_filled(b):
            yield Finding(
                ("staff", i, "employer"),
                _unknown("employer", s.employer, list(b.payroll_overheads),
                         "Each employer's rate is given under payroll_overheads."),
            )
        for j, ref in enumerate(s.periods or []):
            if ref not in period_ids:
                yield Finding(("staff", i, "periods", j), _unknown("period", ref, period_ids))
    if b.programme and b.programme.preset and b.programme.preset not in programmes.preset_names():
        yield Finding(("programme",), _unknown("programme preset", b.programme.preset, programmes.preset_names()))
        return
    funds = list(ctx.programme.funds)
    for i, f in enumerate(b.financiers):
        if f.fund is not None and f.fund not in funds:
            yield Finding(("financiers", i, "fund"), _unknown("fund", f.fund, funds))


@check("missing-period", stage="structure")
def missing_periods(ctx: Context) -> Iterator[Finding]:
    """An amounts or weights table of a category, direct cost or financier names every period,
    and so do a line item's amounts or units table and an employer's table of payroll-overhead
    rates per period.

    A period left out could mean zero or a forgotten number; write 0 where nothing is budgeted.
    """
    period_ids = [p.id for p in ctx.budget.periods]

    def missing(table: dict) -> str:
        return ", ".join(ctx.period_title(p) for p in period_ids if p not in table)

    for section in ("costs", "direct_costs", "financiers"):
        for i, line in enumerate(getattr(ctx.budget, section)):
            for name in ("amounts", "weights"):
                table = line.__dict__.get(name)
                if table is not None and missing(table):
                    yield Finding(
                        (section, i, name),
                        f"'{line.label}' has no {name[:-1]} for {missing(table)}; write 0 where there is none",
                    )
            for j, item in enumerate(line.__dict__.get("items") or []):
                for name in ("amounts", "units"):
                    table = getattr(item, name)
                    if isinstance(table, dict) and missing(table):
                        what = "amount" if name == "amounts" else "number of units"
                        yield Finding((section, i, "items", j, name), f"the item '{item.label}' of '{line.label}' has "
                                      f"no {what} for {missing(table)}; write 0 where there is none")
    for employer, rates in ctx.budget.payroll_overheads.items():
        if ALL_PERIODS not in rates and missing(rates):
            yield Finding(("payroll_overheads", employer),
                          f"no payroll-overhead rate for {employer} in {missing(rates)}")


@check("rule", stage="structure")
def rule_structure(ctx: Context) -> Iterator[Finding]:
    """How each amount follows is complete and unambiguous.

    A category without amounts must be a staff or payroll category filled from staff positions;
    staff positions need a staff category and a payroll category; `rate`/`of` may not form a
    cycle, and `of` names each category once; at most one financier covers the remainder, and it needs nothing else to be a
    remainder of.
    """
    b = ctx.budget
    kinds = {c.kind for c in b.costs}
    for i, c in enumerate(b.costs):
        if not c.rules_given() and c.kind not in ("staff", "payroll"):
            yield Finding(("costs", i), f"'{c.label}' has no amounts: give amounts, per_period, items, first_period or rate")
        if not c.rules_given() and not b.staff and c.kind in ("staff", "payroll"):
            yield Finding(("costs", i), f"'{c.label}' has no amounts and there are no staff positions to fill it")
    if b.staff:
        yield from _staff_categories(ctx, kinds)
    yield from _cycles(ctx)
    for i, c in enumerate(b.costs):
        for j, ref in enumerate(c.of or []):
            if ref in (c.of or [])[:j]:
                yield Finding(("costs", i, "of", j), f"'{c.label}' names '{ref}' twice in 'of', which would count it "
                              "twice; a base names each category once")
    for i, f in enumerate(b.financiers):
        if f.weights is not None and not any(f.weights.values()):
            yield Finding(("financiers", i, "weights"), f"the weights of '{f.label}' add up to 0; give at least "
                          "one period a weight above 0")
    remainders = [i for i, f in enumerate(b.financiers) if f.remainder]
    for i in remainders[1:]:
        yield Finding(("financiers", i, "remainder"), "only one financier can cover the remainder")
    for i, s in enumerate(b.staff):
        if s.share_of_time <= 0 or s.share_of_time > 1:
            yield Finding(("staff", i, "share_of_time"), "share of time must be more than 0 % and at most 100 %")


def _staff_categories(ctx: Context, kinds: set[str]) -> Iterator[Finding]:
    """Positions need a staff category and somewhere for their payroll overheads to go.

    A staff category may also have amounts of its own: the positions add to them. The positions'
    payroll overheads fill the one payroll category with no amounts or rate of its own; where
    there is none, a payroll category that is a rate of their staff category covers them.
    """
    b = ctx.budget
    if "staff" not in kinds:
        yield Finding(("staff",), "staff positions need a cost category of kind staff", key=True)
        return
    if "payroll" not in kinds:
        yield Finding(("staff",), "staff positions need a cost category of kind payroll (Lönebikostnad) for their "
                      "payroll overheads", key=True)
        return
    staff_ids = [c.id for c in b.costs if c.kind == "staff"]
    for i, s in enumerate(b.staff):
        if s.category is None and len(staff_ids) > 1:
            yield Finding(("staff", i), f"'{s.role}': there are {len(staff_ids)} staff categories "
                          f"({', '.join(staff_ids)}); say which one the salary goes to with 'category:'")
    filled = [i for i, c in enumerate(b.costs) if c.kind == "payroll" and not c.rules_given()]
    for i in filled[1:]:
        yield Finding(("costs", i), f"'{b.costs[i].label}': only one payroll category can be filled from the "
                      "staff positions' payroll overheads; give the others amounts or a rate")
    if filled:
        return
    covered = {ref for c in b.costs if c.kind == "payroll" for ref in (c.of or [])}
    if any("staff" in (c.of_kinds or []) for c in b.costs if c.kind == "payroll"):
        covered |= {c.id for c in b.costs if c.kind == "staff"}
    rates = [i for i, c in enumerate(b.costs) if c.kind == "payroll" and c.rate is not None]
    for target in dict.fromkeys(staff_category(b, s) for s in b.staff):
        if target in covered:
            continue
        label = next(c.label for c in b.costs if c.id == target)
        roles = ", ".join(f"'{s.role}'" for s in b.staff if staff_category(b, s) == target)
        where = ("costs", rates[0], "of" if b.costs[rates[0]].of else "of_kinds") if rates else ("staff",)
        yield Finding(where, f"the payroll overheads of {roles} in '{label}' are in no payroll category: "
                      f"add '{target}' to this rate's 'of' (or write 'of_kinds: [staff]'), or add a payroll "
                      "category with no amounts or rate, which the positions fill", key=not rates)
    if b.payroll_overheads:
        yield Finding(("payroll_overheads",), "these payroll-overhead rates are not used: the payroll category is a "
                      "rate of the staff categories, which already include the positions' salaries", key=True,
                      level=Level.WARNING)


def _cycles(ctx: Context) -> Iterator[Finding]:
    costs = ctx.budget.costs
    graph = {c.id: [*(c.of or []), *(x.id for x in costs if x.kind in (c.of_kinds or []) and x is not c)] for c in costs}
    for i, c in enumerate(costs):
        if c.id in _reachable(graph, graph[c.id]):
            yield Finding(
                ("costs", i, "of" if c.of else "of_kinds"),
                f"'{c.label}' is computed from itself through 'of'; a rate cannot depend on its own result",
            )


def _reachable(graph: dict[str, list[str]], starts: list[str]) -> set[str]:
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(graph.get(node, []))
    return seen


@check("dates", stage="structure")
def dates(ctx: Context) -> Iterator[Finding]:
    """Periods have dates either all or none, each ends after it starts and they follow each other;
    staff positions with dates need dated periods."""
    b = ctx.budget
    with_dates = [bool(p.start or p.end) for p in b.periods]
    if any(with_dates) and not calendar.dated(b.periods):
        yield Finding(("periods",), "give every period a start and an end, or none of them", key=True)
        return
    for i, p in enumerate(b.periods):
        if p.start and p.end and p.end < p.start:
            yield Finding(("periods", i, "end"), f"{p.title} ends before it starts")
        if i and p.start and b.periods[i - 1].end and p.start <= b.periods[i - 1].end:
            yield Finding(("periods", i, "start"), f"{p.title} starts before {b.periods[i - 1].title} ends")
    for i, s in enumerate(b.staff):
        if (s.start or s.end) and not any(with_dates):
            yield Finding(("staff", i), f"'{s.role}' has dates but the periods have none; use 'periods' instead")
        elif s.start and s.end and s.end < s.start:
            yield Finding(("staff", i, "end"), f"'{s.role}' ends before it starts")
        elif (s.start or s.end) and _months_worked(s, b) == 0:
            yield Finding(("staff", i), f"'{s.role}' works no month within the periods "
                          f"({b.periods[0].start} to {b.periods[-1].end})")


def _months_worked(position, budget: Budget) -> int:
    calendar = Calendar(budget.periods)
    worked = Span(position.start or calendar.start, position.end or max(s.last for s in calendar.spans.values()))
    return sum(1 for span in calendar.spans.values() if overlap(span, worked))
