"""Funding programmes' rules, shipped as data: one YAML file per preset in this folder."""

from __future__ import annotations

import functools
from importlib import resources

import yaml

from ..model import Programme


@functools.cache
def preset_names() -> tuple[str, ...]:
    """The presets shipped with hso-budget."""
    return tuple(
        sorted(
            entry.name.removesuffix(".yaml")
            for entry in resources.files(__package__).iterdir()
            if entry.name.endswith(".yaml")
        )
    )


@functools.cache
def _preset(name: str) -> Programme:
    """A preset's rules, read once per process (Programme is frozen, so sharing it is safe)."""
    text = resources.files(__package__).joinpath(f"{name}.yaml").read_text("utf-8")
    loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    return Programme.model_validate({"preset": name, **yaml.load(text, Loader=loader)})


def resolve(programme: Programme | None) -> Programme:
    """The programme's rules: the preset's, overridden by what the budget file says.

    A preset that does not exist adds nothing (the unknown-reference check reports its name).
    """
    if programme is None:
        return Programme()
    if programme.preset not in preset_names():
        return programme
    preset = _preset(programme.preset)
    overrides = {name: getattr(programme, name) for name in programme.model_fields_set - {"flat_rates", "funds"}}
    return preset.model_copy(
        update={
            **overrides,
            "flat_rates": {**preset.flat_rates, **programme.flat_rates},
            "funds": {**preset.funds, **programme.funds},
        }
    )
