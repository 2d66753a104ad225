"""The calculator: from a validated budget to every row, subtotal and share, with explanations.

It assumes the structure checks passed (references resolve, no cycles); it never prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from . import financing, programmes
from . import periods as calendar
from .calculation import Calculation, CostRow, DirectCostRow, Explanation, FinancierRow, Row
from .model import Budget, Category, Financier, Item, Line, Period
from .money import format_amount, format_rate, format_rounding, krona
from .staff import compute_position

ZERO = Decimal(0)


def calculate(budget: Budget, explain: bool = False) -> Calculation:
    """Derive every number of the budget; with `explain`, also how each one came about."""
    return _Calculator(budget, explain).run()


def sum_rows(row_id: str, label: str, rows: list[Row], periods: list[Period], signs: list[int] | None = None) -> Row:
    """A subtotal: the sum of the rows shown, period by period."""
    signs = signs or [1] * len(rows)
    return Row(
        row_id,
        label,
        {p.id: sum((s * r.amounts[p.id] for r, s in zip(rows, signs)), ZERO) for p in periods},
    )


def _items_text(parts: list[tuple[Item, Decimal | None, Decimal]], total: Decimal) -> str:
    """`6 × 3 500 (Resa) + 2 000 (Avgift) = 23 000`."""
    text = " + ".join(
        f"{format_amount(value)} ({item.label})" if count is None
        else f"{format_amount(count)} × {format_amount(item.unit_price)} ({item.label})"
        for item, count, value in parts
    )
    if len(parts) > 1 or parts[0][1] is not None:
        text += f" = {format_amount(total)}"
    return text


def _sum_text(rows: list[Row], total: Row, period: str) -> str:
    """`6 428 829 + 1 394 630 − 0 = 7 823 459`: revenue subtracted."""
    terms = "".join(
        f" {'−' if getattr(r, 'sign', 1) < 0 else '+'} {format_amount(r.amounts[period])}" for r in rows
    ).removeprefix(" + ").strip() or "(no rows)"
    return f"{terms} = {format_amount(total.amounts[period])}"


def _terms(values: list[Decimal]) -> str:
    """`6 428 829`, or `(6 428 829 + 2 868 707)` for several."""
    text = " + ".join(format_amount(v) for v in values)
    return f"({text})" if len(values) > 1 else text


class _Calculator:
    def __init__(self, budget: Budget, explaining: bool):
        self.budget = budget
        self.periods = budget.periods
        self.programme = programmes.resolve(budget.programme)
        self.explaining = explaining
        self.period_ids = {p.id for p in budget.periods}
        self.notes: list[Explanation] = []
        self.categories: dict[str, CostRow] = {}

    def explain(self, subject: str, period: str, text: Callable[[], str]) -> None:
        """Record how a number came about; the text is only built when explanations are asked for."""
        if self.explaining:
            self.notes.append(Explanation(subject, period, text()))

    def run(self) -> Calculation:
        b = self.budget
        staff = [compute_position(b, self.programme, position, self.explaining) for position in b.staff]
        self.staff_rows = [row for row, _ in staff]
        for _, notes in staff:
            self.notes.extend(notes)
        costs = [self.category(c) for c in b.costs]
        booked = sum_rows("booked_cost", "SUMMA BOKFÖRD KOSTNAD", costs, self.periods, [c.sign for c in costs])
        direct = [
            DirectCostRow(d.id, d.label, self.line_amounts(d), financier=d.financier) for d in b.direct_costs
        ]
        direct_total = sum_rows("direct_costs", "SUMMA KOSTNAD FRÅN ANDRA OFFENTLIGA AKTÖRER", direct, self.periods)
        project = sum_rows("project_cost", "SUMMA PROJEKTKOSTNAD", [booked, direct_total], self.periods)
        financiers = self.financiers(booked, project, direct)
        cash = [f for f in financiers if f.kind == "cash"]
        public_cash = sum_rows(
            "public_cash_financing", "SUMMA BOKFÖRD OFFENTLIG FINANSIERING",
            [f for f in cash if f.sector == "public"], self.periods,
        )
        private_cash = sum_rows(
            "private_cash_financing", "SUMMA PRIVAT FINANSIERING", [f for f in cash if f.sector == "private"], self.periods
        )
        cash_total = sum_rows("cash_financing", "TOTAL KONTANT FINANSIERING", [public_cash, private_cash], self.periods)
        in_kind = sum_rows(
            "direct_financing", "SUMMA DIREKTFINANSIERING", [f for f in financiers if f.kind == "in-kind"], self.periods
        )
        project_financing = sum_rows(
            "project_financing", "SUMMA PROJEKTFINANSIERING", [cash_total, in_kind], self.periods
        )
        self.explain_sums([booked, direct_total, project], [costs, direct, [booked, direct_total]])
        return Calculation(
            periods=list(self.periods),
            programme=self.programme,
            costs=costs,
            booked_cost=booked,
            direct_costs=direct,
            direct_costs_total=direct_total,
            project_cost=project,
            financiers=financiers,
            public_cash=public_cash,
            private_cash=private_cash,
            cash_financing=cash_total,
            direct_financing=in_kind,
            project_financing=project_financing,
            staff=self.staff_rows,
            explanations=self.notes,
        )

    # -- costs ---------------------------------------------------------------------------

    def category(self, category: Category) -> CostRow:
        if category.id not in self.categories:
            self.categories[category.id] = CostRow(
                category.id, category.label, self.category_amounts(category), kind=category.kind
            )
        return self.categories[category.id]

    def category_amounts(self, c: Category) -> dict[str, Decimal]:
        if c.first_period is not None:
            return self.indexed(c)
        if c.rate is not None:
            return self.rate(c)
        if c.rules_given():
            return self.line_amounts(c)
        return self.from_staff(c)

    def line_amounts(self, line: Line | Financier) -> dict[str, Decimal]:
        """Amounts as given: a table, the same every period, or line items."""
        if line.amounts is not None:
            return {p.id: line.amounts.get(p.id, ZERO) for p in self.periods}
        if line.per_period is not None:
            return {p.id: line.per_period for p in self.periods}
        if getattr(line, "items", None) is not None:
            return self.items(line.label, line.items)
        return {p.id: ZERO for p in self.periods}

    def indexed(self, c: Category) -> dict[str, Decimal]:
        rate = c.indexation if c.indexation is not None else self.programme.staff_indexation or ZERO
        months = calendar.month_ranges(self.periods)
        amounts = {}
        for period in self.periods:
            k = months[period.id].start // calendar.MONTHS_PER_YEAR
            exact = c.first_period * (1 + rate) ** k
            amounts[period.id] = krona(exact)
            self.explain(
                c.label,
                period.title,
                lambda: f"{format_amount(c.first_period)} × (1 + {format_rate(rate)})^{k} = "
                    f"{format_rounding(exact, amounts[period.id])}",
            )
        return amounts

    def rate(self, c: Category) -> dict[str, Decimal]:
        bases = [self.category(self.category_by_id(i)) for i in c.of]
        amounts = {}
        for period in self.periods:
            values = [b.amounts[period.id] for b in bases]
            exact = c.rate * sum(values, ZERO)
            amounts[period.id] = krona(exact)
            self.explain(
                c.label,
                period.title,
                lambda: f"{format_rate(c.rate)} × {_terms(values)} = "
                    f"{format_rounding(exact, amounts[period.id])}",
            )
        return amounts

    def items(self, label: str, items: list[Item]) -> dict[str, Decimal]:
        amounts = {p.id: ZERO for p in self.periods}
        parts: dict[str, list[tuple[Item, Decimal | None, Decimal]]] = {p.id: [] for p in self.periods}
        for item in items:
            for pid, count, value in self.item_amounts(item):
                amounts[pid] += value
                parts[pid].append((item, count, value))
        for period in self.periods:
            if parts[period.id]:
                self.explain(label, period.title, lambda: _items_text(parts[period.id], amounts[period.id]))
        return amounts

    def item_amounts(self, item: Item) -> Iterator[tuple[str, Decimal | None, Decimal]]:
        """(period, units or None, amount) of a line item."""
        if item.amounts is not None:
            for pid, value in item.amounts.items():
                if pid in self.period_ids:
                    yield pid, None, value
            return
        if isinstance(item.units, dict):
            units = item.units
        elif item.period is not None:
            units = {item.period: item.units}
        else:
            units = {p.id: item.units for p in self.periods}
        for pid, count in units.items():
            yield pid, count, krona(count * item.unit_price)

    def from_staff(self, c: Category) -> dict[str, Decimal]:
        """Salaries of the positions in a staff category, or everyone's payroll overheads."""
        amounts = {p.id: ZERO for p in self.periods}
        for row in self.staff_rows:
            if c.kind == "staff" and row.category != c.id:
                continue
            for pid, period in row.periods.items():
                amounts[pid] += period.salary if c.kind == "staff" else period.overheads
        for period in self.periods:
            what = "salaries" if c.kind == "staff" else "payroll overheads"
            self.explain(
                c.label,
                period.title,
                lambda: f"sum of the staff positions' {what} = {format_amount(amounts[period.id])}",
            )
        return amounts

    def category_by_id(self, category_id: str) -> Category:
        return next(c for c in self.budget.costs if c.id == category_id)

    # -- financing -----------------------------------------------------------------------

    def financiers(self, booked: Row, project: Row, direct: list[DirectCostRow]) -> list[FinancierRow]:
        rows: dict[str, FinancierRow] = {}
        bases = {"project_cost": (project, "project cost"), "booked_cost": (booked, "booked cost")}
        for f in self.budget.financiers:
            cap, source = self.cap(f)
            row = FinancierRow(f.id, f.label, {}, sector=f.sector, kind=f.kind, cap=cap, cap_source=source)
            rows[f.id] = row
            if f.remainder:
                continue
            if f.carried:
                row.amounts = {
                    p.id: sum((d.amounts[p.id] for d in direct if d.financier == f.id), ZERO) for p in self.periods
                }
                for period in self.periods:
                    self.explain(f.label, period.title,
                                 lambda: f"direct costs it carries = {format_amount(row.amounts[period.id])}")
            elif f.fixed_total is not None or f.share is not None:
                base, base_label = bases[f.of]
                total = financing.share_total(f, base) if f.share is not None else f.fixed_total
                if f.share is not None:
                    self.explain(f.label, "total", lambda: financing.explain_share(f, base, base_label, total))
                weights = financing.spread_weights(f, base, self.periods)
                row.amounts = financing.spread(total, weights)
                if self.explaining:
                    self.notes += financing.explain_spread(f.label, total, weights, row.amounts, self.periods)
            else:
                row.amounts = self.line_amounts(f)
        for f in self.budget.financiers:
            if f.remainder:
                others = [r for r in rows.values() if r.kind == "cash" and r.id != f.id]
                rows[f.id].amounts = financing.remainder(booked, others, self.periods)
                if self.explaining:
                    self.notes += financing.explain_remainder(booked, others, rows[f.id], self.periods)
        return list(rows.values())

    def cap(self, f: Financier) -> tuple[Decimal | None, str | None]:
        if f.max_share is not None:
            return f.max_share, "its own max_share"
        if f.fund and f.fund in self.programme.funds:
            return self.programme.funds[f.fund].max_share, f"the programme's {f.fund} fund"
        return None, None

    def explain_sums(self, sums: list[Row], parts: list[list[Row]]) -> None:
        for total, rows in zip(sums, parts):
            for period in self.periods:
                self.explain(total.label, period.title, lambda: _sum_text(rows, total, period.id))
