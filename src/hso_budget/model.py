"""The budget format (version `hso-budget/1`) as pydantic models.

Every field has a description: they are the documentation the JSON Schema (`hso-budget
schema`) gives to editors. Money is `Decimal` parsed from the source text (see `money`).
"""

import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError, core_schema

from . import money
from .i18n import _

FORMAT = "hso-budget/1"
TOTAL = "total"


class _Schema:
    """A field type's pydantic schema, made directly: pydantic's `BeforeValidator`, `AfterValidator`
    and `Field` in `Annotated` cost it a signature read and more at each of the ~90 fields of these
    types, at every start. `core()` makes the validation schema (a new one each time, as pydantic
    adds to it); the JSON Schema is the core schema's with `json_schema` over it."""

    def __init__(self, core: Callable[[], core_schema.CoreSchema], json_schema: dict[str, Any]):
        self.core, self.json_schema = core, json_schema

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return self.core()

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: Any) -> dict[str, Any]:
        return {**handler(schema), **self.json_schema}


def _money(parse: Callable[[object], Decimal], **json_schema: Any) -> _Schema:
    """A Decimal read from text by a parser of `money`."""

    def validate(value: object) -> Decimal:
        try:
            return parse(value)
        except money.NumberError as exc:
            raise PydanticCustomError("number", str(exc)) from None

    return _Schema(lambda: core_schema.no_info_before_validator_function(validate, core_schema.decimal_schema()),
                   json_schema)


def _nfc(value: Any) -> Any:
    """Names compare as a reader sees them: a decomposed ä is the same name as ä (Unicode NFC)."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _name(json_schema: dict[str, Any], **constraints: Any) -> _Schema:
    """Text compared as a reader sees it (`_nfc`)."""
    return _Schema(lambda: core_schema.no_info_after_validator_function(_nfc, core_schema.str_schema(**constraints)),
                   json_schema)


Amount = Annotated[Decimal, _money(money.parse_amount, type=["string", "number"], pattern=money.text_pattern("amount"),
                                   examples=["454 407", "13 279 868,45"])]
Number = Annotated[Decimal, _money(money.parse_number, type=["string", "number"], pattern=money.text_pattern("number"))]
Units = Annotated[Decimal, _money(money.parse_units, type=["string", "number"], pattern=money.text_pattern("units"))]
Percent = Annotated[Decimal, _money(money.parse_percent, type="string", pattern=money.text_pattern("percent"),
                                    examples=["15 %"])]
Key = Annotated[str, _name({})]
# YAML values stay the text written, so `label: 2026` is the text '2026': the schema allows numbers too
Id = Annotated[str, _name({"type": ["string", "number"], "description": "An identifier that other entries refer to."},
                          min_length=1)]
Text = Annotated[str, _name({"type": ["string", "number"]}, min_length=1, pattern=r"\S")]
AmountTable = Annotated[
    dict[Key, Amount],
    Field(
        description="Amounts per period id; an optional `total` key is the total as written, "
        "checked against the sum of the periods.",
    ),
]


class Strict(BaseModel):
    """Unknown keys are errors; nothing the user wrote is ignored.

    Empty defaults come from `lambda: []` and `lambda: {}`, not `list` and `dict`: pydantic reads a
    factory's signature, and a builtin's it parses from text with the tokenizer (~10 ms at start-up).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Project(Strict):
    name: Text = Field(description="The project's name, as in the application.")
    owner: Text = Field(description="The project owner (stödmottagare), e.g. Härnösands kommun.")
    currency: Literal["SEK"] = Field("SEK", description="All amounts are in Swedish kronor.")
    reference: str | None = Field(None, description="The application's or decision's case number.")


class Period(Strict):
    id: Id
    label: Text | None = Field(None, description="How the period is shown, e.g. 'År 1'; defaults to the id.")
    start: date | None = Field(None, description="First day of the period (optional).")
    end: date | None = Field(None, description="Last day of the period (optional).")

    @property
    def title(self) -> str:
        return self.label or self.id


class FlatRateRule(Strict):
    max: Percent = Field(description="The highest rate the programme allows.")


class FundRule(Strict):
    label: str | None = None
    max_share: Percent = Field(description="The highest share of the eligible project cost, over the whole project.")


