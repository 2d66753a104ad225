"""The unavoidable work of a pydantic-validating CLI: the start-up baseline of bench/check.py.

Imports yaml, typer and rich, defines one pydantic model of ten fields and validates one dict.
"""

from decimal import Decimal

import rich  # noqa: F401
import typer  # noqa: F401
import yaml  # noqa: F401
from pydantic import BaseModel


class Line(BaseModel):
    id: str
    label: str
    sector: str
    kind: str
    ar1: Decimal
    ar2: Decimal
    ar3: Decimal
    share: Decimal | None = None
    note: str | None = None
    public: bool = True


Line.model_validate({"id": "tvv", "label": "Tillväxtverket", "sector": "public", "kind": "cash", "ar1": "1",
                     "ar2": "2", "ar3": "3", "share": "0.4", "note": None, "public": True})
