"""Structure checks: ids, references between entries, amounts tables, rules and dates."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from .. import periods as calendar
from .. import programmes
from ..i18n import N_, _
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
                line = ctx.doc.locate((section, first[entry.id], "id"))[0]
                yield Finding((section, i, "id"), _("duplicate id '{id}' in {section} (first at line {line})").format(
                    id=entry.id, section=section, line=line))
            first.setdefault(entry.id, i)
    for i, period in enumerate(ctx.budget.periods):
        if period.id == TOTAL:
            yield Finding(("periods", i, "id"), _("'total' is reserved for the total column; name the period otherwise"))


def _unknown(what: str, name: str, known: list[str] | tuple[str, ...], advice: str = "", cutoff: float = 0.6) -> str:
    """`unknown <what> '<name>'`, with the closest known name or the known ones; `what` is marked with N_."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=cutoff)
    hint = (_("; did you mean '{key}'?").format(key=close[0]) if close
            else _(" (known: {names})").format(names=", ".join(known)) if known else "")
    return _("unknown {what} '{name}'").format(what=_(what), name=name) + hint + (f" {advice}" if advice else "")


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
                yield Finding((*path, key), _unknown(N_("period"), key, period_ids), key=True)
    category_ids = [c.id for c in b.costs]
    for i, c in enumerate(b.costs):
        for j, ref in enumerate(c.of or []):
            if ref not in category_ids:
                yield Finding(("costs", i, "of", j), _unknown(N_("category"), ref, category_ids))
    for section in ("costs", "direct_costs"):
        for i, line in enumerate(getattr(b, section)):
            for j, item in enumerate(line.items or []):
                if item.period is not None and item.period not in period_ids:
                    yield Finding((section, i, "items", j, "period"), _unknown(N_("period"), item.period, period_ids))
    in_kind = [f.id for f in b.financiers if f.kind == "in-kind"]
    cash = {f.id for f in b.financiers if f.kind == "cash"}
    for i, d in enumerate(b.direct_costs):
        if d.financier in cash:
            yield Finding(("direct_costs", i, "financier"), _("'{financier}' gives cash; a direct cost is carried "
                                                              "by an in-kind financier (kind: in-kind)").format(
                                                                  financier=d.financier))
        elif d.financier not in in_kind:
            # a removed financier is more likely than a typo: only a near-identical id is suggested
            typo = difflib.get_close_matches(d.financier, in_kind, n=1, cutoff=0.85)
            advice = "" if typo else _("— add '{financier}' under financiers with kind: in-kind, or remove this direct "
                                       "cost").format(financier=d.financier)
            yield Finding(("direct_costs", i, "financier"), _unknown(N_("in-kind financier"), d.financier, in_kind,
                                                                     advice, cutoff=0.85))
    staff_categories = [c.id for c in b.costs if c.kind == "staff"]
    for i, s in enumerate(b.staff):
        if s.category is not None and s.category not in staff_categories:
            yield Finding(("staff", i, "category"), _unknown(N_("staff category"), s.category, staff_categories))
        if s.employer not in b.payroll_overheads and overheads_filled(b):
            yield Finding(
                ("staff", i, "employer"),
                _unknown(N_("employer"), s.employer, list(b.payroll_overheads),
                         _("Each employer's rate is given under payroll_overheads.")),
            )
        for j, ref in enumerate(s.periods or []):
            if ref not in period_ids:
                yield Finding(("staff", i, "periods", j), _unknown(N_("period"), ref, period_ids))
    if b.programme and b.programme.preset and b.programme.preset not in programmes.preset_names():
        yield Finding(("programme",), _unknown(N_("programme preset"), b.programme.preset, programmes.preset_names()))
        return
    funds = list(ctx.programme.funds)
    for i, f in enumerate(b.financiers):
        if f.fund is not None and f.fund not in funds:
            yield Finding(("financiers", i, "fund"), _unknown(N_("fund"), f.fund, funds))


@check("missing-period", stage="structure")
def missing_periods(ctx: Context) -> Iterator[Finding]:
    """An amounts or weights table of a category, direct cost or financier names every period,
    and so do a line item's amounts or units table and an employer's table of payroll-overhead
    rates per period.

    A period left out could mean zero or a forgotten number; write 0 where nothing is budgeted.
    """
    period_ids = [p.id for p in ctx.budget.periods]
    every = set(period_ids)

    def missing(table: dict) -> str:
        if table.keys() >= every:  # as nearly always; one comparison in C
            return ""
        return ", ".join(ctx.period_title(p) for p in period_ids if p not in table)

    for section in ("costs", "direct_costs", "financiers"):
        for i, line in enumerate(getattr(ctx.budget, section)):
            for name in ("amounts", "weights"):
                table = line.__dict__.get(name)
                if table is not None and missing(table):
                    message = (_("'{line}' has no amount for {periods}; write 0 where there is none") if name == "amounts"
                               else _("'{line}' has no weight for {periods}; write 0 where there is none"))
                    yield Finding((section, i, name), message.format(line=line.label, periods=missing(table)))
            for j, item in enumerate(line.__dict__.get("items") or []):
                for name in ("amounts", "units"):
                    table = getattr(item, name)
                    if isinstance(table, dict) and missing(table):
                        message = (_("the item '{item}' of '{line}' has no amount for {periods}; write 0 where there is "
                                     "none") if name == "amounts" else
                                   _("the item '{item}' of '{line}' has no number of units for {periods}; write 0 where "
                                     "there is none"))
                        yield Finding((section, i, "items", j, name), message.format(item=item.label, line=line.label,
                                                                                     periods=missing(table)))
    for employer, rates in ctx.budget.payroll_overheads.items():
        if ALL_PERIODS not in rates and missing(rates):
            yield Finding(("payroll_overheads", employer),
                          _("no payroll-overhead rate for {employer} in {periods}").format(
                              employer=employer, periods=missing(rates)))


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
        if c.rules_given():
            continue
        if c.kind not in ("staff", "payroll"):
            yield Finding(("costs", i), _("'{line}' has no amounts: give amounts, per_period, items, first_period or "
                                          "rate").format(line=c.label))
        if not b.staff and c.kind in ("staff", "payroll"):
            yield Finding(("costs", i), _("'{line}' has no amounts and there are no staff positions to fill "
                                          "it").format(line=c.label))
    if b.staff:
        yield from _staff_categories(ctx, set(kinds))
    yield from _cycles(ctx)
    for i, c in enumerate(b.costs):
        for j, ref in enumerate(c.of or []):
            if ref in (c.of or [])[:j]:
                yield Finding(("costs", i, "of", j), _("'{line}' names '{category}' twice in 'of', which would count it "
                                                       "twice; a base names each category once").format(
                                                           line=c.label, category=ref))
    for i, f in enumerate(b.financiers):
        if f.weights is not None and not any(f.weights.values()):
            yield Finding(("financiers", i, "weights"), _("the weights of '{financier}' add up to 0; give at least "
                                                          "one period a weight above 0").format(financier=f.label))
    remainders = [i for i, f in enumerate(b.financiers) if f.remainder]
    for i in remainders[1:]:
        yield Finding(("financiers", i, "remainder"), _("only one financier can cover the remainder"))
    for i, s in enumerate(b.staff):
        if s.share_of_time <= 0 or s.share_of_time > 1:
            yield Finding(("staff", i, "share_of_time"), _("share of time must be more than {low} and at most "
                                                           "{high}").format(low="0 %", high="100 %"))


