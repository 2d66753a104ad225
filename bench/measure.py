"""What the benchmark scripts share: best-of-N timing, commands, and a budget with many line items."""

from __future__ import annotations

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


def best_and_median(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The shortest and the median of `repeat` wall-clock times of `run()`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def command(*args: str, pipe: bool = False) -> Callable[[], None]:
    """Running a command, its output discarded (or read from a pipe, as a hook runner reads it)."""
    output = subprocess.PIPE if pipe else subprocess.DEVNULL

    def run() -> None:
        subprocess.run(args, stdout=output, stderr=output, check=False)

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
