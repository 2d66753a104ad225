"""How fast and lean reading a SIE 4 ledger is, as a ratio to a baseline measured in the same run.

    python bench/sie.py [--rows N] [--repeat N]

Generates a municipal ledger of 1 000 000 counted rows (tests/support/sie_generator.py, codepage
437, CRLF) into a temporary folder, reads it once untimed (the file is then in the page cache),
then times, alternating one run of each N times:

* the baseline: reading the file's lines and splitting them, `for line in f: line.split()`, the
  file opened as text in its encoding, streaming;
* reading it and summing the project's rows per cost category and reporting period
  (`hso_budget.sie.actuals.compute`, as `hso-budget actuals` does).

It prints the best and the median of each, and their ratios; the ratio of the medians is the one
held to the target, because one lucky baseline run must not decide it. Peak memory is the peak
resident set size (ru_maxrss) of a `hso-budget actuals --format json` process on the same file,
read with `resource.getrusage(RUSAGE_CHILDREN)` in a process whose only child it is. The load
average is printed before and after: timings on a busy machine are slower and noisier. Exits 1
when a figure misses its target. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hso_budget.sie import actuals, context  # noqa: E402
from support.sie_generator import write_sie  # noqa: E402

RATIO_TARGET = 2.0
MEMORY_TARGET_MB = 150
FOLLOW_UP = """format: hso-budget-follow-up/1
budget: {budget}
approved: {{file: {budget}}}
reporting_periods:
  - {{id: rp1, label: 1 jan – 30 apr 2027, start: 2027-01-01, end: 2027-04-30}}
  - {{id: rp2, label: 1 maj – 31 aug 2027, start: 2027-05-01, end: 2027-08-31}}
  - {{id: rp3, label: 1 sep – 31 dec 2027, start: 2027-09-01, end: 2027-12-31}}
actuals: actuals
ledger:
  project: {{dimension: 6, object: "P1042"}}
  accounts:
    personal: ["5000-5999"]
    externa-tjanster: ["4000-4999", "7000-7999"]
    resor: ["6400-6499"]
    investeringar: ["6000-6399", "6500-6999"]
    intakter: ["3000-3999"]
"""


def baseline(path: Path) -> None:
    with open(path, encoding="cp437") as stream:
        for line in stream:
            line.split()


def read_and_sum(ctx: context.Context, path: Path) -> actuals.Actuals:
    result = actuals.compute(ctx, path)
    assert not result.errors, result.errors[:3]
    return result


def alternating(runs: dict[str, object], repeat: int) -> dict[str, list[float]]:
    """Wall-clock times of each run, `repeat` rounds of one run each in turn."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return times


def peak_memory_mb(*args: str) -> float:
    """Peak RSS of the command, in MiB: ru_maxrss of the only child of a fresh Python process."""
    probe = ("import resource, subprocess, sys\n"
             "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True).stdout
    unit = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return int(out) * unit / (1024 * 1024)


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="counted #TRANS rows in the file")
    parser.add_argument("--repeat", "-n", type=int, default=7, help="timed runs of each (at least 5)")
    args = parser.parse_args()
    if args.repeat < 5:
        parser.error("--repeat: at least 5 runs of each, so that the median means something")
    print(f"load average before: {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "ledger.se"
        write_sie(path, rows=args.rows, seed=1)
        (folder / "follow-up.yaml").write_text(FOLLOW_UP.format(budget=ROOT / "data" / "budget.yaml"), "utf-8")
        ctx, problems = context.load(ROOT / "data" / "budget.yaml", folder / "follow-up.yaml")
        assert ctx is not None, problems
        runs = {"baseline": lambda: baseline(path), "read and sum": lambda: read_and_sum(ctx, path)}
        for run in runs.values():
            run()  # warm: the file in the page cache, the reader's expressions compiled
        times = alternating(runs, args.repeat)
        result = read_and_sum(ctx, path)
        script = Path(sys.executable).parent / "hso-budget"
        memory = peak_memory_mb(str(script), "actuals", str(path), "--budget", str(ROOT / "data" / "budget.yaml"),
                                "--follow-up", str(folder / "follow-up.yaml"), "--format", "json")
        size = os.path.getsize(path) / 1e6
    best = {name: min(values) for name, values in times.items()}
    median = {name: statistics.median(values) for name, values in times.items()}
    ratio = median["read and sum"] / median["baseline"]
    print(f"ledger: {size:.0f} MB, {result.ledger.row_count:,} rows in {result.ledger.vouchers:,} vouchers, "
          f"{sum(result.rows.values()):,} rows of the project summed".replace(",", " "))
    print(f"{args.repeat} runs each, alternating, after a warm-up run of each:")
    for name in times:
        print(f"  {name}: best {best[name]:.2f} s, median {median[name]:.2f} s")
    print(f"read and sum / for line in f: line.split() (text, cp437): median {ratio:.2f}×, "
          f"best {best['read and sum'] / best['baseline']:.2f}×, target ≤ {RATIO_TARGET}× (median)")
    print(f"peak memory of hso-budget actuals: {memory:.0f} MiB, target < {MEMORY_TARGET_MB} MiB")
    print(f"load average after: {load()}")
    return 0 if ratio <= RATIO_TARGET and memory < MEMORY_TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
