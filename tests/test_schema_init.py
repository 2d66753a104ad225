"""`hso-budget schema` (the committed schema file, editors' support) and `hso-budget init`."""

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from hso_budget.cli import app
from hso_budget.schema import DRAFT, SCHEMA_ID, schema_text
from hso_budget.template import template_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "schema" / "budget.schema.json"
BUDGET = ROOT / "data" / "budget.yaml"




def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"GITHUB_ACTIONS": None})


def test_the_committed_schema_is_up_to_date():
    assert SCHEMA_FILE.read_text("utf-8") == schema_text(), (
        "schema/budget.schema.json differs from the model; regenerate it with "
        "`hso-budget schema > schema/budget.schema.json` and commit it"
    )


def test_the_schema_command():
    result = run("schema")
    assert result.exit_code == 0
    assert result.stdout == schema_text()
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema" == DRAFT
    assert schema["$id"] == SCHEMA_ID
    assert "hso-budget/1" in schema["title"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["format"]["const"] == "hso-budget/1"
    financier = schema["$defs"]["Financier"]["properties"]
    assert "what is left of the booked cost" in financier["remainder"]["description"]
    assert set(financier["sector"]["enum"]) == {"public", "private"}


def test_the_budget_points_editors_at_the_committed_schema():
    first = BUDGET.read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/budget.schema.json"
    assert (BUDGET.parent / "../schema/budget.schema.json").resolve() == SCHEMA_FILE


# --- validating with the schema, as editors do ---------------------------------------------------


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


class EditorLoader(yaml.SafeLoader):
    """YAML as the YAML language server reads it (YAML 1.2): dates stay text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(text: str):
    return yaml.load(text, Loader=EditorLoader)


def errors(validator, data) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]


def budget_case(name: str, text: str):
    """A valid budget, as a test parameter named after its file."""
    return pytest.param(text, id=name)


@pytest.mark.parametrize(
    "text",
    [
        budget_case("data/budget.yaml", BUDGET.read_text("utf-8")),
        budget_case("template", template_text()),
        *(budget_case(f"examples/{path.name}", path.read_text("utf-8"))
          for path in sorted((ROOT / "examples").glob("*.yaml"))),
    ],
)
def test_valid_budgets_pass_the_schema(validator, text):
    assert errors(validator, load(text)) == []


def test_the_forms_the_format_accepts_pass_the_schema(validator):
    budget = load(template_text())
    budget["programme"] = {"preset": "eruf-mellersta-norrland-2021-2027", "staff_indexation": "2 %"}
    budget["payroll_overheads"] = {"Exempel kommun": "44,62 %", "Region": {"ar1": "45,24 %", "ar2": "42,68 %"}}
    budget["costs"][3]["amounts"] = {"ar1": "300 000,50", "ar2": 200000}
    assert errors(validator, budget) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda b: b["financiers"][0].update(remaindr=True), "$.financiers[0]"),
        (lambda b: b["costs"][0].update(kind="salary"), "$.costs[0].kind"),
        (lambda b: b["costs"][1].update(rate="45"), "$.costs[1].rate"),
        (lambda b: b.update(format="hso-budget/2"), "$.format"),
        (lambda b: b.pop("periods"), "$"),
    ],
)
def test_mistakes_fail_the_schema(validator, change, where):
    budget = load(template_text())
    before = set(errors(validator, budget))
    change(budget)
    found = set(errors(validator, budget)) - before
    assert found and all(e.startswith(f"{where}:") for e in found), found


# --- init --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "sv"])
def test_init_writes_a_budget_that_passes_check(tmp_path, language):
    path = tmp_path / "new" / "budget.yaml"
    result = run("--lang", language, "init", str(path))
    assert result.exit_code == 0, result.stderr
    assert path.read_text("utf-8") == template_text(language)
    checked = run("check", "--strict", "--format", "parsable", str(path))
    assert (checked.exit_code, checked.stdout) == (0, "")


def test_init_refuses_an_existing_path(tmp_path):
    path = tmp_path / "budget.yaml"
    path.write_text("mine", "utf-8")
    result = run("init", str(path))
    assert result.exit_code == 2
    assert "exists" in result.stderr
    assert path.read_text("utf-8") == "mine"


def test_the_template_tells_editors_how_to_get_the_schema():
    assert "hso-budget schema > budget.schema.json" in template_text()
    assert "# yaml-language-server: $schema=budget.schema.json" in template_text()


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_template_computes_what_its_comments_say(tmp_path, language):
    path = tmp_path / "budget.yaml"
    path.write_text(template_text(language), "utf-8")
    shown = json.loads(run("show", "--format", "json", str(path)).stdout)
    costs = {c["id"]: c["amounts"] for c in shown["costs"]}
    assert costs["personal"] == {"ar1": "1000000", "ar2": "1024000"}  # År 2 indexed by 2.4 %
    assert costs["lonebikostnad"] == {"ar1": "450000", "ar2": "460800"}  # 45 %
    assert costs["oh"] == {"ar1": "217500", "ar2": "222720"}  # 15 % of 1 450 000 and of 1 484 800
    financiers = {f["id"]: f for f in shown["financiers"]}
    project_cost = Decimal("1967500") + Decimal("1907520")
    assert Decimal(financiers["tillvaxtverket"]["total"]) == int(project_cost * Decimal("0.4"))
    assert financiers["kommunen"]["amounts"] == {"ar1": "400000", "ar2": "400000"}
    assert Decimal(financiers["region"]["total"]) == project_cost - int(project_cost * Decimal("0.4")) - 800000
