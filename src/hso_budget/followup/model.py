"""The follow-up formats: the follow-up file (`hso-budget-follow-up/1`) and one actuals file per
reporting period (`hso-budget-actuals/1`). Money follows the budget format's rules."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ..i18n import _
from ..model import Amount, Id, Number, Strict, Text
from ..sie.mapping import LedgerMapping

FOLLOW_UP_FORMAT = "hso-budget-follow-up/1"
ACTUALS_FORMAT = "hso-budget-actuals/1"


class Approved(Strict):
    """The budget approved in the decision (beslut) or the latest change decision."""

    revision: str | None = Field(None, description="A git revision (tag or commit) of the budget file.")
    file: str | None = Field(None, description="A frozen copy of the approved budget, relative to this file.")
    decision: str | None = Field(None, description="The decision's date or case number, for the reader.")

    @model_validator(mode="after")
    def _one(self) -> Approved:
        if (self.revision is None) == (self.file is None):
            raise PydanticCustomError("rule", _("give either 'revision' (a git revision) or 'file' (a frozen copy)"))
        return self


class ReportingPeriod(Strict):
    id: Id
    label: Text | None = Field(None, description="How the period is shown; defaults to the id.")
    start: date
    end: date

    @property
    def title(self) -> str:
        return self.label or self.id


class FollowUp(Strict):
    """What the office follows the budget with: the approved version, reporting periods, actuals."""

    format: Literal["hso-budget-follow-up/1"] = Field(description="The format version: hso-budget-follow-up/1.")
    budget: str = Field("budget.yaml", description="The working budget, relative to this file.")
    approved: Approved
    start: date | None = Field(None, description="The project's first day, when the budget's periods have no dates "
                                                 "(then they are consecutive years from it).")
    reporting_periods: list[ReportingPeriod] = Field(min_length=1)
    actuals: str = Field("actuals", description="The folder of the actuals files, relative to this file.")
    ledger: LedgerMapping | None = Field(None, description="Which ledger rows are the project's and which accounts "
                                         "go to which category (`hso-budget actuals`, SIE import).")


class Actuals(Strict):
    """One reporting period's actual costs, hours worked and financing received."""

    format: Literal["hso-budget-actuals/1"] = Field(description="The format version: hso-budget-actuals/1.")
    reporting_period: Id
    costs: dict[Id, Amount] = Field(default_factory=dict, description="Actual cost per category id (typed "
                                    "categories; flat rates and payroll rates are recomputed).")
    direct_costs: dict[Id, Amount] = Field(default_factory=dict, description="Actual cost per direct cost id.")
    hours: dict[str, Number] = Field(default_factory=dict, description="Hours worked per staff position (its role).")
    received: dict[Id, Amount] = Field(default_factory=dict, description="Financing received per financier id.")
    forecast: dict[Id, Amount] = Field(default_factory=dict, description="The office's forecast of the cost still "
                                       "to come per category (default: what remains of its budget).")
    reported: date | None = Field(None, description="The day the claim for this period was sent; after it the "
                                  "period's actuals are not changed.")
    source: str | None = Field(None, description="Where the costs came from (a ledger export).")
