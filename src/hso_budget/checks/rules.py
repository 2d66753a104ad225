"""The funding programme's rules: flat-rate caps and combinations, financing caps, remainders."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from ..i18n import _
from ..model import Category
from ..model import FlatRateRule
from ..money import format_amount, format_percent, format_rate, krona
from ..problems import Level
from . import Context, Finding, check
from .plausibility import bases

STAFF_KINDS = ("staff", "payroll")
FLAT_RATES = ("indirect", "other-costs")


def rules_of(ctx: Context) -> dict[str, FlatRateRule]:
    """The programme's flat-rate rules by kind of category."""
    return {str(kind): rule for kind, rule in ctx.programme.flat_rates.items()}


@check("flat-rate")
def flat_rates(ctx: Context) -> Iterator[Finding]:
    """Flat rates stay within the programme's caps and are combined as the programme allows.

    Indirect costs are at most 15 % of direct staff costs (CPR art. 54(b)); the flat rate for
    all other costs at most 40 % of staff costs (art. 56), and with it no actual-cost category
    and no indirect-cost rate. A flat rate is a percentage of staff categories (kinds staff
    and payroll). A flat-rate category given as amounts may not exceed its cap of the staff
    costs in any period (rounded to the krona). The cap holds for all flat rates of a kind
    together: two `indirect` categories at 15 % each are 30 %.
    """
    b, calc = ctx.budget, ctx.calc
    kinds = {c.id: c.kind for c in b.costs}
    for i, c in enumerate(b.costs):
        if c.kind not in FLAT_RATES:
            continue
        rule = rules_of(ctx).get(c.kind)
        if c.rate is not None:
            if rule and c.rate > rule.max:
                yield Finding(("costs", i, "rate"), _("'{line}' is {rate} of staff costs, above the programme's cap of "
                                                      "{cap}").format(line=c.label, rate=format_rate(c.rate),
                                                                      cap=format_rate(rule.max)))
            for j, ref in enumerate(c.of or []):
                if kinds.get(ref) not in STAFF_KINDS:
                    yield Finding(("costs", i, "of", j), _("'{line}' is a flat rate on staff costs, but '{category}' is "
                                                           "of kind {kind}, not staff or payroll").format(
                                                               line=c.label, category=ref, kind=kinds.get(ref)))
            for j, kind in enumerate(c.of_kinds or []):
                if kind not in STAFF_KINDS:
                    yield Finding(("costs", i, "of_kinds", j), _("'{line}' is a flat rate on staff costs, but "
                                                                 "'of_kinds' names {kind}, not staff or payroll").format(
                                                                     line=c.label, kind=kind))
        elif rule:
            row = next(r for r in calc.costs if r.id == c.id)
            for p in b.periods:
                staff = sum((r.amounts[p.id] for r in calc.costs if r.kind in STAFF_KINDS), Decimal(0))
                ceiling = krona(rule.max * staff)
                if row.amounts[p.id] > ceiling:
                    yield Finding(("costs", i), _("'{line}' {period} is {amount}, above {cap} of the staff costs "
                                                  "{staff} ({ceiling})").format(
                                                      line=c.label, period=p.title, amount=format_amount(row.amounts[p.id]),
                                                      cap=format_rate(rule.max), staff=format_amount(staff),
                                                      ceiling=format_amount(ceiling)))
    yield from _flat_rate_sums(ctx)
    if "other-costs" in kinds.values():
        for i, c in enumerate(b.costs):
            if c.kind in ("cost", "indirect"):
                yield Finding(("costs", i, "kind"),
                              _("'{line}' cannot be budgeted beside the flat rate for other costs, which "
                                "covers all costs other than staff").format(line=c.label))


