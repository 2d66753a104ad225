"""The suite does not depend on the environment it runs in: CI's variables and the user's colour
settings are cleared for every test (a test that needs one sets it itself)."""

from __future__ import annotations

import pytest

ENVIRONMENT = ("GITHUB_ACTIONS", "GITHUB_WORKSPACE", "FORCE_COLOR", "NO_COLOR", "LC_ALL", "LC_MESSAGES", "LANG",
               "LANGUAGE", "COLUMNS")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
