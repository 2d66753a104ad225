"""Hypothesis strategies: budgets generated as plain structures, then written out as YAML text.

A generated budget is a dict of plain values (amounts as `Kronor`, rates as `Percent`) that
`to_yaml` writes the way people do: block or flow style, amounts with spaces, no-break spaces
or nothing between thousands, a decimal comma or point, `kr` after some. The text can be
written with the keys of every mapping in another order, and the lists of costs and
financiers reordered, without changing what it means.
"""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

SEPARATORS = (" ", "\u00a0", "\u202f", "")
PLAIN_TEXT = re.compile(r"^[A-Za-zÅÄÖåäö][\wÅÄÖåäö .–-]*[\wÅÄÖåäö]$")
YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}


class Kronor(Decimal):
    """An amount of money: it may be written with `kr` after it."""


class Percent(Decimal):
    """A percentage as written (15.5 means 15,5 %)."""


# -- values --------------------------------------------------------------------------------

whole_kronor = st.integers(min_value=0, max_value=50_000_000).map(Kronor)
with_ore = st.integers(min_value=0, max_value=5_000_000_00).map(lambda ore: Kronor(Decimal(ore).scaleb(-2)))
amounts = st.one_of(whole_kronor, whole_kronor, with_ore)
small_amounts = st.integers(min_value=0, max_value=2_000_000).map(Kronor)
revenue = st.integers(min_value=0, max_value=100_000).map(Kronor)


def percentages(most: int):
    """Percentages from 0 to `most` %, to two decimals."""
    return st.integers(min_value=0, max_value=most * 100).map(lambda hundredths: Percent(Decimal(hundredths).scaleb(-2)))


units = st.one_of(st.integers(min_value=0, max_value=40).map(Decimal),
                  st.integers(min_value=0, max_value=400).map(lambda tenths: Decimal(tenths).scaleb(-1)))
labels = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖ –-", min_size=1, max_size=20).map(str.strip).filter(bool)


def table(period_ids: list[str], values=amounts):
    """An amount for every period."""
    return st.fixed_dictionaries({pid: values for pid in period_ids})


@st.composite
def items(draw, period_ids: list[str]) -> list[dict]:
    found = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        item = {"label": draw(labels)}
        how = draw(st.sampled_from(["every", "once", "table", "amounts"]))
        if how == "amounts":
            chosen = draw(st.lists(st.sampled_from(period_ids), min_size=1, unique=True))
            item["amounts"] = {pid: draw(small_amounts) if pid in chosen else Kronor(0) for pid in period_ids}
        else:
            item["unit_price"] = draw(st.one_of(small_amounts, with_ore.filter(lambda a: a < 100_000)))
            if how == "table":
                item["units"] = draw(table(period_ids, units))
            else:
                item["units"] = draw(units)
                if how == "once":
                    item["period"] = draw(st.sampled_from(period_ids))
        found.append(item)
    return found


# -- a budget ------------------------------------------------------------------------------


LAYOUTS = ("years", "dated-years", "half-years", "gapped", "mid-month")


