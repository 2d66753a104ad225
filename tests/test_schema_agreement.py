"""The JSON Schema accepts what `check` accepts, where a JSON Schema can say it.

Each value is written as in a YAML file; `check` sees the text written (see `source`), an
editor's YAML language server sees YAML 1.2's types (`454407` a number, `454 407` text).
Not expressible in the schema, and so left out: the limits on digits and size, and numbers that
YAML itself types as numbers (`12.345`, `1e5`), whose text the schema never sees.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from pydantic import TypeAdapter, ValidationError

from hso_budget.model import Amount, Id, Number, Percent, Text, Units
from hso_budget.runner import check_text

ROOT = Path(__file__).resolve().parents[1]
YAML12_INT = re.compile(r"[-+]?[0-9]+$")
YAML12_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def as_editor_sees_it(written: str) -> object:
    """A plain YAML scalar as YAML 1.2's core schema types it."""
    if YAML12_INT.match(written):
        return int(written)
    if YAML12_FLOAT.match(written):
        return float(written)
    return written


NAMES = {Amount: "amount", Number: "number", Units: "units", Percent: "percent", Id: "id", Text: "text"}
CASES = {  # type: (accepted, refused), as written in the file
    Amount: (["454 407", "454407", "13 279 868,45", "12.50", "1 234,50 kr", "661 270 SEK", "500 kr.", "-5", "−5",
              "0", "6\u00a0428\u00a0829"],
             ["banana", "1.960.000", "1_960_000", "930 000:-", "1 960 000,-", "1,234", "12,345", "6,428,829",
              "1 234,567", "100 tkr", "1,2,3", "12 %", "6  428"]),
    Number: (["12,3456", "1 720", "0,5", "−0,25", "1 234,567"],
             ["1,500", "abc", "1.960.000", "1,2,3"]),
    Units: (["3", "0,5", "1 500", "2.25"],
            ["1,500", "3 st", "1_500"]),
    Percent: (["15 %", "15%", "44,62254 %", "14,999 %", "2.4 %", "15\u00a0%"],
              ["15", "banana %", "1,2,3 %", "%", "15 % %"]),
    Id: (["ar1", "2026", "tillvaxtverket"], []),
    Text: (["År 1", "2026", "Region Västernorrland"], [" "]),
}


def accepted_by_check(kind, written: str) -> bool:
    try:
        TypeAdapter(kind).validate_python(written)
    except ValidationError:
        return False
    return True


def accepted_by_schema(kind, written: str) -> bool:
    validator = jsonschema.Draft202012Validator(TypeAdapter(kind).json_schema())
    return validator.is_valid(as_editor_sees_it(written))


@pytest.mark.parametrize(
    ("kind", "written", "accepted"),
    [pytest.param(kind, text, ok, id=f"{NAMES[kind]}-{text}")
     for kind, (good, bad) in CASES.items() for ok, texts in ((True, good), (False, bad)) for text in texts],
)
def test_check_and_the_schema_agree(kind, written, accepted):
    assert accepted_by_check(kind, written) is accepted
    assert accepted_by_schema(kind, written) is accepted


BUDGET = """\
format: hso-budget/1
programme: eruf-mellersta-norrland-2021-2027
project: {name: Test, owner: Härnösands kommun}
periods:
  - {id: ar1, label: 2026}
costs:
  - {id: resor, label: Resor, amounts: {ar1: AMOUNT}}
financiers:
  - {id: region, label: Region, sector: public, remainder: true}
"""


def schema_errors(data: dict) -> list[str]:
    schema = json.loads((ROOT / "schema" / "budget.schema.json").read_text("utf-8"))
    return [f"{e.json_path}" for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]


def as_data(amount: object) -> dict:
    return {
        "format": "hso-budget/1",
        "project": {"name": "Test", "owner": "Härnösands kommun"},
        "periods": [{"id": "ar1", "label": 2026}],
        "costs": [{"id": "resor", "label": "Resor", "amounts": {"ar1": amount}}],
        "financiers": [{"id": "region", "label": "Region", "sector": "public", "remainder": True}],
    }


def test_a_numeric_label_passes_both_and_banana_fails_both():
    assert check_text(BUDGET.replace("AMOUNT", "1 000").encode(), "b.yaml").problems == []
    assert schema_errors(as_data("1 000")) == []
    refused = check_text(BUDGET.replace("AMOUNT", "banana").encode(), "b.yaml").problems
    assert [(p.line, p.column, p.message) for p in refused] == [
        (7, 46, "costs[0].amounts.ar1: expected a number, got 'banana'")]
    assert schema_errors(as_data("banana")) == ["$.costs[0].amounts"]  # the schema's tools count from 0, as check does