class ChangeRules(Strict):
    """When a cost category's overrun needs approval (Tillväxtverket: over 20 %, a formal change
    decision unless the excess is under 50 000 kr, when the case officer's approval suffices)."""

    significant_excess: Percent = Field(description="An excess over the approved budget above this share is significant.")
    case_officer_below: Amount = Field(description="A significant excess below this many kronor needs only the case "
                                       "officer's approval; from it on, a change decision.")


class Programme(Strict):
    """A funding programme's rules: a preset shipped with hso-budget, with overrides."""

    model_config = ConfigDict(defer_build=False)  # built once: for the presets, and reused inside Budget's
    preset: str | None = Field(None, description="A programme preset, e.g. eruf-mellersta-norrland-2021-2027.")
    label: str | None = None
    hours_per_year: int | None = Field(None, gt=0, description="Working hours in a full-time year (1 720).")
    staff_indexation: Percent | None = Field(None, description="Yearly indexation of salaries (2.4 %).")
    staff_indexation_from: Literal["position-start", "project-start"] | None = Field(
        None,
        description="Where the 12 months of salary indexation count from: the month the person starts in the "
        "project (Tillväxtverket's handbook 2021–2027, the default) or the project's first month.",
    )
    flat_rates: dict[Literal["indirect", "other-costs"], FlatRateRule] = Field(default_factory=lambda: {})
    funds: dict[str, FundRule] = Field(default_factory=lambda: {})
    max_public_share: Percent | None = Field(None, description="Highest share of public financing (100 %).")
    change_rules: ChangeRules | None = Field(None, description="When a category's overrun needs approval (follow-up).")


def _programme(value: object) -> object:
    return {"preset": value} if isinstance(value, str) else value


class Item(Strict):
    """A line item: units × unit price per period, or amounts."""

    label: Text
    unit_price: Amount | None = Field(None, description="Price of one unit in kronor.")
    units: Units | dict[Key, Units] | None = Field(
        None, description="Number of units: one number (with `period`, or in every period) or per period."
    )
    period: Key | None = Field(None, description="The period of a one-off item.")
    amounts: AmountTable | None = None

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        if (self.amounts is None) == (self.unit_price is None):
            raise PydanticCustomError("rule", _("give either 'amounts' or 'unit_price' with 'units'"))
        if self.unit_price is not None and self.units is None:
            raise PydanticCustomError("rule", _("'unit_price' needs 'units'"))
        if self.period is not None and (isinstance(self.units, dict) or self.amounts is not None):
            raise PydanticCustomError("rule", _("'period' goes with a single number of units, not a table"))
        return self


CategoryKind = Literal["staff", "payroll", "indirect", "other-costs", "cost", "revenue"]


class Line(Strict):
    """What every cost line shares: how its amounts are given."""

    id: Id
    label: Text
    amounts: AmountTable | None = None
    per_period: Amount | None = Field(None, description="The same amount in every period.")
    items: list[Item] | None = Field(None, description="Line items (units × unit price).")
    empty_ok: bool = Field(False, description="Keep the row in the layout even when it is zero.")

    def rules_given(self) -> list[str]:
        return [name for name in self._rule_fields() if getattr(self, name) is not None]

    @classmethod
    def _rule_fields(cls) -> tuple[str, ...]:
        return ("amounts", "per_period", "items")

    @model_validator(mode="after")
    def _at_most_one_rule(self) -> Self:
        given = self.rules_given()
        if len(given) > 1:
            raise PydanticCustomError("rule", _("give only one of {given}"), {"given": ", ".join(given)})
        return self


class Category(Line):
    """A cost category (kostnadsslag) of the project owner's booked costs, or revenue."""

    kind: CategoryKind = Field(
        "cost",
        description="staff (Personal), payroll (Lönebikostnad), indirect (flat rate ≤ 15 % of staff), "
        "other-costs (flat rate ≤ 40 % of staff covering all other costs), cost (actual costs), "
        "revenue (Intäkter: reduces the booked cost).",
    )
    first_period: Amount | None = Field(None, description="The first period's amount; later periods are indexed.")
    indexation: Percent | None = Field(None, description="Yearly indexation for `first_period` (default: the programme's).")
    rate: Percent | None = Field(None, description="A percentage of the categories in `of` and of the kinds in `of_kinds`.")
    of: list[Id] | None = Field(None, description="The categories a `rate` applies to.")
    of_kinds: list[CategoryKind] | None = Field(
        None,
        description="The kinds of category a `rate` applies to, e.g. [staff, payroll]: every category of those "
        "kinds, including ones added later (what the regulation calls direct staff costs).",
    )

    @classmethod
    def _rule_fields(cls) -> tuple[str, ...]:
        return ("amounts", "per_period", "items", "first_period", "rate")

    @model_validator(mode="after")
    def _rule_parts(self) -> Self:
        if (self.rate is None) != (self.of is None and self.of_kinds is None):
            raise PydanticCustomError("rule", _("'rate' goes with 'of' (categories) or 'of_kinds' (kinds of category)"))
        if self.indexation is not None and self.first_period is None:
            raise PydanticCustomError("rule", _("'indexation' goes with 'first_period'"))
        return self


