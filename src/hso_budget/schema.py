"""The JSON Schema of the budget format, generated from the pydantic model (`hso-budget schema`).

Editors with the YAML language server read it to complete keys, show each key's description
and mark what is wrong while typing. `schema/budget.schema.json` in the repository is this
output, committed; regenerate it with `hso-budget schema > schema/budget.schema.json`.
"""

from __future__ import annotations

import json

from .model import FORMAT, Budget

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:hso-budget:budget-format:1"


def schema() -> dict:
    """The schema (draft 2020-12): the model's fields with their descriptions."""
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        **Budget.model_json_schema(),
        "title": f"hso-budget budget ({FORMAT})",
    }


def schema_text() -> str:
    """The schema as the JSON text `hso-budget schema` prints (UTF-8, stable order, final newline)."""
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"
