"""The calculator: from a validated budget to every row, subtotal and share, each amount an expression.

It assumes the structure checks passed (references resolve, no cycles); it never prints. Every
derived amount is an expression node (`expr`): its value is the number, its text the
explanation, its formula the workbook's cell.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

from . import financing, programmes
from .calculation import Calculation, CostRow, DirectCostRow, Explanation, FinancierRow, Row, StaffRow, rows_sum
from .i18n import _
from .expr import Const, Node, Noted, Product, Ref, Round, Scale, Sum, decimal_ratio, percent_ratio
from .model import Budget, Category, Financier, Item, Line, Programme
from .money import format_amount, format_rate, krona
from .periods import Calendar, dated
from .staff import StaffCalculator

ZERO = Decimal(0)


def calculate(budget: Budget, explain: bool = False, programme: Programme | None = None) -> Calculation:
    """Derive every number of the budget; with `explain`, also how each one came about.

    `programme` is the budget's programme as `programmes.resolve` gives it, when the caller has it.
    """
    return _Calculator(budget, programme if programme is not None else programmes.resolve(budget.programme)).run(explain)


R = TypeVar("R", bound=Row)


def make_row(cls: type[R], key: tuple, row_id: str, label: str, cells: dict[str, Node], path: tuple = (),
             **extra) -> R:
    """A row whose amounts are the values of its cells."""
    return cls(row_id, label, {p: n.value for p, n in cells.items()}, dict(cells), key=key, path=path, **extra)


def sum_row(name: str, label: str, rows: list[Row], periods: list[str]) -> Row:
    """A subtotal: the sum of the rows shown, period by period (revenue subtracted)."""
    signs = [getattr(r, "sign", 1) for r in rows]
    return make_row(Row, ("sum", name), name, label, {p: rows_sum(rows, p, signs) for p in periods})


class _Calculator:
    def __init__(self, budget: Budget, programme: Programme):
        self.budget = budget
        self.periods = [p.id for p in budget.periods]
        self.programme = programme
        self.calendar = Calendar(budget.periods)
        self.categories: dict[str, CostRow] = {}
        self.staff: list[StaffRow] = []

    def run(self, explain: bool) -> Calculation:
        b, periods = self.budget, self.periods
        self.staff = StaffCalculator(b, self.programme).rows() if b.staff else []
        costs = [self.category(c) for c in b.costs]
        booked = sum_row("booked_cost", "SUMMA BOKFÖRD KOSTNAD", list(costs), periods)
        direct = [
            make_row(DirectCostRow, ("direct", d.id), d.id, d.label, self.line(d), ("direct_costs", i), financier=d.financier)
            for i, d in enumerate(b.direct_costs)
        ]
        direct_total = sum_row("direct_costs", "SUMMA KOSTNAD FRÅN ANDRA OFFENTLIGA AKTÖRER", list(direct), periods)
        project = sum_row("project_cost", "SUMMA PROJEKTKOSTNAD", [booked, direct_total], periods)
        financiers = _Financing(self, booked, project, direct).rows()
        cash = [f for f in financiers if f.kind == "cash"]
        public = sum_row("public_cash_financing", "SUMMA BOKFÖRD OFFENTLIG FINANSIERING",
                         [f for f in cash if f.sector == "public"], periods)
        private = sum_row("private_cash_financing", "SUMMA PRIVAT FINANSIERING",
                          [f for f in cash if f.sector == "private"], periods)
        cash_total = sum_row("cash_financing", "TOTAL KONTANT FINANSIERING", [public, private], periods)
        in_kind = sum_row("direct_financing", "SUMMA DIREKTFINANSIERING",
                          [f for f in financiers if f.kind == "in-kind"], periods)
        calc = Calculation(
            periods=list(b.periods), programme=self.programme, costs=costs, booked_cost=booked,
            direct_costs=direct, direct_costs_total=direct_total, project_cost=project, financiers=financiers,
            public_cash=public, private_cash=private, cash_financing=cash_total, direct_financing=in_kind,
            project_financing=sum_row("project_financing", "SUMMA PROJEKTFINANSIERING", [cash_total, in_kind], periods),
            staff=self.staff,
        )
        if explain:
            calc.explanations = explanations(calc)
        return calc

    # -- costs ---------------------------------------------------------------------------

    def category(self, c: Category) -> CostRow:
        if c.id not in self.categories:
            path = ("costs", next(i for i, other in enumerate(self.budget.costs) if other is c))
            written = self.written(c) if c.rules_given() else None
            positions = self.from_staff(c)
            parts: list[Row] = []
            if written is not None and positions is not None:  # positions add to what is written
                parts = [make_row(Row, ("cost", c.id, "written"), f"{c.id}:written",
                                  _("{label}: as written").format(label=c.label), written, path),
                         make_row(Row, ("cost", c.id, "positions"), f"{c.id}:positions",
                                  _("{label}: staff positions").format(label=c.label), positions, ("staff",))]
                cells: dict[str, Node] = {p: Sum([r.ref(p) for r in parts]) for p in self.periods}
            else:
                cells = written if written is not None else positions or {p: Const(ZERO) for p in self.periods}
            row = make_row(CostRow, ("cost", c.id), c.id, c.label, cells, path, kind=c.kind)
            row.parts = parts
            self.categories[c.id] = row
        return self.categories[c.id]

    def written(self, c: Category) -> dict[str, Node]:
        if c.first_period is not None:
            return self.indexed(c, c.first_period)
        if c.rate is not None:
            return self.rate(c, c.rate)
        return self.line(c)

    def line(self, line: Line | Financier) -> dict[str, Node]:
        """Amounts as given: a table, the same every period, or line items."""
        if line.amounts is not None:
            return {p: Const(line.amounts.get(p, ZERO)) for p in self.periods}
        if line.per_period is not None:
            return {p: Const(line.per_period) for p in self.periods}
        items = line.__dict__.get("items")  # a financier has none (getattr would raise and catch)
        if items is not None:
            return self.items(items)
        return {p: Const(ZERO) for p in self.periods}

    def indexed(self, c: Category, first_period: Decimal) -> dict[str, Node]:
        """The first period's amount, indexed once for every 12 months from the project's first month."""
        rate = c.indexation if c.indexation is not None else self.programme.staff_indexation or ZERO
        n, d = decimal_ratio(1 + rate)
        first = self.periods[0]
        whole = first_period == krona(first_period)
        cells: dict[str, Node] = {first: Const(first_period) if whole else Round(Const(first_period))}
        base: Node = Ref(("cost", c.id) if not self.has_positions(c) else ("cost", c.id, "written"), first,
                         cells[first]) if whole else Const(first_period)
        shown = format_rate(rate)
        for p in self.periods[1:]:
            step = self.calendar.step(p)
            cells[p] = Round(Scale(base, n, d, f"(1 + {shown})^{step}", power=step, rate_first=False)) \
                if step else cells[first]
        return cells

    def rate(self, c: Category, rate: Decimal) -> dict[str, Node]:
        """A percentage of other categories (by id, or all of some kinds), each named once."""
        ids = list(dict.fromkeys([*(c.of or []),
                                  *(x.id for x in self.budget.costs if x.kind in (c.of_kinds or []) and x.id != c.id)]))
        bases = [self.category(next(x for x in self.budget.costs if x.id == i)) for i in ids]
        n, d = percent_ratio(rate)
        shown, signs = format_rate(rate), [b.sign for b in bases]
        return {p: Round(Scale(rows_sum(bases, p, signs), n, d, shown)) for p in self.periods}

    def items(self, items: list[Item]) -> dict[str, Node]:
        terms: dict[str, list[Node]] = {p: [] for p in self.periods}
        for item in items:
            if item.amounts is not None:
                for p, value in item.amounts.items():
                    if p in terms:
                        terms[p].append(Noted(Const(value), item.label))
                continue
            price, given = item.unit_price, item.units
            assert price is not None and given is not None  # the model requires both without amounts
            if isinstance(given, dict):
                units = given
            elif item.period is not None:
                units = {item.period: given}
            else:
                units = dict.fromkeys(self.periods, given)
            for p, count in units.items():
                if p in terms:
                    terms[p].append(Noted(Round(Product([Const(count), Const(price)])), item.label))
        return {p: Sum(t) if t else Const(ZERO) for p, t in terms.items()}

    def has_positions(self, c: Category) -> bool:
        """Whether staff positions fill the category: their salaries, or their payroll overheads."""
        if c.kind == "staff":
            return any(s.category == c.id for s in self.staff)
        return c.kind == "payroll" and not c.rules_given() and bool(self.staff)

    def from_staff(self, c: Category) -> dict[str, Node] | None:
        """Salaries of the positions in a staff category, or the positions' payroll overheads."""
        if not self.has_positions(c):
            return None
        field = "salary" if c.kind == "staff" else "overheads"
        found: dict[str, list[Node]] = {p: [] for p in self.periods}
        for staff in self.staff:
            for seg in staff.segments:
                node = seg.salary if field == "salary" else seg.overheads
                if node is not None and (c.kind != "staff" or staff.category == c.id):
                    found[seg.period].append(Ref((*seg.key, field), None, node, staff.role))
        return {p: Sum(terms) for p, terms in found.items()}