def _flat_rate_sums(ctx: Context) -> Iterator[Finding]:
    """The flat rates of one kind together, in every period, against the cap of the staff costs."""
    b, calc = ctx.budget, ctx.calc
    rows = {r.id: r for r in calc.costs}
    for kind in FLAT_RATES:
        rule = rules_of(ctx).get(kind)
        members = [(i, c) for i, c in enumerate(b.costs) if c.kind == kind]
        if rule is None or len(members) < 2:
            continue
        over = []
        for p in b.periods:
            staff = sum((r.amounts[p.id] for r in calc.costs if r.kind in STAFF_KINDS), Decimal(0))
            claimed = sum((_claimed(c, b, rows, p.id) for _, c in members), Decimal(0))
            if claimed > rule.max * staff:
                over.append((p.title, claimed, staff))
        if over:
            title, claimed, staff = over[0]
            names = " + ".join(f"'{c.label}'" for _, c in members)
            also = _(" (and in {periods})").format(periods=", ".join(o[0] for o in over[1:])) if over[1:] else ""
            yield Finding(("costs", members[-1][0]), _("the {kind} flat rates {names} come to {amount} together in "
                                                       "{period}{also}, above {cap} of the staff costs {staff} "
                                                       "({ceiling}); the programme's cap holds for all flat rates of a "
                                                       "kind together").format(
                                                           kind=kind, names=names, amount=format_amount(claimed),
                                                           period=title, also=also, cap=format_rate(rule.max),
                                                           staff=format_amount(staff),
                                                           ceiling=format_amount(rule.max * staff)))


def _claimed(c: Category, b, rows: dict, period: str) -> Decimal:
    """What a flat rate claims in a period, before rounding when it is a rate."""
    if c.rate is None:
        return rows[c.id].amounts[period]
    return c.rate * sum((rows[ref].amounts[period] for ref in bases(c, b) if ref in rows), Decimal(0))


@check("flat-rate-base", level=Level.WARNING)
def flat_rate_bases(ctx: Context) -> Iterator[Finding]:
    """A staff or payroll category that no flat rate's base covers is a warning naming the kronor
    at stake: the flat rate is a percentage of all direct staff costs, so a category left out of
    its `of` is money not claimed."""
    b, calc = ctx.budget, ctx.calc
    flat = [c for c in b.costs if c.kind in FLAT_RATES and c.rate is not None]
    for row in calc.costs:
        i = row.path[1]
        c = b.costs[i]
        if not flat or c.kind not in STAFF_KINDS or not row.total:
            continue
        if any(c.id in bases(f, b) for f in flat):
            continue
        stake = sum((krona(f.rate * row.total) for f in flat), Decimal(0))
        rates = _(" and ").join(f"'{f.label}' ({format_rate(f.rate)})" for f in flat)
        yield Finding(("costs", i), _("'{line}' ({kind}, {amount} kr) is in no flat rate's base: {rates} of it would "
                                      "be {stake} kr not claimed; add '{id}' to the flat rate's 'of', or state the base "
                                      "as 'of_kinds: [staff, payroll]'").format(
                                          line=c.label, kind=c.kind, amount=format_amount(row.total), rates=rates,
                                          stake=format_amount(stake), id=c.id), value=format_amount(stake))


def _financier_path(ctx: Context, i: int) -> tuple:
    f = ctx.budget.financiers[i]
    if f.share is not None:
        return ("financiers", i, "share")
    if f.amounts and "total" in f.amounts:
        return ("financiers", i, "amounts", "total")
    if f.max_share is not None:
        return ("financiers", i, "max_share")
    if f.fund is not None:
        return ("financiers", i, "fund")
    return ("financiers", i)


@check("financing-cap")
def financing_caps(ctx: Context) -> Iterator[Finding]:
    """A financier's share of the project cost stays within its cap over the whole project, exactly.

    The cap comes from the financier's `max_share`, or from its programme fund (ERUF in
    Mellersta Norrland: 40 %; regional project funds: 50 %). Above the cap in a single period
    only (by more than rounding to the krona) is a warning, because some deciding bodies read
    the cap per period.
    """
    calc = ctx.calc
    for i, f in enumerate(calc.financiers):
        if f.cap is None:
            continue
        ceiling = f.cap * calc.project_cost.total
        if f.total > ceiling:
            yield Finding(_financier_path(ctx, i), _("{financier} {amount} is {excess} kr above its cap: {cap} ({source}) "
                                                     "of the project cost {cost} is {ceiling}").format(
                                                         financier=f.label, amount=format_amount(f.total),
                                                         excess=format_amount(f.total - ceiling), cap=format_rate(f.cap),
                                                         source=f.cap_source, cost=format_amount(calc.project_cost.total),
                                                         ceiling=format_amount(ceiling)))
        for p in ctx.budget.periods:
            base = calc.project_cost.amounts[p.id]
            if f.amounts[p.id] > krona(f.cap * base):
                share = (_("is {share} of the period's project cost {cost}").format(
                    share=_share_above(f.amounts[p.id] / base, f.cap), cost=format_amount(base)) if base
                    else _("while the period's project cost is 0"))
                yield Finding(_financier_path(ctx, i), _("{financier} {period}: {amount} {share}, above {cap} (the cap "
                                                         "holds for the whole project, but some deciding bodies read it "
                                                         "per period)").format(
                                                             financier=f.label, period=p.title,
                                                             amount=format_amount(f.amounts[p.id]), share=share,
                                                             cap=format_rate(f.cap)), level=Level.WARNING, period=p.id,
                              value=f"{format_amount(f.amounts[p.id])} of {format_amount(base)}")