def period_list(layout: str, count: int, first_year: int = 2027) -> list[dict]:
    """Periods laid out as undated years, calendar years, half-years, years with a month's gap
    between them, or half-years that start on the 15th."""
    found = []
    for i in range(count):
        period = {"id": f"p{i + 1}", "label": f"Period {i + 1}"}
        if layout == "dated-years":
            start, end = date(first_year + i, 1, 1), date(first_year + i, 12, 31)
        elif layout == "half-years":
            year, half = first_year + i // 2, i % 2
            start, end = date(year, 1 + 6 * half, 1), date(year, 6, 30) if not half else date(year, 12, 31)
        elif layout == "gapped":  # February to December: January is between projects' years
            start, end = date(first_year + i, 2, 1), date(first_year + i, 12, 31)
        elif layout == "mid-month":
            start = date(first_year + (2 + 6 * i) // 12, (2 + 6 * i) % 12 + 1, 15)
            following = date(first_year + (8 + 6 * i) // 12, (8 + 6 * i) % 12 + 1, 15)
            end = following - timedelta(days=1)
        else:
            found.append(period)
            continue
        found.append({**period, "start": start, "end": end})
    return found


@st.composite
def staff(draw, periods: list[dict]) -> list[dict]:
    """1–3 staff positions: whole time or part time, all periods, some periods, or (with dated
    periods) from and to a day within the project."""
    positions = []
    for i in range(draw(st.integers(min_value=1, max_value=3))):
        position = {"role": f"Roll {i + 1}", "employer": draw(st.sampled_from(["Arbetsgivare A", "Arbetsgivare B"])),
                    "monthly_salary": draw(st.integers(min_value=20_000, max_value=90_000).map(Kronor))}
        if draw(st.booleans()):
            position["share_of_time"] = draw(st.integers(min_value=1, max_value=100).map(Percent))
        how = draw(st.sampled_from(["all", "periods", "dates"] if "start" in periods[0] else ["all", "periods"]))
        if how == "periods":
            position["periods"] = draw(st.lists(st.sampled_from([p["id"] for p in periods]), min_size=1, unique=True))
        elif how == "dates":
            first, last = periods[0]["start"], periods[-1]["end"]
            days = (last - first).days
            a, b = sorted(draw(st.lists(st.integers(min_value=0, max_value=days), min_size=2, max_size=2)))
            position["start"], position["end"] = first + timedelta(days=a), first + timedelta(days=b)
            if not any(p["start"] <= position["end"] and position["start"] <= p["end"] for p in periods):
                del position["start"], position["end"]  # in a gap between periods: all periods instead
        positions.append(position)
    return positions


@st.composite
def budgets(draw) -> dict:
    """A budget that passes every structure check: 1–6 periods (undated years, or dated: calendar
    years, half-years, years with gaps, half-years from the 15th), 1–8 categories, staff positions
    with their categories, 0–3 direct costs, cash financiers of every rule and exactly one
    remainder, an in-kind financier per direct cost. A third of them are large (up to 10^11 kr a line)."""
    n_periods = draw(st.integers(min_value=1, max_value=6))
    periods = period_list(draw(st.sampled_from(LAYOUTS)), n_periods)
    period_ids = [p["id"] for p in periods]
    large = draw(st.integers(min_value=0, max_value=2)) == 0
    line_amounts = st.integers(min_value=0, max_value=99_999_999_999).map(Kronor) if large else amounts
    costs = []
    positions = draw(staff(periods)) if draw(st.integers(min_value=0, max_value=2)) == 0 else []
    if positions:
        costs += [{"id": "personal", "label": "Personal", "kind": "staff"},
                  {"id": "lbk", "label": "Lönebikostnad", "kind": "payroll"}]
    for i in range(1, draw(st.integers(min_value=0 if costs else 1, max_value=8)) + 1):
        cost = {"id": f"c{i}", "label": draw(labels)}
        rule = draw(st.sampled_from(["amounts", "per_period", "items", "rate", "first_period"] if costs
                                    else ["amounts", "per_period", "items", "first_period"]))
        if rule == "amounts":
            kinds = ["cost", "cost", "payroll", "revenue"] + ([] if positions else ["staff"])
            cost["kind"] = draw(st.sampled_from(kinds))
            cost["amounts"] = draw(table(period_ids, revenue if cost["kind"] == "revenue" else line_amounts))
            if draw(st.booleans()):
                cost["amounts"]["total"] = Kronor(sum(cost["amounts"].values(), Decimal(0)))
        elif rule == "per_period":
            cost["kind"] = draw(st.sampled_from(["cost", "cost", "revenue"]))
            cost["per_period"] = draw(revenue if cost["kind"] == "revenue" else small_amounts)
        elif rule == "items":
            cost["items"] = draw(items(period_ids))
        elif rule == "rate":
            cost["rate"] = draw(percentages(60))
            if positions and draw(st.booleans()):
                cost["of_kinds"] = draw(st.lists(st.sampled_from(["staff", "payroll"]), min_size=1, unique=True))
            else:
                cost["of"] = draw(st.lists(st.sampled_from([c["id"] for c in costs]), min_size=1, unique=True))
        else:
            cost["first_period"] = draw(line_amounts)
            cost["indexation"] = draw(percentages(5))
        costs.append(cost)
    direct_costs, in_kind = [], []
    for i in range(1, draw(st.integers(min_value=0, max_value=3)) + 1):
        direct = {"id": f"d{i}", "label": draw(labels), "financier": f"k{i}"}
        if draw(st.booleans()):
            direct["per_period"] = draw(small_amounts)
        else:
            direct["amounts"] = draw(table(period_ids, small_amounts))
        direct_costs.append(direct)
        in_kind.append({"id": f"k{i}", "label": direct["label"], "sector": "public", "kind": "in-kind",
                        "carried": True})
    cash = [draw(financier(f"f{i}", period_ids)) for i in range(1, draw(st.integers(min_value=0, max_value=4)) + 1)]
    remainder = {"id": "rest", "label": draw(labels), "sector": draw(st.sampled_from(["public", "private"])),
                 "remainder": True}
    cash.insert(draw(st.integers(min_value=0, max_value=len(cash))), remainder)
    budget = {
        "format": "hso-budget/1",
        "project": {"name": draw(labels), "owner": draw(labels)},
        "periods": periods,
        "costs": costs,
    }
    if positions:
        budget["payroll_overheads"] = {"Arbetsgivare A": draw(percentages(60)), "Arbetsgivare B": draw(percentages(60))}
        budget["staff"] = positions
    if direct_costs:
        budget["direct_costs"] = direct_costs
    budget["financiers"] = cash + in_kind
    return budget


@st.composite
def financier(draw, financier_id: str, period_ids: list[str]) -> dict:
    found = {"id": financier_id, "label": draw(labels), "sector": draw(st.sampled_from(["public", "private"]))}
    rule = draw(st.sampled_from(["amounts", "per_period", "fixed_total", "share"]))
    if rule == "amounts":
        found["amounts"] = draw(table(period_ids, small_amounts))
    elif rule == "per_period":
        found["per_period"] = draw(small_amounts)
    else:
        if rule == "fixed_total":
            found["fixed_total"] = draw(st.integers(min_value=0, max_value=5_000_000).map(Kronor))
        else:
            found["share"] = draw(percentages(40))
            found["of"] = draw(st.sampled_from(["project_cost", "booked_cost"]))
        spread = draw(st.sampled_from([None, "even", "base", "weights"]))
        if spread:
            found["spread"] = spread
        if spread == "weights":
            found["weights"] = draw(table(period_ids, st.integers(min_value=1, max_value=100).map(Decimal)))
    return found


# -- writing YAML ----------------------------------------------------------------------------


def reordered(budget: dict, rng: random.Random) -> dict:
    """The same budget with the categories, direct costs and financiers in another order."""
    copy = dict(budget)
    for section in ("costs", "direct_costs", "financiers"):
        if section in copy:
            copy[section] = rng.sample(copy[section], len(copy[section]))
    return copy


def to_yaml(budget: dict, style: random.Random, key_order: random.Random | None = None) -> str:
    """The budget as YAML text; `style` picks how each value is written, `key_order` shuffles
    the keys of every mapping (None: as generated)."""
    return _Writer(style, key_order).block(budget, 0)


class _Writer:
    def __init__(self, style: random.Random, key_order: random.Random | None):
        self.style = style
        self.key_order = key_order

    def keys(self, mapping: dict) -> list:
        keys = list(mapping)
        if self.key_order is not None:
            self.key_order.shuffle(keys)
        return keys

    def block(self, mapping: dict, indent: int) -> str:
        lines = []
        pad = " " * indent
        for key in self.keys(mapping):
            value = mapping[key]
            if isinstance(value, list) and value and isinstance(value[0], dict):
                lines.append(f"{pad}{key}:\n" + "".join(self.entry(v, indent + 2) for v in value))
            elif isinstance(value, dict) and (len(value) > 4 or self.style.random() < 0.5):
                lines.append(f"{pad}{key}:\n{self.block(value, indent + 2)}")
            else:
                lines.append(f"{pad}{key}: {self.flow(value)}\n")
        return "".join(lines)

    def entry(self, mapping: dict, indent: int) -> str:
        """A list entry: `- {…}` on one line, or `- key: value` lines."""
        if self.style.random() < 0.3:
            return f"{' ' * indent}- {self.flow(mapping)}\n"
        text = self.block(mapping, indent + 2)
        return f"{' ' * indent}- {text[indent + 2:]}"

    def flow(self, value) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {self.flow(value[k])}" for k in self.keys(value)) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(v) for v in value) + "]"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Percent):
            return self.quoted_if_comma(self.number(value) + self.style.choice(["%", " %", "\u00a0%"]))
        if isinstance(value, Decimal):
            text = self.number(value)
            if isinstance(value, Kronor) and self.style.random() < 0.1:
                text += " kr"
            return self.quoted_if_comma(text)
        plain = PLAIN_TEXT.match(value) and value.lower() not in YAML_WORDS
        return value if plain else json.dumps(value, ensure_ascii=False)

    def quoted_if_comma(self, text: str) -> str:
        """Inside `{…}` and `[…]` a comma separates entries, so a decimal comma needs quotes."""
        return f'"{text}"' if "," in text else text

    def number(self, value: Decimal) -> str:
        """`1234567`, `1 234 567,50`, `1\u00a0234\u00a0567.50` …: as people write (non-negative) amounts."""
        whole, fraction = f"{value:f}".partition(".")[::2]
        separator = self.style.choice(SEPARATORS)
        groups = []
        while len(whole) > 3:
            whole, groups = whole[:-3], [whole[-3:], *groups]
        text = separator.join([whole, *groups])
        if fraction:
            text += self.style.choice([",", "."]) + fraction
        return text