class _Financing:
    """The financiers' rows: fixed amounts, shares and spreads, in-kind, then the remainder."""

    def __init__(self, calc: _Calculator, booked: Row, project: Row, direct: list[DirectCostRow]):
        self.calc, self.direct = calc, direct
        self.bases = {"project_cost": project, "booked_cost": booked}
        self.booked = booked

    def rows(self) -> list[FinancierRow]:
        periods = self.calc.periods
        rows: list[FinancierRow] = []
        for i, f in enumerate(self.calc.budget.financiers):
            cap, source = self.cap(f)
            row = FinancierRow(f.id, f.label, {}, key=("financier", f.id), path=("financiers", i),
                               sector=f.sector, kind=f.kind, cap=cap, cap_source=source)
            rows.append(row)
            if f.remainder:
                continue
            if f.carried:
                row.cells = financing.carried(f, self.direct, periods)
            elif f.share is not None or f.fixed_total is not None:
                base = self.bases[f.of]
                row.total_cell = (financing.share_total(f.share, base, f.of) if f.share is not None
                                  else Const(f.fixed_total or ZERO))
                row.cells = financing.spread(row, f, base, periods)
            else:
                row.cells = self.calc.line(f)
        for f, row in zip(self.calc.budget.financiers, rows):
            if f.remainder:
                others = [r for r in rows if r.kind == "cash" and r is not row]
                others.sort(key=lambda r: r.sector != "public")  # as the application lists them
                row.cells = financing.remainder(self.booked, others, periods)
        for row in rows:
            row.amounts = {p: n.value for p, n in row.cells.items()}
        return rows

    def cap(self, f: Financier) -> tuple[Decimal | None, str | None]:
        programme = self.calc.programme
        if f.max_share is not None:
            return f.max_share, _("its own max_share")
        if f.fund and f.fund in programme.funds:
            return programme.funds[f.fund].max_share, _("the programme's {fund} fund").format(fund=f.fund)
        return None, None


