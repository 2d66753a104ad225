"""The console command run as a user runs it, under a given locale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


def run(*args: str, lang: str = "C.UTF-8", cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    """`python -m hso_budget ARGS` with only `LANG=lang` deciding the language; `env` adds variables."""
    environ = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    environ.update(LANG=lang, PYTHONIOENCODING="utf-8", **env)
    return subprocess.run([sys.executable, "-m", "hso_budget", *args], capture_output=True, text=True, env=environ,
                          cwd=cwd, check=False)