class DirectCost(Line):
    """A cost carried directly by another actor (direktfinansiering): a cost and a financing."""

    financier: Id = Field(description="The in-kind financier that carries this cost.")


class Financier(Strict):
    """A co-financier (medfinansiär) and how its amounts follow."""

    id: Id
    label: Text
    sector: Literal["public", "private"] = Field(description="Public (offentlig) or private (privat).")
    kind: Literal["cash", "in-kind"] = Field("cash", description="Cash (kontant) or in-kind (direktfinansiering).")
    fund: str | None = Field(None, description="The programme fund it grants from (its cap applies), e.g. eruf.")
    max_share: Percent | None = Field(None, description="Its highest share of the project cost (overrides the fund's).")
    amounts: AmountTable | None = None
    per_period: Amount | None = Field(None, description="The same amount in every period.")
    fixed_total: Amount | None = Field(None, description="A total for the whole project, spread over the periods.")
    share: Percent | None = Field(None, description="A percentage of `of` over the whole project.")
    of: Literal["project_cost", "booked_cost"] = Field("project_cost", description="The base of `share`.")
    spread: Literal["base", "even", "weights"] | None = Field(
        None, description="How a total is spread over periods: by the base per period, evenly, or by `weights`."
    )
    weights: dict[Key, Number] | None = Field(None, description="Weights per period for `spread: weights`.")
    remainder: bool = Field(False, description="Covers what is left of the booked cost in every period.")
    carried: bool = Field(False, description="In-kind: the direct costs that name this financier.")
    empty_ok: bool = Field(False, description="Keep the row in the layout even when it is zero.")

    def rules_given(self) -> list[str]:
        rules = ["amounts", "per_period", "fixed_total", "share"]
        given = [name for name in rules if getattr(self, name) is not None]
        return given + [name for name in ("remainder", "carried") if getattr(self, name)]

    @model_validator(mode="after")
    def _one_rule(self) -> Self:
        given = self.rules_given()
        if len(given) != 1:
            what = ", ".join(given) if given else _("none")
            raise PydanticCustomError(
                "rule",
                _("give exactly one of amounts, per_period, fixed_total, share, remainder: true, "
                  "carried: true (given: {what})"),
                {"what": what},
            )
        if self.spread is not None and given[0] not in ("fixed_total", "share"):
            raise PydanticCustomError("rule", _("'spread' goes with 'fixed_total' or 'share'"))
        if "of" in self.model_fields_set and self.share is None and self.spread != "base":
            raise PydanticCustomError("rule", _("'of' goes with 'share' (or 'fixed_total' with 'spread: base')"))
        if (self.spread == "weights") != (self.weights is not None):
            raise PydanticCustomError("rule", _("'spread: weights' and 'weights' go together"))
        if self.carried and self.kind != "in-kind":
            raise PydanticCustomError("rule", _("'carried: true' is for in-kind financiers (kind: in-kind)"))
        if self.remainder and self.kind != "cash":
            raise PydanticCustomError("rule", _("the remainder financier must give cash (kind: cash)"))
        return self


class StaffPosition(Strict):
    """A staff position: the role, not the person."""

    role: Text = Field(description="The role, e.g. 'Processledare Ånge'.")
    employer: Text = Field(description="The employer; its payroll-overhead rate applies.")
    monthly_salary: Amount = Field(description="Monthly salary in the first year, before indexation.")
    share_of_time: Percent = Field(Decimal(1), description="Share of full time (100 %).")
    periods: list[Id] | None = Field(None, description="The periods worked (default: all).")
    start: date | None = Field(None, description="First day worked (needs dated periods).")
    end: date | None = Field(None, description="Last day worked (needs dated periods).")
    category: Id | None = Field(None, description="The staff category (default: the one of kind staff).")
    indexation: Percent | None = Field(None, description="Yearly salary indexation (default: the programme's).")
    hours: dict[str, Number] | None = Field(
        None,
        description="Hours worked per period id, where known (actual hours); else 1 720 × share of time × months / 12.",
    )

    @model_validator(mode="after")
    def _when(self) -> Self:
        if self.periods is not None and (self.start or self.end):
            raise PydanticCustomError("rule", _("give either 'periods' or 'start'/'end'"))
        return self