def explanations(calc: Calculation) -> list[Explanation]:
    """Every derived number with how it was computed: the text of its expression."""
    notes: list[Explanation] = []
    if not dated(calc.periods):
        notes.append(Explanation(_("Periods"), "", _("without dates, each period is counted as a year of 12 months "
                                                     "(hours by the 1 720-hour rule, a step of indexation every "
                                                     "period)")))
    titles = {p.id: p.title for p in calc.periods}
    for staff in calc.staff:
        for seg in staff.segments:
            text = _("{hours} h ({hours_from}) × {hourly} kr/h ({hourly_from}): salary {salary}").format(
                hours=format_amount(seg.hours.value), hours_from=seg.hours.expr(), hourly=format_amount(seg.hourly.value),
                hourly_from=seg.hourly.expr(), salary=seg.salary.text())
            if seg.overheads is not None:
                text += _("; payroll overheads {overheads}").format(overheads=seg.overheads.text())
            notes.append(Explanation(staff.role, titles[seg.period], text))
    rows: list[Row] = [*calc.costs, *(part for c in calc.costs for part in c.parts), *calc.direct_costs,
                       *calc.financiers, *calc.subtotals().values()]
    for row in rows:
        if isinstance(row, FinancierRow) and row.total_cell is not None and not row.total_cell.typed:
            notes.append(Explanation(row.label, _("total"), row.total_cell.text()))
        for p, node in row.cells.items():
            if not isinstance(node, Const):
                notes.append(Explanation(row.label, titles[p], node.text()))
    return notes