@check("fund-cap")
def fund_caps(ctx: Context) -> Iterator[Finding]:
    """A programme fund's cap holds for all the financiers that grant from it together, over the
    whole project: two financiers with `fund: eruf` at 40 % each make the fund pay 80 %."""
    calc, b = ctx.calc, ctx.budget
    for fund, rule in ctx.programme.funds.items():
        members = sorted((row.path[1], row) for row in calc.financiers if b.financiers[row.path[1]].fund == fund)
        if len(members) < 2:
            continue
        total = sum((row.total for _, row in members), Decimal(0))
        ceiling = rule.max_share * calc.project_cost.total
        if total > ceiling:
            names = " + ".join(f"{row.label} {format_amount(row.total)}" for _, row in members)
            yield Finding(("financiers", members[-1][0], "fund"), _("the {fund} fund gives {names} = {total}, {excess} kr "
                                                                    "above its cap: {cap} of the project cost {cost} is "
                                                                    "{ceiling}; a fund's cap holds for all its financiers "
                                                                    "together").format(
                                                                        fund=fund, names=names, total=format_amount(total),
                                                                        excess=format_amount(total - ceiling),
                                                                        cap=format_rate(rule.max_share),
                                                                        cost=format_amount(calc.project_cost.total),
                                                                        ceiling=format_amount(ceiling)))


def _share_above(share: Decimal, cap: Decimal) -> str:
    """`share` with the decimals it takes to be seen above `cap`: 40,0012 %, never 40,00 % above 40 %."""
    places = 2
    while places < 12 and (share * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) <= cap * 100:
        places += 1
    return format_percent(share, places)


@check("remainder-negative")
def remainder_negative(ctx: Context) -> Iterator[Finding]:
    """The remainder financier's amount is not negative in any period: the others do not already
    cover more than the booked cost."""
    for i, (f, row) in enumerate(zip(ctx.budget.financiers, ctx.calc.financiers)):
        if not f.remainder:
            continue
        for p in ctx.budget.periods:
            if row.amounts[p.id] < 0:
                yield Finding(("financiers", i, "remainder"), _("{financier} {period} would be {amount}: the other "
                                                                "financiers already cover {excess} kr more than the "
                                                                "booked cost").format(
                                                                    financier=f.label, period=p.title,
                                                                    amount=format_amount(row.amounts[p.id]),
                                                                    excess=format_amount(-row.amounts[p.id])))


@check("public-share")
def public_share(ctx: Context) -> Iterator[Finding]:
    """Public financing (cash and in-kind) is at most the programme's maximum share of the
    project cost (100 % unless the programme says otherwise).

    Checked when costs and financing balance in total; otherwise `balance` reports the excess.
    """
    calc = ctx.calc
    if calc.project_financing.total != calc.project_cost.total:
        return  # the balance check reports financing above the cost
    cap = ctx.programme.max_public_share if ctx.programme.max_public_share is not None else Decimal(1)
    public = sum((f.total for f in calc.financiers if f.sector == "public"), Decimal(0))
    if public > cap * calc.project_cost.total:
        yield Finding(("financiers",), _("public financing {amount} is above {cap} of the project cost {cost}").format(
            amount=format_amount(public), cap=format_rate(cap), cost=format_amount(calc.project_cost.total)), key=True)