ALL_PERIODS = "*"


def _payroll_rates(value: object) -> dict[str, Decimal]:
    """One rate for every period (`44,62 %`), or a rate per period id (`{ar1: 45,24 %}`)."""
    items = value.items() if isinstance(value, dict) else [(ALL_PERIODS, value)]
    rates: dict[str, Decimal] = {}
    for period, rate in items:
        try:
            rates[_nfc(str(period))] = money.parse_percent(rate)
        except money.NumberError as exc:
            where = "" if period == ALL_PERIODS else _(" for period '{period}'").format(period=period)
            raise PydanticCustomError("number", "{message}{where}", {"message": str(exc), "where": where}) from None
    return rates


PayrollRate = Annotated[
    dict[str, Decimal],
    BeforeValidator(_payroll_rates, json_schema_input_type=str | dict[str, str]),
    Field(json_schema_extra={"anyOf": [{"type": "string"}, {"type": "object", "additionalProperties": {"type": "string"}}]}),
]


class Acceptance(Strict):
    """A warning seen and accepted, with the reason. It applies while the warning's value is the
    one written here: when the numbers change, the warning is reported again."""

    check: str = Field(description="The warning's check id, e.g. financing-cap.")
    at: str = Field(description="Where the warning is, as `--format json` gives it: e.g. financiers.tillvaxtverket.")
    period: Id | None = Field(None, description="The period of the warning, for a warning about one period.")
    value: Text | None = Field(None, description="What was accepted, as the warning's `value` gives it.")
    reason: Text = Field(description="Why the warning is accepted (shown with it).")


class Totals(Strict):
    """Sums as written in the spreadsheet or application: each is checked against the computed one."""

    booked_cost: AmountTable | None = Field(None, description="SUMMA BOKFÖRD KOSTNAD")
    direct_costs: AmountTable | None = Field(None, description="SUMMA KOSTNAD FRÅN ANDRA OFFENTLIGA AKTÖRER")
    project_cost: AmountTable | None = Field(None, description="SUMMA PROJEKTKOSTNAD")
    public_cash_financing: AmountTable | None = Field(None, description="SUMMA BOKFÖRD OFFENTLIG FINANSIERING")
    private_cash_financing: AmountTable | None = Field(None, description="SUMMA PRIVAT FINANSIERING")
    cash_financing: AmountTable | None = Field(None, description="TOTAL KONTANT FINANSIERING")
    direct_financing: AmountTable | None = Field(None, description="SUMMA DIREKTFINANSIERING")
    project_financing: AmountTable | None = Field(None, description="SUMMA PROJEKTFINANSIERING")


class Budget(Strict):
    """A project budget: costs per category and period, and who finances them."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="hso-budget",
        json_schema_extra={"$comment": "hso-budget format hso-budget/1"},
    )

    format: Literal["hso-budget/1"] = Field(description="The format version: hso-budget/1.")
    project: Project
    programme: Annotated[Programme | None, BeforeValidator(_programme, json_schema_input_type=str | Programme | None)] = Field(
        None, description="The funding programme: a preset name, or a mapping with `preset` and overrides."
    )
    periods: list[Period] = Field(min_length=1, description="The periods in order (years, or reporting periods).")
    payroll_overheads: dict[Key, PayrollRate] = Field(
        default_factory=lambda: {},
        description="Payroll-overhead rate (lönebikostnad) per employer: one rate or a rate per period.",
    )
    staff: list[StaffPosition] = Field(default_factory=lambda: [], description="Staff positions.")
    costs: list[Category] = Field(min_length=1, description="Cost categories in the application's order.")
    direct_costs: list[DirectCost] = Field(default_factory=lambda: [], description="Costs carried by other actors.")
    financiers: list[Financier] = Field(min_length=1, description="Financiers in the application's order.")
    totals: Totals | None = Field(None, description="Totals as written, to be checked.")
    accepted: list[Acceptance] = Field(default_factory=lambda: [], description="Warnings seen and accepted, with the reason.")
