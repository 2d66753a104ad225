"""What the benchmark scripts share: best-of-N timing, commands, and a budget with many line items."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = ROOT / "data" / "budget.yaml"
EXTERNAL_SERVICES = "    amounts: {ar1: 1 960 000, ar2: 930 000, ar3: 680 000}\n"


def best(run: Callable[[], object], repeat: int) -> float:
    """The shortest of `repeat` wall-clock times of `run()`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def best_and_median(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, tuple[float, float]]:
    """The shortest and the median of `repeat` wall-clock times of each run, in seconds.

    Each run is made once first (a warm-up: disk cache, bytecode); then the runs take turns, so
    that a busy moment of the machine falls on all of them alike.
    """
    times: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():
        run()
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: (min(t), statistics.median(t)) for name, t in times.items()}


# as a user's shell runs them: Python writes and reads its bytecode caches (PYTHONDONTWRITEBYTECODE
# would have every run compile hso-budget's modules again, but not the installed libraries')
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def command(*args: str, pipe: bool = False) -> Callable[[], None]:
    """Running a command, its output discarded (or read from a pipe, as a hook runner reads it)."""
    output = subprocess.PIPE if pipe else subprocess.DEVNULL

    def run() -> None:
        subprocess.run(args, stdout=output, stderr=output, check=False, env=ENVIRONMENT)

    return run


def items_budget(folder: Path, count: int) -> Path:
    """data/budget.yaml with Externa tjänster as `count` line items (units × unit price, one-off or per period)."""
    one_off = "      - {{label: Konsulttimmar {n:05}, unit_price: 1 150, units: 1, period: ar{period}}}\n"
    per_period = "      - label: Resa {n:05}\n        unit_price: 145,50\n        units: {{ar1: 1, ar2: 0, ar3: 1}}\n"
    lines = ["    items:\n"] + [(one_off if n % 2 else per_period).format(n=n, period=n % 3 + 1) for n in range(count)]
    text = BUDGET.read_text("utf-8")
    assert text.count(EXTERNAL_SERVICES) == 1, "data/budget.yaml's Externa tjänster changed; update bench/measure.py"
    path = folder / f"items-{count}.yaml"
    path.write_text(text.replace(EXTERNAL_SERVICES, "".join(lines)), "utf-8")
    return path
