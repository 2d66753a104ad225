"""Funding programmes' rules, shipped as data: one YAML file per preset in this folder."""

from __future__ import annotations

from importlib import resources

import yaml

from ..model import Programme


def preset_names() -> list[str]:
    """The presets shipped with hso-budget."""
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in resources.files(__package__).iterdir()
        if entry.name.endswith(".yaml")
    )


def resolve(programme: Programme | None) -> Programme:
    """The programme's rules: the preset's, overridden by what the budget file says."""
    if programme is None:
        return Programme()
    if programme.preset is None:
        return programme
    text = resources.files(__package__).joinpath(f"{programme.preset}.yaml").read_text("utf-8")
    preset = Programme.model_validate({"preset": programme.preset, **yaml.safe_load(text)})
    overrides = programme.model_dump(exclude_unset=True, exclude={"flat_rates", "funds"})
    return preset.model_copy(
        update={
            **overrides,
            "flat_rates": {**preset.flat_rates, **programme.flat_rates},
            "funds": {**preset.funds, **programme.funds},
        }
    )