def _staff_categories(ctx: Context, kinds: set[str]) -> Iterator[Finding]:
    """Positions need a staff category and somewhere for their payroll overheads to go.

    A staff category may also have amounts of its own: the positions add to them. The positions'
    payroll overheads fill the one payroll category with no amounts or rate of its own; where
    there is none, a payroll category that is a rate of their staff category covers them.
    """
    b = ctx.budget
    if "staff" not in kinds:
        yield Finding(("staff",), _("staff positions need a cost category of kind staff"), key=True)
        return
    if "payroll" not in kinds:
        yield Finding(("staff",), _("staff positions need a cost category of kind payroll (Lönebikostnad) for their "
                                    "payroll overheads"), key=True)
        return
    staff_ids = [c.id for c in b.costs if c.kind == "staff"]
    for i, s in enumerate(b.staff):
        if s.category is None and len(staff_ids) > 1:
            yield Finding(("staff", i), _("'{role}': there are {count} staff categories ({categories}); say which one "
                                          "the salary goes to with 'category:'").format(
                                              role=s.role, count=len(staff_ids), categories=", ".join(staff_ids)))
    filled = [i for i, c in enumerate(b.costs) if c.kind == "payroll" and not c.rules_given()]
    for i in filled[1:]:
        yield Finding(("costs", i), _("'{line}': only one payroll category can be filled from the staff positions' "
                                      "payroll overheads; give the others amounts or a rate").format(line=b.costs[i].label))
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
        yield Finding(where, _("the payroll overheads of {roles} in '{line}' are in no payroll category: add "
                               "'{category}' to this rate's 'of' (or write 'of_kinds: [staff]'), or add a payroll "
                               "category with no amounts or rate, which the positions fill").format(
                                   roles=roles, line=label, category=target), key=not rates)
    if b.payroll_overheads:
        yield Finding(("payroll_overheads",), _("these payroll-overhead rates are not used: the payroll category is a "
                                                "rate of the staff categories, which already include the positions' "
                                                "salaries"), key=True, level=Level.WARNING)


def _cycles(ctx: Context) -> Iterator[Finding]:
    costs = ctx.budget.costs
    graph = {c.id: [*(c.of or []), *(x.id for x in costs if x.kind in c.of_kinds and x is not c)] if c.of_kinds
             else list(c.of or []) for c in costs}
    for i, c in enumerate(costs):
        if c.id in _reachable(graph, graph[c.id]):
            yield Finding(
                ("costs", i, "of" if c.of else "of_kinds"),
                _("'{line}' is computed from itself through 'of'; a rate cannot depend on its own result").format(
                    line=c.label),
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
        yield Finding(("periods",), _("give every period a start and an end, or none of them"), key=True)
        return
    for i, p in enumerate(b.periods):
        if p.start and p.end and p.end < p.start:
            yield Finding(("periods", i, "end"), _("{period} ends before it starts").format(period=p.title))
        if i and p.start and b.periods[i - 1].end and p.start <= b.periods[i - 1].end:
            yield Finding(("periods", i, "start"), _("{period} starts before {previous} ends").format(
                period=p.title, previous=b.periods[i - 1].title))
    for i, s in enumerate(b.staff):
        if (s.start or s.end) and not any(with_dates):
            yield Finding(("staff", i), _("'{role}' has dates but the periods have none; use 'periods' instead").format(
                role=s.role))
        elif s.start and s.end and s.end < s.start:
            yield Finding(("staff", i, "end"), _("'{role}' ends before it starts").format(role=s.role))
        elif (s.start or s.end) and _months_worked(s, b) == 0:
            yield Finding(("staff", i), _("'{role}' works no month within the periods ({start} to {end})").format(
                role=s.role, start=b.periods[0].start, end=b.periods[-1].end))


def _months_worked(position, budget: Budget) -> int:
    calendar = Calendar(budget.periods)
    worked = Span(position.start or calendar.start, position.end or max(s.last for s in calendar.spans.values()))
    return sum(1 for span in calendar.spans.values() if overlap(span, worked))
